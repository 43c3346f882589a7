package io.sipsensor.cli;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.journal.CdrEncoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.CdrRecordDescriptor;
import io.sipsensor.journal.JournalSettings;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.status.Counters;
import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A central and two sensors as separate processes, as an operator runs them, over TLS on loopback: the sensors'
 * runs over capture files ship every journaled leg; the central is killed with SIGKILL while they ship and started
 * again; every leg is at the central exactly once; a sensor that lost its acknowledged index sends everything again
 * and the central adds nothing.
 */
class CentralProcessTest
{
    private static final String SECRET = "shared by the group";
    private static final String STORE_PASSWORD = "store-pass";
    private static final int BACKLOG = 60_000;

    @TempDir
    Path dir;

    @Test
    void shouldJournalEveryLegOfTwoSensorProcessesExactlyOnceAcrossAKillOfTheCentral() throws Exception
    {
        final Path keystore = keystore(dir);
        final int port;
        try (ServerSocket free = new ServerSocket(0))
        {
            port = free.getLocalPort();
        }
        final Path centralSpool = dir.resolve("central");
        final Path centralConfig = write(dir.resolve("central.conf"), "spooldir = " + centralSpool,
            "central_listen = 127.0.0.1:" + port, "central_keystore = " + keystore,
            "central_keystore_password = " + STORE_PASSWORD, "server_password = " + SECRET);
        final Path sensorConfig = write(dir.resolve("sensor.conf"), "server_destination = 127.0.0.1:" + port,
            "server_certificate = " + dir.resolve("central.pem"), "server_password = " + SECRET);
        final Path spoolA = dir.resolve("sensor-1");
        final Path spoolB = dir.resolve("sensor-2");
        preJournal(spoolA, 1, BACKLOG); // what sensor 1 journaled while its central was away

        Process central = startCentral(centralConfig, dir.resolve("central-1.log"));
        final Process sensorA = start(dir.resolve("sensor-1.log"), "-r", Corpus.pcap("s1_basic_udp").toString(),
            "--spool", spoolA.toString(), "--id-sensor", "1", "--config-file", sensorConfig.toString());
        final Process sensorB = start(dir.resolve("sensor-2.log"), "-r", Corpus.pcap("s8_b2bua").toString(),
            "--spool", spoolB.toString(), "--id-sensor", "2", "--config-file", sensorConfig.toString());

        awaitCentral(centralSpool, central, dir.resolve("central-1.log"),
            snapshot -> snapshot.value(SensorCounter.LINK_LEGS_RECEIVED) >= 8192);
        central.destroyForcibly(); // SIGKILL while sensor 1 ships its backlog
        assertTrue(central.waitFor(30, TimeUnit.SECONDS));
        assertTrue(sensorA.isAlive(), "sensor 1 still shipping when the central died");

        central = startCentral(centralConfig, dir.resolve("central-2.log"));
        assertExitsWithZero(sensorA, dir.resolve("sensor-1.log"));
        assertExitsWithZero(sensorB, dir.resolve("sensor-2.log"));
        final String sensorLog = Files.readString(dir.resolve("sensor-1.log"), StandardCharsets.UTF_8);
        assertTrue(sensorLog.contains("reachable again"), sensorLog);

        // sensor 1 lost its acknowledged index: it sends its whole journal again
        Files.delete(spoolA.resolve("central").resolve("acked"));
        final Process again = start(dir.resolve("sensor-1-again.log"), "-r",
            Corpus.pcap("s1_basic_udp").toString(), "--spool", spoolA.toString(), "--id-sensor", "1",
            "--config-file", sensorConfig.toString());
        assertExitsWithZero(again, dir.resolve("sensor-1-again.log"));
        central.destroy(); // SIGTERM
        assertExitsWithZero(central, dir.resolve("central-2.log"));
        final CountersFile.Snapshot last = CountersFile.read(centralSpool);
        assertTrue(last.value(SensorCounter.LEGS_DUPLICATE) >= BACKLOG, "resent legs were no-ops");

        final List<String> expected = new ArrayList<>(legs(spoolA));
        expected.addAll(legs(spoolB));
        final Map<String, Integer> atCentral = multiplicity(legs(centralSpool));
        assertEquals(multiplicity(expected), atCentral);
        assertTrue(atCentral.values().stream().allMatch(count -> count == 1), "every leg exactly once");
        assertTrue(legs(spoolB).size() > 0 && legs(spoolA).size() > BACKLOG, "both captures produced legs");
    }

    static Path keystore(final Path dir) throws IOException, InterruptedException
    {
        final Path keystore = dir.resolve("central.p12");
        final String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "central", "-keyalg", "EC", "-groupname", "secp256r1",
            "-dname", "CN=central", "-validity", "30", "-storetype", "PKCS12", "-keystore", keystore.toString(),
            "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        run(keytool, "-exportcert", "-rfc", "-alias", "central", "-keystore", keystore.toString(),
            "-storepass", STORE_PASSWORD, "-file", dir.resolve("central.pem").toString());
        return keystore;
    }

    private static void run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
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

    private Process startCentral(final Path config, final Path log) throws Exception
    {
        final Process central = start(log, "central", "--config-file", config.toString());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("listening on"))
        {
            assertTrue(central.isAlive() && System.nanoTime() < deadline,
                "central did not start: " + Files.readString(log, StandardCharsets.UTF_8));
            Thread.sleep(20);
        }
        return central;
    }

    private static void awaitCentral(final Path spool, final Process central, final Path log,
        final java.util.function.Predicate<CountersFile.Snapshot> condition) throws Exception
    {
        LiveNetwork.awaitCounters(spool, central, log, condition, 120_000);
    }

    private static void assertExitsWithZero(final Process process, final Path log) throws Exception
    {
        assertTrue(process.waitFor(180, TimeUnit.SECONDS),
            "did not finish: " + Files.readString(log, StandardCharsets.UTF_8));
        assertEquals(0, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void preJournal(final Path spool, final int idSensor, final int count) throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalWriter writer = JournalWriter.open(spool, JournalSettings.defaults(), false, new Counters(),
            new PrintStream(PrintStream.nullOutputStream())))
        {
            for (int i = 0; i < count; i++)
            {
                final long start = 1_700_000_000_000_000_000L + i * 10_000_000L;
                writer.write(buffer, 0, CdrEncoder.encode(buffer, 0, new CdrLeg(idSensor, "backlog-" + i,
                    "100", "200", "200", "10.0.0.1", 5060, "10.0.0.2", 5060, start, start + 1_000_000L,
                    start + 5_000_000L, start + 1_000_000L, CallState.NO_TIME, start + 5_000_000L,
                    start + 5_000_000L, 200, EndReason.BYE, CallState.BYE_BY_CALLER, 0)));
            }
        }
    }

    private static List<String> legs(final Path spool)
    {
        final List<String> legs = new ArrayList<>();
        for (final CdrLeg leg : LiveNetwork.journaledLegs(spool))
        {
            legs.add(leg.idSensor() + "/" + leg.callId() + "/" + leg.startNs());
        }
        return legs;
    }

    private static Map<String, Integer> multiplicity(final List<String> legs)
    {
        final Map<String, Integer> counts = new TreeMap<>();
        for (final String leg : legs)
        {
            counts.merge(leg, 1, Integer::sum);
        }
        return counts;
    }
}
