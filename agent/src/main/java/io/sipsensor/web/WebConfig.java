package io.sipsensor.web;

import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;

import java.util.List;

import static io.sipsensor.config.SettingValues.invalid;
import static io.sipsensor.config.SettingValues.number;

/**
 * The web interface's settings as the config file names them: where it listens and how many threads serve it.
 */
public final class WebConfig implements SettingGroup
{
    /** This group's settings. */
    public static final List<Setting> SETTINGS = List.of(
        new Setting("http_listen", "127.0.0.1:5030",
            "address:port of the web interface and HTTP API ([::1]:5030 for IPv6); 0 turns it off"),
        new Setting("http_threads", "8",
            "most threads serving HTTP requests (its own pool; the capture threads never serve a request)"));

    private String host;
    private int port;
    private int threads;

    @Override
    public List<Setting> settings()
    {
        return SETTINGS;
    }

    @Override
    public boolean set(final String key, final String text, final String source)
    {
        switch (key)
        {
            case "http_listen" -> listen(source, key, text);
            case "http_threads" -> threads = (int)number(source, key, text, 4, 256);
            default ->
            {
                return false;
            }
        }
        return true;
    }

    private void listen(final String source, final String key, final String text)
    {
        if ("0".equals(text))
        {
            host = null;
            port = 0;
            return;
        }
        final int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1)
        {
            throw invalid(source, key, text, "address:port (127.0.0.1:5030, [::1]:5030, 0.0.0.0:5030) or 0");
        }
        String address = text.substring(0, colon);
        if (address.startsWith("[") && address.endsWith("]"))
        {
            address = address.substring(1, address.length() - 1);
        }
        if (address.isEmpty() || !address.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' ||
            c == ':' || c == '-'))
        {
            throw invalid(source, key, text, "address:port (127.0.0.1:5030, [::1]:5030, 0.0.0.0:5030) or 0");
        }
        host = address;
        port = (int)number(source, key, text.substring(colon + 1), 1, 65535);
    }

    /** @return where and how the web interface serves, or {@link WebSettings#OFF}. */
    public WebSettings webSettings()
    {
        return host == null ? WebSettings.OFF : new WebSettings(host, port, threads);
    }
}
