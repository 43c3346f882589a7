package io.sipsensor.agent;

import io.sipsensor.call.CallTrackerSettings;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.license.LicenseSettings;
import io.sipsensor.net.tcp.TcpSettings;
import org.agrona.BitUtil;

import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The sensor's settings for one run: filled from the defaults, then the config file, then the command line, and
 * validated as each value is set, so a bad value fails at start with one line naming it. Read-only once the run
 * starts; passed down to the parts that need it.
 */
public final class SensorContext
{
    private Path spoolDirectory;
    private int idSensor;
    private int[] sipPorts;
    private int maxCalls;
    private int maxSipHeaders;
    private long absoluteTimeoutNs;
    private long inviteTimeoutNs;
    private long lingerNs;
    private long authRetryTimeoutNs;
    private long licenseDedupWindowNs;
    private boolean licenseCount487;
    private int journalRingBytes;
    private int journalRetentionDays;
    private long journalMinFreeBytes;
    private long journalOverflowBytes;
    private long journalCloseWaitNs;
    private int ipFragmentMaxDatagrams;
    private long ipFragmentTimeoutNs;
    private java.util.List<String> interfaces;
    private String filter;
    private boolean promiscuous;
    private int snapLengthBytes;
    private long ringBufferBytes;
    private io.sipsensor.capture.live.CaptureEngine captureEngine;
    private int captureThreads;
    private int handoffRingBytes;
    private long byeTimeoutNs;
    private long byeConfirmedTimeoutNs;
    private final java.util.Map<String, String> values = new java.util.HashMap<>();
    private final java.util.Map<String, String> sources = new java.util.HashMap<>();
    private final LicenseSettings licenseSettings = new LicenseSettings();
    private int vxlanPort;
    private int hepPort;
    private int gtpuPort;
    private int[] websocketPorts;
    private int tcpMaxStreams;
    private int tcpMaxStreamBytes;
    private int tcpMemoryBytes;
    private long tcpIdleTimeoutNs;
    private long tcpGapTimeoutNs;

    /**
     * A context with every setting at its default.
     */
    public SensorContext()
    {
        for (final Configuration.Setting setting : Configuration.ALL)
        {
            set(setting.key(), setting.defaultValue(), "default");
        }
    }

    /**
     * Sets one value by its config key.
     *
     * @param key    config key.
     * @param value  value as text.
     * @param source where the value comes from, for the error message (e.g. "sipsensor.conf line 12").
     * @throws ConfigException naming the key, the value and what is expected.
     */
    public void set(final String key, final String value, final String source)
    {
        final String text = value.trim();
        setValue(key, value, text, source);
        values.put(key, text);
        sources.put(key, source);
    }

    /**
     * @param key a config key.
     * @return where its value came from ("default", "FILE line N", or the command-line option), or null.
     */
    public String source(final String key)
    {
        return sources.get(key);
    }

