package io.sipsensor.run;

import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.HeldProblems;
import io.sipsensor.capture.PacketSource;
import io.sipsensor.capture.TimeOutlierFilter;
import io.sipsensor.channel.ChannelReport;
import io.sipsensor.export.RunSummary;
import io.sipsensor.pipeline.FilePipeline;
import io.sipsensor.pipeline.PipelineBuilder;
import io.sipsensor.pipeline.RecoveryReport;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.spool.Spool;
import io.sipsensor.spool.SpoolLock;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Processes capture files (or a folder of them) as one stream in capture-time order, through the pipeline the
 * {@link PipelineBuilder} assembles ({@link FilePipeline}): every leg is journaled, and the summary (legs, channel
 * peaks, hourly windows, license peak, counters) is printed on stdout and optionally written to a file. Progress
 * goes to stderr.
 */
public final class OfflineRun
{
    private static final int POLL_BATCH = 4096;
    /** A packet more than this far from both its neighbours in time is a capture defect (7 days). */
    static final long TIME_OUTLIER_BOUND_NS = 7L * 86_400_000_000_000L;

    private final SensorContext context;
    private final PrintStream out;
    private final PrintStream err;
    private final Progress progress;
    private final boolean reprocess;

    /**
     * @param context  validated settings.
     * @param out      where the summary JSON goes.
     * @param err      where problems and progress go.
     * @param progress progress display.
     */
    public OfflineRun(final SensorContext context, final PrintStream out, final PrintStream err,
        final Progress progress)
    {
        this(context, out, err, progress, false);
    }

    /**
     * @param context   validated settings.
     * @param out       where the summary JSON goes.
     * @param err       where problems and progress go.
     * @param progress  progress display.
     * @param reprocess replace the journaled legs of the input's time range instead of skipping them.
     */
    public OfflineRun(final SensorContext context, final PrintStream out, final PrintStream err,
        final Progress progress, final boolean reprocess)
    {
        this.context = context;
        this.out = out;
        this.err = err;
        this.progress = progress;
        this.reprocess = reprocess;
    }

    /**
     * @param files       capture files ({@code -r}), or null.
     * @param directory   capture folder ({@code --readpcapdir}), or null.
     * @param summaryFile where to write the summary as well, or null.
     * @return exit status: 0 when the input was processed, 1 when there was no usable input, 4 when legs were lost.
     */
    public int run(final List<Path> files, final Path directory, final Path summaryFile)
    {
        final long startNs = System.nanoTime();
        long readDoneNs = startNs;
        long journalDoneNs = startNs;
        final Counters counters = new Counters();
        final ChannelReport report;
        final FilePipeline pipeline;
        final long damagedRecords;
        // The inputs are probed before the spool is touched: a run with nothing to read creates nothing.
        final HeldProblems problems = new HeldProblems(err);
        final PacketSource opened = directory != null ?
            CaptureFiles.openDirectory(directory, problems, counters) : CaptureFiles.open(files, problems, counters);
        if (counters.value(SensorCounter.CAPTURE_FILES) == 0)
        {
            opened.close();
            err.println("sipsensor: " + problems.nothingToRead(files, directory));
            return 1;
        }
        problems.release();
        final Spool spool = new Spool(context.spoolDirectory());
        Shipping.check(context); // an incomplete server_destination or cdr_sink fails before any work
        spool.prepare();
        try (SpoolLock ignored = SpoolLock.acquire(spool.root(), "a capture run"))
        {
            pipeline = new PipelineBuilder(context, counters, err)
                .reprocess(reprocess)
                .onJournalOpen(recovery -> RecoveryReport.print(err, spool, recovery, reprocess))
                .files();
            try (pipeline)
            {
                // a packet stamped far from its neighbours takes the stream's time (counted): see TimeOutlierFilter
                final TimeOutlierFilter filtered = new TimeOutlierFilter(pipeline.packetHandler(),
                    TIME_OUTLIER_BOUND_NS, counters.get(SensorCounter.PACKETS_TIME_OUTLIER));
                try (PacketSource source = opened)
                {
                    while (!source.isExhausted())
                    {
                        source.poll(filtered, POLL_BATCH);
                        pipeline.checkJournal();
                        progress.update(source.bytesConsumed(), source.bytesTotal(),
                            counters.value(SensorCounter.PACKETS), pipeline.legs().legs().size());
                    }
                    filtered.flush();
                    readDoneNs = System.nanoTime();
                    pipeline.finishInput();
                    progress.finish(source.bytesConsumed(), source.bytesTotal(),
                        counters.value(SensorCounter.PACKETS), pipeline.legs().legs().size());
                }
            }
            finally
            {
                journalDoneNs = System.nanoTime();
            }
            pipeline.finishReprocess(context.idSensor());
            damagedRecords = pipeline.damagedRecords();
            report = pipeline.legs().report();
            pipeline.updateChannelStats(report, context.licenseChannelSettings());
            Shipping.start(context, counters.shard(), err).drainAndStop(context, err);
        }
        if (Boolean.getBoolean("sipsensor.timing"))
        {
            err.printf("sipsensor: timing: JVM start to run %d ms, reading %d ms, journal close %d ms, stats %d ms%n",
                (startNs / 1_000_000) - ManagementFactory.getRuntimeMXBean().getStartTime() +
                    (System.currentTimeMillis() - System.nanoTime() / 1_000_000),
                (readDoneNs - startNs) / 1_000_000, (journalDoneNs - readDoneNs) / 1_000_000,
                (System.nanoTime() - journalDoneNs) / 1_000_000);
        }
        final StringBuilder summary = new StringBuilder(4096);
        RunSummary.write(summary, context.idSensor(), pipeline.legs(), report, counters, System.nanoTime() - startNs);
        out.print(summary);
        out.flush();
        if (summaryFile != null)
        {
            try
            {
                Files.writeString(summaryFile, summary, StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                err.println("sipsensor: cannot write summary to " + summaryFile + ": " + ex.getMessage());
                return 1;
            }
        }
        if (counters.value(SensorCounter.CAPTURE_FILES) == 0)
        {
            err.println("sipsensor: no capture file could be read" + (directory != null ? " in " + directory : ""));
            return 1;
        }
        RunOutcome.callsLimitLine(err, counters.total(SensorCounter.CALLS_LIMIT_REACHED),
            context.callTrackerSettings().maxCalls());
        return RunOutcome.legsLost(err, counters.total(SensorCounter.LEGS_LOST), damagedRecords);
    }
}
