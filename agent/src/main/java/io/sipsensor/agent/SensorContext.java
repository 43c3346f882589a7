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
    private final LicenseSettings licenseSettings = new LicenseSettings();
    private int vxlanPort;
    private int hepPort;
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
            case "vxlan_port" -> vxlanPort = (int)number(source, key, text, 0, 65535);
            case "hep_port" -> hepPort = (int)number(source, key, text, 0, 65535);
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
        return new CallTrackerSettings(maxCalls, lingerNs, inviteTimeoutNs, absoluteTimeoutNs, authRetryTimeoutNs);
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
