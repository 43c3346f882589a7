package io.sipsensor.pipeline;

import io.sipsensor.config.ConfigException;
import io.sipsensor.config.ConfigFile;

import io.sipsensor.net.tcp.TcpSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP and WebSocket settings: defaults, read from a config file, checked, and handed to reassembly.
 */
class TcpConfigurationTest
{
    @TempDir
    Path dir;

    @Test
    void shouldDefaultToNoWebSocketPortsAndDocumentedLimits()
    {
        final TcpSettings settings = new SensorContext().tcpSettings();

        assertArrayEquals(new int[]{5060}, settings.sipPorts());
        assertArrayEquals(new int[0], settings.websocketPorts());
        assertEquals(16_384, settings.maxStreams());
        assertEquals(128 * 1024, settings.maxStreamBytes());
        assertEquals(32 << 20, settings.memoryBytes());
        assertEquals(300_000_000_000L, settings.idleTimeoutNs());
        assertEquals(2_000_000_000L, settings.gapTimeoutNs());
        settings.validate();
    }

    @Test
    void shouldReadTcpSettingsFromConfigFile() throws IOException
    {
        final Path file = dir.resolve("sensor.conf");
        Files.writeString(file, "sipport = 5060,6060\nwebsocket_ports = 8080,5066\ntcp_max_streams = 1000\n" +
            "tcp_max_stream_kb = 64\ntcp_memory_mb = 8\ntcp_idle_timeout = 60\ntcp_gap_timeout_ms = 500\n");
        final SensorContext context = new SensorContext();
        ConfigFile.load(file, context, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        final TcpSettings settings = context.tcpSettings();

        assertArrayEquals(new int[]{5060, 6060}, settings.sipPorts());
        assertArrayEquals(new int[]{5066, 8080}, settings.websocketPorts());
        assertEquals(1000, settings.maxStreams());
        assertEquals(64 * 1024, settings.maxStreamBytes());
        assertEquals(8 << 20, settings.memoryBytes());
        assertEquals(60_000_000_000L, settings.idleTimeoutNs());
        assertEquals(500_000_000L, settings.gapTimeoutNs());
    }

    @Test
    void shouldTakeEmptyOrNoneAsNoWebSocketPorts()
    {
        final SensorContext context = new SensorContext();
        context.set("websocket_ports", "8080", "test");
        context.set("websocket_ports", "none", "test");
        assertArrayEquals(new int[0], context.websocketPorts());
        context.set("websocket_ports", "8080", "test");
        context.set("websocket_ports", "", "test");
        assertArrayEquals(new int[0], context.websocketPorts());
    }

    @Test
    void shouldNameBadTcpSetting()
    {
        final SensorContext context = new SensorContext();
        final ConfigException error = assertThrows(ConfigException.class,
            () -> context.set("tcp_max_stream_kb", "2", "sensor.conf line 3"));
        assertTrue(error.getMessage().contains("tcp_max_stream_kb") && error.getMessage().contains("line 3"),
            error.getMessage());
        assertThrows(ConfigException.class, () -> context.set("websocket_ports", "80800", "test"));
    }
}
