package io.sipsensor.channel;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteOrder;

import static io.sipsensor.channel.ChannelEventDescriptor.*;

/**
 * A producer's side of the channel tracker's many-to-one ring: capture threads and remote-sensor receivers each
 * hold one. Claim, write, commit; no allocation, no lock. A full ring is never waited on here: the event is
 * counted as dropped and the method returns false (the CDR journal still has the leg, and
 * {@code channels rebuild} recomputes exact statistics from it).
 */
public final class ChannelEventPublisher
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final RingBuffer ring;
    private final AtomicCounter dropped;

    /**
     * @param ring    the tracker's ring (many-to-one).
     * @param dropped counts events lost to a full ring; may be shared by producers (atomic increments).
     */
    public ChannelEventPublisher(final RingBuffer ring, final AtomicCounter dropped)
    {
        this.ring = ring;
        this.dropped = dropped;
    }

    /**
     * @param legId   unique among legs in progress; not Long.MIN_VALUE.
     * @param startNs first INVITE.
     * @param key     dedup key ({@link DedupKeys}).
     * @return false if the ring was full.
     */
    public boolean start(final long legId, final long startNs, final long key)
    {
        return publish(START, legId, startNs, Long.MIN_VALUE, Long.MIN_VALUE, key, 0);
    }

    /**
     * @param legId     the leg.
     * @param connectNs first 2xx.
     * @return false if the ring was full.
     */
    public boolean connect(final long legId, final long connectNs)
    {
        return publish(CONNECT, legId, Long.MIN_VALUE, connectNs, Long.MIN_VALUE, 0, 0);
    }

    /**
     * @param legId     the leg.
     * @param startNs   its start.
     * @param connectNs its connect or Long.MIN_VALUE.
     * @param endNs     its end.
     * @param key       its dedup key.
     * @param finalCode its final code, 0 if none.
     * @return false if the ring was full.
     */
    public boolean end(final long legId, final long startNs, final long connectNs, final long endNs, final long key,
        final int finalCode)
    {
        return publish(END, legId, startNs, connectNs, endNs, key, finalCode);
    }

    /**
     * A complete leg without live events (remote, imported, late).
     *
     * @param startNs   its start.
     * @param connectNs its connect or Long.MIN_VALUE.
     * @param endNs     its end.
     * @param key       its dedup key.
     * @param finalCode its final code, 0 if none.
     * @return false if the ring was full.
     */
    public boolean leg(final long startNs, final long connectNs, final long endNs, final long key,
        final int finalCode)
    {
        return publish(LEG, Long.MIN_VALUE, startNs, connectNs, endNs, key, finalCode);
    }

    /**
     * Moves the tracker's clock (its watermark) without a leg: a quiet live sensor ticks with the wall clock so the
     * hours still close.
     *
     * @param timeNs now.
     * @return false if the ring was full.
     */
    public boolean tick(final long timeNs)
    {
        return publish(TICK, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, timeNs, 0, 0);
    }

    private boolean publish(final int type, final long legId, final long startNs, final long connectNs,
        final long endNs, final long key, final int finalCode)
    {
        final int index = ring.tryClaim(type, LENGTH);
        if (index <= 0)
        {
            dropped.increment();
            return false;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        buffer.putInt(index + FINAL_CODE_OFFSET, finalCode, ORDER);
        buffer.putInt(index + 4, 0, ORDER);
        buffer.putLong(index + LEG_ID_OFFSET, legId, ORDER);
        buffer.putLong(index + START_OFFSET, startNs, ORDER);
        buffer.putLong(index + CONNECT_OFFSET, connectNs, ORDER);
        buffer.putLong(index + END_OFFSET, endNs, ORDER);
        buffer.putLong(index + KEY_OFFSET, key, ORDER);
        ring.commit(index);
        return true;
    }
}
