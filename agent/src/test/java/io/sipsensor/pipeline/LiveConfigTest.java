package io.sipsensor.pipeline;

import io.sipsensor.config.ConfigException;
import io.sipsensor.config.ConfigFile;

import io.sipsensor.call.CallTrackerSettings;
import io.sipsensor.capture.live.CaptureEngine;
import io.sipsensor.capture.live.LiveCaptureSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live capture settings of the config file: VoIPmonitor names, defaults, validation at start.
 */
class LiveConfigTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadTheLiveSettingsOfAVoipmonitorStyleFile() throws IOException
    {
        final Path file = dir.resolve("sensor.conf");
        Files.writeString(file, String.join("\n", "[general]", "interface = eth1,eth2", "promisc = no",
            "snaplen = 3200", "ringbuffer = 200", "filter = \"udp port 5060 or ip[6:2] & 0x1fff != 0\"",
            "capture_engine = pcap", "capture_threads = 4", "bye_timeout = 30", "bye_confirmed_timeout = 10",
            "absolute_timeout = 7200", "invite_timeout = 60", ""));
        final SensorContext context = new SensorContext();
        ConfigFile.load(file, context, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        final LiveCaptureSettings live = context.liveCaptureSettings();
        assertEquals(List.of("eth1", "eth2"), live.interfaces());
        assertFalse(live.promiscuous());
        assertEquals(3200, live.snapLengthBytes());
        assertEquals(200L << 20, live.ringBytes());
        assertEquals("udp port 5060 or ip[6:2] & 0x1fff != 0", live.filter());
        assertEquals(CaptureEngine.PCAP, live.engine());
        assertEquals(4, live.captureThreads());
        final CallTrackerSettings calls = context.callTrackerSettings();
        assertEquals(TimeUnit.SECONDS.toNanos(30), calls.byeTimeoutNs());
        assertEquals(TimeUnit.SECONDS.toNanos(10), calls.byeConfirmedTimeoutNs());
        assertEquals(TimeUnit.SECONDS.toNanos(7200), calls.absoluteTimeoutNs());
        assertEquals(TimeUnit.SECONDS.toNanos(60), calls.setupTimeoutNs());
    }

    @Test
    void shouldDefaultToEveryFrameWholeOnNoInterfaceWithTheVoipmonitorTimeouts()
    {
        final SensorContext context = new SensorContext();
        final LiveCaptureSettings live = context.liveCaptureSettings();
        assertTrue(live.interfaces().isEmpty());
        assertTrue(live.promiscuous());
        assertEquals(LiveCaptureSettings.MAX_SNAPLEN, live.snapLengthBytes());
        assertEquals(50L << 20, live.ringBytes());
        assertEquals(CaptureEngine.AUTO, live.engine());
        assertEquals(1, live.captureThreads());
        assertEquals("", live.filter());
        assertEquals(CallTrackerSettings.DEFAULT_BYE_TIMEOUT_NS, context.callTrackerSettings().byeTimeoutNs());
        assertEquals(TimeUnit.SECONDS.toNanos(14_400), context.callTrackerSettings().absoluteTimeoutNs());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "interface | any,eth0",
        "interface | eth0,this-name-is-too-long",
        "interface | eth 0",
        "promisc | maybe",
        "snaplen | 32",
        "ringbuffer | 0",
        "capture_engine | dpdk",
        "capture_threads | 17",
        "capture_handoff_ring_kb | 1000",
        "bye_timeout | -5",
        "bye_confirmed_timeout | 0"})
    void shouldRefuseABadValueNamingFileLineAndSetting(final String key, final String value) throws IOException
    {
        final Path file = dir.resolve("sensor.conf");
        Files.writeString(file, "id_sensor = 1\n" + key + " = " + value + "\n");
        final ConfigException error = assertThrows(ConfigException.class,
            () -> ConfigFile.load(file, new SensorContext(), System.err));
        assertTrue(error.getMessage().contains("line 2") && error.getMessage().contains(key + " = '"),
            error.getMessage());
    }

    @Test
    void shouldSuggestTheNearestLiveSettingForATypo() throws IOException
    {
        final Path file = dir.resolve("sensor.conf");
        Files.writeString(file, "interfaces = eth0\nbye_timout = 5\n");
        final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        ConfigFile.load(file, new SensorContext(), new PrintStream(warnings, true, StandardCharsets.UTF_8));
        final String text = warnings.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("'interfaces' ignored (did you mean 'interface'?)"), text);
        assertTrue(text.contains("'bye_timout' ignored (did you mean 'bye_timeout'?)"), text);
    }

    @Test
    void shouldReloadOnlyTimeoutsFilterAndLicenseSettings()
    {
        assertTrue(Configuration.RELOADABLE.containsAll(List.of("filter", "bye_timeout", "bye_confirmed_timeout",
            "absolute_timeout", "invite_timeout", "license_public_key", "gui_domain")));
        for (final String key : List.of("interface", "capture_engine", "capture_threads", "snaplen", "ringbuffer",
            "promisc", "spooldir", "id_sensor", "sipport", "license_dedup_window_s"))
        {
            assertFalse(Configuration.RELOADABLE.contains(key), key);
        }
    }

    @Test
    void shouldShipADefaultConfigFileThatLoadsWithoutWarnings() throws IOException
    {
        final Path shipped = Path.of(System.getProperty("user.dir")).resolveSibling("systemd").resolve("sipsensor.conf");
        final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        final SensorContext context = new SensorContext();
        ConfigFile.load(shipped, context, new PrintStream(warnings, true, StandardCharsets.UTF_8));
        assertEquals("", warnings.toString(StandardCharsets.UTF_8));
        assertEquals(Path.of("/var/lib/sipsensor"), context.spoolDirectory());
        assertFalse(context.interfaces().isEmpty());
    }
}
