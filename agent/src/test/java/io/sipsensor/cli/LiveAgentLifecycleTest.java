package io.sipsensor.cli;

import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.call.SavedCalls;
import io.sipsensor.spool.Spool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent as an operator runs it: configured by a config file, watched with {@code status} from another process
 * (this JVM) while it runs, reloaded with SIGHUP, stopped with SIGTERM.
 */
class LiveAgentLifecycleTest
{
    @Test
    void shouldShowLiveCountersToStatusAndSaveOpenCallsWhenStoppedBySigterm(@TempDir final Path dir)
        throws Exception
    {
        LiveNetwork.assumeUsable("sipp");
        final Path spool = dir.resolve("spool");
        final Path agentLog = dir.resolve("agent.log");
        final Process agent;
        try (LiveNetwork network = LiveNetwork.create())
        {
            final Path config = Files.writeString(dir.resolve("sipsensor.conf"), String.join("\n",
                "[general]",
                "interface = " + network.vethA,
                "spooldir = " + spool,
                "capture_engine = afpacket",
                "id_sensor = 7",
                ""));
            network.start(network.namespaceB, dir.resolve("uas.log"), List.of("sipp", "-sf",
                LiveCaptureSippTest.scenario("uas.xml"), "-i", LiveNetwork.ADDRESS_B, "-p", "5060", "-nostdin"));
            agent = network.startAgent(network.namespaceA, agentLog, List.of("--config-file", config.toString()));
            LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.state() == CountersFile.State.RUNNING && !snapshot.description().isEmpty(),
                30_000);

            // five calls that stay up for a minute: still in progress when the agent is stopped
            network.start(network.namespaceA, dir.resolve("uac.log"), List.of("sipp",
                LiveNetwork.ADDRESS_B + ":5060", "-sn", "uac", "-s", "0246555000", "-i", LiveNetwork.ADDRESS_A,
                "-p", "5070", "-m", "5", "-r", "10", "-d", "60000", "-nostdin"));
            LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.value(SensorCounter.CALLS_ACTIVE) == 5 &&
                    snapshot.value(SensorCounter.CHANNELS_ANSWERED) == 5, 15_000);

            final Corpus.Result status = Corpus.run("status", "--spool", spool.toString());
            assertEquals(0, status.status(), status.err());
            assertTrue(status.out().startsWith("running: pid " + agent.pid() + ", sensor 7"), status.out());
            assertTrue(status.out().matches("(?s).*\\n  calls_active +5\\n.*"), status.out());
            final Corpus.Result json = Corpus.run("status", "--spool", spool.toString(), "--json");
            @SuppressWarnings("unchecked")
            final Map<String, Object> counters = (Map<String, Object>)json.json().get("counters");
            assertEquals("running", json.json().get("state"));
            assertEquals(5, ((BigDecimal)counters.get("channels_all")).intValue());
            assertEquals(1, ((BigDecimal)counters.get("channels_all_dedup")).intValue(), "one caller/called pair");
            assertEquals(0, ((BigDecimal)counters.get("legs_journaled")).intValue());

            agent.destroy(); // SIGTERM
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "agent did not stop");
            assertEquals(0, agent.exitValue(), Files.readString(agentLog, StandardCharsets.UTF_8));
        }

        // the calls in progress are saved for the next start (LiveRestartSippTest), not journaled at their ACK
        assertEquals(List.of(), LiveNetwork.journaledLegs(spool), "no leg journaled at shutdown");
        final SavedCalls.Loaded saved = SavedCalls.read(new Spool(spool).savedCalls());
        assertEquals(5, saved.count(), "every open call saved at shutdown");
        final String log = Files.readString(agentLog, StandardCharsets.UTF_8);
        assertTrue(log.contains("0 legs journaled (0 closed at shutdown), 5 calls in progress saved for the next " +
            "start, 0 lost"), log);

        final Corpus.Result after = Corpus.run("status", "--spool", spool.toString());
        assertEquals(1, after.status());
        assertTrue(after.out().startsWith("not running: pid " + agent.pid() + " stopped at"), after.out());
        assertTrue(after.out().matches("(?s).*\\n  calls_saved +5\\n.*"), after.out());
    }

    @Test
    void shouldApplyTheNewFilterAndLicenseOnSighup(@TempDir final Path dir) throws Exception
    {
        LiveNetwork.assumeUsable("sipp", "kill");
        final LicenseSpool licenses = new LicenseSpool(dir);
        final Path spool = licenses.spool;
        final Path agentLog = dir.resolve("agent.log");
        try (LiveNetwork network = LiveNetwork.create())
        {
            licenses.writeConfig(licenses.config, "interface = " + network.vethA, "spooldir = " + spool,
                "filter = udp port 9999");
            network.start(network.namespaceB, dir.resolve("uas.log"), List.of("sipp", "-sn", "uas",
                "-i", LiveNetwork.ADDRESS_B, "-p", "5060", "-nostdin"));
            final Process agent = network.startAgent(network.namespaceA, agentLog,
                List.of("--config-file", licenses.config.toString()));
            LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.state() == CountersFile.State.RUNNING && !snapshot.description().isEmpty(),
                30_000);
            assertEquals(0, CountersFile.read(spool).value(SensorCounter.LICENSE_LIMIT));

            placeCalls(network, dir.resolve("uac1.log"));
            Thread.sleep(300);
            assertEquals(0, CountersFile.read(spool).value(SensorCounter.SIP_MESSAGES), "filtered out");

            licenses.install(licenses.license("L-LIVE", 50, "2026-01-01", "2099-12-31"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            licenses.writeConfig(licenses.config, "interface = " + network.vethA, "spooldir = " + spool,
                "filter = udp port 5060", "snaplen = 2048");
            assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).start().waitFor());
            LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.value(SensorCounter.RELOADS) == 1 &&
                    snapshot.value(SensorCounter.LICENSE_LIMIT) == 50, 15_000);

            placeCalls(network, dir.resolve("uac2.log"));
            LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.value(SensorCounter.LEGS_JOURNALED) == 3, 10_000);

            agent.destroy();
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "agent did not stop");
            assertEquals(0, agent.exitValue());
        }
        final String log = Files.readString(agentLog, StandardCharsets.UTF_8);
        assertTrue(log.contains("filter now 'udp port 5060'"), log);
        assertTrue(log.contains("changes to snaplen take effect at the next start"), log);
        assertTrue(log.contains("license OK, limit 50 channels"), log);
        assertEquals(3, LiveNetwork.journaledLegs(spool).size());
    }

    private static void placeCalls(final LiveNetwork network, final Path log) throws Exception
    {
        final int status = network.run(network.namespaceA, log, 60, List.of("sipp", LiveNetwork.ADDRESS_B + ":5060",
            "-sn", "uac", "-i", LiveNetwork.ADDRESS_A, "-p", "5070", "-m", "3", "-r", "10", "-d", "100",
            "-nostdin"));
        assertEquals(0, status, Files.readString(log, StandardCharsets.UTF_8));
    }
}
