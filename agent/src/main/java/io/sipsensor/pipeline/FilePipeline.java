package io.sipsensor.pipeline;

import io.sipsensor.capture.PacketHandler;
import io.sipsensor.channel.ChannelReport;
import io.sipsensor.channel.ChannelStatsUpdate;
import io.sipsensor.channel.LegCollector;
import io.sipsensor.channel.LegTable;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.journal.Purges;
import io.sipsensor.spool.Spool;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.PrintStream;

/**
 * A run over capture files, as {@link PipelineBuilder#files()} assembles it:
 * <pre>
 *  frames -> FrameDecoder --(UDP datagrams, TCP-framed messages)--> CallPath: SIP -> CallTracker -> FileLegs
 *
 *  FileLegs -+-> LegCollector (summary, channel report)
 *            +-> JournalPublisher -> ring -> journal thread (JournalStage)
 * </pre>
 * Everything left of the ring runs on the caller's (packet) thread. After the input, {@link #finishInput()} closes
 * the open calls, {@link #close()} stops the journal thread once it has written every leg, and
 * {@link #finishReprocess} and {@link #updateChannelStats} bring the spool's purges and statistics up to date.
 */
public final class FilePipeline implements AutoCloseable
{
    private final Spool spool;
    private final JournalStage journal;
    private final CallPath calls;
    private final FrameDecoder frames;
    private final LegCollector collector;
    private final TimeRange input;
    private final boolean reprocess;
    private final PrintStream log;

    FilePipeline(final Spool spool, final JournalStage journal, final CallPath calls, final FrameDecoder frames,
        final LegCollector collector, final boolean reprocess, final PrintStream log)
    {
        this.spool = spool;
        this.journal = journal;
        this.calls = calls;
        this.frames = frames;
        this.collector = collector;
        this.input = new TimeRange(frames);
        this.reprocess = reprocess;
        this.log = log;
    }

    /**
     * @return what opening the journal recovered (records, identities, catch-up after a crash, retention).
     * @throws io.sipsensor.spool.SpoolUnusableException if the journal could not be opened.
     */
    public JournalWriter.Recovery recovery()
    {
        return journal.awaitOpen().recovery();
    }

    /**
     * @throws io.sipsensor.spool.SpoolUnusableException naming the journal and the reason if it could not be opened
     *                                             (check while reading input; nothing can be journaled then).
     */
    public void checkJournal()
    {
        journal.check();
    }

    /**
     * @return records the journal had lost to damage found (and repaired) when it opened: 0 none, -1 unknown.
     */
    public long damagedRecords()
    {
        return journal.damagedRecords();
    }

    /**
     * @return the first journal index this run writes; a reprocessing run purges older legs of its time range.
     */
    public long runStartIndex()
    {
        return journal.awaitOpen().runStartIndex();
    }

    /**
     * @return where frames go; packet thread only.
     */
    public PacketHandler packetHandler()
    {
        return input;
    }

    /**
     * @return legs completed so far, for the summary and channel counts.
     */
    public LegCollector legs()
    {
        return collector;
    }

    /**
     * @return Call-IDs tracked now.
     */
    public int trackedCalls()
    {
        return calls.tracker().trackedCalls();
    }

    /**
     * End of input: delivers what TCP streams still hold beyond holes, then closes every open call by the leg
     * definitions, so its leg is counted and journaled.
     */
    public void finishInput()
    {
        frames.flush();
        calls.flush();
    }

    /**
     * A reprocessing run marks the legs journaled before it in its input's time range as replaced. A failure is
     * reported in one line (the run can be repeated).
     *
     * @param idSensor the sensor whose legs are replaced.
     */
    public void finishReprocess(final int idSensor)
    {
        if (!reprocess || input.firstNs > input.lastNs)
        {
            return;
        }
        try
        {
            Purges.record(spool.root(), new Purges.Purge(runStartIndex(), input.firstNs, input.lastNs + 1,
                idSensor, "replaced by a --reprocess run of " + TimeFormat.iso(input.firstNs) + " .. " +
                TimeFormat.iso(input.lastNs)));
        }
        catch (final IOException | RuntimeException ex)
        {
            log.println("sipsensor: the old legs of the reprocessed range could not be marked replaced (" +
                ex.getMessage() + "); run with --reprocess again");
        }
    }

    /**
     * Brings the spool's Concurrent Calls Stats up to date after the run: when the journal holds exactly this run's
     * legs, the run's own hours are stored; otherwise the hours its legs touch (all hours after reprocessing) are
     * recomputed from the whole journal. A failure is reported in one line.
     *
     * @param report  this run's channel report.
     * @param license license channel rules.
     */
    public void updateChannelStats(final ChannelReport report,
        final io.sipsensor.channel.LicenseChannelSettings license)
    {
        final LegTable legs = collector.legs();
        try
        {
            if (recovery().records() == 0 && !reprocess)
            {
                ChannelStatsUpdate.replace(spool, report.hours());
            }
            else if (reprocess)
            {
                ChannelStatsUpdate.rebuild(spool, license, ChannelStatsUpdate.MissingJournal.EMPTY);
            }
            else if (legs.size() > 0)
            {
                ChannelStatsUpdate.recompute(spool, legs.earliestStart(), legs.latestEnd(), license);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            log.println("sipsensor: channel statistics not updated (" + ex.getMessage() +
                "); run 'sipsensor channels rebuild'");
        }
    }

    /**
     * Stops the journal thread after it has written everything handed to it, and closes the journal.
     */
    @Override
    public void close()
    {
        journal.close();
    }

    /** Passes frames on and remembers the first and last capture time seen (the range a reprocessing run replaces). */
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
        public void onPacket(final int linkType, final DirectBuffer buffer, final int offset,
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
    }
}
