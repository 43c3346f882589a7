package io.sipsensor.agent;

import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.PacketHandler;
import io.sipsensor.capture.PacketSource;
import io.sipsensor.channel.ChannelReport;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.channel.IntervalSweep;
import io.sipsensor.channel.LegTable;
import io.sipsensor.channel.StatsFile;
import io.sipsensor.channel.StatsRebuild;
import io.sipsensor.journal.Journal;
import io.sipsensor.export.RunSummary;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Processes capture files (or a folder of them) as one stream in capture-time order: every leg is journaled, and
 * the summary (legs, channel peaks, hourly windows, license peak, counters) is printed on stdout and optionally
 * written to a file. Progress goes to stderr.
 */
public final class OfflineRun
{
    private static final int POLL_BATCH = 4096;

    private final SensorContext context;
    private final PrintStream out;
    private final PrintStream err;
    private final Progress progress;

    /**
     * @param context  validated settings.
     * @param out      where the summary JSON goes.
     * @param err      where problems and progress go.
     * @param progress progress display.
     */
    public OfflineRun(final SensorContext context, final PrintStream out, final PrintStream err,
        final Progress progress)
    {
        this.context = context;
        this.out = out;
        this.err = err;
        this.progress = progress;
    }

    /**
     * Brings the spool's Concurrent Calls Stats up to date for the hours this run's legs touch, recomputed from the
     * whole journal (so legs journaled by earlier runs in the same hours count too).
     */
    private void updateChannelStats(final LegTable legs)
    {
        if (legs.size() == 0)
        {
            return;
        }
        final Spool spool = new Spool(context.spoolDirectory());
        final long fromHour = IntervalSweep.hourOf(legs.earliestStart());
        final long toHour = IntervalSweep.hourOf(legs.latestEnd() - 1);
        try (Journal journal = Journal.openExisting(spool.journal()))
        {
            final ConcurrentCallsStats stats = new ConcurrentCallsStats(
                ConcurrentCallsStats.DEFAULT_HOUR_RETENTION_DAYS, ConcurrentCallsStats.DEFAULT_DAY_RETENTION_DAYS);
            StatsFile.load(spool.channelStats(), stats);
            stats.upsert(StatsRebuild.recompute(journal, fromHour, toHour, context.licenseChannelSettings()));
            StatsFile.save(spool.channelStats(), stats);
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("sipsensor: channel statistics not updated (" + ex.getMessage() +
                "); run 'sipsensor channels rebuild'");
        }
    }

    /**
     * @param files       capture files ({@code -r}), or null.
     * @param directory   capture folder ({@code --readpcapdir}), or null.
     * @param summaryFile where to write the summary as well, or null.
     * @return exit status: 0 when the input was processed, 1 when there was no usable input.
     */
    public int run(final List<Path> files, final Path directory, final Path summaryFile)
    {
        final long startNs = System.nanoTime();
        final Counters counters = new Counters();
        final ChannelReport report;
        final CapturePipeline pipeline = new CapturePipeline(context, counters, true, err);
        try
        {
            try (PacketSource source = directory != null ?
                CaptureFiles.openDirectory(directory, message -> err.println("sipsensor: " + message), counters) :
                CaptureFiles.open(files, message -> err.println("sipsensor: " + message), counters))
            {
                final PacketHandler handler = pipeline.packetHandler();
                while (!source.isExhausted())
                {
                    source.poll(handler, POLL_BATCH);
                    progress.update(source.bytesConsumed(), source.bytesTotal(),
                        counters.value(SensorCounter.PACKETS), pipeline.legs().legs().size());
                }
                pipeline.finishInput();
                progress.finish(source.bytesConsumed(), source.bytesTotal(),
                    counters.value(SensorCounter.PACKETS), pipeline.legs().legs().size());
            }
        }
        finally
        {
            pipeline.close();
        }

        report = ChannelReport.compute(pipeline.legs().legs(), context.licenseChannelSettings());
        updateChannelStats(pipeline.legs().legs());
        final StringBuilder summary = new StringBuilder(4096);
        RunSummary.write(summary, context.idSensor(), pipeline.legs(), report, counters,
            System.nanoTime() - startNs);
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
            err.println("sipsensor: no capture file could be read" +
                (directory != null ? " in " + directory : ""));
            return 1;
        }
        return 0;
    }
}
