package io.sipsensor.agent;

import io.sipsensor.journal.JournalAgent;
import io.sipsensor.journal.JournalWriter;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * The journal stage of the live run, built before capture starts: the journal is opened (retention, identity table,
 * catch-up after a crash) and reported in one line before the first packet, so a spool that cannot be written stops
 * the start instead of the capture.
 */
final class PipelineParts
{
    private PipelineParts()
    {
    }

    /**
     * The journal thread and the ring it drains.
     *
     * @param runner the started thread.
     * @param ring   where the tracking thread publishes CDR records.
     */
    record JournalStage(AgentRunner runner, OneToOneRingBuffer ring)
    {
    }

    /**
     * Opens the spool's CDR journal, says what it recovered, and starts its thread.
     *
     * @param context  settings (spool, ring size, retention, full-disk behaviour).
     * @param counters counters of the journal thread.
     * @param log      where the recovery line and the journal thread's failures go.
     * @return the running stage; close its runner to drain the ring and close the journal.
     * @throws ConfigException if the journal cannot be opened.
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
            throw new ConfigException("cannot open the CDR journal in " + spool.journal() + ": " + ex.getMessage());
        }
        OfflineRun.reportRecovery(log, spool, writer.recovery(), false);
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(context.journalRingBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        final AgentRunner runner = new AgentRunner(
            new BackoffIdleStrategy(100, 10, 1_000, 1_000_000),
            error -> log.println("sipsensor: journal thread: " + error),
            null,
            new JournalAgent(ring, writer));
        AgentRunner.startOnThread(runner);
        return new JournalStage(runner, ring);
    }
}
