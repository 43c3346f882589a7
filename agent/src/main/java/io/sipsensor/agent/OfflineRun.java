package io.sipsensor.agent;

import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.TimeOutlierFilter;
import io.sipsensor.capture.PacketHandler;
import io.sipsensor.capture.PacketSource;
import io.sipsensor.channel.ChannelReport;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.channel.IntervalSweep;
import io.sipsensor.channel.LegCollector;
import io.sipsensor.channel.LegTable;
import io.sipsensor.channel.StatsFile;
import io.sipsensor.channel.StatsRebuild;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.journal.Journal;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.journal.Purges;
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
    /** Exit status when legs were lost; the same as {@code Main.EXIT_LEGS_LOST} (the CLI's table). */
    public static final int EXIT_LEGS_LOST = 4;
    /** A packet more than this far from both its neighbours in time is a capture defect (7 days). */
    static final long TIME_OUTLIER_BOUND_NS = 7L * 86_400_000_000_000L;

    private static final int POLL_BATCH = 4096;

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
     * Brings the spool's Concurrent Calls Stats up to date for the hours this run's legs touch, recomputed from the
     * whole journal (so legs journaled by earlier runs in the same hours count too).
     */
    private void updateChannelStats(final LegTable legs, final boolean everything)
    {
        if (legs.size() == 0 && !everything)
        {
            return;
        }
        final Spool spool = new Spool(context.spoolDirectory());
        final long fromHour = everything ? Long.MIN_VALUE : IntervalSweep.hourOf(legs.earliestStart());
        final long toHour = everything ? Long.MAX_VALUE : IntervalSweep.hourOf(legs.latestEnd() - 1);
        try (Journal journal = Journal.openExisting(spool.journal()))
        {
            final ConcurrentCallsStats stats = new ConcurrentCallsStats(
                ConcurrentCallsStats.DEFAULT_HOUR_RETENTION_DAYS, ConcurrentCallsStats.DEFAULT_DAY_RETENTION_DAYS);
            if (!everything)
            {
                StatsFile.load(spool.channelStats(), stats);
            }
            stats.upsert(StatsRebuild.recompute(journal, fromHour, toHour, context.licenseChannelSettings()));
            StatsFile.save(spool.channelStats(), stats);
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("sipsensor: channel statistics not updated (" + ex.getMessage() +
                "); run 'sipsensor channels rebuild'");
        }
    }

    private void saveChannelStats(final ChannelReport report)
    {
        final Spool spool = new Spool(context.spoolDirectory());
        try
        {
            final ConcurrentCallsStats stats = new ConcurrentCallsStats(
                ConcurrentCallsStats.DEFAULT_HOUR_RETENTION_DAYS, ConcurrentCallsStats.DEFAULT_DAY_RETENTION_DAYS);
            stats.upsert(report.hours());
            StatsFile.save(spool.channelStats(), stats);
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("sipsensor: channel statistics not updated (" + ex.getMessage() +
                "); run 'sipsensor channels rebuild'");
        }
    }

    /**
     * Says in one line what opening the journal of a spool found (nothing for a new spool).
     *
     * @param err       where the line goes.
     * @param spool     the spool.
     * @param recovery  what opening found.
     * @param reprocess whether the run replaces legs it journals again.
     */
    static void reportRecovery(final PrintStream err, final Spool spool, final JournalWriter.Recovery recovery,
        final boolean reprocess)
    {
        if (recovery.records() == 0 && recovery.cyclesRemoved() == 0)
        {
            return; // a new spool: nothing recovered, nothing to say
        }
        final StringBuilder line = new StringBuilder("sipsensor: spool ").append(spool.root()).append(": ");
        line.append(recovery.records()).append(" CDRs journaled");
        if (recovery.caughtUp() > 0 && recovery.caughtUp() < recovery.records())
        {
            line.append(", ").append(recovery.caughtUp()).append(" of them after an interrupted run");
        }
        if (recovery.cyclesRemoved() > 0)
        {
            line.append(", ").append(recovery.cyclesRemoved()).append(" old day(s) removed by retention");
        }
        try
        {
            final ConcurrentCallsStats stats = new ConcurrentCallsStats(
                ConcurrentCallsStats.DEFAULT_HOUR_RETENTION_DAYS, ConcurrentCallsStats.DEFAULT_DAY_RETENTION_DAYS);
            StatsFile.load(spool.channelStats(), stats);
            line.append(", channel stats for ").append(stats.hours().size()).append(" hour(s)");
        }
        catch (final IOException | RuntimeException ex)
        {
            line.append(", channel stats unreadable (rebuilt after this run)");
        }
        line.append(reprocess ? "; reprocessing: legs of this input's time range will be replaced" :
            "; legs already journaled are skipped");
        err.println(line);
    }

    private void purgeReplaced(final Spool spool, final long runStartIndex, final TimeRange input)
    {
        try
        {
            Purges.record(spool.root(), new Purges.Purge(runStartIndex, input.firstNs(), input.lastNs() + 1,
                context.idSensor(), "replaced by a --reprocess run of " + TimeFormat.iso(input.firstNs()) + " .. " +
                TimeFormat.iso(input.lastNs())));
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("sipsensor: the old legs of the reprocessed range could not be marked replaced (" +
                ex.getMessage() + "); run with --reprocess again");
        }
    }

    /** Passes frames on and remembers the first and last capture time seen. */
    private static final class TimeRange implements PacketHandler
    {
        private final PacketHandler next;
        private long firstNs = Long.MAX_VALUE;
        private long lastNs = Long.MIN_VALUE;

        TimeRange(final PacketHandler next)
        {
            this.next = next;
        }

        @Override
        public void onPacket(final int linkType, final org.agrona.DirectBuffer buffer, final int offset,
            final int capturedLength, final int originalLength, final long timestampNs)
        {
            if (timestampNs < firstNs)
            {
                firstNs = timestampNs;
            }
            if (timestampNs > lastNs)
            {
                lastNs = timestampNs;
            }
            next.onPacket(linkType, buffer, offset, capturedLength, originalLength, timestampNs);
        }

        long firstNs()
        {
            return firstNs;
        }

        long lastNs()
        {
            return lastNs;
        }
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
        final LegCollector legs;
        final Spool spool = new Spool(context.spoolDirectory());
        final long damagedRecords;
        try (SpoolLock ignored = SpoolLock.acquire(spool.root(), "a capture run"))
        {
            final CapturePipeline pipeline = new CapturePipeline(context, counters, true, reprocess, err,
                recovery -> reportRecovery(err, spool, recovery, reprocess));
            final TimeRange input = new TimeRange(pipeline.packetHandler());
            // a packet stamped far from its neighbours takes the stream's time (counted): see TimeOutlierFilter
            final TimeOutlierFilter filtered = new TimeOutlierFilter(input, TIME_OUTLIER_BOUND_NS,
                counters.get(SensorCounter.PACKETS_TIME_OUTLIER));
            try
            {
                try (PacketSource source = directory != null ?
                    CaptureFiles.openDirectory(directory, message -> err.println("sipsensor: " + message), counters) :
                    CaptureFiles.open(files, message -> err.println("sipsensor: " + message), counters))
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
                pipeline.close();
                journalDoneNs = System.nanoTime();
            }
            if (reprocess && input.firstNs() <= input.lastNs())
            {
                purgeReplaced(spool, pipeline.runStartIndex(), input);
            }
            report = ChannelReport.compute(pipeline.legs().legs(), context.licenseChannelSettings());
            if (pipeline.recovery().records() == 0 && !reprocess)
            {
                saveChannelStats(report); // the journal holds exactly this run's legs: no need to read it back
            }
            else
            {
                updateChannelStats(pipeline.legs().legs(), reprocess);
            }
            legs = pipeline.legs();
            damagedRecords = pipeline.recovery().damagedRecords();
        }
        final StringBuilder summary = new StringBuilder(4096);
        if (Boolean.getBoolean("sipsensor.timing"))
        {
            err.printf("sipsensor: timing: JVM start to run %d ms, reading %d ms, journal close %d ms, stats %d ms%n",
                (startNs / 1_000_000) - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() +
                    (System.currentTimeMillis() - System.nanoTime() / 1_000_000),
                (readDoneNs - startNs) / 1_000_000, (journalDoneNs - readDoneNs) / 1_000_000,
                (System.nanoTime() - journalDoneNs) / 1_000_000);
        }
        RunSummary.write(summary, context.idSensor(), legs, report, counters,
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
        callsLimitLine(err, counters.total(SensorCounter.CALLS_LIMIT_REACHED), context.callTrackerSettings().maxCalls());
        return legsLost(err, counters.total(SensorCounter.LEGS_LOST), damagedRecords);
    }

    /**
     * Says once that calls went untracked because {@code max_calls} was reached (the counter alone went unseen).
     *
     * @param err       where the line goes.
     * @param untracked calls not tracked (counter calls_limit_reached).
     * @param maxCalls  the limit.
     * @return true if it said so.
     */
    static boolean callsLimitLine(final PrintStream err, final long untracked, final int maxCalls)
    {
        if (untracked == 0)
        {
            return false;
        }
        err.println("sipsensor: max_calls (" + maxCalls + ") reached: " + untracked + " call(s) not tracked, no " +
            "CDR for them (counter calls_limit_reached); raise max_calls in the config file");
        return true;
    }

    /**
     * The exit status of a run that did its work: {@link #EXIT_LEGS_LOST} with one line if legs were lost.
     *
     * @param err            where the line goes.
     * @param lost           legs the run could not journal (counter legs_lost).
     * @param damagedRecords records the journal had lost to damage found at open (-1 unknown).
     * @return 0, or {@link #EXIT_LEGS_LOST}.
     */
    static int legsLost(final PrintStream err, final long lost, final long damagedRecords)
    {
        if (lost == 0 && damagedRecords == 0)
        {
            return 0;
        }
        err.println("sipsensor: CDR legs lost: " + (lost > 0 ? lost + " not journaled (see legs_lost)" : "") +
            (lost > 0 && damagedRecords != 0 ? ", " : "") + (damagedRecords != 0 ? (damagedRecords < 0 ?
            "an unknown number" : Long.toString(damagedRecords)) + " unreadable in the damaged journal" : "") +
            "; exit status " + EXIT_LEGS_LOST);
        return EXIT_LEGS_LOST;
    }
}
