package io.sipsensor.agent;

import io.sipsensor.capture.live.LiveCapture;
import io.sipsensor.capture.live.LiveCaptureSettings;
import io.sipsensor.capture.live.LiveSource;
import io.sipsensor.channel.ChannelEventPublisher;
import io.sipsensor.channel.ChannelTracker;
import io.sipsensor.channel.ChannelTrackerSettings;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.channel.StatsFile;
import io.sipsensor.journal.JournalPublisher;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Live capture until SIGTERM or SIGINT: the agent's main deployment. Threads, each the single writer of what it
 * owns:
 * <pre>
 *  capture-0..n-1   kernel ring / libpcap -> decoder -+-> (one capture thread) call path: SIP -> CallTracker -> legs
 *                                                     +-> (several) SipHandoff --ring--> tracking: call path
 *  call path legs   --journal ring-->  journal thread: Chronicle Queue
 *                   --channel ring-->  channels thread: ChannelTracker (live gauge, hourly stats) + gauges
 *  main             signals, heartbeat of the counters file, reloads (license, reloadable settings)
 * </pre>
 * Stop: the capture threads take what the kernel holds and stop; the call path closes every open call (end reason
 * timeout at its last SIP message, as at the end of a file) and journals it waiting for ring space; the channel and
 * journal threads drain their rings; the hours this run touched are recomputed exactly from the journal; the
 * counters file is marked stopped. Exit status 0.
 */
public final class LiveRun
{
    private Counters runCounters;
    private boolean callsLimitSaid;
    private static final int CHANNEL_RING_BYTES = 4 << 20;
    private static final long LEG_ID_SENSOR_SHIFT = 40;

    private final SensorContext context;
    private final Path configFile;
    private final PrintStream err;
    private final EpochNanoClock clock = new SystemEpochNanoClock();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicBoolean reload = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong errorsReported = new java.util.concurrent.atomic.AtomicLong();
    private final List<CaptureAgent> captureAgents = new ArrayList<>();
    private TrackingAgent trackingAgent;
    private LicenseGauge licenseGauge;
    private Counters mainCounters;
    private String filter;

    /**
     * @param context    validated settings, with the interfaces set.
     * @param configFile the config file to re-read on SIGHUP, or null.
     * @param err        where the one-line notes and problems go.
     */
    public LiveRun(final SensorContext context, final Path configFile, final PrintStream err)
    {
        this.context = context;
        this.configFile = configFile;
        this.err = err;
    }

    /**
     * Asks a running {@link #run()} to stop as on SIGTERM (tests, embedding). Any thread.
     */
    public void requestStop()
    {
        stop.countDown();
    }

    /**
     * Asks a running {@link #run()} to reload as on SIGHUP. Any thread.
     */
    public void requestReload()
    {
        reload.set(true);
    }

    /**
     * Captures until a stop is requested.
     *
     * @param installSignals true to handle SIGTERM, SIGINT and SIGHUP (the command line), false when embedded.
     * @return exit status: 0 stopped on request, 1 a worker thread ended by itself, 4 legs were lost.
     * @throws ConfigException or {@link io.sipsensor.capture.live.CaptureOpenException} with one line when capture
     *                         cannot start.
     */
    public int run(final boolean installSignals)
    {
        final LiveCaptureSettings captureSettings = context.liveCaptureSettings();
        if (captureSettings.interfaces().isEmpty())
        {
            throw new ConfigException("no interface to capture on: give -i IF or 'interface' in the config file");
        }
        checkInterfacesExist(captureSettings.interfaces());
        filter = captureSettings.filter();
        final Spool spool = new Spool(context.spoolDirectory());
        spool.prepare();
        try (SpoolLock ignored = SpoolLock.acquire(spool.root(), "live capture"))
        {
            return capture(spool, captureSettings, installSignals);
        }
    }

