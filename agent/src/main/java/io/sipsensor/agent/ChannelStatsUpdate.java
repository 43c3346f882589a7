package io.sipsensor.agent;

import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.channel.IntervalSweep;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.channel.StatsFile;
import io.sipsensor.channel.StatsRebuild;
import io.sipsensor.journal.Journal;

import java.io.IOException;

/**
 * Brings the spool's Concurrent Calls Stats up to date for a span of time, recomputed from the whole CDR journal
 * (so legs journaled by other runs in the same hours count too): what a live run does when it stops, so the hours
 * it touched, including the unfinished last one, are exact.
 */
final class ChannelStatsUpdate
{
    private ChannelStatsUpdate()
    {
    }

    /**
     * @param spool   the spool.
     * @param fromNs  earliest leg start of the span.
     * @param toNs    latest leg end of the span.
     * @param license license channel rules.
     * @throws IOException if the stats cannot be read or written.
     */
    static void recompute(final Spool spool, final long fromNs, final long toNs,
        final LicenseChannelSettings license) throws IOException
    {
        final long fromHour = IntervalSweep.hourOf(fromNs);
        final long toHour = IntervalSweep.hourOf(Math.max(fromNs, toNs - 1));
        try (Journal journal = Journal.openExisting(spool.journal()))
        {
            final ConcurrentCallsStats stats = new ConcurrentCallsStats(
                ConcurrentCallsStats.DEFAULT_HOUR_RETENTION_DAYS, ConcurrentCallsStats.DEFAULT_DAY_RETENTION_DAYS);
            StatsFile.load(spool.channelStats(), stats);
            stats.upsert(StatsRebuild.recompute(journal, fromHour, toHour, license));
            StatsFile.save(spool.channelStats(), stats);
        }
    }
}
