package io.sipsensor.pipeline;

import io.sipsensor.config.ConfigException;
import io.sipsensor.config.ConfigFile;

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

class ConfigFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadVoipmonitorStyleFile() throws IOException
    {
        final Path file = dir.resolve("sensor.conf");
        Files.writeString(file, "[general]\n# comment\nid_sensor = 12\nsipport = 5060,5080-5082 # ours\n" +
            "spooldir=/var/spool/sipsensor\n");
        final SensorContext context = new SensorContext();
        ConfigFile.load(file, context, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(12, context.idSensor());
        assertArrayEquals(new int[]{5060, 5080, 5081, 5082}, context.sipPorts());
        assertEquals(Path.of("/var/spool/sipsensor"), context.spoolDirectory());
    }

    @Test
    void shouldReadEncapsulationPortsWithZeroForOff() throws IOException
    {
        final SensorContext defaults = new SensorContext();
        assertEquals(4789, defaults.encapsulationSettings().vxlanPort());
        assertEquals(9060, defaults.encapsulationSettings().hepPort());
        assertEquals(2152, defaults.encapsulationSettings().gtpuPort());

        final Path file = dir.resolve("sensor.conf");
        Files.writeString(file, "vxlan_port = 8472\nhep_port = 0\ngtpu_port = 0\n");
        final SensorContext context = new SensorContext();
        ConfigFile.load(file, context, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(8472, context.encapsulationSettings().vxlanPort());
        assertEquals(0, context.encapsulationSettings().hepPort());
        assertEquals(0, context.encapsulationSettings().gtpuPort());

        final ConfigException error = assertThrows(ConfigException.class,
            () -> new SensorContext().set("hep_port", "70000", "test"));
        assertTrue(error.getMessage().contains("hep_port") && error.getMessage().contains("0 to 65535"),
            error.getMessage());
    }

    @Test
    void shouldReportUnknownKeyWithNearestKnownName() throws IOException
    {
        final Path file = dir.resolve("sensor.conf");
        Files.writeString(file, "sipprot = 5060\n");
        final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        ConfigFile.load(file, new SensorContext(), new PrintStream(warnings, true, StandardCharsets.UTF_8));
        final String text = warnings.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("line 1") && text.contains("'sipprot'") && text.contains("'sipport'"), text);
    }

    @Test
    void shouldNameFileLineAndKeyOfBadValue() throws IOException
    {
        final Path file = dir.resolve("sensor.conf");
        Files.writeString(file, "\nid_sensor = twelve\n");
        final ConfigException error = assertThrows(ConfigException.class,
            () -> ConfigFile.load(file, new SensorContext(), System.err));
        assertTrue(error.getMessage().contains("line 2") && error.getMessage().contains("id_sensor"),
            error.getMessage());
    }

    @Test
    void shouldSayWhenFileIsMissing()
    {
        final ConfigException error = assertThrows(ConfigException.class,
            () -> ConfigFile.load(dir.resolve("none.conf"), new SensorContext(), System.err));
        assertTrue(error.getMessage().contains("no such file"), error.getMessage());
    }
}
