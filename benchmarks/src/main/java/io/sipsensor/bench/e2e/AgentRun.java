package io.sipsensor.bench.e2e;

import io.sipsensor.json.JsonReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run of the agent through its launcher on a capture, with a fresh spool and {@code --progress none}: wall
 * time and RSS from {@link Measured}, the phases the agent reports with {@code -Dsipsensor.timing=true}, GC pauses
 * and peak heap from its GC log, and the counts from its summary.
 *
 * @param measured    wall time, RSS, load.
 * @param startMs     JVM start to the run (the agent's own figure).
 * @param readMs      reading and processing the input.
 * @param closeMs     closing the journal.
 * @param statsMs     channel statistics at the end.
 * @param packets     frames read.
 * @param sipMessages SIP messages parsed.
 * @param legsTotal   legs reported.
 * @param legsJournaled legs journaled.
 * @param gc          pauses and peak heap.
 */
record AgentRun(Measured measured, double startMs, double readMs, double closeMs, double statsMs, long packets,
    long sipMessages, long legsTotal, long legsJournaled, GcLog gc)
{
    private static final Pattern TIMING = Pattern.compile("timing: JVM start to run (\\d+) ms, reading (\\d+) ms, " +
        "journal close (\\d+) ms, stats (\\d+) ms");

    /**
     * @param root    the repository (the launcher is {@code ./sipsensor} there).
     * @param capture the input.
     * @param work    folder for the spool, summary and GC log of this run (emptied first).
     * @return the run.
     * @throws IOException if the agent fails or says something unexpected.
     */
    static AgentRun run(final Path root, final Capture capture, final Path work) throws IOException
    {
        delete(work);
        Files.createDirectories(work);
        final Path spool = work.resolve("spool");
        final Path summary = work.resolve("summary.json");
        final Path gcLog = work.resolve("gc.log");
        final Measured measured = Measured.run(
            List.of(root.resolve("sipsensor").toString(), "-r", capture.file().toString(), "--spool",
                spool.toString(), "--progress", "none", "--summary-json", summary.toString()),
            Map.of("SIPSENSOR_JAVA_OPTS", "-Dsipsensor.timing=true -Xlog:gc*:file=" + gcLog,
                "SIPSENSOR_NO_BUILD", "1"),
            null);
        if (measured.exitStatus() != 0)
        {
            throw new IOException("the agent failed (exit " + measured.exitStatus() + "): " + measured.stderr());
        }
        final Matcher timing = TIMING.matcher(measured.stderr());
        if (!timing.find())
        {
            throw new IOException("no timing line from the agent: " + measured.stderr());
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> values = (Map<String, Object>)JsonReader.parse(Files.readString(summary));
        final AgentRun run = new AgentRun(measured, Double.parseDouble(timing.group(1)),
            Double.parseDouble(timing.group(2)), Double.parseDouble(timing.group(3)),
            Double.parseDouble(timing.group(4)), Capture.number(values.get("packets")),
            Capture.number(values.get("sip_messages")), Capture.number(values.get("legs_total")),
            Capture.number(values.get("legs_journaled")), GcLog.parse(gcLog));
        delete(spool);
        return run;
    }

    static void delete(final Path path) throws IOException
    {
        if (!Files.exists(path))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(path))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(file);
            }
        }
    }
}
