package io.sipsensor.agent;

import io.sipsensor.journal.Journal;
import io.sipsensor.journal.JournalAgent;
import io.sipsensor.net.DatagramHandler;
import io.sipsensor.net.PacketDecoder;
import io.sipsensor.net.ReassemblySettings;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * Builds the pieces a capture pipeline is wired from, the same way for every run that needs them one by one (the
 * live run has a decoder per capture thread and the call path on another thread): the layer 2..4 decoder for a
 * datagram handler, and the journal thread with its ring. Decoder options added to the offline pipeline (TCP,
 * tunnels) belong in {@link #decoder} too.
 */
final class PipelineParts
{
    private PipelineParts()
    {
    }

    /**
     * @param context  settings (reassembly limits).
     * @param counters the decoding thread's counters.
     * @param handler  receives UDP payloads.
     * @return a decoder, owned by the thread that feeds it.
     */
    static PacketDecoder decoder(final SensorContext context, final Counters counters, final DatagramHandler handler)
    {
        final ReassemblySettings reassembly = new ReassemblySettings()
            .maxDatagrams(context.ipFragmentMaxDatagrams())
            .timeoutNs(context.ipFragmentTimeoutNs());
        return new PacketDecoder(handler, counters, reassembly);
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
     * Opens the spool's CDR journal and starts its thread.
     *
     * @param context  settings (spool, ring size).
     * @param counters counters of the journal thread.
     * @param log      where the journal thread reports failures.
     * @return the running stage; close its runner to drain the ring and close the journal.
     * @throws ConfigException if the journal cannot be opened.
     */
    static JournalStage journal(final SensorContext context, final Counters counters, final PrintStream log)
    {
        final Spool spool = new Spool(context.spoolDirectory());
        final Journal journal;
        try
        {
            journal = Journal.open(spool.journal());
        }
        catch (final RuntimeException ex)
        {
            throw new ConfigException("cannot open the CDR journal in " + spool.journal() + ": " + ex.getMessage());
        }
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(context.journalRingBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        final AgentRunner runner = new AgentRunner(
            new BackoffIdleStrategy(100, 10, 1_000, 1_000_000),
            error -> log.println("sipsensor: journal thread: " + error),
            null,
            new JournalAgent(ring, journal, counters, log));
        AgentRunner.startOnThread(runner);
        return new JournalStage(runner, ring);
    }
}
