package io.sipsensor.cli;

import io.sipsensor.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The group's reports at a central: the corpus captures split across three sensor processes that ship to one
 * central process give, at the central, the same CDRs (each with the sensor that saw it), the same Concurrent Calls
 * Stats, the same license peaks and the same explanation of the peak as one standalone sensor reading every capture.
 * Then a fourth sensor sees calls the first already reported (the same capture): the legs are at the central twice,
 * under two sensor ids, yet the license channels do not change (cross-sensor dedup).
 */
class CentralGroupTest
{
    private static final String SECRET = "group secret";
    private static final List<List<String>> SPLIT = List.of(
        List.of("s1_basic_udp", "s2_failures"),
        List.of("s3_reinvite", "s4_tcp"),
        List.of("s5_frag_vlan", "s8_b2bua"));

    @TempDir
    Path dir;

    @Test
    void shouldReportForTheWholeGroupWhatOneStandaloneSensorReportsForEveryCapture() throws Exception
    {
        final Path keystore = CentralProcessTest.keystore(dir);
        final int port;
        try (ServerSocket free = new ServerSocket(0))
        {
            port = free.getLocalPort();
        }
        final Path centralSpool = dir.resolve("central");
        final Path centralConfig = write(dir.resolve("central.conf"), "spooldir = " + centralSpool,
            "central_listen = 127.0.0.1:" + port, "central_keystore = " + keystore,
            "central_keystore_password = store-pass", "server_password = " + SECRET);
        final Path sensorConfig = write(dir.resolve("sensor.conf"), "server_destination = 127.0.0.1:" + port,
            "server_certificate = " + dir.resolve("central.pem"), "server_password = " + SECRET);

        final Process central = start(dir.resolve("central.log"), "central", "--config-file", centralConfig.toString());
        awaitLine(central, dir.resolve("central.log"), "listening on");
        final List<Process> sensors = new ArrayList<>();
        for (int s = 0; s < SPLIT.size(); s++)
        {
            sensors.add(start(dir.resolve("sensor-" + (s + 1) + ".log"), "-r", files(SPLIT.get(s)),
                "--spool", dir.resolve("sensor-" + (s + 1)).toString(), "--id-sensor", String.valueOf(s + 1),
                "--config-file", sensorConfig.toString()));
        }
        for (int s = 0; s < sensors.size(); s++)
        {
            assertExitsWithZero(sensors.get(s), dir.resolve("sensor-" + (s + 1) + ".log"));
        }
        final String group = stopAndReport(central, centralConfig, "central-stopped.log");

        final List<String> all = SPLIT.stream().flatMap(List::stream).toList();
        final Path standalone = dir.resolve("standalone");
        final Corpus.Result run = Corpus.run("-r", files(all), "--spool", standalone.toString(), "--id-sensor", "7");
        assertEquals(0, run.status(), run.err());

        // CDRs: the same legs; at the central each keeps the sensor that saw it
        final List<String> centralCsv = csv(centralSpool);
        final List<String> standaloneCsv = csv(standalone);
        assertSameRows(withoutSensor(standaloneCsv), withoutSensor(centralCsv));
        for (int s = 0; s < SPLIT.size(); s++)
        {
            final String id = String.valueOf(s + 1);
            assertTrue(centralCsv.stream().anyMatch(row -> row.startsWith(id + ",")), "sensor " + id + " in " + group);
        }
        // Concurrent Calls Stats, license peaks, the explanation of the busiest day's peak
        assertEquals(channels(standalone), channels(centralSpool));
        final Map<String, Object> standaloneLicense = license(standalone);
        assertEquals(standaloneLicense.get("daily_peaks"), license(centralSpool).get("daily_peaks"));
        final String day = busiestDay(standaloneLicense);
        assertEquals(explain(standalone, day).replace("sensor 7 ", "sensor N "),
            explain(centralSpool, day).replaceAll("sensor [123] ", "sensor N "));

        // a fourth sensor sees the calls of the first capture again: two sensors, one license channel each
        final Process again = start(dir.resolve("central-2.log"), "central", "--config-file", centralConfig.toString());
        awaitLine(again, dir.resolve("central-2.log"), "listening on");
        final Process fourth = start(dir.resolve("sensor-4.log"), "-r", files(SPLIT.get(0)), "--spool",
            dir.resolve("sensor-4").toString(), "--id-sensor", "4", "--config-file", sensorConfig.toString());
        assertExitsWithZero(fourth, dir.resolve("sensor-4.log"));
        stopAndReport(again, centralConfig, "central-2-stopped.log");
        final List<String> twice = csv(centralSpool);
        assertEquals(centralCsv.size() + csv(dir.resolve("sensor-4")).size() - 1, twice.size()); // one header
        assertNotEquals(centralCsv.size(), twice.size());
        assertEquals(standaloneLicense.get("daily_peaks"), license(centralSpool).get("daily_peaks"),
            "the same calls seen by two sensors are one license channel");
    }

