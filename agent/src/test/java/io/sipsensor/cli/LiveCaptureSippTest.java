package io.sipsensor.cli;

import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.call.EndReason;
import io.sipsensor.journal.CdrLeg;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIPp places calls between two network namespaces (UAC in A, UAS in B); the agent captures on A's end of the veth
 * with each engine, is stopped with SIGTERM, and the CDR legs in its journal must be exactly the calls SIPp placed:
 * their number, caller and called numbers (from the injection file) and final codes (486 for the numbers the UAS
 * rejects, 200 for the rest, ended by the caller's BYE).
 */
class LiveCaptureSippTest
{
    private static final int CALLS = 20;

    @ParameterizedTest(name = "capture_engine = {0}")
    @ValueSource(strings = {"afpacket", "pcap"})
    void shouldJournalExactlyTheCallsSippPlaced(final String engine, @TempDir final Path dir) throws Exception
    {
        LiveNetwork.assumeUsable("sipp");
        final Path spool = dir.resolve("spool");
        final Map<String, String[]> placed = writeInjectionFile(dir.resolve("calls.csv"));
        try (LiveNetwork network = LiveNetwork.create())
        {
            network.start(network.namespaceB, dir.resolve("uas.log"), List.of("sipp", "-sf", scenario("uas.xml"),
                "-i", LiveNetwork.ADDRESS_B, "-p", "5060", "-m", Integer.toString(CALLS), "-nostdin",
                "-timeout", "40s"));
            final Path agentLog = dir.resolve("agent.log");
            final Process agent = network.startAgent(network.namespaceA, agentLog, List.of(
                "-i", network.vethA, "--spool", spool.toString(), "--capture-engine", engine));
            LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.state() == CountersFile.State.RUNNING && !snapshot.description().isEmpty(),
                30_000);

            final Path uacLog = dir.resolve("uac.log");
            final int uacStatus = network.run(network.namespaceA, uacLog, 60, List.of("sipp",
                LiveNetwork.ADDRESS_B + ":5060", "-sf", scenario("uac.xml"), "-inf", dir.resolve("calls.csv").toString(),
                "-i", LiveNetwork.ADDRESS_A, "-p", "5070", "-m", Integer.toString(CALLS), "-r", "10", "-d", "500",
                "-nostdin", "-timeout", "40s"));
            assertEquals(0, uacStatus, "SIPp UAC failed: " + Files.readString(uacLog, StandardCharsets.UTF_8));

            final CountersFile.Snapshot live = LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.value(SensorCounter.LEGS_JOURNALED) == CALLS, 10_000);
            assertEquals(0, live.value(SensorCounter.KERNEL_DROPS));

            agent.destroy(); // SIGTERM
            assertTrue(agent.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "agent did not stop");
            assertEquals(0, agent.exitValue(), Files.readString(agentLog, StandardCharsets.UTF_8));
        }

        final List<CdrLeg> legs = LiveNetwork.journaledLegs(spool);
        assertEquals(CALLS, legs.size(), "legs journaled");
        final Map<String, String> expected = new TreeMap<>();
        final Map<String, String> actual = new TreeMap<>();
        for (final String[] call : placed.values())
        {
            final boolean busy = call[1].startsWith("486");
            expected.put(call[0], call[1] + " " + (busy ? "486 final" : "200 bye caller"));
        }
        for (final CdrLeg leg : legs)
        {
            actual.put(leg.caller(), leg.called() + " " + leg.finalCode() + " " + EndReason.name(leg.endReason()) +
                (leg.endReason() == EndReason.BYE ? " " + leg.byeByName() : ""));
        }
        assertEquals(expected, actual);
    }

    /**
     * One call per row, distinct numbers; every fifth called number starts with 486 and is rejected by the UAS.
     *
     * @return caller and called per row, by caller.
     */
    static Map<String, String[]> writeInjectionFile(final Path file) throws java.io.IOException
    {
        final Map<String, String[]> calls = new TreeMap<>();
        final List<String> lines = new ArrayList<>(List.of("SEQUENTIAL"));
        for (int i = 1; i <= CALLS; i++)
        {
            final String caller = String.format("0605%06d", 100 + i);
            final String called = i % 5 == 0 ? String.format("486%07d", 200 + i) : String.format("0246%06d", 300 + i);
            calls.put(caller, new String[]{caller, called});
            lines.add(caller + ";" + called + ";");
        }
        Files.write(file, lines, StandardCharsets.US_ASCII);
        return calls;
    }

    static String scenario(final String name) throws URISyntaxException
    {
        return Path.of(LiveCaptureSippTest.class.getResource("/sipp/" + name).toURI()).toString();
    }
}
