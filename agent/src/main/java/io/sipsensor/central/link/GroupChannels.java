package io.sipsensor.central.link;

import io.sipsensor.channel.ChannelEventPublisher;
import io.sipsensor.channel.ChannelSnapshot;
import io.sipsensor.channel.ChannelStatsUpdate;
import io.sipsensor.channel.ChannelTracker;
import io.sipsensor.channel.ChannelTrackerSettings;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.spool.Spool;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The group's channels at a central: the legs in progress its sensors report (start, connect, end events, see
 * {@link io.sipsensor.central.LegEvents}) feed one {@link ChannelTracker}, so the central's live counts
 * ({@code channels_*} counters) are over all sensors as calls progress, with the cross-sensor dedup of license
 * channels (same key, starts within the merge window).
 * The hourly Concurrent Calls Stats of the spool ({@code channels/stats.json}, what {@code channels} shows) are
 * recomputed from the central's journal for the span of time the newly journaled legs touch, at most every
 * {@link #STATS_INTERVAL_NS} and at close: legs of a sensor's backlog arrive hours late and out of order, and the
 * journal is the one exact source.
 * <p>
 * Threads: the journal thread calls {@link #journaled}; the connections' event loop calls the live-event methods;
 * the tracker and its gauges run on their own thread ({@code central-channels}); {@link #refreshStats} runs on the
 * central's main thread.
 */
public final class GroupChannels implements AutoCloseable
{
    /** How often the hourly stats are brought up to date while legs arrive. */
    static final long STATS_INTERVAL_NS = TimeUnit.SECONDS.toNanos(2);

    private static final int RING_BYTES = (4 << 20) + RingBufferDescriptor.TRAILER_LENGTH;
    private static final long GAUGE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Spool spool;
    private final LicenseChannelSettings license;
    private final PrintStream log;
    private final ChannelTracker tracker;
    private final ChannelEventPublisher liveSide;
    private final AgentRunner runner;
    private final AtomicLong dirtyFromNs = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong dirtyToNs = new AtomicLong(Long.MIN_VALUE);
    private long nextStatsNs;
    private String lastProblem;

    /**
     * Starts the tracker thread.
     *
     * @param spool    the central's spool (its journal and stats).
     * @param license  how legs merge into license channels.
     * @param counters the central's primary counter set: its channel gauges are written by the tracker thread only,
     *                 its dropped-event counter is shared (atomic increments).
     * @param log      where one-line reports go.
     */
    public GroupChannels(final Spool spool, final LicenseChannelSettings license, final Counters counters,
        final PrintStream log)
    {
        this.spool = spool;
        this.license = license;
        this.log = log;
        final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(RING_BYTES)));
        tracker = new ChannelTracker(ring, ChannelTrackerSettings.defaults(license),
            ConcurrentCallsStats.withDefaultRetention(), stats -> { });
        liveSide = new ChannelEventPublisher(ring, counters.get(SensorCounter.CHANNEL_EVENTS_DROPPED));
        runner = new AgentRunner(new BackoffIdleStrategy(100, 10, 1_000, 1_000_000),
            error -> log.println("sipsensor central: channels thread: " + error), null,
            new CompositeAgent(tracker, new Gauges(tracker.snapshot(), counters)));
        AgentRunner.startOnThread(runner, runnable -> new Thread(runnable, "central-channels"));
    }

    /**
     * A leg the central's journal now holds for the first time: the hours it touches are recomputed at the next
     * {@link #refreshStats}. Journal thread; no allocation.
     *
     * @param record the journaled CDR record.
     */
    void journaled(final CdrDecoder record)
    {
        final long startNs = record.startNs();
        dirtyFromNs.accumulateAndGet(startNs, Math::min);
        dirtyToNs.accumulateAndGet(Math.max(startNs, record.endNs()), Math::max);
    }

    /**
     * A sensor's leg started (in progress). Its connection's event loop.
     *
     * @param legId   {@link #legId}.
     * @param startNs its start.
     * @param key     its dedup key as computed by this central for its caller and called.
     */
    void started(final long legId, final long startNs, final long key)
    {
        liveSide.start(legId, startNs, key);
    }

    /**
     * A sensor's leg in progress was answered. Its connection's event loop.
     *
     * @param legId     {@link #legId}.
     * @param connectNs its connect.
     */
    void connected(final long legId, final long connectNs)
    {
        liveSide.connect(legId, connectNs);
    }

    /**
     * A sensor's leg in progress ended (or its sensor went away: then with the time it went away). Its connection's
     * event loop.
     *
     * @param legId     {@link #legId}.
     * @param startNs   its start.
     * @param connectNs its connect or Long.MIN_VALUE.
     * @param endNs     its end.
     * @param key       its dedup key.
     * @param finalCode its final code.
     */
    void ended(final long legId, final long startNs, final long connectNs, final long endNs, final long key,
        final int finalCode)
    {
        liveSide.end(legId, startNs, connectNs, Math.max(startNs, endNs), key, finalCode);
    }

    /**
     * The group's id of a sensor's leg in progress: the sensor's id in the top bits, the low 40 bits of the sensor's
     * own leg id below, so the legs of different sensors never share one whatever a sensor sends.
     *
     * @param idSensor the sensor.
     * @param legId    the sensor's leg id.
     * @return never {@link Long#MIN_VALUE} (the live table's free mark).
     */
    static long legId(final int idSensor, final long legId)
    {
        final long id = ((long)idSensor << 40) ^ (legId & 0xFF_FFFF_FFFFL);
        return id == Long.MIN_VALUE ? 0 : id;
    }

    /** @return the live counts over the group, readable from any thread. */
    ChannelSnapshot snapshot()
    {
        return tracker.snapshot();
    }

    /**
     * Recomputes the hours the legs journaled since the last call touch, if {@link #STATS_INTERVAL_NS} passed.
     * Main thread; reads the journal.
     *
     * @param force true to recompute now whatever the interval (at close).
     */
    public void refreshStats(final boolean force)
    {
        final long nowNs = System.nanoTime();
        if (!force && nowNs < nextStatsNs)
        {
            return;
        }
        nextStatsNs = nowNs + STATS_INTERVAL_NS;
        final long from = dirtyFromNs.getAndSet(Long.MAX_VALUE);
        final long to = dirtyToNs.getAndSet(Long.MIN_VALUE);
        if (from > to)
        {
            return;
        }
        try
        {
            ChannelStatsUpdate.recompute(spool, from, to + 1, license);
            lastProblem = null;
        }
        catch (final IOException | RuntimeException ex)
        {
            // the span stays dirty: tried again at the next interval
            dirtyFromNs.accumulateAndGet(from, Math::min);
            dirtyToNs.accumulateAndGet(to, Math::max);
            final String problem = ex.getMessage();
            if (problem == null || !problem.equals(lastProblem))
            {
                lastProblem = problem;
                log.println("sipsensor central: Concurrent Calls Stats not updated: " + problem + " (retrying)");
            }
        }
    }

    /** Stops the tracker thread and brings the hourly stats up to date. Main thread. */
    @Override
    public void close()
    {
        runner.close();
        refreshStats(true);
    }

    /** Copies the tracker's live counts into the central's channel gauges; tracker thread. No allocation. */
    private static final class Gauges implements Agent
    {
        private final ChannelSnapshot snapshot;
        private final long[] values = new long[ChannelSnapshot.LENGTH];
        private final AtomicCounter all;
        private final AtomicCounter allDedup;
        private final AtomicCounter answered;
        private final AtomicCounter answeredDedup;
        private final AtomicCounter licenseChannels;
        private long lastNs;

        Gauges(final ChannelSnapshot snapshot, final Counters counters)
        {
            this.snapshot = snapshot;
            all = counters.get(SensorCounter.CHANNELS_ALL);
            allDedup = counters.get(SensorCounter.CHANNELS_ALL_DEDUP);
            answered = counters.get(SensorCounter.CHANNELS_ANSWERED);
            answeredDedup = counters.get(SensorCounter.CHANNELS_ANSWERED_DEDUP);
            licenseChannels = counters.get(SensorCounter.CHANNELS_LICENSE);
        }

        @Override
        public int doWork()
        {
            final long nowNs = System.nanoTime();
            if (nowNs - lastNs < GAUGE_INTERVAL_NS)
            {
                return 0;
            }
            lastNs = nowNs;
            update();
            return 1;
        }

        @Override
        public void onClose()
        {
            update();
        }

        private void update()
        {
            snapshot.read(values);
            all.setRelease(values[ChannelSnapshot.ALL]);
            allDedup.setRelease(values[ChannelSnapshot.ALL_DEDUP]);
            answered.setRelease(values[ChannelSnapshot.ANSWERED]);
            answeredDedup.setRelease(values[ChannelSnapshot.ANSWERED_DEDUP]);
            licenseChannels.setRelease(values[ChannelSnapshot.LICENSE]);
        }

        @Override
        public String roleName()
        {
            return "central-channel-gauges";
        }
    }
}
