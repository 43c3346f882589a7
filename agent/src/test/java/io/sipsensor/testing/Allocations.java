package io.sipsensor.testing;

import java.lang.management.ManagementFactory;

/**
 * Measures what the current thread allocates. A hot path that allocates per item allocates in every round; the
 * JIT's one-off work (deoptimisation when compiled code arrives late on a loaded machine) shows in one round at
 * most, so tests take the least of a few rounds.
 */
public final class Allocations
{
    private Allocations()
    {
    }

    /**
     * @param rounds rounds to run at most (stops early once a round allocates under 1 KiB).
     * @param round  the work of one round.
     * @return the fewest bytes any round allocated.
     */
    public static long leastOf(final int rounds, final Runnable round)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < rounds && least >= 1024; i++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            round.run();
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
