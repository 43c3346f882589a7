package io.sipsensor.channel;

import org.agrona.collections.Long2LongHashMap;

import java.util.TreeMap;

/**
 * Counts concurrent half-open intervals {@code [start, end)}: at instant t an interval is active when
 * {@code start <= t < end}, so an interval ending at t and another starting at t never overlap. Also counts distinct
 * keys among the active intervals, and keeps per-UTC-hour maxima and time integrals.
 * <p>
 * Events are sorted by time with ends before starts at equal times; the counts are sampled after all events of an
 * instant are applied, and carried into every hour they span. Empty intervals ({@code end <= start}) are never
 * active. Runs in O(n log n); allocates its working arrays (not a per-packet path).
 */
public final class IntervalSweep
{
    private IntervalSweep()
    {
    }

    /**
     * @param starts interval starts, ns.
     * @param ends   interval ends (exclusive), ns.
     * @param keys   dedup key of each interval.
     * @param count  number of intervals (prefix of the arrays).
     * @return peaks and hourly statistics.
     */
    public static SweepResult sweep(final long[] starts, final long[] ends, final long[] keys, final int count)
    {
        // Event keys: time shifted left with the low bit 1 for a start, so at equal times ends sort first.
        int eventCount = 0;
        final long[] eventKeys = new long[count * 2];
        final int[] events = new int[count * 2];
        for (int i = 0; i < count; i++)
        {
            if (starts[i] < ends[i])
            {
                eventKeys[eventCount] = ends[i] << 1;
                events[eventCount++] = i << 1;         // end event
                eventKeys[eventCount] = (starts[i] << 1) | 1;
                events[eventCount++] = (i << 1) | 1;   // start event
            }
        }
        RadixSort.sort(eventKeys, events, eventCount);

        final Hours hours = new Hours();
        final Long2LongHashMap keyCounts = new Long2LongHashMap(0L);
        long raw = 0;
        long dedup = 0;
        long peak = 0;
        long peakAt = Long.MIN_VALUE;
        long peakDedup = 0;
        long peakDedupAt = Long.MIN_VALUE;
        long lastTime = Long.MIN_VALUE;

        int e = 0;
        while (e < eventCount)
        {
            final long time = eventTime(events[e], starts, ends);
            if (lastTime != Long.MIN_VALUE && raw > 0)
            {
                carry(hours, lastTime, time, raw, dedup);
            }

            while (e < eventCount && eventTime(events[e], starts, ends) == time)
            {
                final int event = events[e++];
                final long key = keys[event >>> 1];
                if ((event & 1) == 1)
                {
                    raw++;
                    final long previous = keyCounts.get(key);
                    keyCounts.put(key, previous + 1);
                    if (previous == 0)
                    {
                        dedup++;
                    }
                }
                else
                {
                    raw--;
                    final long previous = keyCounts.get(key);
                    if (previous <= 1)
                    {
                        keyCounts.remove(key);
                        dedup--;
                    }
                    else
                    {
                        keyCounts.put(key, previous - 1);
                    }
                }
            }

            record(hours.get(hourOf(time)), time, raw, dedup);
            if (raw > peak)
            {
                peak = raw;
                peakAt = time;
            }
            if (dedup > peakDedup)
            {
                peakDedup = dedup;
                peakDedupAt = time;
            }
            lastTime = time;
        }

        return new SweepResult(peak, peakAt, peakDedup, peakDedupAt, hours.byHour);
    }

    /**
     * @param timeNs an instant, ns since the epoch.
     * @return its UTC hour index.
     */
    public static long hourOf(final long timeNs)
    {
        return Math.floorDiv(timeNs, HourStats.HOUR_NS);
    }

    /**
     * The counts held constant on {@code [from, to)}: add to each hour's integral, and to the maximum of every hour
     * that starts strictly inside the span (the hour of {@code from} was sampled at {@code from}).
     */
    static void carry(final Hours hours, final long from, final long to, final long raw, final long dedup)
    {
        long hour = hourOf(from);
        long segmentStart = from;
        while (segmentStart < to)
        {
            final long hourEnd = (hour + 1) * HourStats.HOUR_NS;
            final long segmentEnd = Math.min(hourEnd, to);
            final HourStats stats = hours.get(hour);
            stats.integralNs += (segmentEnd - segmentStart) * raw;
            if (segmentStart > from)
            {
                record(stats, segmentStart, raw, dedup);
            }
            segmentStart = segmentEnd;
            hour++;
        }
    }

    /** The hours seen so far, with the current one at hand (events come in time order, mostly in one hour). */
    static final class Hours
    {
        final TreeMap<Long, HourStats> byHour;
        private long currentHour = Long.MIN_VALUE;
        private HourStats current;

        Hours()
        {
            this(new TreeMap<>());
        }

        Hours(final TreeMap<Long, HourStats> byHour)
        {
            this.byHour = byHour;
        }

        HourStats get(final long hour)
        {
            if (hour != currentHour)
            {
                currentHour = hour;
                current = byHour.computeIfAbsent(hour, HourStats::new);
            }
            return current;
        }
    }

    static void record(final HourStats stats, final long timeNs, final long raw, final long dedup)
    {
        if (raw > stats.max || stats.maxAtNs == Long.MIN_VALUE && raw > 0)
        {
            stats.max = raw;
            stats.maxAtNs = timeNs;
        }
        if (dedup > stats.maxDedup)
        {
            stats.maxDedup = dedup;
            stats.maxDedupAtNs = timeNs;
        }
    }

    private static long eventTime(final int event, final long[] starts, final long[] ends)
    {
        return (event & 1) == 1 ? starts[event >>> 1] : ends[event >>> 1];
    }

}
