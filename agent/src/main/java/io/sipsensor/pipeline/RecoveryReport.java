package io.sipsensor.pipeline;

import io.sipsensor.channel.ChannelStatsUpdate;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.spool.Spool;

import java.io.IOException;
import java.io.PrintStream;

/**
 * The one line a run prints when it opens a spool's journal that already holds CDRs: how many, how many were caught
 * up after an interrupted run, what retention removed, how many hours of channel statistics the spool has, and what
 * happens to legs journaled again. Nothing for a new spool.
 */
public final class RecoveryReport
{
    private RecoveryReport()
    {
    }

    /**
     * @param err       where the line goes.
     * @param spool     the spool.
     * @param recovery  what opening found.
     * @param reprocess whether the run replaces legs it journals again.
     */
    public static void print(final PrintStream err, final Spool spool, final JournalWriter.Recovery recovery,
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
            line.append(", channel stats for ").append(ChannelStatsUpdate.load(spool).hours().size())
                .append(" hour(s)");
        }
        catch (final IOException | RuntimeException ex)
        {
            line.append(", channel stats unreadable (rebuilt after this run)");
        }
        line.append(reprocess ? "; reprocessing: legs of this input's time range will be replaced" :
            "; legs already journaled are skipped");
        err.println(line);
    }
}
