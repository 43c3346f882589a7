package io.sipsensor.channel;

import io.sipsensor.call.CallState;

import java.util.Arrays;

/**
 * The time columns of a set of legs, as primitive arrays that grow by doubling: what channel counting needs
 * (start, connect, end, dedup key, final code) and nothing else. Times are ns; {@link CallState#NO_TIME} marks a
 * leg that never connected. Owned by one thread.
 */
public final class LegTable
{
    private long[] starts;
    private long[] connects;
    private long[] ends;
    private long[] keys;
    private int[] finalCodes;
    private int size;

    /**
     * @param initialCapacity legs before the first growth.
     */
    public LegTable(final int initialCapacity)
    {
        final int capacity = Math.max(16, initialCapacity);
        starts = new long[capacity];
        connects = new long[capacity];
        ends = new long[capacity];
        keys = new long[capacity];
        finalCodes = new int[capacity];
    }

    /**
     * @param startNs   first INVITE.
     * @param connectNs first 2xx, or {@link CallState#NO_TIME}.
     * @param endNs     end by the leg definitions.
     * @param key       dedup key from {@link DedupKeys}.
     * @param finalCode final response code, 0 if none.
     * @return index of the added leg.
     */
    public int add(final long startNs, final long connectNs, final long endNs, final long key, final int finalCode)
    {
        if (size == starts.length)
        {
            final int capacity = size * 2;
            starts = Arrays.copyOf(starts, capacity);
            connects = Arrays.copyOf(connects, capacity);
            ends = Arrays.copyOf(ends, capacity);
            keys = Arrays.copyOf(keys, capacity);
            finalCodes = Arrays.copyOf(finalCodes, capacity);
        }
        starts[size] = startNs;
        connects[size] = connectNs;
        ends[size] = endNs;
        keys[size] = key;
        finalCodes[size] = finalCode;
        return size++;
    }

    /** @return number of legs. */
    public int size()
    {
        return size;
    }

    /** @param i leg index. @return start, ns. */
    public long start(final int i)
    {
        return starts[i];
    }

    /** @param i leg index. @return connect, ns, or NO_TIME. */
    public long connect(final int i)
    {
        return connects[i];
    }

    /** @param i leg index. @return end, ns. */
    public long end(final int i)
    {
        return ends[i];
    }

    /** @param i leg index. @return dedup key. */
    public long key(final int i)
    {
        return keys[i];
    }

    /** @param i leg index. @return final code, 0 if none. */
    public int finalCode(final int i)
    {
        return finalCodes[i];
    }

    /**
     * @return the earliest start, or Long.MAX_VALUE when empty.
     */
    public long earliestStart()
    {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++)
        {
            earliest = Math.min(earliest, starts[i]);
        }
        return earliest;
    }

    /**
     * @return the latest end, or Long.MIN_VALUE when empty.
     */
    public long latestEnd()
    {
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < size; i++)
        {
            latest = Math.max(latest, Math.max(ends[i], starts[i]));
        }
        return latest;
    }

    long[] startsArray()
    {
        return starts;
    }

    long[] endsArray()
    {
        return ends;
    }

    long[] keysArray()
    {
        return keys;
    }
}