    private String stopAndReport(final Process central, final Path config, final String name) throws Exception
    {
        central.destroy(); // SIGTERM: the hourly stats are brought up to date at close
        final Path log = dir.resolve(name.replace("-stopped", ""));
        assertExitsWithZero(central, log);
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static String files(final List<String> names)
    {
        return names.stream().map(name -> Corpus.pcap(name).toString()).collect(Collectors.joining(","));
    }

    private static List<String> csv(final Path spool)
    {
        final Corpus.Result export = Corpus.run("cdr", "export", "--spool", spool.toString());
        assertEquals(0, export.status(), export.err());
        final List<String> rows = new ArrayList<>(List.of(export.out().split("\n")));
        rows.subList(1, rows.size()).sort(null);
        return rows;
    }

    private static void assertSameRows(final List<String> expected, final List<String> actual)
    {
        final List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        final List<String> extra = new ArrayList<>(actual);
        extra.removeAll(expected);
        assertTrue(missing.isEmpty() && extra.isEmpty() && expected.size() == actual.size(),
            expected.size() + " rows expected, " + actual.size() + " at the central; missing " + missing +
                "; not expected " + extra);
    }

    private static List<String> withoutSensor(final List<String> rows)
    {
        return rows.stream().map(row -> row.substring(row.indexOf(',') + 1)).toList();
    }

    private static Object channels(final Path spool) throws IOException
    {
        final Corpus.Result channels = Corpus.run("channels", "--spool", spool.toString(), "--days", "3650",
            "--format", "json");
        assertEquals(0, channels.status(), channels.err());
        return JsonReader.parse(channels.out());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> license(final Path spool) throws IOException
    {
        final Corpus.Result status = Corpus.run("license", "status", "--spool", spool.toString(), "--json");
        assertEquals(0, status.status(), status.err());
        return (Map<String, Object>)JsonReader.parse(status.out());
    }

    @SuppressWarnings("unchecked")
    private static String busiestDay(final Map<String, Object> license)
    {
        String day = null;
        double peak = -1;
        for (final Object row : (List<Object>)license.get("daily_peaks"))
        {
            final Map<String, Object> entry = (Map<String, Object>)row;
            final double value = ((Number)entry.get("peak")).doubleValue();
            if (value > peak)
            {
                peak = value;
                day = (String)entry.get("day");
            }
        }
        assertTrue(day != null, "daily peaks: " + license);
        return day;
    }

    private static String explain(final Path spool, final String day)
    {
        final Corpus.Result explain = Corpus.run("channels", "explain", "--spool", spool.toString(), "--peak", day);
        assertEquals(0, explain.status(), explain.err());
        return explain.out();
    }

    private static Path write(final Path file, final String... lines) throws IOException
    {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static Process start(final Path log, final String... args) throws IOException
    {
        return new ProcessBuilder(LiveNetwork.agentCommand(List.of(args))).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
    }

    private static void awaitLine(final Process process, final Path log, final String line) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(line))
        {
            assertTrue(process.isAlive() && System.nanoTime() < deadline,
                "no '" + line + "': " + Files.readString(log, StandardCharsets.UTF_8));
            Thread.sleep(20);
        }
    }

    private static void assertExitsWithZero(final Process process, final Path log) throws Exception
    {
        assertTrue(process.waitFor(180, TimeUnit.SECONDS),
            "did not finish: " + Files.readString(log, StandardCharsets.UTF_8));
        assertEquals(0, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
