package io.sipsensor.channel;

/**
 * Concurrency within one UTC clock hour {@code [hour * 3600 s, (hour + 1) * 3600 s)} for one view: the maximum
 * plain and deduplicated count at any instant of the hour, and the time integral of the plain count (for the mean).
 * Mutable, filled by {@link IntervalSweep}.
 */
public final class HourStats
{
    /** Nanoseconds in an hour. */
    public static final long HOUR_NS = 3_600_000_000_000L;

    private final long hour;
    long max;
    long maxAtNs = Long.MIN_VALUE;
    long maxDedup;
    long maxDedupAtNs = Long.MIN_VALUE;
    /** Sum of count x ns over the hour; integral, so the order of the pieces it is summed in does not matter. */
    long integralNs;

    HourStats(final long hour)
    {
        this.hour = hour;
    }

    /** @return hour index: epoch seconds of its start / 3600. */
    public long hour()
    {
        return hour;
    }

    /** @return epoch seconds of the window start. */
    public long windowStartSeconds()
    {
        return hour * 3600;
    }

    /** @return epoch seconds of the window end (exclusive). */
    public long windowEndSeconds()
    {
        return (hour + 1) * 3600;
    }

    /** @return maximum concurrent intervals at any instant of the hour. */
    public long max()
    {
        return max;
    }

    /** @return first instant in the hour at which {@link #max()} was reached (Long.MIN_VALUE if never active). */
    public long maxAtNs()
    {
        return maxAtNs;
    }

    /** @return maximum distinct keys among concurrent intervals at any instant of the hour. */
    public long maxDedup()
    {
        return maxDedup;
    }

    /** @return first instant in the hour at which {@link #maxDedup()} was reached (Long.MIN_VALUE if never). */
    public long maxDedupAtNs()
    {
        return maxDedupAtNs;
    }

    /** @return time-weighted mean of the plain count over the whole hour. */
    public double mean()
    {
        return (double)integralNs / HOUR_NS;
    }
}
