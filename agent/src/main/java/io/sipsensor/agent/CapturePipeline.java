package io.sipsensor.agent;

import io.sipsensor.call.CallState;
import io.sipsensor.call.CallTracker;
import io.sipsensor.call.LegListener;
import io.sipsensor.call.SipDatagramHandler;
import io.sipsensor.capture.PacketHandler;
import io.sipsensor.channel.LegCollector;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.journal.JournalPublisher;
import io.sipsensor.net.PacketDecoder;
import io.sipsensor.net.tcp.TcpReassembler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The path from captured frames to journaled CDR legs, wired once per run:
 * <pre>
 *  frames -> PacketDecoder --(UDP datagrams)-------------> SipDatagramHandler -> CallTracker -> legs
 *                         \--(TCP segments)-> TcpReassembler --(framed messages)--^
 *
 *  legs -+-> LegCollector (summary, channels)
 *        +-> JournalPublisher -> ring -> journal thread
 * </pre>
 * Everything left of the ring runs on the caller's (packet) thread; the journal thread is started here and stopped
 * by {@link #close()}, after it has drained the ring.
 */
public final class CapturePipeline implements AutoCloseable
{
    private final CallTracker tracker;
    private final FrameDecoder frames;
    private final LegCollector collector = new LegCollector();
    private final PipelineParts.JournalStage journal;
    private final java.nio.file.Path journalDirectory;
    private boolean closed;

    /**
     * @param context  validated settings.
     * @param counters the run's counters.
     * @param offline  true when reading files: a full journal ring makes the packet thread wait instead of losing,
     *                 and the journal thread sleeps 1 ms when it has nothing to do.
     * @param log      where the journal thread reports failures.
     */
    public CapturePipeline(final SensorContext context, final Counters counters, final boolean offline,
        final PrintStream log)
    {
        this(context, counters, offline, false, log, recovery -> { });
    }

    /**
     * @param context   validated settings.
     * @param counters  the run's counters.
     * @param offline   true when reading files: a full journal ring makes the packet thread wait instead of losing,
     *                  and the journal thread sleeps 1 ms when it has nothing to do.
     * @param reprocess true to journal legs again that the journal already holds (the run then purges the old).
     * @param log       where the journal thread reports failures.
     * @param onJournalOpen told, on the journal thread, what opening the journal found (start-up report).
     */
    public CapturePipeline(final SensorContext context, final Counters counters, final boolean offline,
        final boolean reprocess, final PrintStream log, final Consumer<JournalWriter.Recovery> onJournalOpen)
    {
        this(context, counters, offline, reprocess, log, onJournalOpen, Thread::new);
    }

    /**
     * @param journalThreads makes the journal thread (tests delay its start to pin the start-up order).
     */
    CapturePipeline(final SensorContext context, final Counters counters, final boolean offline,
        final boolean reprocess, final PrintStream log, final Consumer<JournalWriter.Recovery> onJournalOpen,
        final java.util.concurrent.ThreadFactory journalThreads)
    {
        final Spool spool = new Spool(context.spoolDirectory());
        spool.prepare();
        journalDirectory = spool.journal();

        // Reading a file, legs come in bursts far faster than one at a time: a journal thread that sleeps 1 ms when
        // the ring is empty appends them in batches of ~100 (the ring holds ~20,000) and leaves the CPU to the packet
        // thread and the JIT compilers instead of spinning and waking for each leg (12 % less reading time on 2 cores).
        journal = PipelineParts.startJournal(context,
            offline ? new SleepingMillisIdleStrategy(1) : new BackoffIdleStrategy(100, 10, 1_000, 1_000_000), log,
            () ->
            {
                final JournalWriter writer =
                    JournalWriter.open(spool.root(), context.journalSettings(), reprocess, counters, log);
                onJournalOpen.accept(writer.recovery());
                return writer;
            },
            journalThreads);

        final JournalPublisher publisher = new JournalPublisher(
            journal.ring(), context.idSensor(), offline, new YieldingIdleStrategy(), counters,
            () -> journal.agent().failure() != null);
        final LegListener legs = new FanOut(collector, publisher);
        tracker = new CallTracker(context.callTrackerSettings(), counters, legs);
        final SipDatagramHandler sip = new SipDatagramHandler(
            context.sipPorts(), context.maxSipHeaders(), tracker, counters);
        frames = new FrameDecoder(context, counters, sip, sip::onSipPayload);
    }

    /**
     * @return what opening the journal recovered (records, identities, catch-up after a crash, retention).
     */
    public JournalWriter.Recovery recovery()
    {
        return journal().recovery();
    }

    /**
     * @throws IllegalStateException naming the journal and the reason if it could not be opened (check while reading
     *                         input; nothing can be journaled then).
     */
    public void checkJournal()
    {
        final Throwable failure = journal.agent().failure();
        if (failure != null)
        {
            throw new IllegalStateException("cannot open the CDR journal in " + journalDirectory + ": " +
                (failure.getMessage() != null ? failure.getMessage() : failure.toString()));
        }
    }

    private JournalWriter journal()
    {
        final JournalWriter writer = journal.agent().awaitOpen();
        checkJournal();
        return writer;
    }

    /**
     * @return the first journal index this run writes; a reprocessing run purges older legs of its time range.
     */
    public long runStartIndex()
    {
        return journal().runStartIndex();
    }

    /**
     * @return where frames go (the decoder); packet thread only.
     */
    public PacketHandler packetHandler()
    {
        return frames;
    }

    /**
     * @return legs completed so far, for the summary and channel counts.
     */
    public LegCollector legs()
    {
        return collector;
    }

    /**
     * @return Call-IDs tracked now.
     */
    public int trackedCalls()
    {
        return tracker.trackedCalls();
    }

    /**
     * End of input: delivers what TCP streams still hold beyond holes, then closes every open call by the leg
     * definitions, so its leg is counted and journaled.
     */
    public void finishInput()
    {
        frames.flush();
        tracker.flush();
    }

    /**
     * Stops the journal thread after it has written everything handed to it, and closes the journal.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            journal.close();
        }
    }

    private record FanOut(LegListener first, LegListener second) implements LegListener
    {
        @Override
        public void onLeg(final CallState leg)
        {
            first.onLeg(leg);
            second.onLeg(leg);
        }
    }
}
