package io.sipsensor.channel;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.call.CallState;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelTrackerTest
{
    static final long S = 1_000_000_000L;
    static final long T0 = 1_795_341_600L * S; // 2026-11-22T06:40:00Z is not an hour start; use hour math below
    static final long HOUR0 = Math.floorDiv(T0, HourStats.HOUR_NS) * HourStats.HOUR_NS;

    private final Counters counters = new Counters();
    private final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(
        new UnsafeBuffer(ByteBuffer.allocateDirect((1 << 20) + RingBufferDescriptor.TRAILER_LENGTH)));
    private final ChannelEventPublisher publisher =
        new ChannelEventPublisher(ring, counters.get(SensorCounter.JOURNAL_RING_FULL));
    private final ConcurrentCallsStats stats = new ConcurrentCallsStats(14, 21);
    private ChannelTracker tracker = new ChannelTracker(
        ring, ChannelTrackerSettings.defaults(LicenseChannelSettings.defaults()), stats, ignored -> { });

    /** A leg for tests: times in seconds after HOUR0. */
    record Leg(long id, double start, double connect, double end, long key, int finalCode)
    {
        long startNs()
        {
            return HOUR0 + (long)(start * S);
        }

        long connectNs()
        {
            return connect < 0 ? CallState.NO_TIME : HOUR0 + (long)(connect * S);
        }

        long endNs()
        {
            return HOUR0 + (long)(end * S);
        }
    }

    @Test
    void shouldCountLiveLegsInAllFourViewsAndAsLicenseChannels()
    {
        publisher.start(1, HOUR0, 10);
        publisher.start(2, HOUR0 + 1, 10);          // same key, 1 ns later: same license channel, dedup 1
        publisher.start(3, HOUR0 + 2, 11);
        publisher.connect(1, HOUR0 + 5);
        drain();
        final long[] values = read();
        assertEquals(3, values[ChannelSnapshot.ALL]);
        assertEquals(2, values[ChannelSnapshot.ALL_DEDUP]);
        assertEquals(1, values[ChannelSnapshot.ANSWERED]);
        assertEquals(1, values[ChannelSnapshot.ANSWERED_DEDUP]);
        assertEquals(2, values[ChannelSnapshot.LICENSE]);

        publisher.end(1, HOUR0, HOUR0 + 5, HOUR0 + 10 * S, 10, 200);
        publisher.end(3, HOUR0 + 2, CallState.NO_TIME, HOUR0 + 11 * S, 11, 487);
        drain();
        final long[] after = read();
        assertEquals(1, after[ChannelSnapshot.ALL]);
        assertEquals(0, after[ChannelSnapshot.ANSWERED]);
        assertEquals(1, after[ChannelSnapshot.LICENSE]);
        assertEquals(6, after[ChannelSnapshot.EVENTS]);
    }

    @Test
    void shouldOpenSecondChannelForSameKeyStartingAfterWindow()
    {
        publisher.start(1, HOUR0, 10);
        publisher.start(2, HOUR0 + 10 * S, 10);       // exactly 10 s: same channel
        publisher.start(3, HOUR0 + 10 * S + 1, 10);   // just over: new channel
        drain();
        assertEquals(2, read()[ChannelSnapshot.LICENSE]);
    }

    @Test
    void shouldComputeClosedHoursExactlyLikeTheFullComputation()
    {
        final List<Leg> legs = randomLegs(new Random(5), 400, 3 * 3600);
        feedLive(legs);
        tracker.closeAll();
        assertRowsMatchExact(legs);
    }

    @Test
    void shouldGiveSameHoursWhetherLegsArriveInOrderOrShuffled()
    {
        // Shuffling two hours of legs makes them up to two hours late: give the tracker a window that covers it.
        tracker = new ChannelTracker(ring, new ChannelTrackerSettings(LicenseChannelSettings.defaults(), 60 * S,
            6 * 3600 * S), stats, ignored -> { });
        final List<Leg> legs = randomLegs(new Random(11), 300, 2 * 3600);
        final List<Leg> shuffled = new ArrayList<>(legs);
        Collections.shuffle(shuffled, new Random(3));
        for (final Leg leg : shuffled)
        {
            publisher.leg(leg.startNs(), leg.connectNs(), leg.endNs(), leg.key(), leg.finalCode());
            drain();
        }
        tracker.closeAll();
        assertRowsMatchExact(legs);
        assertEquals(0, tracker.tooLateLegs());
    }

    @Test
    void shouldRecomputeClosedHourWhenLateLegArrivesWithinWindow()
    {
        final List<Leg> legs = new ArrayList<>(randomLegs(new Random(8), 200, 3600));
        feedLive(legs);
        // Move time on to close hour 0, then a remote sensor's leg for hour 0 arrives.
        publisher.start(100_000, HOUR0 + 3600 * S + 120 * S, 999);
        drain();
        final long before = stats.hours().get(HOUR0 / HourStats.HOUR_NS).peakAll();
        final Leg late = new Leg(0, 100, 101, 3000, 77, 200);
        legs.add(late);
        publisher.leg(late.startNs(), late.connectNs(), late.endNs(), late.key(), late.finalCode());
        drain();
        final long after = stats.hours().get(HOUR0 / HourStats.HOUR_NS).peakAll();
        assertEquals(exactRow(legs, HOUR0 / HourStats.HOUR_NS).peakAll(), after);
        assertTrue(after >= before);
    }

    @Test
    void shouldCountLegTooLateForMemoryWindow()
    {
        publisher.start(1, HOUR0, 1);
        publisher.end(1, HOUR0, CallState.NO_TIME, HOUR0 + S, 1, 486);
        publisher.start(2, HOUR0 + 5 * 3600 * S, 2);   // five hours later
        drain();
        publisher.leg(HOUR0 + 10 * S, CallState.NO_TIME, HOUR0 + 20 * S, 3, 486);
        drain();
        assertEquals(1, tracker.tooLateLegs());
    }

    private void feedLive(final List<Leg> legs)
    {
        // Events in time order, ends before starts at equal times, as a capture produces them.
        final List<long[]> events = new ArrayList<>();
        for (final Leg leg : legs)
        {
            events.add(new long[]{leg.startNs(), 1, leg.id()});
            if (leg.connectNs() != CallState.NO_TIME)
            {
                events.add(new long[]{leg.connectNs(), 2, leg.id()});
            }
            events.add(new long[]{leg.endNs(), 0, leg.id()});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (final long[] event : events)
        {
            final Leg leg = legs.get((int)event[2] - 1);
            switch ((int)event[1])
            {
                case 1 -> publisher.start(leg.id(), leg.startNs(), leg.key());
                case 2 -> publisher.connect(leg.id(), leg.connectNs());
                default -> publisher.end(leg.id(), leg.startNs(), leg.connectNs(), leg.endNs(), leg.key(),
                    leg.finalCode());
            }
            drain();
        }
    }

    private void assertRowsMatchExact(final List<Leg> legs)
    {
        final ChannelReport exact = ChannelReport.compute(table(legs), LicenseChannelSettings.defaults());
        assertEquals(exact.hours().size(), stats.hours().size());
        for (final ChannelReport.HourRow row : exact.hours())
        {
            final ChannelReport.HourRow tracked = stats.hours().get(row.hour());
            assertEquals(row.peakAll(), tracked.peakAll(), "hour " + row.hour());
            assertEquals(row.peakAllDedup(), tracked.peakAllDedup(), "hour " + row.hour());
            assertEquals(row.peakAnswered(), tracked.peakAnswered(), "hour " + row.hour());
            assertEquals(row.peakAnsweredDedup(), tracked.peakAnsweredDedup(), "hour " + row.hour());
            assertEquals(row.licenseMax(), tracked.licenseMax(), "hour " + row.hour());
            assertEquals(row.licenseMean(), tracked.licenseMean(), 1e-9, "hour " + row.hour());
        }
    }

    private static ChannelReport.HourRow exactRow(final List<Leg> legs, final long hour)
    {
        for (final ChannelReport.HourRow row :
            ChannelReport.compute(table(legs), LicenseChannelSettings.defaults()).hours())
        {
            if (row.hour() == hour)
            {
                return row;
            }
        }
        throw new AssertionError("no hour " + hour);
    }

    static LegTable table(final List<Leg> legs)
    {
        final LegTable table = new LegTable(legs.size());
        for (final Leg leg : legs)
        {
            table.add(leg.startNs(), leg.connectNs(), leg.endNs(), leg.key(), leg.finalCode());
        }
        return table;
    }

    static List<Leg> randomLegs(final Random random, final int count, final int spanSeconds)
    {
        final List<Leg> legs = new ArrayList<>();
        for (int i = 1; i <= count; i++)
        {
            final double start = random.nextInt(spanSeconds * 10) / 10.0;
            final boolean answered = random.nextInt(4) != 0;
            final double connect = answered ? start + random.nextInt(30) / 10.0 : -1;
            final double end = (answered ? connect : start) + random.nextInt(6000) / 10.0;
            final int finalCode = answered ? 200 : (random.nextBoolean() ? 487 : 486);
            legs.add(new Leg(i, start, connect, end, random.nextInt(40), finalCode));
        }
        return legs;
    }

    private void drain()
    {
        tracker.drain();
    }

    private long[] read()
    {
        final long[] values = new long[ChannelSnapshot.LENGTH];
        tracker.snapshot().read(values);
        return values;
    }
}
