package io.sipsensor.journal;

import java.util.concurrent.TimeUnit;

/**
 * How the journal is kept.
 *
 * @param retentionDays  journal roll cycles (days) older than this are removed, never the current one; 0 keeps all.
 * @param minFreeBytes   below this much free space on the spool's file system the journal stops writing and keeps
 *                       CDRs in memory until space returns.
 * @param overflowBytes  most bytes of CDRs kept in memory while the journal cannot write; beyond, legs are counted
 *                       as lost.
 * @param closeWaitNs    at shutdown, how long to wait for space to write CDRs still held in memory.
 */
public record JournalSettings(int retentionDays, long minFreeBytes, long overflowBytes, long closeWaitNs)
{
    /**
     * @return 90 days, 64 MiB free, 64 MiB in memory, 30 s wait.
     */
    public static JournalSettings defaults()
    {
        return new JournalSettings(90, 64L << 20, 64L << 20, TimeUnit.SECONDS.toNanos(30));
    }
}
