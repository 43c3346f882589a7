package io.sipsensor.journal;

import io.sipsensor.status.RingDrain;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The journal thread's duty cycle: drains CDR records from the ring the packet thread fills and appends them to
 * the {@link Journal}. Keeping Chronicle appends here means a file roll or page fault stalls this thread, never the
 * capture. The journal is opened here too, in {@link #onStart()}, so its start-up (hundreds of milliseconds) runs
 * while the packet thread already reads input; the ring holds the first legs meanwhile. On close it drains what is
 * left in the ring, waits (bounded) for disk space for CDRs held in memory, then closes the journal.
 */
public final class JournalAgent implements Agent
{
    private static final int BATCH = 256;

    private final RingBuffer ring;
    private final Callable<JournalWriter> opener;
    private final MessageHandler handler = this::onRecord;
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile JournalWriter writer;
    private volatile Throwable failure;

    /**
     * @param ring   the ring filled by the packet thread.
     * @param opener opens the writer (deduplicating, holding records in memory while the disk is full), on this
     *               agent's thread; the agent closes it.
     */
    public JournalAgent(final RingBuffer ring, final Callable<JournalWriter> opener)
    {
        this.ring = ring;
        this.opener = opener;
    }

    /**
     * @param ring   the ring filled by the packet thread.
     * @param writer an open writer; closed by this agent.
     */
    public JournalAgent(final RingBuffer ring, final JournalWriter writer)
    {
        this(ring, () -> writer);
    }

    @Override
    public void onStart()
    {
        try
        {
            writer = opener.call();
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
        finally
        {
            opened.countDown();
        }
    }

    /**
     * @return why the journal could not be opened, or null (also null while it is still opening).
     */
    public Throwable failure()
    {
        return failure;
    }

    /**
     * Waits until the journal is open (or failed to open).
     *
     * @return the writer, or null if opening failed (see {@link #failure()}).
     */
    public JournalWriter awaitOpen()
    {
        try
        {
            while (!opened.await(100, TimeUnit.MILLISECONDS))
            {
                // keep waiting: opening a large journal (identity catch-up after a crash) can take a while
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return writer;
    }

    @Override
    public int doWork()
    {
        final JournalWriter current = writer;
        if (current == null)
        {
            return 0;
        }
        return ring.read(handler, BATCH) + current.retry();
    }

    @Override
    public void onClose()
    {
        final JournalWriter current = writer;
        if (current == null)
        {
            return;
        }
        RingDrain.drain(ring, handler, BATCH); // what the packet thread committed before it stopped
        current.drainHeld();
        current.close();
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
