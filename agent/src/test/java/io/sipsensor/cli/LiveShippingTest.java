package io.sipsensor.cli;

import io.sipsensor.journal.CdrLeg;
import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live sensor with {@code server_destination} ships what it journals while it captures: SIPp places calls between
 * two network namespaces, the agent captures them in namespace A and ships each leg to a central process in the same
 * namespace; the central's journal holds every call once, with the sensor's id, while the agent still runs.
 */
class LiveShippingTest
{
    private static final int CALLS = 20; // the rows of LiveCaptureSippTest.writeInjectionFile
    private static final String SECRET = "live group";

    @Test
    void shouldShipEveryLegOfALiveCaptureToTheCentralWhileCapturing(@TempDir final Path dir) throws Exception
    {
        LiveNetwork.assumeUsable("sipp");
        final Path keystore = CentralProcessTest.keystore(dir);
        final Path spool = dir.resolve("spool");
        final Path centralSpool = dir.resolve("central");
        final Map<String, String[]> placed = LiveCaptureSippTest.writeInjectionFile(dir.resolve("calls.csv"));
        final Path centralConfig = dir.resolve("central.conf");
        Files.writeString(centralConfig, String.join("\n", "spooldir = " + centralSpool,
            "central_listen = 127.0.0.1:60024", "central_keystore = " + keystore,
            "central_keystore_password = store-pass", "server_password = " + SECRET, ""), StandardCharsets.UTF_8);
        try (LiveNetwork network = LiveNetwork.create())
        {
            final Path sensorConfig = dir.resolve("sensor.conf");
            Files.writeString(sensorConfig, String.join("\n", "interface = " + network.vethA,
                "spooldir = " + spool, "id_sensor = 9", "server_destination = 127.0.0.1:60024",
                "server_certificate = " + dir.resolve("central.pem"), "server_password = " + SECRET, ""),
                StandardCharsets.UTF_8);
            final Path centralLog = dir.resolve("central.log");
            final Process central = network.start(network.namespaceA, centralLog,
                LiveNetwork.agentCommand(List.of("central", "--config-file", centralConfig.toString())));
            LiveNetwork.awaitCounters(centralSpool, central, centralLog,
                snapshot -> snapshot.state() == CountersFile.State.RUNNING, 30_000);

            network.start(network.namespaceB, dir.resolve("uas.log"), List.of("sipp", "-sf",
                LiveCaptureSippTest.scenario("uas.xml"), "-i", LiveNetwork.ADDRESS_B, "-p", "5060", "-m",
                Integer.toString(CALLS), "-nostdin", "-timeout", "40s"));
            final Path agentLog = dir.resolve("agent.log");
            final Process agent = network.startAgent(network.namespaceA, agentLog,
                List.of("--config-file", sensorConfig.toString()));
            LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.state() == CountersFile.State.RUNNING &&
                    snapshot.value(SensorCounter.LINK_CONNECTED) == 1, 30_000);

            final Path uacLog = dir.resolve("uac.log");
            assertEquals(0, network.run(network.namespaceA, uacLog, 60, List.of("sipp",
                LiveNetwork.ADDRESS_B + ":5060", "-sf", LiveCaptureSippTest.scenario("uac.xml"), "-inf",
                dir.resolve("calls.csv").toString(), "-i", LiveNetwork.ADDRESS_A, "-p", "5070", "-m",
                Integer.toString(CALLS), "-r", "10", "-d", "500", "-nostdin", "-timeout", "40s")),
                Files.readString(uacLog, StandardCharsets.UTF_8));

            LiveNetwork.awaitCounters(centralSpool, central, centralLog,
                snapshot -> snapshot.value(SensorCounter.LEGS_JOURNALED) == CALLS, 30_000);
            LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.value(SensorCounter.LINK_LEGS_SENT) == CALLS, 30_000);
            assertTrue(agent.isAlive(), "shipped while capturing");

            agent.destroy();
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "agent did not stop");
            assertEquals(0, agent.exitValue(), Files.readString(agentLog, StandardCharsets.UTF_8));
            central.destroy();
            assertTrue(central.waitFor(30, TimeUnit.SECONDS), "central did not stop");
            assertEquals(0, central.exitValue(), Files.readString(centralLog, StandardCharsets.UTF_8));
        }
        final List<CdrLeg> atCentral = LiveNetwork.journaledLegs(centralSpool);
        assertEquals(CALLS, atCentral.size());
        final TreeSet<String> callers = new TreeSet<>();
        for (final CdrLeg leg : atCentral)
        {
            assertEquals(9, leg.idSensor());
            callers.add(leg.caller());
        }
        assertEquals(new TreeSet<>(placed.keySet()), callers);
    }
}
