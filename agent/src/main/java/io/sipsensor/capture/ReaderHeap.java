package io.sipsensor.capture;

/**
 * Binary min-heap of open readers keyed by the capture time of each reader's current frame, ties broken by the
 * file's position in the sorted list, so the merged order is deterministic. Arrays are sized once for the most
 * readers that can be open; no allocation after construction. Single thread.
 */
final class ReaderHeap
{
    private final CaptureFileReader[] readers;
    private final long[] timestamps;
    private final int[] orders;
    private int size;

    ReaderHeap(final int capacity)
    {
        readers = new CaptureFileReader[capacity];
        timestamps = new long[capacity];
        orders = new int[capacity];
    }

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    CaptureFileReader top()
    {
        return readers[0];
    }

    long topTimestampNs()
    {
        return timestamps[0];
    }

    int topOrder()
    {
        return orders[0];
    }

    CaptureFileReader at(final int index)
    {
        return readers[index];
    }

    /**
     * Adds a reader positioned on a frame.
     */
    void add(final CaptureFileReader reader, final int order)
    {
        int index = size++;
        readers[index] = reader;
        timestamps[index] = reader.timestampNs();
        orders[index] = order;
        while (index > 0)
        {
            final int parent = (index - 1) >>> 1;
            if (!less(index, parent))
            {
                break;
            }
            swap(index, parent);
            index = parent;
        }
    }

    /**
     * The top reader moved to its next frame: re-key it and restore the heap.
     */
    void topAdvanced()
    {
        timestamps[0] = readers[0].timestampNs();
        siftDown(0);
    }

    /**
     * Removes and returns the top reader.
     */
    CaptureFileReader removeTop()
    {
        final CaptureFileReader top = readers[0];
        final int last = --size;
        if (last > 0)
        {
            readers[0] = readers[last];
            timestamps[0] = timestamps[last];
            orders[0] = orders[last];
            siftDown(0);
        }
        readers[last] = null;
        return top;
    }

    /**
     * Removes and returns the reader in the last slot, whatever its key: for emptying the heap on close.
     */
    CaptureFileReader removeLast()
    {
        final CaptureFileReader reader = readers[--size];
        readers[size] = null;
        return reader;
    }

    private void siftDown(final int from)
    {
        int index = from;
        while (true)
        {
            final int left = 2 * index + 1;
            if (left >= size)
            {
                return;
            }
            final int right = left + 1;
            final int child = right < size && less(right, left) ? right : left;
            if (!less(child, index))
            {
                return;
            }
            swap(index, child);
            index = child;
        }
    }

    private boolean less(final int a, final int b)
    {
        return timestamps[a] < timestamps[b] || (timestamps[a] == timestamps[b] && orders[a] < orders[b]);
    }

    private void swap(final int a, final int b)
    {
        final CaptureFileReader reader = readers[a];
        readers[a] = readers[b];
        readers[b] = reader;
        final long timestamp = timestamps[a];
        timestamps[a] = timestamps[b];
        timestamps[b] = timestamp;
        final int order = orders[a];
        orders[a] = orders[b];
        orders[b] = order;
    }
}