    private void setValue(final String key, final String value, final String text, final String source)
    {
        switch (key)
        {
            case "spooldir" ->
            {
                if (text.isEmpty())
                {
                    throw invalid(source, key, value, "a folder");
                }
                spoolDirectory = Path.of(text);
            }
            case "id_sensor" -> idSensor = (int)number(source, key, text, 0, 65535);
            case "sipport" -> sipPorts = ports(source, key, text);
            case "max_calls" -> maxCalls = (int)number(source, key, text, 1, 100_000_000);
            case "max_sip_headers" -> maxSipHeaders = (int)number(source, key, text, 8, 4096);
            case "absolute_timeout" -> absoluteTimeoutNs = seconds(source, key, text, 1, 7 * 86_400);
            case "invite_timeout" -> inviteTimeoutNs = seconds(source, key, text, 1, 86_400);
            case "sip_linger" -> lingerNs = seconds(source, key, text, 1, 3_600);
            case "auth_retry_timeout" -> authRetryTimeoutNs = seconds(source, key, text, 1, 3_600);
            case "license_dedup_window_s" -> licenseDedupWindowNs = seconds(source, key, text, 0, 3_600);
            case "license_count_487" -> licenseCount487 = bool(source, key, text);
            case "journal_ring_kb" ->
            {
                final long kib = number(source, key, text, 64, 1 << 20);
                if (!BitUtil.isPowerOfTwo(kib))
                {
                    throw invalid(source, key, value, "a power of two between 64 and 1048576");
                }
                journalRingBytes = (int)(kib * 1024);
            }
            case "journal_retention_days" -> journalRetentionDays = (int)number(source, key, text, 0, 36_500);
            case "journal_min_free_mb" -> journalMinFreeBytes = number(source, key, text, 1, 1 << 20) << 20;
            case "journal_overflow_mb" -> journalOverflowBytes = number(source, key, text, 1, 16_384) << 20;
            case "journal_close_wait_s" -> journalCloseWaitNs = seconds(source, key, text, 0, 86_400);
            case "ipfrag_max_datagrams" -> ipFragmentMaxDatagrams = (int)number(source, key, text, 1, 1 << 20);
            case "ipfrag_timeout" -> ipFragmentTimeoutNs = seconds(source, key, text, 1, 3_600);
            case "interface" -> interfaces = interfaceList(source, key, text);
            case "filter" -> filter = filterText(source, key, text);
            case "promisc" -> promiscuous = bool(source, key, text);
            case "snaplen" -> snapLengthBytes = (int)number(source, key, text, 64, 262_144);
            case "ringbuffer" -> ringBufferBytes = number(source, key, text, 1, 8_192) << 20;
            case "capture_engine" ->
            {
                captureEngine = io.sipsensor.capture.live.CaptureEngine.parse(text);
                if (captureEngine == null)
                {
                    throw invalid(source, key, value, "auto, afpacket or pcap");
                }
            }
            case "capture_threads" -> captureThreads = (int)number(source, key, text, 1, 16);
            case "capture_handoff_ring_kb" ->
            {
                final long kib = number(source, key, text, 64, 1 << 20);
                if (!BitUtil.isPowerOfTwo(kib))
                {
                    throw invalid(source, key, value, "a power of two between 64 and 1048576");
                }
                handoffRingBytes = (int)(kib * 1024);
            }
            case "bye_timeout" -> byeTimeoutNs = seconds(source, key, text, 1, 86_400);
            case "bye_confirmed_timeout" -> byeConfirmedTimeoutNs = seconds(source, key, text, 1, 86_400);
            case "vxlan_port" -> vxlanPort = (int)number(source, key, text, 0, 65535);
            case "hep_port" -> hepPort = (int)number(source, key, text, 0, 65535);
            case "gtpu_port" -> gtpuPort = (int)number(source, key, text, 0, 65535);
            case "websocket_ports" -> websocketPorts =
                text.isEmpty() || text.equalsIgnoreCase("none") ? new int[0] : ports(source, key, text);
            case "tcp_max_streams" -> tcpMaxStreams = (int)number(source, key, text, 16, 1 << 22);
            case "tcp_max_stream_kb" -> tcpMaxStreamBytes = (int)number(source, key, text, 4, 65_536) * 1024;
            case "tcp_memory_mb" -> tcpMemoryBytes = (int)number(source, key, text, 1, 1024) << 20;
            case "tcp_idle_timeout" -> tcpIdleTimeoutNs = seconds(source, key, text, 1, 86_400);
            case "tcp_gap_timeout_ms" -> tcpGapTimeoutNs =
                TimeUnit.MILLISECONDS.toNanos(number(source, key, text, 1, 600_000));
            default ->
            {
                if (licenseSettings.set(key, text, source))
                {
                    return;
                }
                final String nearest = Configuration.nearest(key);
                throw new ConfigException(source + ": unknown setting '" + key + "'" +
                    (nearest != null ? " (did you mean '" + nearest + "'?)" : ""));
            }
        }
    }

    /** @return the spool folder. */
    public Path spoolDirectory()
    {
        return spoolDirectory;
    }

    /** @return the sensor id. */
    public int idSensor()
    {
        return idSensor;
    }

    /** @return ports always decoded as SIP, ascending. */
    public int[] sipPorts()
    {
        return sipPorts.clone();
    }

    /** @return most header lines per SIP message. */
    public int maxSipHeaders()
    {
        return maxSipHeaders;
    }

    /** @return call tracker limits and timeouts. */
    public CallTrackerSettings callTrackerSettings()
    {
        return new CallTrackerSettings(maxCalls, lingerNs, inviteTimeoutNs, absoluteTimeoutNs, authRetryTimeoutNs,
            byeTimeoutNs, byeConfirmedTimeoutNs);
    }

    /**
     * @param key a config key.
     * @return its value as last set (text, trimmed), or null if never set.
     */
    public String value(final String key)
    {
        return values.get(key);
    }

    /** @return interfaces to capture on (empty: none configured). */
    public java.util.List<String> interfaces()
    {
        return interfaces;
    }

    /** @return live capture settings. */
    public io.sipsensor.capture.live.LiveCaptureSettings liveCaptureSettings()
    {
        return new io.sipsensor.capture.live.LiveCaptureSettings(interfaces, filter, promiscuous, snapLengthBytes,
            ringBufferBytes, captureEngine, captureThreads);
    }

