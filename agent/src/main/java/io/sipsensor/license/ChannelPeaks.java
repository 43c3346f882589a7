package io.sipsensor.license;

import io.sipsensor.channel.LicenseChannels;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link LicensePeaks} over merged license channels: channels are kept sorted by start, so a span's peak sweeps
 * only the channels that can touch it (those starting less than the longest channel's duration before it). Each
 * span's answer is remembered, since evaluations over many instants ask for the same complete days again.
 * Allocates; not a packet path. One thread.
 */
final class ChannelPeaks implements LicensePeaks
{
    private static final long NS_PER_SECOND = 1_000_000_000L;

    private final long[] starts;
    private final long[] ends;
    private final int count;
    private final long longest;
    private final long latestEnd;
    private final Map<Long, Map<Long, Long>> memo = new HashMap<>();
    private final Map<String, Long> firstAboveMemo = new HashMap<>();

    ChannelPeaks(final LicenseChannels channels)
    {
        count = channels.count();
        final Integer[] order = new Integer[count];
        for (int c = 0; c < count; c++)
        {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Long.compare(channels.start(a), channels.start(b)));
        starts = new long[count];
        ends = new long[count];
        long max = 0;
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < count; i++)
        {
            starts[i] = channels.start(order[i]);
            ends[i] = channels.end(order[i]);
            max = Math.max(max, ends[i] - starts[i]);
            latest = Math.max(latest, ends[i]);
        }
        longest = max;
        latestEnd = latest;
    }

    @Override
    public long peak(final Instant from, final Instant to)
    {
        final long fromNs = nanos(from);
        final long toNs = nanos(to);
        if (fromNs >= toNs || count == 0)
        {
            return 0;
        }
        return memo.computeIfAbsent(fromNs, ignore -> new HashMap<>()).computeIfAbsent(toNs,
            ignore -> sweep(fromNs, toNs));
    }

    @Override
    public Instant firstActivity()
    {
        for (int i = 0; i < count; i++)
        {
            if (ends[i] > starts[i])
            {
                return Instant.ofEpochSecond(Math.floorDiv(starts[i], NS_PER_SECOND),
                    Math.floorMod(starts[i], NS_PER_SECOND));
            }
        }
        return null;
    }

    @Override
    public Instant lastActivity()
    {
        return count == 0 ? null :
            Instant.ofEpochSecond(Math.floorDiv(latestEnd, NS_PER_SECOND), Math.floorMod(latestEnd, NS_PER_SECOND));
    }

    @Override
    public Instant firstAbove(final Instant from, final Instant to, final long limit)
    {
        final long fromNs = nanos(from);
        final long toNs = nanos(to);
        if (fromNs >= toNs || count == 0)
        {
            return null;
        }
        final long at = firstAboveMemo.computeIfAbsent(fromNs + "/" + toNs + "/" + limit,
            ignore -> sweep(fromNs, toNs, limit));
        return at == Long.MIN_VALUE ? null :
            Instant.ofEpochSecond(Math.floorDiv(at, NS_PER_SECOND), Math.floorMod(at, NS_PER_SECOND));
    }

    private long sweep(final long fromNs, final long toNs)
    {
        return sweep(fromNs, toNs, -1);
    }

    /**
     * @param limit -1 for the peak; else the first time more than limit channels are active is returned
     *              (Long.MIN_VALUE when never).
     */
    private long sweep(final long fromNs, final long toNs, final long limit)
    {
        final int first = lowerBound(fromNs - longest);
        int n = 0;
        long[] clippedStarts = new long[16];
        long[] clippedEnds = new long[16];
        for (int i = first; i < count && starts[i] < toNs; i++)
        {
            final long start = Math.max(starts[i], fromNs);
            final long end = Math.min(ends[i], toNs);
            if (start < end)
            {
                if (n == clippedStarts.length)
                {
                    clippedStarts = Arrays.copyOf(clippedStarts, n * 2);
                    clippedEnds = Arrays.copyOf(clippedEnds, n * 2);
                }
                clippedStarts[n] = start;
                clippedEnds[n] = end;
                n++;
            }
        }
        // half-open spans: at equal times an end is taken before a start
        final long[] sortedStarts = Arrays.copyOf(clippedStarts, n);
        final long[] sortedEnds = Arrays.copyOf(clippedEnds, n);
        Arrays.sort(sortedStarts);
        Arrays.sort(sortedEnds);
        long active = 0;
        long peak = 0;
        int e = 0;
        for (int s = 0; s < n; s++)
        {
            while (e < n && sortedEnds[e] <= sortedStarts[s])
            {
                e++;
                active--;
            }
            active++;
            if (limit >= 0 && active > limit)
            {
                return sortedStarts[s];
            }
            peak = Math.max(peak, active);
        }
        return limit >= 0 ? Long.MIN_VALUE : peak;
    }

    private int lowerBound(final long ns)
    {
        int low = 0;
        int high = count;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (starts[mid] < ns)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    static long nanos(final Instant instant)
    {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NS_PER_SECOND), instant.getNano());
    }
}
