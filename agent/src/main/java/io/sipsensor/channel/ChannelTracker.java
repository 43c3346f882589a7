package io.sipsensor.channel;

import io.sipsensor.status.RingDrain;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Consumer;

import static io.sipsensor.channel.ChannelEventDescriptor.*;

/**
 * The channel tracker's duty cycle: the single writer of live channel counts and Concurrent Calls Stats. Producers
 * (capture threads, remote-sensor receivers) publish leg events through a many-to-one ring
 * ({@link ChannelEventPublisher}); this agent applies them in ring order to the {@link LiveChannels} gauge, keeps
 * completed legs of the recent past, publishes a consistent {@link ChannelSnapshot} after every batch, and computes
 * each UTC hour exactly when the watermark (the latest event time) is past the hour's end plus the close delay. A
 * late leg whose hours are already closed reopens them: recomputed exactly if its hours are still within the late
 * window, otherwise counted (see {@link #tooLateLegs()}) for {@code channels rebuild}.
 * <p>
 * Runs on one thread; allocates only when an hour is computed (once an hour, or per late leg).
 */
public final class ChannelTracker implements Agent
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int BATCH = 4096;
    private static final long MARGIN_NS = HourStats.HOUR_NS;

    private final RingBuffer ring;
    private final ChannelTrackerSettings settings;
    private final LiveChannels live;
    private final RecentLegs recent = new RecentLegs();
    private final ConcurrentCallsStats stats;
    private final Consumer<ConcurrentCallsStats> onStatsChanged;
    private final ChannelSnapshot snapshot = new ChannelSnapshot();
    private final long[] values = new long[ChannelSnapshot.LENGTH];
    private final MessageHandler handler = this::onEvent;

    private long events;
    private long watermarkNs = Long.MIN_VALUE;
    private long lastClosedHour = Long.MIN_VALUE;
    private long dirtyFromHour = Long.MAX_VALUE;
    private long dirtyToHour = Long.MIN_VALUE;
    private long tooLateLegs;
    private EventObserver observer;

    /**
     * Sees every event as it is applied, in order (tests record the serialisation the tracker chose).
     */
    @FunctionalInterface
    interface EventObserver
    {
        void onApplied(int type, long legId, long startNs, long connectNs, long endNs, long key, int finalCode);
    }

    /**
     * @param ring           the many-to-one ring producers publish into.
     * @param settings       merge rules, close delay, late window.
     * @param stats          the stats to maintain (loaded from the spool by the caller).
     * @param onStatsChanged called on this thread after hours were computed (e.g. to persist them).
     */
    public ChannelTracker(final RingBuffer ring, final ChannelTrackerSettings settings,
        final ConcurrentCallsStats stats, final Consumer<ConcurrentCallsStats> onStatsChanged)
    {
        this.ring = ring;
        this.settings = settings;
        this.live = new LiveChannels(settings.license().dedupWindowNs());
        this.stats = stats;
        this.onStatsChanged = onStatsChanged;
        if (!stats.hours().isEmpty())
        {
            lastClosedHour = stats.hours().lastKey();
        }
    }

    /**
     * @return the live counts, readable from any thread.
     */
    public ChannelSnapshot snapshot()
    {
        return snapshot;
    }

    void observer(final EventObserver observer)
    {
        this.observer = observer;
    }

    /**
     * @return legs that touched hours already closed and older than the late window (need a rebuild).
     */
    public long tooLateLegs()
    {
        return tooLateLegs;
    }

    @Override
    public int doWork()
    {
        final int read = ring.read(handler, BATCH);
        if (read > 0)
        {
            live.expire(watermarkNs);
            recent.evictEndedBefore(watermarkNs - settings.lateWindowNs() - MARGIN_NS);
            publish();
            closeHours();
        }
        return read;
    }

    @Override
    public void onClose()
    {
        RingDrain.drain(ring, handler, BATCH); // what producers committed before they stopped
        publish();
        closeHours();
    }

    @Override
    public String roleName()
    {
        return "channel-tracker";
    }

    /**
     * Applies every event in the ring now (tests and end of input; producers must have stopped publishing).
     *
     * @return events applied.
     */
    public long drain()
    {
        final long applied = RingDrain.drain(ring, handler, BATCH);
        if (applied > 0)
        {
            live.expire(watermarkNs);
            recent.evictEndedBefore(watermarkNs - settings.lateWindowNs() - MARGIN_NS);
            publish();
            closeHours();
        }
        return applied;
    }

    /**
     * Computes every hour up to the watermark's hour, even if it is not over yet (end of input). Tracker thread.
     */
    public void closeAll()
    {
        if (watermarkNs == Long.MIN_VALUE)
        {
            return;
        }
        final long lastHour = IntervalSweep.hourOf(watermarkNs);
        final long firstHour = lastClosedHour == Long.MIN_VALUE ? firstHourWithData() : lastClosedHour + 1;
        if (firstHour <= lastHour)
        {
            compute(firstHour, lastHour);
            lastClosedHour = lastHour;
        }
        recomputeDirty();
    }

    private void onEvent(final int type, final DirectBuffer buffer, final int index, final int length)
    {
        events++;
        final long legId = buffer.getLong(index + LEG_ID_OFFSET, ORDER);
        if (observer != null)
        {
            observer.onApplied(type, legId, buffer.getLong(index + START_OFFSET, ORDER),
                buffer.getLong(index + CONNECT_OFFSET, ORDER), buffer.getLong(index + END_OFFSET, ORDER),
                buffer.getLong(index + KEY_OFFSET, ORDER), buffer.getInt(index + FINAL_CODE_OFFSET, ORDER));
        }
        switch (type)
        {
            case START ->
            {
                final long start = buffer.getLong(index + START_OFFSET, ORDER);
                advance(start);
                if (lastClosedHour == Long.MIN_VALUE)
                {
                    lastClosedHour = IntervalSweep.hourOf(start) - 1;
                }
                live.start(legId, start, buffer.getLong(index + KEY_OFFSET, ORDER));
            }
            case CONNECT ->
            {
                final long connect = buffer.getLong(index + CONNECT_OFFSET, ORDER);
                advance(connect);
                live.connect(legId, connect);
            }
            case END, LEG ->
            {
                final long start = buffer.getLong(index + START_OFFSET, ORDER);
                final long end = buffer.getLong(index + END_OFFSET, ORDER);
                advance(end);
                if (lastClosedHour == Long.MIN_VALUE)
                {
                    lastClosedHour = IntervalSweep.hourOf(start) - 1;
                }
                final int finalCode = buffer.getInt(index + FINAL_CODE_OFFSET, ORDER);
                final boolean wasLive = type == END && live.end(legId);
                recent.add(start, buffer.getLong(index + CONNECT_OFFSET, ORDER), end,
                    buffer.getLong(index + KEY_OFFSET, ORDER), finalCode);
                // A live leg was counted as active through every hour closed while it ran: only the hour it ended
                // in can change, unless it turned out a 487 (which counts zero). A leg without live events changes
                // every closed hour it touches.
                final boolean countedRight = wasLive && (finalCode != 487 || settings.license().count487());
                markDirty(countedRight ? Math.max(start, end - 1) : start, Math.max(start, end - 1));
            }
            default ->
            {
                // TICK or unknown: time only
                advance(buffer.getLong(index + END_OFFSET, ORDER));
            }
        }
    }

    private void advance(final long timeNs)
    {
        if (timeNs > watermarkNs)
        {
            watermarkNs = timeNs;
        }
    }

    private void markDirty(final long fromNs, final long toNs)
    {
        if (lastClosedHour == Long.MIN_VALUE)
        {
            return;
        }
        final long from = IntervalSweep.hourOf(fromNs);
        final long to = Math.min(IntervalSweep.hourOf(toNs), lastClosedHour);
        if (from <= to)
        {
            dirtyFromHour = Math.min(dirtyFromHour, from);
            dirtyToHour = Math.max(dirtyToHour, to);
        }
    }

    private void publish()
    {
        values[ChannelSnapshot.EVENTS] = events;
        values[ChannelSnapshot.WATERMARK_NS] = watermarkNs;
        values[ChannelSnapshot.ALL] = live.all();
        values[ChannelSnapshot.ALL_DEDUP] = live.allDedup();
        values[ChannelSnapshot.ANSWERED] = live.answered();
        values[ChannelSnapshot.ANSWERED_DEDUP] = live.answeredDedup();
        values[ChannelSnapshot.LICENSE] = live.license();
        snapshot.publish(values);
    }

    private void closeHours()
    {
        if (lastClosedHour != Long.MIN_VALUE)
        {
            final long closable = IntervalSweep.hourOf(watermarkNs - settings.closeDelayNs()) - 1;
            if (closable > lastClosedHour)
            {
                compute(lastClosedHour + 1, closable);
                lastClosedHour = closable;
            }
        }
        recomputeDirty();
    }

    private void recomputeDirty()
    {
        if (dirtyFromHour > dirtyToHour)
        {
            return;
        }
        // Legs that ended before (watermark - late window - margin) are gone from memory, so an hour is exact only
        // if it starts at or after (watermark - late window): its legs reach back at most the margin.
        final long oldestExactNs = watermarkNs - settings.lateWindowNs();
        long from = dirtyFromHour;
        if (from * HourStats.HOUR_NS < oldestExactNs)
        {
            tooLateLegs++;
            from = Math.floorDiv(oldestExactNs + HourStats.HOUR_NS - 1, HourStats.HOUR_NS);
        }
        if (from <= dirtyToHour)
        {
            compute(from, dirtyToHour);
        }
        dirtyFromHour = Long.MAX_VALUE;
        dirtyToHour = Long.MIN_VALUE;
    }

    /**
     * Exact rows for hours [first, last] from the recent legs and the legs in progress (counted as active through
     * the end of the last hour).
     */
    private void compute(final long firstHour, final long lastHour)
    {
        final long fromNs = firstHour * HourStats.HOUR_NS;
        final long toNs = (lastHour + 1) * HourStats.HOUR_NS;
        final LegTable legs = new LegTable(Math.max(16, recent.size() + live.activeLegs()));
        recent.copyOverlapping(fromNs - MARGIN_NS, toNs, legs);
        live.forEachActive((start, connect, key) ->
        {
            if (start < toNs)
            {
                legs.add(start, connect, toNs, key, 0);
            }
        });
        final List<ChannelReport.HourRow> rows =
            StatsRebuild.rowsInRange(ChannelReport.compute(legs, settings.license()), firstHour, lastHour);
        if (!rows.isEmpty())
        {
            stats.upsert(rows);
            onStatsChanged.accept(stats);
        }
    }

    private long firstHourWithData()
    {
        return stats.hours().isEmpty() ? IntervalSweep.hourOf(watermarkNs) : stats.hours().lastKey() + 1;
    }
}