    /** @return bytes of the capture-to-tracking hand-off ring's data area. */
    public int handoffRingBytes()
    {
        return handoffRingBytes;
    }

    /** @return license channel rules. */
    public LicenseChannelSettings licenseChannelSettings()
    {
        return new LicenseChannelSettings(licenseDedupWindowNs, licenseCount487);
    }

    /** @return license key, binding, policy and alert settings. */
    public LicenseSettings licenseSettings()
    {
        return licenseSettings;
    }

    /** @return bytes of the journal ring's data area. */
    public int journalRingBytes()
    {
        return journalRingBytes;
    }

    /** @return how the journal is kept: retention and full-disk behaviour. */
    public io.sipsensor.journal.JournalSettings journalSettings()
    {
        return new io.sipsensor.journal.JournalSettings(
            journalRetentionDays, journalMinFreeBytes, journalOverflowBytes, journalCloseWaitNs);
    }

    /** @return IP datagrams reassembled at once. */
    public int ipFragmentMaxDatagrams()
    {
        return ipFragmentMaxDatagrams;
    }

    /** @return how long an incomplete datagram is kept, capture time. */
    public long ipFragmentTimeoutNs()
    {
        return ipFragmentTimeoutNs;
    }

    /** @return UDP destination port decoded as VXLAN, 0 for none. */
    public int vxlanPort()
    {
        return vxlanPort;
    }

    /** @return UDP destination port on which HEP v3 is received, 0 for none. */
    public int hepPort()
    {
        return hepPort;
    }

    /** @return UDP destination port decoded as GTP-U, 0 for none. */
    public int gtpuPort()
    {
        return gtpuPort;
    }

    /** @return TCP ports carrying SIP over WebSocket, ascending; may be empty. */
    public int[] websocketPorts()
    {
        return websocketPorts.clone();
    }

    /**
     * @return TCP reassembly limits and ports (SIP ports, WebSocket ports, streams, memory, timeouts).
     */
    public TcpSettings tcpSettings()
    {
        return new TcpSettings()
            .sipPorts(sipPorts)
            .websocketPorts(websocketPorts)
            .maxStreams(tcpMaxStreams)
            .maxStreamBytes(tcpMaxStreamBytes)
            .memoryBytes(tcpMemoryBytes)
            .idleTimeoutNs(tcpIdleTimeoutNs)
            .gapTimeoutNs(tcpGapTimeoutNs);
    }

    private static long number(
        final String source, final String key, final String text, final long min, final long max)
    {
        if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(Character::isDigit))
        {
            throw invalid(source, key, text, "a whole number from " + min + " to " + max);
        }
        final long value = Long.parseLong(text);
        if (value < min || value > max)
        {
            throw invalid(source, key, text, "a whole number from " + min + " to " + max);
        }
        return value;
    }

    private static long seconds(
        final String source, final String key, final String text, final long min, final long max)
    {
        return TimeUnit.SECONDS.toNanos(number(source, key, text, min, max));
    }

    private static boolean bool(final String source, final String key, final String text)
    {
        return switch (text.toLowerCase())
        {
            case "yes", "true", "on", "1" -> true;
            case "no", "false", "off", "0" -> false;
            default -> throw invalid(source, key, text, "yes or no");
        };
    }

    private static java.util.List<String> interfaceList(final String source, final String key, final String text)
    {
        final java.util.List<String> names = new java.util.ArrayList<>();
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
        return unquoted;
    }

    private static int[] ports(final String source, final String key, final String text)
    {
        final TreeSet<Integer> ports = new TreeSet<>();
        for (final String part : text.split(","))
        {
            final String item = part.trim();
            final int dash = item.indexOf('-');
            if (dash > 0)
            {
                final long from = number(source, key, item.substring(0, dash).trim(), 1, 65535);
                final long to = number(source, key, item.substring(dash + 1).trim(), 1, 65535);
                if (to < from || to - from > 1000)
                {
                    throw invalid(source, key, text, "ports or ranges like 5060,5062-5070 (at most 1000 per range)");
                }
                for (long port = from; port <= to; port++)
                {
                    ports.add((int)port);
                }
            }
            else
            {
                ports.add((int)number(source, key, item, 1, 65535));
            }
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    private static ConfigException invalid(
        final String source, final String key, final String value, final String expected)
    {
        return new ConfigException(source + ": " + key + " = '" + value + "' is not valid; expected " + expected);
    }
}
