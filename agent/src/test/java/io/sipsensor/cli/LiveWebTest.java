package io.sipsensor.cli;

import io.sipsensor.json.JsonReader;
import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live agent serves its web interface on http_listen while it captures: in its network namespace, curl logs in
 * and reads the live channels of five calls in progress and the metrics; the capture drops nothing meanwhile.
 */
class LiveWebTest
{
    @Test
    void shouldServeTheLiveChannelsOfCallsInProgressWhileCapturing(@TempDir final Path dir) throws Exception
    {
        LiveNetwork.assumeUsable("sipp", "curl");
        final Path spool = Files.createDirectories(dir.resolve("spool"));
        final Path agentLog = dir.resolve("agent.log");
        final Path password = Files.writeString(dir.resolve("password"), WebClient.PASSWORD + "\n");
        final Corpus.Result add = Corpus.run("user", "add", "vera", "--role", "viewer", "--password-file",
            password.toString(), "--spool", spool.toString());
        assertEquals(0, add.status(), add.err());
        try (LiveNetwork network = LiveNetwork.create())
        {
            final Path config = Files.writeString(dir.resolve("sipsensor.conf"), String.join("\n",
                "interface = " + network.vethA,
                "spooldir = " + spool,
                "id_sensor = 7",
                "http_listen = 127.0.0.1:5030",
                ""));
            network.start(network.namespaceB, dir.resolve("uas.log"), List.of("sipp", "-sf",
                LiveCaptureSippTest.scenario("uas.xml"), "-i", LiveNetwork.ADDRESS_B, "-p", "5060", "-nostdin"));
            final Process agent = network.startAgent(network.namespaceA, agentLog,
                List.of("--config-file", config.toString()));
            LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.state() == CountersFile.State.RUNNING && !snapshot.description().isEmpty(),
                30_000);
            network.start(network.namespaceA, dir.resolve("uac.log"), List.of("sipp",
                LiveNetwork.ADDRESS_B + ":5060", "-sn", "uac", "-s", "0246555000", "-i", LiveNetwork.ADDRESS_A,
                "-p", "5070", "-m", "5", "-r", "10", "-d", "60000", "-nostdin"));
            LiveNetwork.awaitCounters(spool, agent, agentLog,
                snapshot -> snapshot.value(SensorCounter.CALLS_ACTIVE) == 5 &&
                    snapshot.value(SensorCounter.CHANNELS_ANSWERED) == 5, 15_000);
            awaitLine(agentLog, agent, "sipsensor: web interface at http://127.0.0.1:5030/");

            final Path jar = dir.resolve("cookies");
            final String login = curl(network, dir, "login", "-c", jar.toString(), "-o", "/dev/null",
                "-w", "%{http_code}", "--data-urlencode", "user=vera", "--data-urlencode",
                "password=" + WebClient.PASSWORD, "http://127.0.0.1:5030/login");
            assertEquals("303", login);
            @SuppressWarnings("unchecked")
            final Map<String, Object> live = (Map<String, Object>)JsonReader.parse(curl(network, dir, "live",
                "-b", jar.toString(), "http://127.0.0.1:5030/api/v1/channels/live"));
            assertEquals("running", live.get("agent"));
            assertEquals(BigDecimal.valueOf(5), live.get("calls_active"));
            @SuppressWarnings("unchecked")
            final Map<String, Object> channels = (Map<String, Object>)live.get("channels");
            assertEquals(BigDecimal.valueOf(5), channels.get("answered"));
            assertEquals(BigDecimal.valueOf(1), channels.get("all_dedup"), "one caller/called pair");

            final String metrics = curl(network, dir, "metrics", "http://127.0.0.1:5030/metrics");
            assertTrue(metrics.contains("sipsensor_calls_active{id_sensor=\"7\"} 5.0"), metrics);
            assertTrue(metrics.contains("sipsensor_agent_running{id_sensor=\"7\"} 1.0"), metrics);
            assertEquals("401", curl(network, dir, "anonymous", "-o", "/dev/null", "-w", "%{http_code}",
                "http://127.0.0.1:5030/api/v1/channels/live"));

            final CountersFile.Snapshot snapshot = CountersFile.read(spool);
            assertEquals(0, snapshot.value(SensorCounter.KERNEL_DROPS));
            agent.destroy(); // SIGTERM
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "agent did not stop");
            assertEquals(0, agent.exitValue(), Files.readString(agentLog, StandardCharsets.UTF_8));
        }
    }

    /** Waits (bounded) until the agent's log has a line; the web interface starts after the capture threads. */
    private static void awaitLine(final Path log, final Process agent, final String line)
        throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(line))
        {
            assertTrue(agent.isAlive() && System.nanoTime() < deadline, "no '" + line + "' in " +
                Files.readString(log, StandardCharsets.UTF_8));
            agent.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs curl in the agent's namespace and returns what it printed. */
    private static String curl(final LiveNetwork network, final Path dir, final String name, final String... args)
        throws IOException, InterruptedException
    {
        final Path out = dir.resolve("curl-" + name + ".out");
        final List<String> command = new ArrayList<>(List.of("curl", "-s", "--max-time", "30"));
        command.addAll(List.of(args));
        final Process curl = network.start(network.namespaceA, out, command);
        assertTrue(curl.waitFor(60, TimeUnit.SECONDS), "curl did not finish");
        assertEquals(0, curl.exitValue(), Files.readString(out));
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
