package io.sipsensor.pipeline;

import io.sipsensor.spool.SpoolUnusableException;
import io.sipsensor.journal.JournalAgent;
import io.sipsensor.journal.JournalWriter;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;

/**
 * The journal stage of every run, opened one way: the journal thread opens the journal itself (its start-up runs
 * while input is already read; the ring holds the first legs meanwhile) and then appends what the call path
 * publishes to the ring. A run that must not start capturing on a spool it cannot write waits for the opening with
 * {@link #awaitOpen()}; a run reading files checks {@link #check()} between batches instead.
 */
final class JournalStage
{
    private final AgentRunner runner;
    private final JournalAgent agent;
    private final OneToOneRingBuffer ring;
    private final Path directory;
    private final long closeWaitMs;
    private boolean closed;

    /**
     * Starts the journal thread.
     *
     * @param ringBytes bytes of the ring's data area (a power of two).
     * @param directory the journal folder, for messages.
     * @param idle      what the thread does when the ring is empty.
     * @param log       where the journal thread reports failures.
     * @param opener    opens the writer, on the journal thread.
     * @param threads   makes the journal thread.
     * @param closeWaitNs how long closing may wait for disk space for CDRs held in memory ({@code
     *                  journal_close_wait_s}); Agrona's default close timeout (5 s) would cut that wait short and
     *                  lose them.
     */
    JournalStage(final int ringBytes, final Path directory, final IdleStrategy idle, final PrintStream log,
        final Callable<JournalWriter> opener, final ThreadFactory threads, final long closeWaitNs)
    {
        this.directory = directory;
        this.closeWaitMs = Math.min(Integer.MAX_VALUE, closeWaitNs / 1_000_000L + 15_000L);
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(ringBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.agent = new JournalAgent(ring, opener);
        this.runner = new AgentRunner(idle, error -> log.println("sipsensor: journal thread: " + error), null, agent);
        AgentRunner.startOnThread(runner, threads);
    }

    /**
     * @return the ring CDR records are published to.
     */
    OneToOneRingBuffer ring()
    {
        return ring;
    }

    /**
     * @return true once opening the journal has failed (nothing can be journaled then).
     */
    boolean failed()
    {
        return agent.failure() != null;
    }

    /**
     * @throws SpoolUnusableException naming the journal, the cause and the fix if it could not be opened.
     */
    void check()
    {
        final Throwable failure = agent.failure();
        if (failure != null)
        {
            throw SpoolUnusableException.journal(directory, failure);
        }
    }

    /**
     * Waits until the journal is open.
     *
     * @return the open writer.
     * @throws SpoolUnusableException if it could not be opened.
     */
    JournalWriter awaitOpen()
    {
        final JournalWriter writer = agent.awaitOpen();
        check();
        return writer;
    }

    /**
     * @return records the journal had lost to damage found (and repaired) when it opened: 0 none, -1 unknown.
     */
    long damagedRecords()
    {
        final JournalWriter writer = agent.awaitOpen();
        return writer != null ? writer.recovery().damagedRecords() : 0;
    }

    /**
     * Stops the journal thread after it has written everything in the ring, and closes the journal. The thread must
     * have started (and opened the journal) first: an agent runner closed before its thread ran never calls onStart,
     * so legs in the ring would stay unwritten. Idempotent.
     */
    void close()
    {
        if (!closed)
        {
            closed = true;
            agent.awaitOpen();
            runner.close((int)closeWaitMs, thread -> { });
        }
    }
}
