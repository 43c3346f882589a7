package io.sipsensor.channel;

import java.util.Arrays;

/**
 * Completed legs of the recent past, in completion order, as primitive columns in a ring that grows by doubling:
 * what the tracker needs to compute an hour exactly when it closes or when a late leg reopens it. Legs that ended
 * more than the late window before the watermark are dropped from the front. Single writer; no allocation once
 * grown to the working set.
 */
final class RecentLegs
{
    private long[] starts = new long[1024];
    private long[] connects = new long[1024];
    private long[] ends = new long[1024];
    private long[] keys = new long[1024];
    private int[] finalCodes = new int[1024];
    private int head;
    private int size;

    void add(final long startNs, final long connectNs, final long endNs, final long key, final int finalCode)
    {
        if (size == starts.length)
        {
            grow();
        }
        final int index = (head + size) & (starts.length - 1);
        starts[index] = startNs;
        connects[index] = connectNs;
        ends[index] = endNs;
        keys[index] = key;
        finalCodes[index] = finalCode;
        size++;
    }

    /**
     * @param oldestEndNs legs that ended before this are dropped (from the front, in completion order).
     */
    void evictEndedBefore(final long oldestEndNs)
    {
        while (size > 0 && ends[head] < oldestEndNs)
        {
            head = (head + 1) & (starts.length - 1);
            size--;
        }
    }

    int size()
    {
        return size;
    }

    /**
     * Adds the legs that overlap {@code [fromNs, toNs)} (or start in it) to a table.
     *
     * @param fromNs range start.
     * @param toNs   range end.
     * @param table  receives the legs.
     */
    void copyOverlapping(final long fromNs, final long toNs, final LegTable table)
    {
        final int mask = starts.length - 1;
        for (int i = 0; i < size; i++)
        {
            final int index = (head + i) & mask;
            if (starts[index] < toNs && (ends[index] > fromNs || starts[index] >= fromNs))
            {
                table.add(starts[index], connects[index], ends[index], keys[index], finalCodes[index]);
            }
        }
    }

    private void grow()
    {
        final int capacity = starts.length * 2;
        starts = unroll(starts, capacity);
        connects = unroll(connects, capacity);
        ends = unroll(ends, capacity);
        keys = unroll(keys, capacity);
        final int[] codes = new int[capacity];
        for (int i = 0; i < size; i++)
        {
            codes[i] = finalCodes[(head + i) & (finalCodes.length - 1)];
        }
        finalCodes = codes;
        head = 0;
    }

    private long[] unroll(final long[] column, final int capacity)
    {
        final long[] grown = Arrays.copyOf(new long[0], capacity);
        for (int i = 0; i < size; i++)
        {
            grown[i] = column[(head + i) & (column.length - 1)];
        }
        return grown;
    }
}
