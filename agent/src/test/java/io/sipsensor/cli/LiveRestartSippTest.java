package io.sipsensor.cli;

import io.sipsensor.call.EndReason;
import io.sipsensor.call.SavedCalls;
import io.sipsensor.channel.ChannelReport;
import io.sipsensor.channel.ChannelStatsUpdate;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.spool.Spool;
import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restart at peak keeps the calls in progress: SIPp places answered calls between two network namespaces and holds
 * them (frozen with SIGSTOP, so its BYEs wait for the restart however long it takes); the agent capturing them is
 * stopped (SIGTERM, or kill -9 after a checkpoint) and started again while they are held. The restarted agent's live gauge counts them at once, every leg ends at its real BYE with its original
 * start (not as a timeout at its ACK), each is journaled once, and the stored hour counts all of them.
 */
class LiveRestartSippTest
{
    private static final int CALLS = 50;
    /**
     * Long enough to freeze the UAC (SIGSTOP) once every call is answered and before the first BYE is due; the BYEs
     * go out when it is thawed (SIGCONT) after the restart, however long the restart took.
     */
    private static final int HOLD_MS = 5_000;

    @ParameterizedTest(name = "stopped with {0}")
    @ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void shouldContinueCallsInProgressAcrossARestart(final String signal, @TempDir final Path dir) throws Exception
    {
        LiveNetwork.assumeUsable("sipp");
        final Path spool = dir.resolve("spool");
        final List<String> rows = new ArrayList<>(List.of("SEQUENTIAL"));
        for (int i = 1; i <= CALLS; i++)
        {
            rows.add(String.format("0605%06d;0246%06d;", 500 + i, 700 + i));
        }
        Files.write(dir.resolve("calls.csv"), rows, StandardCharsets.US_ASCII);
        final List<CdrLeg> legs;
        final long restartedAtNs;
        try (LiveNetwork network = LiveNetwork.create())
        {
            final Path config = dir.resolve("sensor.conf");
            // no web interface: its start (seconds of password hashing) would delay the stops
            Files.writeString(config, String.join("\n", "interface = " + network.vethA, "spooldir = " + spool,
                "capture_engine = afpacket", "calls_checkpoint_interval = 1", "http_listen = 0", ""),
                StandardCharsets.UTF_8);
            network.start(network.namespaceB, dir.resolve("uas.log"), List.of("sipp", "-sf",
                LiveCaptureSippTest.scenario("uas.xml"), "-i", LiveNetwork.ADDRESS_B, "-p", "5060", "-m",
                Integer.toString(CALLS), "-nostdin", "-timeout", "60s"));
            final Path firstLog = dir.resolve("agent-1.log");
            final Process first = network.startAgent(network.namespaceA, firstLog,
                List.of("--config-file", config.toString()));
            LiveNetwork.awaitCounters(spool, first, firstLog,
                snapshot -> snapshot.state() == CountersFile.State.RUNNING && !snapshot.description().isEmpty(),
                30_000);

            final Path uacLog = dir.resolve("uac.log");
            final Process uac = network.start(network.namespaceA, uacLog, List.of("sipp",
                LiveNetwork.ADDRESS_B + ":5060", "-sf", LiveCaptureSippTest.scenario("uac.xml"), "-inf",
                dir.resolve("calls.csv").toString(), "-i", LiveNetwork.ADDRESS_A, "-p", "5070", "-m",
                Integer.toString(CALLS), "-r", "100", "-d", Integer.toString(HOLD_MS), "-nostdin", "-timeout",
                "60s"));
            final int answered = CALLS; // every call is answered and held
            final CountersFile.Snapshot peak = LiveNetwork.awaitCounters(spool, first, firstLog,
                snapshot -> snapshot.value(SensorCounter.CHANNELS_ANSWERED) == answered, 20_000);
            assertEquals(0, peak.value(SensorCounter.LEGS_JOURNALED));
            signal(uac, "STOP"); // the calls stay up, and no BYE can come until the restarted agent captures

            if (signal.equals("SIGTERM"))
            {
                first.destroy();
                assertTrue(first.waitFor(30, TimeUnit.SECONDS), "agent did not stop");
                assertEquals(0, first.exitValue(), Files.readString(firstLog, StandardCharsets.UTF_8));
                final SavedCalls.Loaded saved = SavedCalls.read(new Spool(spool).savedCalls());
                assertNotNull(saved, "no calls saved at the stop");
                assertTrue(saved.sound(), saved.damage());
                assertEquals(answered, saved.count(), "calls saved at the stop");
                assertEquals(answered, peakAll(spool), "the stored hour counts the calls saved at the stop");
            }
            else
            {
                // a checkpoint begun after every call was answered has been written
                final long written = peak.value(SensorCounter.CALLS_CHECKPOINTS);
                LiveNetwork.awaitCounters(spool, first, firstLog,
                    snapshot -> snapshot.value(SensorCounter.CALLS_CHECKPOINTS) >= written + 2, 20_000);
                first.destroyForcibly(); // kill -9
                assertTrue(first.waitFor(30, TimeUnit.SECONDS), "agent did not die");
            }

            restartedAtNs = System.currentTimeMillis() * 1_000_000L;
            final Path secondLog = dir.resolve("agent-2.log");
            final Process second = network.startAgent(network.namespaceA, secondLog,
                List.of("--config-file", config.toString()));
            final CountersFile.Snapshot restored = LiveNetwork.awaitCounters(spool, second, secondLog,
                snapshot -> snapshot.state() == CountersFile.State.RUNNING && !snapshot.description().isEmpty(),
                30_000);
            assertEquals(answered, restored.value(SensorCounter.CALLS_RESTORED));
            assertEquals(0, restored.value(SensorCounter.LEGS_COMPLETED));
            LiveNetwork.awaitCounters(spool, second, secondLog,
                snapshot -> snapshot.value(SensorCounter.CHANNELS_ANSWERED) == answered, 10_000);
            signal(uac, "CONT"); // the hold is over: every BYE goes out now

            assertTrue(uac.waitFor(60, TimeUnit.SECONDS), "SIPp UAC did not finish");
            assertEquals(0, uac.exitValue(), "SIPp UAC failed: " + Files.readString(uacLog, StandardCharsets.UTF_8));
            LiveNetwork.awaitCounters(spool, second, secondLog,
                snapshot -> snapshot.value(SensorCounter.LEGS_COMPLETED) == answered, 20_000);
            second.destroy();
            assertTrue(second.waitFor(30, TimeUnit.SECONDS), "agent did not stop");
            final String secondText = Files.readString(secondLog, StandardCharsets.UTF_8);
            assertEquals(0, second.exitValue(), secondText);
            assertTrue(secondText.contains("sipsensor: continuing " + answered + " calls in progress saved at "),
                secondText);
        }

        legs = LiveNetwork.journaledLegs(spool);
        assertEquals(CALLS, legs.size(), "each call journaled once");
        final List<String> wrong = new ArrayList<>();
        for (final CdrLeg leg : legs)
        {
            if (leg.endReason() != EndReason.BYE || leg.startNs() >= restartedAtNs || leg.endNs() <= restartedAtNs ||
                leg.connectNs() <= leg.startNs())
            {
                wrong.add(leg.callId() + " " + EndReason.name(leg.endReason()) + " start " + leg.startNs() +
                    " end " + leg.endNs());
            }
        }
        assertEquals(List.of(), wrong, "legs not ended at their BYE after the restart (restart at " + restartedAtNs +
            ")");
        assertEquals(CALLS, peakAll(spool), "the stored hour counts every call held across the restart");
    }

    private static void signal(final Process process, final String signal) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " failed");
    }

    private static long peakAll(final Path spool) throws java.io.IOException
    {
        long peak = 0;
        for (final ChannelReport.HourRow row : ChannelStatsUpdate.load(new Spool(spool)).hours().values())
        {
            peak = Math.max(peak, row.peakAll());
        }
        return peak;
    }
}
