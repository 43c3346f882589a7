package io.sipsensor.capture.live;

import io.sipsensor.config.ConfigException;
import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;

import java.util.ArrayList;
import java.util.List;

import static io.sipsensor.config.SettingValues.bool;
import static io.sipsensor.config.SettingValues.invalid;
import static io.sipsensor.config.SettingValues.number;

/**
 * Live capture settings as the config file names them: interfaces, filter, kernel buffer, engine and threads. The
 * filter is applied on reload; the rest needs a restart.
 */
public final class CaptureConfig implements SettingGroup
{
    /** This group's settings. */
    public static final List<Setting> SETTINGS = List.of(
        new Setting("interface", "",
            "interfaces to capture on, comma separated, or 'any' (the command line's -i wins)"),
        new Setting("filter", "",
            "BPF capture filter in tcpdump syntax, e.g. 'udp or (ip[6:2] & 0x1fff) != 0'; empty: every frame", true),
        new Setting("promisc", "yes",
            "put the capture interfaces in promiscuous mode (a mirror port needs it)"),
        new Setting("snaplen", "262144",
            "bytes kept of each captured frame (64..262144)"),
        new Setting("ringbuffer", "50",
            "kernel capture buffer in MB, split over the capture sockets (1..8192)"),
        new Setting("capture_engine", "auto",
            "auto (AF_PACKET ring when permitted, else libpcap), afpacket or pcap"),
        new Setting("capture_threads", "1",
            "capture threads (1..16); more than one reads an interface through an AF_PACKET fanout group"));

    private List<String> interfaces;
    private String filter;
    private boolean promiscuous;
    private int snapLengthBytes;
    private long ringBufferBytes;
    private CaptureEngine engine;
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
            case "interface" -> interfaces = interfaceList(source, key, text);
            case "filter" -> filter = filterText(source, key, text);
            case "promisc" -> promiscuous = bool(source, key, text);
            case "snaplen" -> snapLengthBytes = (int)number(source, key, text, 64, 262_144);
            case "ringbuffer" -> ringBufferBytes = number(source, key, text, 1, 8_192) << 20;
            case "capture_engine" ->
            {
                engine = CaptureEngine.parse(text);
                if (engine == null)
                {
                    throw invalid(source, key, text, "auto, afpacket or pcap");
                }
            }
            case "capture_threads" -> threads = (int)number(source, key, text, 1, 16);
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /** @return interfaces to capture on (empty: none configured). */
    public List<String> interfaces()
    {
        return interfaces;
    }

    /** @return live capture settings. */
    public LiveCaptureSettings liveCaptureSettings()
    {
        return new LiveCaptureSettings(interfaces, filter, promiscuous, snapLengthBytes, ringBufferBytes, engine,
            threads);
    }

    private static List<String> interfaceList(final String source, final String key, final String text)
    {
        final List<String> names = new ArrayList<>();
        if (text.isEmpty())
        {
            return names;
        }
        for (final String part : text.split(","))
        {
            final String name = part.trim();
            if (name.isEmpty() || name.length() > 15 || !name.chars().allMatch(
                c -> Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == ':' || c == '@'))
            {
                throw invalid(source, key, text, "interface names (at most 15 characters each) separated by " +
                    "commas, or 'any'");
            }
            if (!names.contains(name))
            {
                names.add(name);
            }
        }
        if (names.contains("any") && names.size() > 1)
        {
            throw invalid(source, key, text, "'any' alone (it already covers every interface)");
        }
        return names;
    }

    private static String filterText(final String source, final String key, final String text)
    {
        final String unquoted = text.length() >= 2 && (text.charAt(0) == '"' || text.charAt(0) == '\'') &&
            text.charAt(text.length() - 1) == text.charAt(0) ? text.substring(1, text.length() - 1).trim() : text;
        if (unquoted.length() > 4096 || unquoted.chars().anyMatch(c -> c < 0x20 && c != '\t'))
        {
            throw invalid(source, key, text, "a tcpdump filter expression on one line");
        }
        try
        {
            // compiled once here, so a live run refuses a bad filter before it creates or opens anything
            LiveCapture.checkFilter(unquoted);
        }
        catch (final CaptureOpenException ex)
        {
            throw new ConfigException(source + ": " + ex.getMessage()); // "filter '...' does not compile: <libpcap's reason>"
        }
        return unquoted;
    }
}
