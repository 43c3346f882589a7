package io.sipsensor.agent;

import io.sipsensor.license.EventType;

import java.util.List;

/**
 * Every setting the sensor reads from its config file ({@code key = value}, VoIPmonitor names where they exist),
 * with its default and meaning. Command-line options override the file; the file overrides the defaults.
 */
public final class Configuration
{
    /**
     * One setting.
     *
     * @param key          name in the config file.
     * @param defaultValue default, as text.
     * @param description  one line for --help and error messages.
     */
    public record Setting(String key, String defaultValue, String description)
    {
    }

    public static final Setting SPOOLDIR = new Setting("spooldir", "./spool",
        "folder for the CDR journal, channel statistics and license state");
    public static final Setting ID_SENSOR = new Setting("id_sensor", "0",
        "sensor id written into every CDR (0..65535)");
    public static final Setting SIPPORT = new Setting("sipport", "5060",
        "UDP/TCP ports always decoded as SIP: list and ranges, e.g. 5060,5062-5070");
    public static final Setting MAX_CALLS = new Setting("max_calls", "1000000",
        "most Call-IDs tracked at once; new calls beyond are counted and not tracked");
    public static final Setting MAX_SIP_HEADERS = new Setting("max_sip_headers", "128",
        "most header lines per SIP message; more makes the message malformed");
    public static final Setting ABSOLUTE_TIMEOUT = new Setting("absolute_timeout", "14400",
        "seconds after its start an answered call without BYE is closed");
    public static final Setting INVITE_TIMEOUT = new Setting("invite_timeout", "300",
        "seconds of silence after which a call without final response is closed");
    public static final Setting SIP_LINGER = new Setting("sip_linger", "32",
        "seconds a finished Call-ID is remembered to absorb retransmissions");
    public static final Setting AUTH_RETRY_TIMEOUT = new Setting("auth_retry_timeout", "120",
        "seconds a call challenged with 401/407 waits for its retried INVITE before it is closed with that code");
    public static final Setting LICENSE_DEDUP_WINDOW = new Setting("license_dedup_window_s", "10",
        "legs with the same dedup key whose starts are this many seconds apart or less are one license channel");
    public static final Setting LICENSE_COUNT_487 = new Setting("license_count_487", "no",
        "whether legs ending with 487 Request Terminated count as license channels");
    public static final Setting JOURNAL_RING_KB = new Setting("journal_ring_kb", "4096",
        "size of the hand-off ring between the packet thread and the journal thread, KiB (power of two)");
    public static final Setting JOURNAL_RETENTION_DAYS = new Setting("journal_retention_days", "90",
        "days of CDR journal kept (whole days removed, never today's); 0 keeps everything");
    public static final Setting JOURNAL_MIN_FREE_MB = new Setting("journal_min_free_mb", "64",
        "below this much free space the journal pauses and keeps CDRs in memory until space returns");
    public static final Setting JOURNAL_OVERFLOW_MB = new Setting("journal_overflow_mb", "64",
        "most MiB of CDRs kept in memory while the journal cannot write; beyond, legs are counted as lost");
    public static final Setting JOURNAL_CLOSE_WAIT = new Setting("journal_close_wait_s", "30",
        "at shutdown, seconds to wait for disk space to journal CDRs still kept in memory");
    public static final Setting IPFRAG_MAX_DATAGRAMS = new Setting("ipfrag_max_datagrams", "1024",
        "IP datagrams reassembled at once; fragments beyond are counted and dropped");
    public static final Setting IPFRAG_TIMEOUT = new Setting("ipfrag_timeout", "30",
        "seconds an incomplete fragmented datagram is kept");
    public static final Setting VXLAN_PORT = new Setting("vxlan_port", "4789",
        "UDP destination port whose datagrams are decoded as VXLAN (inner Ethernet frames); 0 turns VXLAN off");
    public static final Setting HEP_PORT = new Setting("hep_port", "9060",
        "UDP destination port on which HEP v3 (HOMER) packets are received and their SIP decoded; 0 turns HEP off");
    public static final Setting GTPU_PORT = new Setting("gtpu_port", "2152",
        "UDP destination port whose datagrams are decoded as GTP-U v1 (a mobile core's user plane); 0 turns it off");

