package io.sipsensor.central;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.sipsensor.central.LinkDescriptor.*;

/**
 * A shipping sensor's legs in progress on their way to its central: the live call path publishes each leg's start,
 * connect and end into a one-to-one ring ({@link #publisher}), the sender thread drains the ring into EVENTS frames
 * ({@link LinkDescriptor}) between batches, so the central's live channel count follows calls as they progress, not
 * only as their CDRs arrive. Best effort by design: a full ring, or events while the central is away, are counted
 * and dropped (the CDR of every leg still travels exactly once through the journal).
 * <p>
 * One event is {@link LinkDescriptor#EVENT_LENGTH} bytes, the same in the ring and in the frame (little endian):
 * <pre>
 *   0 type (int: 1 start, 2 connect, 3 end) | 4 final code (int) | 8 leg id (the sensor's) | 16 start ns
 *  24 connect ns (or Long.MIN_VALUE)        | 32 end ns          | 40 dedup key (the sensor's)
 * </pre>
 */
public final class LegEvents
{
    public static final int START = 1;
    public static final int CONNECT = 2;
    public static final int END = 3;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int RING_BYTES = (1 << 20) + RingBufferDescriptor.TRAILER_LENGTH;

    private final RingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(RING_BYTES)));

    /** @return the ring the sender thread drains. */
    public RingBuffer ring()
    {
        return ring;
    }

    /**
     * @param counters a counter set of the publishing thread (drops are counted there).
     * @return the publishing side, for one thread.
     */
    public Publisher publisher(final Counters counters)
    {
        return new Publisher(ring, counters.get(SensorCounter.LINK_EVENTS_DROPPED));
    }

    /**
     * Writes one event at a position (the ring's slot or a frame's body).
     *
     * @param buffer    destination.
     * @param at        where the event starts.
     * @param type      {@link #START}, {@link #CONNECT} or {@link #END}.
     * @param legId     the sensor's leg id.
     * @param startNs   start.
     * @param connectNs connect or Long.MIN_VALUE.
     * @param endNs     end (END only).
     * @param key       dedup key.
     * @param finalCode final code (END only).
     */
    public static void put(final MutableDirectBuffer buffer, final int at, final int type, final long legId,
        final long startNs, final long connectNs, final long endNs, final long key, final int finalCode)
    {
        buffer.putInt(at + EVENT_TYPE_OFFSET, type, ORDER);
        buffer.putInt(at + EVENT_FINAL_CODE_OFFSET, finalCode, ORDER);
        buffer.putLong(at + EVENT_LEG_ID_OFFSET, legId, ORDER);
        buffer.putLong(at + EVENT_START_OFFSET, startNs, ORDER);
        buffer.putLong(at + EVENT_CONNECT_OFFSET, connectNs, ORDER);
        buffer.putLong(at + EVENT_END_OFFSET, endNs, ORDER);
        buffer.putLong(at + EVENT_KEY_OFFSET, key, ORDER);
    }

    /**
     * The call path's side of the ring. Never waits: a full ring is counted. No allocation.
     */
    public static final class Publisher
    {
        private final RingBuffer ring;
        private final AtomicCounter dropped;

        Publisher(final RingBuffer ring, final AtomicCounter dropped)
        {
            this.ring = ring;
            this.dropped = dropped;
        }

        /**
         * @param legId   the sensor's leg id.
         * @param startNs first INVITE.
         * @param key     dedup key.
         */
        public void start(final long legId, final long startNs, final long key)
        {
            publish(START, legId, startNs, Long.MIN_VALUE, Long.MIN_VALUE, key, 0);
        }

        /**
         * @param legId     the leg.
         * @param connectNs first 2xx.
         */
        public void connect(final long legId, final long connectNs)
        {
            publish(CONNECT, legId, Long.MIN_VALUE, connectNs, Long.MIN_VALUE, 0, 0);
        }

        /**
         * @param legId     the leg.
         * @param startNs   its start.
         * @param connectNs its connect or Long.MIN_VALUE.
         * @param endNs     its end.
         * @param key       its dedup key.
         * @param finalCode its final code.
         */
        public void end(final long legId, final long startNs, final long connectNs, final long endNs, final long key,
            final int finalCode)
        {
            publish(END, legId, startNs, connectNs, endNs, key, finalCode);
        }

        private void publish(final int type, final long legId, final long startNs, final long connectNs,
            final long endNs, final long key, final int finalCode)
        {
            final int index = ring.tryClaim(type, EVENT_LENGTH);
            if (index <= 0)
            {
                dropped.increment();
                return;
            }
            put(ring.buffer(), index, type, legId, startNs, connectNs, endNs, key, finalCode);
            ring.commit(index);
        }
    }
}
