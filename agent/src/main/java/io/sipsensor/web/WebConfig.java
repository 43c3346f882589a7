package io.sipsensor.web;

import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;

import java.nio.file.Path;
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
            "most threads serving HTTP requests (its own pool; the capture threads never serve a request)"),
        new Setting("http_tls_cert", "",
            "PEM certificate chain (server certificate first): with http_tls_key the web interface serves HTTPS only"),
        new Setting("http_tls_key", "", "PEM (PKCS#8, unencrypted) private key of http_tls_cert; keep it 0600"),
        new Setting("http_tls_keystore", "",
            "instead of the two PEM files: a PKCS#12 or JKS keystore holding the key and its certificate chain"),
        new Setting("http_tls_keystore_password", "", "password of http_tls_keystore"));

    private String host;
    private int port;
    private int threads;
    private Path tlsCert;
    private Path tlsKey;
    private Path tlsKeystore;
    private String tlsKeystorePassword = "";

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
            case "http_tls_cert" -> tlsCert = path(text);
            case "http_tls_key" -> tlsKey = path(text);
            case "http_tls_keystore" -> tlsKeystore = path(text);
            case "http_tls_keystore_password" -> tlsKeystorePassword = text;
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

    private static Path path(final String text)
    {
        return text.isEmpty() ? null : Path.of(text);
    }

    /**
     * @return where and how the web interface serves, or {@link WebSettings#OFF}.
     * @throws io.sipsensor.config.ConfigException when the TLS settings do not make one identity.
     */
    public WebSettings webSettings()
    {
        if (host == null)
        {
            return WebSettings.OFF;
        }
        final WebSettings plain = new WebSettings(host, port, threads);
        if (tlsKeystore != null)
        {
            if (tlsCert != null || tlsKey != null)
            {
                throw new io.sipsensor.config.ConfigException("give either http_tls_keystore or http_tls_cert with " +
                    "http_tls_key, not both");
            }
            return plain.withTls(new WebTls(null, null, tlsKeystore, tlsKeystorePassword));
        }
        if ((tlsCert == null) != (tlsKey == null))
        {
            throw new io.sipsensor.config.ConfigException("http_tls_cert and http_tls_key go together: give both " +
                "(PEM certificate chain and its private key) or neither");
        }
        return tlsCert == null ? plain : plain.withTls(new WebTls(tlsCert, tlsKey, null, ""));
    }
}
