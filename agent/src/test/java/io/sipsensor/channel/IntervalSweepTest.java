package io.sipsensor.channel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IntervalSweepTest
{
    private static final long S = 1_000_000_000L;
    private static final long BASE = 1_795_341_600L * S; // an hour boundary

    @Test
    void shouldNotOverlapLegEndingWhenAnotherStarts()
    {
        final SweepResult result = sweep(new long[][]{{0, 10}, {10, 20}}, new long[]{1, 1});
        assertEquals(1, result.peak());
        assertEquals(1, result.peakDedup());
    }

    @Test
    void shouldCountOverlapAtSharedInstant()
    {
        final SweepResult result = sweep(new long[][]{{0, 11}, {10, 20}}, new long[]{1, 2});
        assertEquals(2, result.peak());
        assertEquals(BASE + 10 * S, result.peakAtNs());
    }

    @Test
    void shouldDeduplicateEqualKeys()
    {
        final SweepResult result = sweep(new long[][]{{0, 30}, {5, 30}, {6, 30}}, new long[]{7, 7, 8});
        assertEquals(3, result.peak());
        assertEquals(2, result.peakDedup());
    }

    @Test
    void shouldIgnoreEmptyIntervals()
    {
        final SweepResult result = sweep(new long[][]{{5, 5}, {6, 4}}, new long[]{1, 2});
        assertEquals(0, result.peak());
    }

    @Test
    void shouldCarryActiveLegIntoNextHour()
    {
        // One leg from 59:00 of hour 0 to 10:00 of hour 2: it counts in hours 0, 1 and 2.
        final SweepResult result = sweep(new long[][]{{3540, 7800}}, new long[]{1});
        final long hour0 = IntervalSweep.hourOf(BASE);
        assertEquals(1, result.hourMax(hour0));
        assertEquals(1, result.hourMax(hour0 + 1));
        assertEquals(1, result.hourMax(hour0 + 2));
        assertEquals(60.0 / 3600, result.hourMean(hour0), 1e-9);
        assertEquals(1.0, result.hourMean(hour0 + 1), 1e-9);
    }

    @Test
    void shouldNotCountLegEndingExactlyAtHourStartInThatHour()
    {
        final SweepResult result = sweep(new long[][]{{100, 3600}}, new long[]{1});
        final long hour0 = IntervalSweep.hourOf(BASE);
        assertEquals(1, result.hourMax(hour0));
        assertEquals(0, result.hourMax(hour0 + 1));
    }

    @Test
    void shouldMatchBruteForceOnRandomIntervals()
    {
        final Random random = new Random(42);
        for (int round = 0; round < 50; round++)
        {
            final int n = 1 + random.nextInt(60);
            final long[][] intervals = new long[n][2];
            final long[] keys = new long[n];
            for (int i = 0; i < n; i++)
            {
                final long start = random.nextInt(100);
                intervals[i][0] = start;
                intervals[i][1] = start + random.nextInt(30) - 3;
                keys[i] = random.nextInt(8);
            }
            final SweepResult result = sweep(intervals, keys);

            long peak = 0;
            long peakDedup = 0;
            for (long t = -5; t < 140; t++)
            {
                int count = 0;
                final boolean[] seen = new boolean[8];
                int distinct = 0;
                for (int i = 0; i < n; i++)
                {
                    if (intervals[i][0] <= t && t < intervals[i][1])
                    {
                        count++;
                        if (!seen[(int)keys[i]])
                        {
                            seen[(int)keys[i]] = true;
                            distinct++;
                        }
                    }
                }
                peak = Math.max(peak, count);
                peakDedup = Math.max(peakDedup, distinct);
            }
            assertEquals(peak, result.peak(), "round " + round);
            assertEquals(peakDedup, result.peakDedup(), "round " + round);
        }
    }

    private static SweepResult sweep(final long[][] intervalsSeconds, final long[] keys)
    {
        final int n = intervalsSeconds.length;
        final long[] starts = new long[n];
        final long[] ends = new long[n];
        for (int i = 0; i < n; i++)
        {
            starts[i] = BASE + intervalsSeconds[i][0] * S;
            ends[i] = BASE + intervalsSeconds[i][1] * S;
        }
        return IntervalSweep.sweep(starts, ends, keys, n);
    }
}
