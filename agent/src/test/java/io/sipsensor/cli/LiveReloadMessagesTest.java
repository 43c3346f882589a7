package io.sipsensor.cli;

import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live agent's own lines: the start line says how to stop it, a SIGHUP without a config file says what it did,
 * and reloads that change nothing do not repeat the license line.
 */
class LiveReloadMessagesTest
{
    @Test
    void shouldSayWhatAReloadDidAndNotRepeatAnUnchangedLicenseLine(@TempDir final Path dir) throws Exception
    {
        LiveNetwork.assumeUsable("kill");
        final Path spool = dir.resolve("spool");
        final Path log = dir.resolve("agent.log");
        try (LiveNetwork network = LiveNetwork.create())
        {
            final Process agent = network.startAgent(network.namespaceA, log, List.of("-i", network.vethA,
                "--spool", spool.toString(), "--capture-engine", "afpacket"));
            LiveNetwork.awaitCounters(spool, agent, log,
                snapshot -> snapshot.state() == CountersFile.State.RUNNING && !snapshot.description().isEmpty(),
                30_000);
            for (int reload = 1; reload <= 2; reload++)
            {
                assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).start().waitFor());
                final int expected = reload;
                LiveNetwork.awaitCounters(spool, agent, log,
                    snapshot -> snapshot.value(SensorCounter.RELOADS) == expected, 15_000);
            }
            agent.destroy();
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "agent did not stop");
            assertEquals(0, agent.exitValue());
        }
        final String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(text.contains("; Ctrl-C or SIGTERM stops, SIGHUP reloads"), text);
        assertEquals(2, count(text, "sipsensor: reload: no config file to re-read (started without " +
            "--config-file); license files re-read"), text);
        assertEquals(1, count(text, "sipsensor: license "), "said at start, unchanged by the reloads: " + text);
    }

    private static int count(final String text, final String line)
    {
        int count = 0;
        for (final String each : text.split("\n"))
        {
            if (each.startsWith(line))
            {
                count++;
            }
        }
        return count;
    }
}
