package io.sipsensor.channel;

import io.sipsensor.journal.Journal;
import io.sipsensor.spool.Spool;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Collection;

/**
 * The one place that brings a spool's Concurrent Calls Stats ({@code channels/stats.json}) up to date: after a
 * capture run (files or live), an import, a purge, or {@code channels rebuild}. Hours are recomputed from the whole
 * CDR journal, so legs journaled by other runs in the same hours count too; a run whose journal holds exactly its own
 * legs can store the hours it computed itself. Caller's thread; reads the journal, allocates freely.
 */
public final class ChannelStatsUpdate
{
    private ChannelStatsUpdate()
    {
    }

    /**
     * Recomputes the hours a span of time touches, keeping the stored hours outside it.
     *
     * @param spool   the spool.
     * @param fromNs  earliest leg start of the span.
     * @param toNs    latest leg end of the span.
     * @param license license channel rules.
     * @throws IOException if the stats or the journal cannot be read, or the stats not written.
     */
    public static void recompute(final Spool spool, final long fromNs, final long toNs,
        final LicenseChannelSettings license) throws IOException
    {
        recompute(spool, fromNs, toNs, license, new LegTable(1));
    }

    /**
     * Recomputes the hours a span of time touches from the journal and legs not (yet) in it, keeping the stored hours
     * outside the span: a live stop counts the calls it saved for the next start as legs ending at the stop.
     *
     * @param spool   the spool.
     * @param fromNs  earliest leg start of the span.
     * @param toNs    latest leg end of the span.
     * @param license license channel rules.
     * @param extra   legs counted besides the journal's.
     * @throws IOException if the stats or the journal cannot be read, or the stats not written.
     */
    public static void recompute(final Spool spool, final long fromNs, final long toNs,
        final LicenseChannelSettings license, final LegTable extra) throws IOException
    {
        final long fromHour = IntervalSweep.hourOf(fromNs);
        final long toHour = IntervalSweep.hourOf(Math.max(fromNs, toNs - 1));
        try (Journal journal = Journal.openExisting(spool.journal()))
        {
            final ConcurrentCallsStats stats = ConcurrentCallsStats.withDefaultRetention();
            StatsFile.load(spool.channelStats(), stats);
            stats.upsert(StatsRebuild.recompute(journal, fromHour, toHour, license, extra));
            StatsFile.save(spool.channelStats(), stats);
        }
    }

    /**
     * Recomputes every hour from the journal and replaces the stored stats.
     *
     * @param spool          the spool.
     * @param license        license channel rules.
     * @param journalMissing what a spool without a journal means: {@link MissingJournal#EMPTY} empty stats (a purge,
     *                       an import that journaled nothing), {@link MissingJournal#ERROR} an error, and nothing is
     *                       written ({@code channels rebuild} on the wrong folder).
     * @return the stats written.
     * @throws IOException           if the journal cannot be read or the stats not written.
     * @throws IllegalStateException with one line when there is no journal and that is an error.
     */
    public static ConcurrentCallsStats rebuild(final Spool spool, final LicenseChannelSettings license,
        final MissingJournal journalMissing) throws IOException
    {
        final ConcurrentCallsStats stats = ConcurrentCallsStats.withDefaultRetention();
        if (journalMissing == MissingJournal.ERROR || Files.isDirectory(spool.journal()))
        {
            // opened once: Journal.openExisting says "no CDR journal at ..." when it is missing
            try (Journal journal = Journal.openExisting(spool.journal()))
            {
                stats.upsert(StatsRebuild.recompute(journal, Long.MIN_VALUE, Long.MAX_VALUE, license));
            }
        }
        StatsFile.save(spool.channelStats(), stats);
        return stats;
    }

    /**
     * What {@link #rebuild} makes of a spool without a journal.
     */
    public enum MissingJournal
    {
        /** No journal: no legs, so empty stats. */
        EMPTY,
        /** No journal: the spool is not what the caller meant; an error. */
        ERROR
    }

    /**
     * Stores hours computed by a run whose journal holds exactly its own legs (no need to read them back).
     *
     * @param spool the spool.
     * @param hours the run's hours.
     * @throws IOException if the stats cannot be written.
     */
    public static void replace(final Spool spool, final Collection<ChannelReport.HourRow> hours) throws IOException
    {
        final ConcurrentCallsStats stats = ConcurrentCallsStats.withDefaultRetention();
        stats.upsert(hours);
        StatsFile.save(spool.channelStats(), stats);
    }

    /**
     * @param spool the spool.
     * @return the stored stats (empty when there are none yet).
     * @throws IOException if the stats file is damaged or unreadable.
     */
    public static ConcurrentCallsStats load(final Spool spool) throws IOException
    {
        final ConcurrentCallsStats stats = ConcurrentCallsStats.withDefaultRetention();
        StatsFile.load(spool.channelStats(), stats);
        return stats;
    }
}
