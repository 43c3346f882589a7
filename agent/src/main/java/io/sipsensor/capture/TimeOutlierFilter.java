package io.sipsensor.capture;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Treats a packet stamped far from its neighbours (one INVITE from 1970 or 2106 among packets of 2026: a capture
 * defect) as what it is: counted ({@code packets_time_outlier}) and passed on with the stream's time instead, so one
 * bad clock value cannot make a leg span decades, an hourly summary of half a million windows, or license channels
 * on days without traffic.
 * <p>
 * A packet is an outlier when it lies more than the bound from the packet before it and from the packet after it
 * (the first packet of a stream, with nothing before it, when it lies that far from the next two, which agree). To
 * see the packet after, it holds up to two packets back (copied into preallocated slots, no allocation); call
 * {@link #flush()} at the end of the input.
 * <p>
 * One thread (the packet thread).
 */
public final class TimeOutlierFilter implements PacketHandler
{
    private static final int SLOTS = 3;

    private final PacketHandler next;
    private final long boundNs;
    private final AtomicCounter outliers;
    private final UnsafeBuffer[] frames = new UnsafeBuffer[SLOTS];
    private final int[] linkTypes = new int[SLOTS];
    private final int[] capturedLengths = new int[SLOTS];
    private final int[] originalLengths = new int[SLOTS];
    private final long[] times = new long[SLOTS];
    private int head;
    private int count;
    private boolean emittedAny;
    private long lastEmittedNs;

    /**
     * @param next     where packets go, in order.
     * @param boundNs  how far from both neighbours a time must lie to be an outlier.
     * @param outliers counts outliers.
     */
    public TimeOutlierFilter(final PacketHandler next, final long boundNs, final AtomicCounter outliers)
    {
        this.next = next;
        this.boundNs = boundNs;
        this.outliers = outliers;
        for (int i = 0; i < SLOTS; i++)
        {
            frames[i] = new UnsafeBuffer(new byte[PcapDescriptor.MAX_CAPTURED_LENGTH]);
        }
    }

    @Override
    public void onPacket(final int linkType, final DirectBuffer buffer, final int offset, final int capturedLength,
        final int originalLength, final long timestampNs)
    {
        if (count == SLOTS)
        {
            emitOldest(true);
        }
        final int slot = (head + count) % SLOTS;
        final int length = Math.min(capturedLength, PcapDescriptor.MAX_CAPTURED_LENGTH);
        frames[slot].putBytes(0, buffer, offset, length);
        linkTypes[slot] = linkType;
        capturedLengths[slot] = length;
        originalLengths[slot] = originalLength;
        times[slot] = timestampNs;
        count++;
        if (count == SLOTS)
        {
            emitOldest(true);
        }
    }

    /**
     * Passes on the packets still held (end of input).
     */
    public void flush()
    {
        while (count > 0)
        {
            emitOldest(false);
        }
    }

    private void emitOldest(final boolean full)
    {
        final int slot = head;
        long time = times[slot];
        final boolean hasNext = count >= 2;
        final long nextNs = hasNext ? times[(head + 1) % SLOTS] : 0;
        final boolean outlier;
        if (emittedAny)
        {
            outlier = far(time, lastEmittedNs) && (!hasNext || far(time, nextNs));
        }
        else
        {
            // the first packet: only the two after it can tell (when they agree with each other)
            outlier = full && count == SLOTS && far(time, nextNs) &&
                !far(nextNs, times[(head + 2) % SLOTS]);
        }
        if (outlier)
        {
            outliers.incrementRelease();
            time = emittedAny ? lastEmittedNs : nextNs;
        }
        next.onPacket(linkTypes[slot], frames[slot], 0, capturedLengths[slot], originalLengths[slot], time);
        lastEmittedNs = time;
        emittedAny = true;
        head = (head + 1) % SLOTS;
        count--;
    }

    private boolean far(final long a, final long b)
    {
        return a - b > boundNs || b - a > boundNs;
    }
}
