package io.sipsensor.net.tcp;

import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.sipsensor.config.SettingValues.number;
import static io.sipsensor.config.SettingValues.ports;
import static io.sipsensor.config.SettingValues.seconds;

/**
 * TCP reassembly settings as the config file names them: WebSocket ports, stream and memory limits, timeouts.
 */
public final class TcpConfig implements SettingGroup
{
    /** This group's settings. */
    public static final List<Setting> SETTINGS = List.of(
        new Setting("websocket_ports", "",
            "TCP ports carrying SIP over WebSocket (RFC 7118), e.g. 8080,5066; empty for none"),
        new Setting("tcp_max_streams", "16384",
            "TCP stream directions reassembled at once; beyond, the least recently active is dropped"),
        new Setting("tcp_max_stream_kb", "128",
            "KiB buffered per TCP stream direction (partial message and out-of-order data); larger messages are cut"),
        new Setting("tcp_memory_mb", "32",
            "MiB buffered for all TCP streams together"),
        new Setting("tcp_idle_timeout", "300",
            "seconds of capture time after which a silent TCP stream is forgotten"),
        new Setting("tcp_gap_timeout_ms", "2000",
            "milliseconds a hole in a TCP stream may wait for its bytes before it is taken as lost by the capture"));

    private int[] websocketPorts;
    private int maxStreams;
    private int maxStreamBytes;
    private int memoryBytes;
    private long idleTimeoutNs;
    private long gapTimeoutNs;

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
            case "websocket_ports" -> websocketPorts =
                text.isEmpty() || text.equalsIgnoreCase("none") ? new int[0] : ports(source, key, text);
            case "tcp_max_streams" -> maxStreams = (int)number(source, key, text, 16, 1 << 22);
            case "tcp_max_stream_kb" -> maxStreamBytes = (int)number(source, key, text, 4, 65_536) * 1024;
            case "tcp_memory_mb" -> memoryBytes = (int)number(source, key, text, 1, 1024) << 20;
            case "tcp_idle_timeout" -> idleTimeoutNs = seconds(source, key, text, 1, 86_400);
            case "tcp_gap_timeout_ms" -> gapTimeoutNs =
                TimeUnit.MILLISECONDS.toNanos(number(source, key, text, 1, 600_000));
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /** @return TCP ports carrying SIP over WebSocket, ascending; may be empty. */
    public int[] websocketPorts()
    {
        return websocketPorts.clone();
    }

    /**
     * @param sipPorts ports always decoded as SIP (framed as SIP over TCP too).
     * @return TCP reassembly limits and ports.
     */
    public TcpSettings tcpSettings(final int[] sipPorts)
    {
        return new TcpSettings()
            .sipPorts(sipPorts)
            .websocketPorts(websocketPorts)
            .maxStreams(maxStreams)
            .maxStreamBytes(maxStreamBytes)
            .memoryBytes(memoryBytes)
            .idleTimeoutNs(idleTimeoutNs)
            .gapTimeoutNs(gapTimeoutNs);
    }
}