    private int capture(final Spool spool, final LiveCaptureSettings captureSettings, final boolean installSignals)
    {
        final CountersFile countersFile = CountersFile.create(spool.root(), context.idSensor(), version());
        final Counters counters = countersFile.counters();
        mainCounters = counters.shard();

        final PipelineParts.JournalStage journal;
        try
        {
            journal = PipelineParts.journal(context, counters.shard(), err);
        }
        catch (final RuntimeException ex)
        {
            countersFile.markStopped();
            countersFile.close();
            throw ex;
        }
        AgentRunner channelRunner = null;
        final List<AgentRunner> captureRunners = new ArrayList<>();
        AgentRunner trackingRunner = null;
        final List<LiveSource> sources = new ArrayList<>();
        LiveLegs legs = null;
        boolean started = false;
        boolean failed = false;
        long legsLost = 0;
        try
        {
            final ManyToOneRingBuffer channelRing = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(CHANNEL_RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
            channelRunner = startChannels(spool, channelRing, journal, counters);

            // Capture thread 0 counts in the primary set, every other thread (and the tracking thread) in its own.
            final List<Counters> threadCounters = new ArrayList<>();
            final LiveCapture.Opened opened = LiveCapture.open(captureSettings, thread ->
            {
                final Counters set = thread == 0 ? counters : counters.shard();
                threadCounters.add(set);
                return set;
            }, line -> err.println("sipsensor: " + line));
            sources.addAll(opened.sources());
            mainCounters.get(SensorCounter.CAPTURE_THREADS).setRelease(sources.size());

            final boolean split = sources.size() > 1;
            final Counters trackingCounters = split ? counters.shard() : counters;
            final ChannelEventPublisher channelEvents = new ChannelEventPublisher(
                channelRing, trackingCounters.get(SensorCounter.CHANNEL_EVENTS_DROPPED));
            legs = new LiveLegs(
                new JournalPublisher(journal.ring(), context.idSensor(), false, new YieldingIdleStrategy(),
                    trackingCounters, () -> false),
                new JournalPublisher(journal.ring(), context.idSensor(), true, new YieldingIdleStrategy(),
                    trackingCounters, () -> false),
                channelEvents);
            final CallPath callPath = new CallPath(context, trackingCounters, legs,
                (long)context.idSensor() << LEG_ID_SENSOR_SHIFT);

            if (!split)
            {
                final FrameDecoder decoder = new FrameDecoder(context, counters, callPath.datagrams(),
                    callPath.sipMessages());
                captureAgents.add(new CaptureAgent("capture", sources.get(0), decoder, callPath, clock, counters,
                    err));
            }
            else
            {
                final ManyToOneRingBuffer handoff = new ManyToOneRingBuffer(new UnsafeBuffer(
                    ByteBuffer.allocateDirect(context.handoffRingBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
                trackingAgent = new TrackingAgent(handoff, callPath, clock);
                for (int t = 0; t < sources.size(); t++)
                {
                    final Counters set = threadCounters.get(t);
                    final SipHandoff sipHandoff = new SipHandoff(context.sipPorts(), handoff, set);
                    final FrameDecoder decoder = new FrameDecoder(context, set, sipHandoff, sipHandoff::onSipMessage);
                    captureAgents.add(new CaptureAgent("capture-" + t, sources.get(t), decoder, null, clock, set,
                        err));
                }
                trackingRunner = new AgentRunner(new BackoffIdleStrategy(100, 10, 1_000, 1_000_000),
                    this::onError, trackingCounters.get(SensorCounter.CAPTURE_ERRORS), trackingAgent);
                AgentRunner.startOnThread(trackingRunner);
            }
            sources.clear(); // owned by their agents from here on
            for (int t = 0; t < captureAgents.size(); t++)
            {
                final AgentRunner runner = new AgentRunner(NoOpIdleStrategy.INSTANCE, this::onError,
                    threadCounters.get(t).get(SensorCounter.CAPTURE_ERRORS), captureAgents.get(t));
                captureRunners.add(runner);
                AgentRunner.startOnThread(runner);
            }

            final String description = describe(opened.sources()) + ", " +
                captureAgents.size() + " capture thread" + (captureAgents.size() == 1 ? "" : "s") +
                (trackingAgent != null ? " + 1 tracking thread" : "");
            countersFile.description(description);
            started = true;
            licenseGauge = new LicenseGauge(context, mainCounters, err);
            licenseGauge.evaluate();
            if (installSignals)
            {
                installSignals();
            }
            err.println("sipsensor: capturing with " + description + "; spool " + spool.root() +
                "; SIGTERM stops, SIGHUP reloads");

            runCounters = counters;
            failed = !waitForStop(countersFile, captureRunners, trackingRunner, channelRunner);
        }
        finally
        {
            sources.forEach(LiveSource::close);
            closeAll(captureRunners);
            if (trackingRunner != null)
            {
                trackingRunner.close();
            }
            if (channelRunner != null)
            {
                channelRunner.close();
            }
            journal.close();
            if (legs != null)
            {
                updateChannelStats(spool, legs);
            }
            countersFile.markStopped();
            if (started)
            {
                report(counters);
            }
            legsLost = counters.total(SensorCounter.LEGS_LOST); // read before the counters file is unmapped
            countersFile.close();
        }
        return failed ? 1 : OfflineRun.legsLost(err, legsLost, journal.damagedRecords());
    }

    private static void checkInterfacesExist(final List<String> interfaces)
    {
        final Path sysfs = Path.of("/sys/class/net");
        if (!java.nio.file.Files.isDirectory(sysfs))
        {
            return; // not Linux: libpcap says it
        }
        for (final String name : interfaces)
        {
            if (!"any".equals(name) && !java.nio.file.Files.exists(sysfs.resolve(name)))
            {
                throw new ConfigException("no interface named '" + name + "' (interfaces here: " +
                    String.join(", ", LiveCapture.interfaceNames()) + ", any)");
            }
        }
    }

    private AgentRunner startChannels(final Spool spool, final ManyToOneRingBuffer ring,
        final PipelineParts.JournalStage journal, final Counters counters)
    {
        final ConcurrentCallsStats stats = new ConcurrentCallsStats(
            ConcurrentCallsStats.DEFAULT_HOUR_RETENTION_DAYS, ConcurrentCallsStats.DEFAULT_DAY_RETENTION_DAYS);
        try
        {
            StatsFile.load(spool.channelStats(), stats);
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("sipsensor: " + ex.getMessage() + "; starting the live statistics empty");
            stats.clear();
        }
        final AtomicCounter statsErrors = counters.get(SensorCounter.CHANNEL_STATS_ERRORS);
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
                        err.println("sipsensor: cannot save channel statistics to " + spool.channelStats() + ": " +
                            ex.getMessage());
                    }
                }
            });
        final LiveGauges gauges = new LiveGauges(tracker.snapshot(), journal.ring(), counters, clock);
        final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(100, 10, 1_000, 10_000_000),
            this::onError, null, new CompositeAgent(tracker, gauges));
        AgentRunner.startOnThread(runner);
        return runner;
    }

    private void installSignals()
    {
        final boolean term = Signals.handle("TERM", this::requestStop);
        Signals.handle("INT", this::requestStop);
        final boolean hup = Signals.handle("HUP", this::requestReload);
        if (!term)
        {
            // e.g. -Xrs: fall back to a shutdown hook (the exit status is then the JVM's, 143)
            Runtime.getRuntime().addShutdownHook(new Thread(this::requestStop, "sipsensor-stop"));
        }
        if (!hup)
        {
            err.println("sipsensor: SIGHUP cannot be handled in this JVM; restart to reload");
        }
    }

    /**
     * @return true when stopped on request, false when a worker thread ended by itself (the run fails, so a service
     * manager restarts it).
     */
    private boolean waitForStop(final CountersFile countersFile, final List<AgentRunner> captureRunners,
        final AgentRunner trackingRunner, final AgentRunner channelRunner)
    {
        final List<AgentRunner> workers = new ArrayList<>(captureRunners);
        if (trackingRunner != null)
        {
            workers.add(trackingRunner);
        }
        workers.add(channelRunner);
        while (true)
        {
            try
            {
                if (stop.await(200, TimeUnit.MILLISECONDS))
                {
                    return true;
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return true;
            }
            countersFile.heartbeat();
            if (!callsLimitSaid && runCounters != null)
            {
                // said once, when the limit is first hit; the counter goes on counting
                callsLimitSaid = OfflineRun.callsLimitLine(err, runCounters.total(SensorCounter.CALLS_LIMIT_REACHED),
                    context.callTrackerSettings().maxCalls());
            }
            for (final AgentRunner worker : workers)
            {
                final Thread thread = worker.thread();
                if (thread != null && !thread.isAlive())
                {
                    err.println("sipsensor: the " + worker.agent().roleName() + " thread ended unexpectedly; " +
                        "stopping (exit status 1)");
                    return false;
                }
            }
            if (reload.getAndSet(false))
            {
                reload();
            }
        }
    }

    /**
     * SIGHUP: re-reads the config file (if any) and applies the reloadable settings, then re-evaluates the license
     * (its files are read on every evaluation, so a newly installed license counts from here). A config file with a
     * bad value is reported and changes nothing.
     */
    private void reload()
    {
        mainCounters.get(SensorCounter.RELOADS).incrementRelease();
        if (configFile != null)
        {
            try
            {
                final SensorContext fresh = new SensorContext();
                ConfigFile.load(configFile, fresh, err);
                final List<String> restartNeeded = new ArrayList<>();
                for (final Configuration.Setting setting : Configuration.ALL)
                {
                    final String key = setting.key();
                    final String before = context.value(key);
                    final String after = fresh.value(key);
                    if (before != null && !before.equals(after) && !Configuration.RELOADABLE.contains(key) &&
                        !fromCommandLine(key))
                    {
                        restartNeeded.add(key);
                    }
                }
                for (final String key : Configuration.RELOADABLE)
                {
                    final String value = fresh.value(key);
                    if (value != null && !fromCommandLine(key))
                    {
                        context.set(key, value, configFile + " (reload)");
                    }
                }
                final String newFilter = context.liveCaptureSettings().filter();
                final String filterChange = newFilter.equals(filter) ? null : newFilter;
                if (filterChange != null)
                {
                    LiveCapture.checkFilter(newFilter);
                    filter = newFilter;
                }
                final LiveReload settings = new LiveReload(context.callTrackerSettings(), filterChange);
                for (final CaptureAgent agent : captureAgents)
                {
                    agent.post(settings);
                }
                if (trackingAgent != null)
                {
                    trackingAgent.post(settings);
                }
                err.println("sipsensor: reloaded " + configFile + (filterChange != null ? "; filter now '" +
                    filterChange + "'" : "") + (restartNeeded.isEmpty() ? "" : "; changes to " +
                    String.join(", ", restartNeeded) + " take effect at the next start"));
            }
            catch (final RuntimeException ex)
            {
                mainCounters.get(SensorCounter.RELOAD_ERRORS).incrementRelease();
                err.println("sipsensor: reload refused, settings unchanged: " + ex.getMessage());
            }
        }
        licenseGauge = new LicenseGauge(context, mainCounters, err);
        licenseGauge.evaluate();
    }

    /**
     * @return true when the key's value was given on the command line, which wins over the file also on reload.
     */
    private boolean fromCommandLine(final String key)
    {
        final String source = context.source(key);
        return source != null && source.startsWith("-");
    }

    private void updateChannelStats(final Spool spool, final LiveLegs legs)
    {
        if (legs.earliestStartNs() == Long.MAX_VALUE)
        {
            return;
        }
        try
        {
            ChannelStatsUpdate.recompute(spool, legs.earliestStartNs(), legs.latestEndNs(),
                context.licenseChannelSettings());
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("sipsensor: channel statistics not updated (" + ex.getMessage() +
                "); run 'sipsensor channels rebuild'");
        }
    }

    private void report(final Counters counters)
    {
        err.println("sipsensor: stopped: " + counters.total(SensorCounter.PACKETS) + " packets, " +
            counters.total(SensorCounter.KERNEL_DROPS) + " dropped by the kernel, " +
            counters.total(SensorCounter.LEGS_JOURNALED) + " legs journaled (" +
            counters.total(SensorCounter.LEGS_CLOSED_AT_SHUTDOWN) + " closed at shutdown), " +
            counters.total(SensorCounter.LEGS_LOST) + " lost");
    }

    private void onError(final Throwable error)
    {
        // a fault that repeats per packet must not flood the log: the first few, then every thousandth
        final long count = errorsReported.incrementAndGet();
        if (count <= 10 || count % 1000 == 0)
        {
            err.println("sipsensor: " + Thread.currentThread().getName() + ": " + error +
                (count >= 10 ? " (" + count + " errors so far; see counter capture_errors)" : ""));
        }
    }

    private static void closeAll(final List<AgentRunner> runners)
    {
        for (final AgentRunner runner : runners)
        {
            runner.close();
        }
    }

    private static String describe(final List<LiveSource> sources)
    {
        return sources.isEmpty() ? "" : sources.get(0).description();
    }

    private static String version()
    {
        final String version = LiveRun.class.getPackage().getImplementationVersion();
        return "sipsensor " + (version != null ? version : "development");
    }
}
