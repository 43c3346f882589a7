package io.sipsensor.agent;

import io.sipsensor.journal.JournalAgent;
import io.sipsensor.journal.JournalWriter;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;

/**
 * The journal stage of a capture run, the same for files and live capture: the ring the packet (or tracking)
 * thread publishes CDR records to, and the journal thread that opens the journal and appends them.
 */
final class PipelineParts
{
    private PipelineParts()
    {
    }

    /**
     * The journal thread, its agent and the ring it drains.
     *
     * @param runner the started thread.
     * @param agent  the journal agent (whether the journal opened, and why not).
     * @param ring   where CDR records are published.
     * @param closeWaitMs how long closing may wait for the journal thread: the configured wait for disk space
     *               ({@code journal_close_wait_s}) and a margin; Agrona's default (5 s) would interrupt that wait and
     *               lose the CDRs held in memory.
     */
    record JournalStage(AgentRunner runner, JournalAgent agent, OneToOneRingBuffer ring, int closeWaitMs)
    {
        /**
         * Stops the journal thread after it has written everything in the ring, and closes the journal. The thread
         * must have started (and opened the journal) first: an agent runner closed before its thread ran never
         * calls onStart, so legs in the ring would stay unwritten.
         */
        void close()
        {
            agent.awaitOpen();
            runner.close(closeWaitMs, thread -> { });
        }

        /**
         * @return records the journal had lost to damage found (and repaired) when it opened: 0 none, -1 unknown.
         */
        long damagedRecords()
        {
            final JournalWriter writer = agent.awaitOpen();
            return writer != null ? writer.recovery().damagedRecords() : 0;
        }
    }

    /**
     * Starts the journal thread; it opens the journal first, so reading can start meanwhile (the ring holds the
     * first legs).
     *
     * @param context settings (ring size).
     * @param idle    what the thread does when the ring is empty.
     * @param log     where the journal thread reports failures.
     * @param opener  opens the writer, on the journal thread.
     * @param threads makes the journal thread.
     * @return the running stage.
     */
    static JournalStage startJournal(final SensorContext context, final IdleStrategy idle, final PrintStream log,
        final Callable<JournalWriter> opener, final ThreadFactory threads)
    {
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(context.journalRingBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        final JournalAgent agent = new JournalAgent(ring, opener);
        final AgentRunner runner = new AgentRunner(idle, error -> log.println("sipsensor: journal thread: " + error),
            null, agent);
        AgentRunner.startOnThread(runner, threads);
        final long closeWaitMs = context.journalSettings().closeWaitNs() / 1_000_000L + 15_000L;
        return new JournalStage(runner, agent, ring, (int)Math.min(Integer.MAX_VALUE, closeWaitMs));
    }

    /**
     * Opens the spool's CDR journal before capture starts (so a spool that cannot be written stops the start, not
     * the capture), says what it recovered, and starts its thread.
     *
     * @param context  settings (spool, ring size, retention, full-disk behaviour).
     * @param counters counters of the journal thread.
     * @param log      where the recovery line and the journal thread's failures go.
     * @return the running stage; {@link JournalStage#close()} drains the ring and closes the journal.
     * @throws IllegalStateException if the journal cannot be opened (exit status 1).
     */
    static JournalStage journal(final SensorContext context, final Counters counters, final PrintStream log)
    {
        final Spool spool = new Spool(context.spoolDirectory());
        final JournalWriter writer;
        try
        {
            writer = JournalWriter.open(spool.root(), context.journalSettings(), false, counters, log);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException("cannot open the CDR journal in " + spool.journal() + ": " +
                ex.getMessage());
        }
        OfflineRun.reportRecovery(log, spool, writer.recovery(), false);
        return startJournal(context, new BackoffIdleStrategy(100, 10, 1_000, 1_000_000), log, () -> writer,
            Thread::new);
    }
}
