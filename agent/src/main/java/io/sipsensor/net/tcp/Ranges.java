package io.sipsensor.net.tcp;

/**
 * The out-of-order ranges a {@link TcpStream} holds: sorted, disjoint, relative to its base. Merged when a segment
 * overlaps or touches them, removed from the front when they join the contiguous bytes, moved when the base moves.
 * At most {@link TcpStream#MAX_RANGES} (plus one that is absorbed at once); no allocation.
 */
final class Ranges
{
    private Ranges()
    {
    }

    /**
     * Replaces ranges {@code [first, last)} (those overlapping or touching {@code [start, end)}) by their union with
     * it.
     */
    static void merge(
        final TcpStream stream, final int first, final int last, final int start, final int end, final long nowNs)
    {
        int mergedStart = start;
        int mergedEnd = end;
        long mergedTimeNs = nowNs;
        for (int i = first; i < last; i++)
        {
            mergedStart = Math.min(mergedStart, stream.rangeStart[i]);
            mergedEnd = Math.max(mergedEnd, stream.rangeEnd[i]);
            mergedTimeNs = Math.max(mergedTimeNs, stream.rangeTimeNs[i]);
        }
        final int removed = last - first;
        final int count = stream.rangeCount;
        if (removed != 1)
        {
            // Shift the ranges after [first, last) so that exactly one slot is left at 'first'.
            final int shift = 1 - removed;
            if (shift > 0)
            {
                for (int i = count - 1; i >= last; i--)
                {
                    copy(stream, i, i + shift);
                }
            }
            else
            {
                for (int i = last; i < count; i++)
                {
                    copy(stream, i, i + shift);
                }
            }
        }
        stream.rangeStart[first] = mergedStart;
        stream.rangeEnd[first] = mergedEnd;
        stream.rangeTimeNs[first] = mergedTimeNs;
        stream.rangeCount = count - removed + 1;
    }

    private static void copy(final TcpStream stream, final int from, final int to)
    {
        stream.rangeStart[to] = stream.rangeStart[from];
        stream.rangeEnd[to] = stream.rangeEnd[from];
        stream.rangeTimeNs[to] = stream.rangeTimeNs[from];
    }

    /**
     * Drops range {@code which}, moving the later ones down.
     */
    static void remove(final TcpStream stream, final int which)
    {
        for (int i = which + 1; i < stream.rangeCount; i++)
        {
            copy(stream, i, i - 1);
        }
        stream.rangeCount--;
    }

    /**
     * The stream's base moved forward by {@code count} bytes: the ranges move back by as much.
     */
    static void rebase(final TcpStream stream, final int count)
    {
        for (int i = 0; i < stream.rangeCount; i++)
        {
            stream.rangeStart[i] -= count;
            stream.rangeEnd[i] -= count;
        }
    }
}
