package io.sipsensor.channel;

import java.util.TreeMap;

/**
 * What one {@link IntervalSweep} found: the peaks of the plain and deduplicated counts, the first instant each was
 * reached, and per-hour statistics for every hour in which the count was sampled.
 *
 * @param peak        maximum concurrent intervals.
 * @param peakAtNs    first instant the peak was reached, or Long.MIN_VALUE if there were no intervals.
 * @param peakDedup   maximum distinct keys among concurrent intervals.
 * @param peakDedupAtNs first instant the dedup peak was reached.
 * @param hours       statistics by hour index.
 */
public record SweepResult(long peak, long peakAtNs, long peakDedup, long peakDedupAtNs, TreeMap<Long, HourStats> hours)
{
    /**
     * @param hour hour index.
     * @return the hour's maximum, 0 when nothing was active in it.
     */
    public long hourMax(final long hour)
    {
        final HourStats stats = hours.get(hour);
        return stats == null ? 0 : stats.max();
    }

    /**
     * @param hour hour index.
     * @return the hour's deduplicated maximum, 0 when nothing was active in it.
     */
    public long hourMaxDedup(final long hour)
    {
        final HourStats stats = hours.get(hour);
        return stats == null ? 0 : stats.maxDedup();
    }

    /**
     * @param hour hour index.
     * @return first instant of the hour's maximum, Long.MIN_VALUE if nothing was active in it.
     */
    public long hourMaxAtNs(final long hour)
    {
        final HourStats stats = hours.get(hour);
        return stats == null ? Long.MIN_VALUE : stats.maxAtNs();
    }

    /**
     * @param hour hour index.
     * @return the hour's time-weighted mean, 0 when nothing was active in it.
     */
    public double hourMean(final long hour)
    {
        final HourStats stats = hours.get(hour);
        return stats == null ? 0 : stats.mean();
    }
}
