package io.sipsensor.durability;

import io.sipsensor.generator.GeneratorSettings;
import io.sipsensor.generator.TrafficGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent, as its own process, is killed with SIGKILL at random points while it reads a generated capture, and
 * restarted each time on the same spool without {@code --reprocess}. At the end the journal holds every leg of a
 * clean run exactly once, and no restart printed an exception.
 */
class CrashRecoveryTest
{
    @TempDir
    Path dir;

    @Test
    void shouldJournalEveryLegExactlyOnceAcrossTwentyKills() throws Exception
    {
        killAndRestart(6_000, 20, 7);
    }

    @Test
    @Tag("soak")
    void shouldJournalEveryLegExactlyOnceAcrossHundredKillsOnLargeCapture() throws Exception
    {
        killAndRestart(60_000, 100, 11);
    }

    private void killAndRestart(final int calls, final int kills, final long seed) throws Exception
    {
        final Path captures = Files.createDirectories(dir.resolve("captures"));
        final GeneratorSettings settings = new GeneratorSettings(seed, calls, 300, 1_795_341_600_000_000_000L,
            GeneratorSettings.HoldDistribution.EXPONENTIAL, TimeUnit.SECONDS.toNanos(20), 0.25, 0.2, 0.02, 0.1, 0.2,
            0, -1, 3);
        TrafficGenerator.generate(settings,
            List.of(captures.resolve("a.pcap"), captures.resolve("b.pcap.gz"), captures.resolve("c.pcap")));

        final Path clean = dir.resolve("clean");
        final Run reference = agent(captures, clean, -1);
        assertEquals(0, reference.status(), reference.err());
        // Kill points are fractions of how long a whole run takes on this machine, not fixed delays: a fast machine
        // would otherwise finish most runs before the kill. A run that finishes before its kill shortens the
        // estimate, so the kills keep landing mid-way however fast the runs are.
        long wholeRunMs = reference.elapsedMs();
        final List<String> expected = exportSorted(clean);
        assertEquals(calls, expected.size());

        final Path crashed = dir.resolve("crashed");
        final Random random = new Random(seed);
        int killed = 0;
        for (int i = 0; i < kills; i++)
        {
            final long killAfterMs = (long)(wholeRunMs * (0.05 + 0.8 * random.nextDouble()));
            final Run run = agent(captures, crashed, killAfterMs);
            assertFalse(run.err().contains("Exception"), "restart " + i + " printed:\n" + run.err());
            assertFalse(run.err().contains("\tat "), "restart " + i + " printed a stack trace:\n" + run.err());
            if (run.killed())
            {
                killed++;
            }
            else
            {
                assertEquals(0, run.status(), run.err());
                wholeRunMs = Math.min(wholeRunMs, run.elapsedMs());
            }
        }
        assertTrue(killed >= kills / 2, "most runs were killed mid-way: " + killed + " of " + kills);

        final Run last = agent(captures, crashed, -1);
        assertEquals(0, last.status(), last.err());
        assertFalse(last.err().contains("Exception"), last.err());
        assertEquals(expected, exportSorted(crashed), "every leg exactly once, as in a clean run");
    }

    private List<String> exportSorted(final Path spool) throws Exception
    {
        final Run export = java(List.of("cdr", "export", "--spool", spool.toString()), -1);
        assertEquals(0, export.status(), export.err());
        final String[] lines = export.out().split("\n");
        final List<String> rows = new ArrayList<>(Arrays.asList(lines).subList(1, lines.length));
        rows.sort(null);
        return rows;
    }

    private Run agent(final Path captures, final Path spool, final long killAfterMs) throws Exception
    {
        return java(List.of("--readpcapdir", captures.toString(), "--spool", spool.toString(), "--progress", "none"),
            killAfterMs);
    }

    /** Runs the agent's main class in a new JVM, killing it with SIGKILL after the delay (if still running). */
    private Run java(final List<String> args, final long killAfterMs) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String flag : Files.readAllLines(Path.of(System.getProperty("sipsensor.root", ".."), "bin",
            "jvm.flags")))
        {
            if (!flag.isBlank() && !flag.startsWith("#"))
            {
                command.add(flag.trim());
            }
        }
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.sipsensor.cli.Main");
        command.addAll(args);
        final Path out = Files.createTempFile(dir, "out", ".txt");
        final Path err = Files.createTempFile(dir, "err", ".txt");
        final long start = System.nanoTime();
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
            .redirectError(err.toFile()).start();
        boolean killed = false;
        if (killAfterMs >= 0 && !process.waitFor(killAfterMs, TimeUnit.MILLISECONDS))
        {
            new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
            killed = true;
        }
        final boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(exited, "the agent did not finish");
        return new Run(process.exitValue(), killed, elapsedMs, read(out), read(err));
    }

    private static String read(final Path file) throws IOException
    {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private record Run(int status, boolean killed, long elapsedMs, String out, String err)
    {
    }
}
