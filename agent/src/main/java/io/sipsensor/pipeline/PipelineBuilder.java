package io.sipsensor.pipeline;

import io.sipsensor.capture.live.LiveCapture;
import io.sipsensor.capture.live.LiveCaptureSettings;
import io.sipsensor.capture.live.LiveClock;
import io.sipsensor.capture.live.LiveSource;
import io.sipsensor.central.LegEvents;
import io.sipsensor.channel.ChannelEventPublisher;
import io.sipsensor.channel.ChannelStatsUpdate;
import io.sipsensor.channel.ChannelTracker;
import io.sipsensor.channel.ChannelTrackerSettings;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.channel.LegCollector;
import io.sipsensor.channel.StatsFile;
import io.sipsensor.journal.JournalPublisher;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.spool.Spool;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The one place a run is assembled: frame decoding, SIP and call tracking ({@link CallPath}), and where legs go
 * (journal stage, channel tracker, collectors), for a run over capture files ({@link #files()}) and a live run with
 * one or more capture threads ({@link #live}). Both share the same journal stage, call path and frame decoder; only
 * the leg sink and the threads differ.
 */
public final class PipelineBuilder
{
    private static final int CHANNEL_RING_BYTES = 4 << 20;
    private static final long LEG_ID_SENSOR_SHIFT = 40;

    private final SensorContext context;
    private final Counters counters;
    private final PrintStream log;
    private final Spool spool;
    private boolean reprocess;
    private Consumer<JournalWriter.Recovery> onJournalOpen = recovery -> { };
    private ThreadFactory journalThreads = Thread::new;
    private LegEvents legEvents;
    private final AtomicLong errorsReported = new AtomicLong();

    /**
     * @param context  validated settings.
     * @param counters the run's counters (the first capture thread's set; other threads take shards of it).
     * @param log      where the journal thread, the worker threads and the recovery line report.
     */
    public PipelineBuilder(final SensorContext context, final Counters counters, final PrintStream log)
    {
        this.context = context;
        this.counters = counters;
        this.log = log;
        this.spool = new Spool(context.spoolDirectory());
    }

    /**
     * @param reprocess true to journal legs again that the journal already holds (the run then purges the old).
     * @return this builder.
     */
    public PipelineBuilder reprocess(final boolean reprocess)
    {
        this.reprocess = reprocess;
        return this;
    }

    /**
     * @param legEvents where a live run publishes its legs in progress for its central, or null (no central).
     * @return this builder.
     */
    public PipelineBuilder legEvents(final LegEvents legEvents)
    {
        this.legEvents = legEvents;
        return this;
    }

    /**
     * @param onJournalOpen told, on the journal thread, what opening the journal found.
     * @return this builder.
     */
    public PipelineBuilder onJournalOpen(final Consumer<JournalWriter.Recovery> onJournalOpen)
    {
        this.onJournalOpen = onJournalOpen;
        return this;
    }

    /**
     * @param threads makes the journal thread (tests delay its start to pin the start-up order).
     * @return this builder.
     */
    PipelineBuilder journalThreads(final ThreadFactory threads)
    {
        this.journalThreads = threads;
        return this;
    }

    /**
     * A run over capture files on the caller's thread. Reading starts at once while the journal opens; a full
     * journal ring makes the packet thread wait instead of losing legs. The caller has prepared the spool
     * ({@link Spool#prepare()}) and holds its lock.
     *
     * @return the pipeline; the caller feeds {@link FilePipeline#packetHandler()} and closes it.
     */
    public FilePipeline files()
    {
        // Reading a file, legs come in bursts far faster than one at a time: a journal thread that sleeps 1 ms when
        // the ring is empty appends them in batches of ~100 (the ring holds ~20,000) and leaves the CPU to the packet
        // thread and the JIT compilers instead of spinning and waking for each leg (12 % less reading time on 2 cores).
        final JournalStage journal = journal(new SleepingMillisIdleStrategy(1), counters);
        final LegCollector collector = new LegCollector(context.licenseChannelSettings());
        final JournalPublisher publisher = new JournalPublisher(journal.ring(), context.idSensor(), true,
            new YieldingIdleStrategy(), counters, journal::failed);
        final CallPath calls = new CallPath(context, counters, new FileLegs(collector, publisher), 0);
        calls.continueSavedCalls(spool.savedCalls(), context.callsRestoreWindowNs(), context.idSensor(), counters,
            log);
        final FrameDecoder frames = new FrameDecoder(context, counters, calls.datagrams(), calls.sipMessages());
        return new FilePipeline(spool, journal, calls, frames, collector, reprocess, log);
    }

    /**
     * A live run: opens the journal (a spool that cannot be written stops the start, before any capture opens),
     * starts the channel thread, opens the capture sources and starts a thread per source, plus a tracking thread
     * when there are several. The caller has prepared the spool ({@link Spool#prepare()}) and holds its lock.
     *
     * @param capture interfaces, filter, engine and thread count.
     * @param notes   receives one-line notes from opening the capture (e.g. the engine chosen).
     * @return the running pipeline.
     * @throws io.sipsensor.config.ConfigException if the journal cannot be opened, or
     *                                             {@link io.sipsensor.capture.live.CaptureOpenException} if capture
     *                                             cannot start.
     */
    public LivePipeline live(final LiveCaptureSettings capture, final Consumer<String> notes)
    {
        // one continuous time for every live thread: a step of the host clock does not move it (see LiveClock)
        final LiveClock clock = new LiveClock();
        final JournalStage journal = journal(new BackoffIdleStrategy(100, 10, 1_000, 1_000_000), counters.shard());
        AgentRunner channels = null;
        CallCheckpoint checkpoint = null;
        final List<LiveSource> sources = new ArrayList<>();
        final List<AgentRunner> started = new ArrayList<>();
        try
        {
            journal.awaitOpen();
            final ManyToOneRingBuffer channelRing = ring(CHANNEL_RING_BYTES);
            channels = startChannels(channelRing, journal, counters, clock);

            // Capture thread 0 counts in the primary set, every other thread (and the tracking thread) in its own.
            final List<Counters> threadCounters = new ArrayList<>();
            final LiveCapture.Opened opened = LiveCapture.open(capture, thread ->
            {
                final Counters set = thread == 0 ? counters : counters.shard();
                threadCounters.add(set);
                return set;
            }, notes);
            sources.addAll(opened.sources());
            counters.get(SensorCounter.CAPTURE_THREADS).setRelease(sources.size());

            final boolean split = sources.size() > 1;
            final Counters trackingCounters = split ? counters.shard() : counters;
            final LiveLegs legs = new LiveLegs(
                new JournalPublisher(journal.ring(), context.idSensor(), false, new YieldingIdleStrategy(),
                    trackingCounters, () -> false),
                new JournalPublisher(journal.ring(), context.idSensor(), true, new YieldingIdleStrategy(),
                    trackingCounters, () -> false),
                new ChannelEventPublisher(channelRing, trackingCounters.get(SensorCounter.CHANNEL_EVENTS_DROPPED)),
                legEvents == null ? null : legEvents.publisher(trackingCounters));
            final CallPath calls = new CallPath(context, trackingCounters, legs,
                (long)context.idSensor() << LEG_ID_SENSOR_SHIFT);
            final long nowNs = clock.nanoTime();
            checkpoint = new CallCheckpoint(spool.savedCalls(), context.callsCheckpointIntervalNs(),
                context.idSensor(), trackingCounters, log, nowNs);
            calls.keepCallsAcrossRestart(checkpoint, spool.savedCalls(), nowNs, context.callsRestoreWindowNs(),
                trackingCounters, log);

            final List<CaptureAgent> agents = new ArrayList<>();
            TrackingAgent trackingAgent = null;
            AgentRunner tracking = null;
            if (!split)
            {
                final FrameDecoder frames = new FrameDecoder(context, counters, calls.datagrams(), calls.sipMessages());
                agents.add(new CaptureAgent("capture", sources.get(0), frames, calls, clock, counters, log));
            }
            else
            {
                final ManyToOneRingBuffer handoff = ring(context.handoffRingBytes());
                trackingAgent = new TrackingAgent(handoff, calls, clock);
                for (int t = 0; t < sources.size(); t++)
                {
                    final Counters set = threadCounters.get(t);
                    final SipHandoff sip = new SipHandoff(context.sipPorts(), handoff, set);
                    final FrameDecoder frames = new FrameDecoder(context, set, sip, sip::onSipMessage);
                    agents.add(new CaptureAgent("capture-" + t, sources.get(t), frames, null, clock, set, log));
                }
                tracking = start(new BackoffIdleStrategy(100, 10, 1_000, 1_000_000), trackingAgent,
                    trackingCounters.get(SensorCounter.CAPTURE_ERRORS));
                started.add(tracking);
            }
            sources.clear(); // owned by their agents from here on
            final List<AgentRunner> captures = new ArrayList<>();
            for (int t = 0; t < agents.size(); t++)
            {
                final AgentRunner runner = start(NoOpIdleStrategy.INSTANCE, agents.get(t),
                    threadCounters.get(t).get(SensorCounter.CAPTURE_ERRORS));
                captures.add(runner);
                started.add(runner);
            }
            final String description = (opened.sources().isEmpty() ? "" : opened.sources().get(0).description()) +
                ", " + agents.size() + " capture thread" + (agents.size() == 1 ? "" : "s") +
                (trackingAgent != null ? " + 1 tracking thread" : "");
            return new LivePipeline(spool, context.licenseChannelSettings(), journal, channels, captures, agents,
                tracking, trackingAgent, legs, checkpoint, description, log);
        }
        catch (final RuntimeException ex)
        {
            sources.forEach(LiveSource::close);
            started.forEach(AgentRunner::close);
            if (channels != null)
            {
                channels.close();
            }
            if (checkpoint != null)
            {
                checkpoint.close();
            }
            journal.close();
            throw ex;
        }
    }

    private JournalStage journal(final IdleStrategy idle, final Counters journalCounters)
    {
        return new JournalStage(context.journalRingBytes(), spool.journal(), idle, log, () ->
        {
            final JournalWriter writer =
                JournalWriter.open(spool.root(), context.journalSettings(), reprocess, journalCounters, log);
            onJournalOpen.accept(writer.recovery());
            return writer;
        }, journalThreads, context.journalSettings().closeWaitNs());
    }

    private AgentRunner startChannels(final ManyToOneRingBuffer ring, final JournalStage journal,
        final Counters channelCounters, final EpochNanoClock clock)
    {
        ConcurrentCallsStats stats;
        try
        {
            stats = ChannelStatsUpdate.load(spool);
        }
        catch (final IOException | RuntimeException ex)
        {
            log.println("sipsensor: " + ex.getMessage() + "; starting the live statistics empty");
            stats = ConcurrentCallsStats.withDefaultRetention();
        }
        final AtomicCounter statsErrors = channelCounters.get(SensorCounter.CHANNEL_STATS_ERRORS);
        final ChannelTracker tracker = new ChannelTracker(ring,
            ChannelTrackerSettings.defaults(context.licenseChannelSettings()), stats, changed ->
            {
                try
                {
                    StatsFile.save(spool.channelStats(), changed);
                }
                catch (final IOException | RuntimeException ex)
                {
                    if (statsErrors.getAndAddRelease(1) == 0)
                    {
                        log.println("sipsensor: cannot save channel statistics to " + spool.channelStats() + ": " +
                            ex.getMessage());
                    }
                }
            });
        final LiveGauges gauges = new LiveGauges(tracker.snapshot(), journal.ring(), channelCounters, clock);
        return start(new BackoffIdleStrategy(100, 10, 1_000, 10_000_000), new CompositeAgent(tracker, gauges), null);
    }

    private AgentRunner start(final IdleStrategy idle, final org.agrona.concurrent.Agent agent,
        final AtomicCounter errors)
    {
        final AgentRunner runner = new AgentRunner(idle, this::onError, errors, agent);
        AgentRunner.startOnThread(runner);
        return runner;
    }

    private void onError(final Throwable error)
    {
        // a fault that repeats per packet must not flood the log: the first few, then every thousandth
        final long count = errorsReported.incrementAndGet();
        if (count <= 10 || count % 1000 == 0)
        {
            log.println("sipsensor: " + Thread.currentThread().getName() + ": " + error +
                (count >= 10 ? " (" + count + " errors so far; see counter capture_errors)" : ""));
        }
    }

    private static ManyToOneRingBuffer ring(final int bytes)
    {
        return new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(bytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }
}
