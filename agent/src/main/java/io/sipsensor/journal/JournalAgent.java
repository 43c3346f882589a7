package io.sipsensor.journal;

import io.sipsensor.agent.Counters;
import io.sipsensor.agent.SensorCounter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.PrintStream;

/**
 * The journal thread's duty cycle: drains CDR records from the ring the packet thread fills and appends them to
 * the {@link Journal}. Keeping Chronicle appends here means a file roll or page fault stalls this thread, never the
 * capture. On close it drains what is left in the ring, then closes the journal.
 */
public final class JournalAgent implements Agent
{
    private static final int BATCH = 256;

    private final RingBuffer ring;
    private final Journal journal;
    private final AtomicCounter journaled;
    private final AtomicCounter errors;
    private final AtomicCounter lost;
    private final PrintStream log;
    private final MessageHandler handler = this::onRecord;
    private boolean errorReported;

    /**
     * @param ring     the ring filled by the packet thread.
     * @param journal  where records go; closed by this agent.
     * @param counters for journaled, error and lost counts.
     * @param log      where a journal failure is reported (once per kind).
     */
    public JournalAgent(final RingBuffer ring, final Journal journal, final Counters counters, final PrintStream log)
    {
        this.ring = ring;
        this.journal = journal;
        this.journaled = counters.get(SensorCounter.LEGS_JOURNALED);
        this.errors = counters.get(SensorCounter.JOURNAL_ERRORS);
        this.lost = counters.get(SensorCounter.LEGS_LOST);
        this.log = log;
    }

    @Override
    public int doWork()
    {
        return ring.read(handler, BATCH);
    }

    @Override
    public void onClose()
    {
        while (ring.read(handler, BATCH) > 0)
        {
            // drain what the packet thread committed before it stopped
        }
        journal.close();
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
        try
        {
            journal.append(buffer, index, length);
            journaled.incrementRelease();
        }
        catch (final RuntimeException ex)
        {
            errors.incrementRelease();
            lost.incrementRelease();
            if (!errorReported)
            {
                errorReported = true;
                log.println("sipsensor: cannot write the CDR journal in " + journal.directory() + ": " + ex);
            }
        }
    }
}
