package io.sipsensor.journal;

import io.sipsensor.agent.RingDrain;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The journal thread's duty cycle: drains CDR records from the ring the packet thread fills and appends them to
 * the {@link Journal}. Keeping Chronicle appends here means a file roll or page fault stalls this thread, never the
 * capture. On close it drains what is left in the ring, waits (bounded) for disk space for CDRs held in memory,
 * then closes the journal.
 */
public final class JournalAgent implements Agent
{
    private static final int BATCH = 256;

    private final RingBuffer ring;
    private final JournalWriter writer;
    private final MessageHandler handler = this::onRecord;

    /**
     * @param ring   the ring filled by the packet thread.
     * @param writer where records go (deduplicated, or held in memory while the disk is full); closed by this agent.
     */
    public JournalAgent(final RingBuffer ring, final JournalWriter writer)
    {
        this.ring = ring;
        this.writer = writer;
    }

    @Override
    public int doWork()
    {
        return ring.read(handler, BATCH) + writer.retry();
    }

    @Override
    public void onClose()
    {
        RingDrain.drain(ring, handler, BATCH); // what the packet thread committed before it stopped
        writer.drainHeld();
        writer.close();
    }

    @Override
    public String roleName()
    {
        return "journal";
    }

    private void onRecord(final int msgTypeId, final DirectBuffer buffer, final int index, final int length)
    {
        if (msgTypeId != CdrRecordDescriptor.MSG_TYPE_ID)
        {
            return;
        }
        writer.write(buffer, index, length);
    }
}
