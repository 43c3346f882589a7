package io.sipsensor.journal;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.call.CallState;
import io.sipsensor.call.LegListener;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The packet thread's side of the journal hand-off: encodes each completed leg straight into the ring
 * (claim, encode, commit; no copy, no allocation). A full ring is counted; then, when reading files (nothing is
 * lost by waiting) the publisher waits for space, and on live capture (waiting would drop packets) the leg is
 * counted as lost.
 */
public final class JournalPublisher implements LegListener
{
    private final RingBuffer ring;
    private final int idSensor;
    private final boolean waitWhenFull;
    private final IdleStrategy idleStrategy;
    private final AtomicCounter ringFull;
    private final AtomicCounter lost;
    private final java.util.function.BooleanSupplier journalFailed;

    /**
     * @param ring         the ring the journal agent drains.
     * @param idSensor     sensor id written into each record.
     * @param waitWhenFull true to wait for ring space (offline), false to count the leg lost (live).
     * @param idleStrategy how to wait.
     * @param counters     for ring-full and lost counts.
     * @param journalFailed  true once the journal could not be opened: waiting for ring space would never end.
     */
    public JournalPublisher(
        final RingBuffer ring, final int idSensor, final boolean waitWhenFull, final IdleStrategy idleStrategy,
        final Counters counters, final java.util.function.BooleanSupplier journalFailed)
    {
        this.journalFailed = journalFailed;
        this.ring = ring;
        this.idSensor = idSensor;
        this.waitWhenFull = waitWhenFull;
        this.idleStrategy = idleStrategy;
        this.ringFull = counters.get(SensorCounter.JOURNAL_RING_FULL);
        this.lost = counters.get(SensorCounter.LEGS_LOST);
    }

    @Override
    public void onLeg(final CallState leg)
    {
        final int length = CdrEncoder.encodedLength(leg);
        int index = ring.tryClaim(CdrRecordDescriptor.MSG_TYPE_ID, length);
        if (index <= 0)
        {
            ringFull.incrementRelease();
            if (!waitWhenFull)
            {
                lost.incrementRelease();
                return;
            }
            idleStrategy.reset();
            while ((index = ring.tryClaim(CdrRecordDescriptor.MSG_TYPE_ID, length)) <= 0)
            {
                if (journalFailed.getAsBoolean())
                {
                    lost.incrementRelease();
                    return;
                }
                idleStrategy.idle();
            }
        }
        CdrEncoder.encode(ring.buffer(), index, idSensor, leg);
        ring.commit(index);
    }
}
