package io.sipsensor.channel;

import java.util.Arrays;

/**
 * A binary min-heap of interval events (time, key, start or end) in primitive columns, for the
 * {@link StreamingSweep}'s reorder window. Events come nearly in time order, so it stays as small as the window.
 * Single writer; allocates only when it grows.
 */
final class EventHeap
{
    private long[] times = new long[1024];
    private long[] keys = new long[1024];
    private boolean[] starts = new boolean[1024];
    private int size;

    void push(final long timeNs, final long key, final boolean start)
    {
        if (size == times.length)
        {
            times = Arrays.copyOf(times, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
            starts = Arrays.copyOf(starts, size * 2);
        }
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (times[parent] <= timeNs)
            {
                break;
            }
            move(parent, i);
            i = parent;
        }
        times[i] = timeNs;
        keys[i] = key;
        starts[i] = start;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    int size()
    {
        return size;
    }

    /** @return the earliest event's time; only when not empty. */
    long time()
    {
        return times[0];
    }

    /** @return the earliest event's key. */
    long key()
    {
        return keys[0];
    }

    /** @return whether the earliest event is a start. */
    boolean isStart()
    {
        return starts[0];
    }

    /** Removes the earliest event. */
    void pop()
    {
        final int last = --size;
        if (last == 0)
        {
            return;
        }
        final long time = times[last];
        int i = 0;
        while (true)
        {
            int child = (i << 1) + 1;
            if (child >= last)
            {
                break;
            }
            if (child + 1 < last && times[child + 1] < times[child])
            {
                child++;
            }
            if (times[child] >= time)
            {
                break;
            }
            move(child, i);
            i = child;
        }
        move(last, i);
    }

    private void move(final int from, final int to)
    {
        times[to] = times[from];
        keys[to] = keys[from];
        starts[to] = starts[from];
    }
}
