package io.sipsensor.channel;

import org.agrona.collections.Long2LongHashMap;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link IntervalSweep} of one view computed while the intervals happen: starts and ends are pushed as they become
 * known, held in a reorder window ({@link EventHeap}) and applied in time order once the caller says no earlier event
 * can still come ({@link #releaseBefore}). The hour statistics it keeps are the sweep's, sample for sample. An event
 * that comes after the sweep passed its time (a leg that ended by a timeout long before it was emitted) still
 * corrects the counts from then on, and marks the hours it spans dirty: {@link #repair} recomputes them exactly from
 * the intervals, so the result never depends on how late an event came, only the work does.
 * <p>
 * Single writer; no allocation per event once the heap and the key table have grown (one {@link HourStats} per hour).
 */
final class StreamingSweep
{
    private final EventHeap pending = new EventHeap();
    private final Long2LongHashMap keyCounts = new Long2LongHashMap(0L);
    private final IntervalSweep.Hours hours = new IntervalSweep.Hours(new TreeMap<>());
    private long raw;
    private long dedup;
    private long instantNs = Long.MIN_VALUE;
    private long dirtyFromHour = Long.MAX_VALUE;
    private long dirtyToHour = Long.MIN_VALUE;

    /**
     * @param timeNs when the interval starts.
     * @param key    its dedup key.
     */
    void start(final long timeNs, final long key)
    {
        pending.push(timeNs, key, true);
    }

    /**
     * @param timeNs when the interval ends (exclusive); not before its start.
     * @param key    its dedup key.
     */
    void end(final long timeNs, final long key)
    {
        pending.push(timeNs, key, false);
    }

    /**
     * Applies every held event earlier than a time.
     *
     * @param timeNs no event earlier than this can still be pushed (except late ones, which are repaired).
     */
    void releaseBefore(final long timeNs)
    {
        final EventHeap pending = this.pending;
        while (!pending.isEmpty() && pending.time() < timeNs)
        {
            apply(pending.time(), pending.key(), pending.isStart());
            pending.pop();
        }
    }

    /**
     * Applies everything held and samples the last instant.
     */
    void finish()
    {
        releaseBefore(Long.MAX_VALUE);
        if (instantNs != Long.MIN_VALUE)
        {
            IntervalSweep.record(hours.get(IntervalSweep.hourOf(instantNs)), instantNs, raw, dedup);
        }
    }

    /** @return events held in the reorder window. */
    int held()
    {
        return pending.size();
    }

    /** @return whether a late event made some hours dirty. */
    boolean isDirty()
    {
        return dirtyFromHour <= dirtyToHour;
    }

    /**
     * Recomputes the dirty hours from the intervals (after {@link #finish}).
     *
     * @param starts interval starts.
     * @param ends   interval ends.
     * @param keys   interval keys.
     * @param count  intervals.
     */
    void repair(final long[] starts, final long[] ends, final long[] keys, final int count)
    {
        if (!isDirty())
        {
            return;
        }
        final long fromNs = dirtyFromHour * HourStats.HOUR_NS;
        final long toNs = (dirtyToHour + 1) * HourStats.HOUR_NS;
        final long[] subStarts = new long[count];
        final long[] subEnds = new long[count];
        final long[] subKeys = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++)
        {
            if (starts[i] < toNs && ends[i] > fromNs)
            {
                subStarts[n] = starts[i];
                subEnds[n] = ends[i];
                subKeys[n++] = keys[i];
            }
        }
        final TreeMap<Long, HourStats> exact = IntervalSweep.sweep(subStarts, subEnds, subKeys, n).hours();
        hours.byHour.subMap(dirtyFromHour, true, dirtyToHour, true).clear();
        hours.byHour.putAll(exact.subMap(dirtyFromHour, true, dirtyToHour, true));
        dirtyFromHour = Long.MAX_VALUE;
        dirtyToHour = Long.MIN_VALUE;
    }

    /**
     * @return the sweep's result: the peaks are the hours' (the first hour to reach a peak holds its first instant).
     */
    SweepResult result()
    {
        long peak = 0;
        long peakAt = Long.MIN_VALUE;
        long peakDedup = 0;
        long peakDedupAt = Long.MIN_VALUE;
        for (final Map.Entry<Long, HourStats> entry : hours.byHour.entrySet())
        {
            final HourStats stats = entry.getValue();
            if (stats.max > peak)
            {
                peak = stats.max;
                peakAt = stats.maxAtNs;
            }
            if (stats.maxDedup > peakDedup)
            {
                peakDedup = stats.maxDedup;
                peakDedupAt = stats.maxDedupAtNs;
            }
        }
        return new SweepResult(peak, peakAt, peakDedup, peakDedupAt, hours.byHour);
    }

    private void apply(final long timeNs, final long key, final boolean start)
    {
        if (timeNs > instantNs)
        {
            if (instantNs != Long.MIN_VALUE)
            {
                // every event of the previous instant is in: sample it, then carry its counts up to this one
                IntervalSweep.record(hours.get(IntervalSweep.hourOf(instantNs)), instantNs, raw, dedup);
                if (raw > 0)
                {
                    IntervalSweep.carry(hours, instantNs, timeNs, raw, dedup);
                }
            }
            instantNs = timeNs;
        }
        else if (timeNs < instantNs)
        {
            dirtyFromHour = Math.min(dirtyFromHour, IntervalSweep.hourOf(timeNs));
            dirtyToHour = Math.max(dirtyToHour, IntervalSweep.hourOf(instantNs));
        }
        // Within an instant the heap gives no order, so an interval's end may come before its start (one that ends
        // where it starts): a key's count may dip below zero until the instant is complete.
        final long previous = keyCounts.get(key);
        final long next = start ? previous + 1 : previous - 1;
        raw += start ? 1 : -1;
        if (next == 0)
        {
            keyCounts.remove(key);
        }
        else
        {
            keyCounts.put(key, next);
        }
        if (previous <= 0 && next > 0)
        {
            dedup++;
        }
        else if (previous > 0 && next <= 0)
        {
            dedup--;
        }
    }
}
