package io.sipsensor.cli;

import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.journal.CdrLeg;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Corpus captures (UDP, and SIP over TCP through the live path's stream reassembly) replayed with tcpreplay from
 * namespace A onto the veth, captured live in namespace B: the legs journaled must be the capture's expected legs
 * (count, Call-IDs, numbers and final codes). Times are those of the replay, so they are not compared.
 */
class LiveCaptureReplayTest
{
    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"s1_basic_udp, afpacket", "s2_failures, pcap", "s4_tcp, afpacket"})
    void shouldJournalTheExpectedLegsOfAReplayedCapture(final String capture, final String engine,
        @TempDir final Path dir) throws Exception
    {
        LiveNetwork.assumeUsable("tcpreplay");
        final Map<String, Object> expected = Corpus.expected(capture);
        final int legsTotal = ((BigDecimal)expected.get("legs_total")).intValue();
        final Path spool = dir.resolve("spool");
        final long startedNs = System.currentTimeMillis() * 1_000_000L;
        try (LiveNetwork network = LiveNetwork.create())
        {
            final Path agentLog = dir.resolve("agent.log");
            final Process agent = network.startAgent(network.namespaceB, agentLog, List.of(
                "-i", network.vethB, "--spool", spool.toString(), "--capture-engine", engine));
            LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.state() == CountersFile.State.RUNNING && !snapshot.description().isEmpty(),
                30_000);

            final Path replayLog = dir.resolve("tcpreplay.log");
            final int status = network.run(network.namespaceA, replayLog, 60, List.of("tcpreplay", "-q",
                "-i", network.vethA, "--pps=5000", Corpus.pcap(capture).toAbsolutePath().toString()));
            assertEquals(0, status, Files.readString(replayLog, StandardCharsets.UTF_8));

            final CountersFile.Snapshot live = LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.value(SensorCounter.LEGS_JOURNALED) >= legsTotal, 15_000);
            assertEquals(0, live.value(SensorCounter.KERNEL_DROPS));
            // the kernel's stamps agree with the run's own clock: none corrected, none taken for a step
            assertEquals(0, live.value(SensorCounter.PACKETS_TIME_OUTLIER), "packets_time_outlier");
            assertEquals(0, live.value(SensorCounter.CLOCK_STEPS), "clock_steps");

            agent.destroy(); // SIGTERM
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "agent did not stop");
            assertEquals(0, agent.exitValue(), Files.readString(agentLog, StandardCharsets.UTF_8));
        }

        final List<CdrLeg> legs = LiveNetwork.journaledLegs(spool);
        assertEquals(legsTotal, legs.size(), "legs journaled");
        final long nowNs = System.currentTimeMillis() * 1_000_000L;
        for (final CdrLeg leg : legs)
        {
            assertTrue(leg.startNs() > startedNs && leg.endNs() >= leg.startNs() && leg.endNs() <= nowNs,
                "leg times are the capture's, on the host clock: " + leg);
        }

        final Map<String, Long> codes = new TreeMap<>();
        for (final CdrLeg leg : legs)
        {
            codes.merge(Integer.toString(leg.finalCode()), 1L, Long::sum);
        }
        final Map<String, Long> expectedCodes = new TreeMap<>();
        @SuppressWarnings("unchecked")
        final Map<String, Object> byFinalCode = (Map<String, Object>)expected.get("by_final_code");
        byFinalCode.forEach((code, count) -> expectedCodes.put(code, ((BigDecimal)count).longValue()));
        assertEquals(expectedCodes, codes, "legs by final code");

        final Map<String, String> expectedLegs = new TreeMap<>();
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> expectedList = (List<Map<String, Object>>)expected.get("legs");
        for (final Map<String, Object> leg : expectedList)
        {
            expectedLegs.put((String)leg.get("call_id"), leg.get("caller") + " " + leg.get("called") + " " +
                (leg.get("final_code") == null ? 0 : ((BigDecimal)leg.get("final_code")).intValue()) + " " +
                leg.get("end_reason"));
        }
        final Map<String, String> actualLegs = new TreeMap<>();
        for (final CdrLeg leg : legs)
        {
            actualLegs.put(leg.callId(), leg.caller() + " " + leg.called() + " " + leg.finalCode() + " " +
                io.sipsensor.call.EndReason.name(leg.endReason()));
        }
        assertEquals(expectedLegs, actualLegs);
    }
}
