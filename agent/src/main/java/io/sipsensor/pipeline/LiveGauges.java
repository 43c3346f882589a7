package io.sipsensor.pipeline;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;

import io.sipsensor.channel.ChannelSnapshot;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Copies the live gauges into counters a few times a second, so {@code status} and any counters reader see them:
 * the channel tracker's current counts (read through its sequence lock, never blocking it) and the journal's lag
 * (legs completed but not yet written or lost) and ring fill. Runs on the channel tracker's thread, the single
 * writer of these counters. No allocation.
 */
final class LiveGauges implements Agent
{
    private static final long INTERVAL_NS = 250_000_000L;

    private final ChannelSnapshot snapshot;
    private final RingBuffer journalRing;
    private final Counters counters;
    private final EpochNanoClock clock;
    private final long[] values = new long[ChannelSnapshot.LENGTH];
    private final AtomicCounter all;
    private final AtomicCounter allDedup;
    private final AtomicCounter answered;
    private final AtomicCounter answeredDedup;
    private final AtomicCounter license;
    private final AtomicCounter journalLag;
    private final AtomicCounter journalRingBytes;
    private long lastNs;

    LiveGauges(final ChannelSnapshot snapshot, final RingBuffer journalRing, final Counters counters,
        final EpochNanoClock clock)
    {
        this.snapshot = snapshot;
        this.journalRing = journalRing;
        this.counters = counters;
        this.clock = clock;
        all = counters.get(SensorCounter.CHANNELS_ALL);
        allDedup = counters.get(SensorCounter.CHANNELS_ALL_DEDUP);
        answered = counters.get(SensorCounter.CHANNELS_ANSWERED);
        answeredDedup = counters.get(SensorCounter.CHANNELS_ANSWERED_DEDUP);
        license = counters.get(SensorCounter.CHANNELS_LICENSE);
        journalLag = counters.get(SensorCounter.JOURNAL_LAG);
        journalRingBytes = counters.get(SensorCounter.JOURNAL_RING_USED_BYTES);
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        if (nowNs - lastNs < INTERVAL_NS)
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

    /**
     * Copies the gauges now.
     */
    void update()
    {
        snapshot.read(values);
        all.setRelease(values[ChannelSnapshot.ALL]);
        allDedup.setRelease(values[ChannelSnapshot.ALL_DEDUP]);
        answered.setRelease(values[ChannelSnapshot.ANSWERED]);
        answeredDedup.setRelease(values[ChannelSnapshot.ANSWERED_DEDUP]);
        license.setRelease(values[ChannelSnapshot.LICENSE]);
        journalLag.setRelease(Math.max(0, counters.total(SensorCounter.LEGS_COMPLETED) -
            counters.total(SensorCounter.LEGS_JOURNALED) - counters.total(SensorCounter.LEGS_LOST)));
        journalRingBytes.setRelease(journalRing.size());
    }

    @Override
    public String roleName()
    {
        return "gauges";
    }
}