    public static final Setting INTERFACE = new Setting("interface", "",
        "interfaces to capture on, comma separated, or 'any' (the command line's -i wins)");
    public static final Setting FILTER = new Setting("filter", "",
        "BPF capture filter in tcpdump syntax, e.g. 'udp or (ip[6:2] & 0x1fff) != 0'; empty: every frame");
    public static final Setting PROMISC = new Setting("promisc", "yes",
        "put the capture interfaces in promiscuous mode (a mirror port needs it)");
    public static final Setting SNAPLEN = new Setting("snaplen", "262144",
        "bytes kept of each captured frame (64..262144)");
    public static final Setting RINGBUFFER = new Setting("ringbuffer", "50",
        "kernel capture buffer in MB, split over the capture sockets (1..8192)");
    public static final Setting CAPTURE_ENGINE = new Setting("capture_engine", "auto",
        "auto (AF_PACKET ring when permitted, else libpcap), afpacket or pcap");
    public static final Setting CAPTURE_THREADS = new Setting("capture_threads", "1",
        "capture threads (1..16); more than one reads an interface through an AF_PACKET fanout group");
    public static final Setting HANDOFF_RING_KB = new Setting("capture_handoff_ring_kb", "8192",
        "ring from the capture threads to the call-tracking thread when capture_threads > 1, KiB (power of two)");
    public static final Setting BYE_TIMEOUT = new Setting("bye_timeout", "1200",
        "seconds a Call-ID is kept after a BYE that gets no 2xx (the leg itself ends at the BYE)");
    public static final Setting BYE_CONFIRMED_TIMEOUT = new Setting("bye_confirmed_timeout", "600",
        "seconds a Call-ID is kept after the 2xx to its BYE, absorbing late messages");

    public static final Setting LICENSE_PUBLIC_KEY = new Setting("license_public_key", "",
        "the vendor's Ed25519 public key licenses must verify with: its base64 (sipsensor-vendor keygen prints " +
            "it) or the path of a file holding it (base64 or PEM)");
    public static final Setting GUI_DOMAIN = new Setting("gui_domain", "",
        "the GUI domain a domain-bound license must name");
    public static final Setting LICENSE_TIMEZONE = new Setting("license_timezone", "UTC",
        "zone whose calendar days the daily license peaks and alerts use");
    public static final Setting LICENSE_CHECK_DAYS = new Setting("license_check_days", "21",
        "days of call data the license check looks at");
    public static final Setting LICENSE_TEMP_INCREASE_DAYS = new Setting("license_temp_increase_days", "14",
        "longest life of a temporary increase, days from its start");
    public static final Setting LICENSE_RENEWAL_GRACE_DAYS = new Setting("license_renewal_grace_days", "20",
        "days a license with automatic renewal keeps working past its formal end");
    public static final Setting LICENSE_TRIAL_DAYS = new Setting("license_trial_days", "30",
        "life of a trial license, days from its issue date");
    public static final Setting LOCK_MIN_OVERAGE_PERCENT = new Setting("lock_min_overage_percent", "0",
        "over-allocation locks only if the latest over-day's peak exceeds the limit by more than this percentage");
    public static final Setting LICENSE_HISTORY_FACTOR = new Setting("license_history_factor", "2",
        "a cleared event's history is kept this many times as long as it lasted; a recurrence inside resumes it");
    public static final Setting LICENSE_CLOCK_TOLERANCE = new Setting("license_clock_tolerance_s", "300",
        "seconds the clock may step back before it counts as gone backwards (CLOCK_INVALID)");
    public static final Setting LICENSE_ALERT_WEBHOOK = new Setting("license_alert_webhook", "",
        "http(s) URL the daily license alert is POSTed to as JSON (empty: log line only)");
    public static final Setting LICENSE_ALERT_TIMEOUT = new Setting("license_alert_timeout_s", "10",
        "connect and request timeout of the alert webhook, seconds");

    public static final Setting WEBSOCKET_PORTS = new Setting("websocket_ports", "",
        "TCP ports carrying SIP over WebSocket (RFC 7118), e.g. 8080,5066; empty for none");
    public static final Setting TCP_MAX_STREAMS = new Setting("tcp_max_streams", "16384",
        "TCP stream directions reassembled at once; beyond, the least recently active is dropped");
    public static final Setting TCP_MAX_STREAM_KB = new Setting("tcp_max_stream_kb", "128",
        "KiB buffered per TCP stream direction (partial message and out-of-order data); larger messages are cut");
    public static final Setting TCP_MEMORY_MB = new Setting("tcp_memory_mb", "32",
        "MiB buffered for all TCP streams together");
    public static final Setting TCP_IDLE_TIMEOUT = new Setting("tcp_idle_timeout", "300",
        "seconds of capture time after which a silent TCP stream is forgotten");
    public static final Setting TCP_GAP_TIMEOUT_MS = new Setting("tcp_gap_timeout_ms", "2000",
        "milliseconds a hole in a TCP stream may wait for its bytes before it is taken as lost by the capture");

    /** All settings, in the order --help lists them. */
    public static final List<Setting> ALL = all();

    /**
     * Settings a running agent applies on SIGHUP (with the license files): call timeouts and limits, the capture
     * filter and the license settings. The others need a restart.
     */
    public static final java.util.Set<String> RELOADABLE = reloadable();

    private Configuration()
    {
    }

    private static List<Setting> all()
    {
        final List<Setting> all = new java.util.ArrayList<>(List.of(
            SPOOLDIR, ID_SENSOR, SIPPORT, MAX_CALLS, MAX_SIP_HEADERS, ABSOLUTE_TIMEOUT, INVITE_TIMEOUT, SIP_LINGER,
            AUTH_RETRY_TIMEOUT, LICENSE_DEDUP_WINDOW, LICENSE_COUNT_487, JOURNAL_RING_KB, JOURNAL_RETENTION_DAYS,
            JOURNAL_MIN_FREE_MB, JOURNAL_OVERFLOW_MB, JOURNAL_CLOSE_WAIT, IPFRAG_MAX_DATAGRAMS,
            IPFRAG_TIMEOUT, VXLAN_PORT, HEP_PORT, GTPU_PORT, WEBSOCKET_PORTS, TCP_MAX_STREAMS, TCP_MAX_STREAM_KB,
            TCP_MEMORY_MB,
            TCP_IDLE_TIMEOUT, TCP_GAP_TIMEOUT_MS, INTERFACE, FILTER, PROMISC, SNAPLEN, RINGBUFFER, CAPTURE_ENGINE,
            CAPTURE_THREADS, HANDOFF_RING_KB, BYE_TIMEOUT, BYE_CONFIRMED_TIMEOUT, LICENSE_PUBLIC_KEY, GUI_DOMAIN,
            LICENSE_TIMEZONE, LICENSE_CHECK_DAYS,
            LICENSE_TEMP_INCREASE_DAYS, LICENSE_RENEWAL_GRACE_DAYS, LICENSE_TRIAL_DAYS, LOCK_MIN_OVERAGE_PERCENT,
            LICENSE_HISTORY_FACTOR, LICENSE_CLOCK_TOLERANCE, LICENSE_ALERT_WEBHOOK, LICENSE_ALERT_TIMEOUT));
        for (final EventType type : EventType.values())
        {
            all.add(new Setting(type.scheduleKey(), type.defaultSchedule(),
                "escalation of " + type + " (" + type.description() + ")"));
        }
        return List.copyOf(all);
    }

    private static java.util.Set<String> reloadable()
    {
        final java.util.Set<String> keys = new java.util.TreeSet<>(List.of(
            MAX_CALLS.key(), ABSOLUTE_TIMEOUT.key(), INVITE_TIMEOUT.key(), SIP_LINGER.key(), AUTH_RETRY_TIMEOUT.key(),
            BYE_TIMEOUT.key(), BYE_CONFIRMED_TIMEOUT.key(), FILTER.key()));
        for (final Setting setting : ALL)
        {
            if (setting.key().startsWith("license_") || setting.key().equals(GUI_DOMAIN.key()) ||
                setting.key().equals(LOCK_MIN_OVERAGE_PERCENT.key()))
            {
                keys.add(setting.key());
            }
        }
        keys.remove(LICENSE_DEDUP_WINDOW.key());
        keys.remove(LICENSE_COUNT_487.key());
        return java.util.Collections.unmodifiableSet(keys);
    }

    /**
     * @param key a config key.
     * @return the setting, or null.
     */
    public static Setting find(final String key)
    {
        for (final Setting setting : ALL)
        {
            if (setting.key().equals(key))
            {
                return setting;
            }
        }
        return null;
    }

    /**
     * @param key an unknown key.
     * @return the known key nearest by edit distance, or null if none is close.
     */
    public static String nearest(final String key)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final Setting setting : ALL)
        {
            final int distance = distance(key.toLowerCase(), setting.key());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = setting.key();
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int distance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
