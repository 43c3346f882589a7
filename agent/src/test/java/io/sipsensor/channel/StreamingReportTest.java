package io.sipsensor.channel;

import io.sipsensor.call.CallState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report computed as legs happen equals the one computed from all legs at the end, field for field, whatever
 * order and lateness the call tracker emits them in.
 */
class StreamingReportTest
{
    private static final long S = 1_000_000_000L;
    private static final long BASE = 1_795_341_600L * S - 1_800 * S; // half an hour before an hour boundary

    @Test
    void shouldEqualTheFullReportWhenLegsEndInOrder()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            final Run run = generate(new Random(seed), 3_000, 0.0, 0.0);
            final StreamingReport streaming = run.feed(LicenseChannelSettings.defaults());
            assertTrue(streaming.isStreaming());
            assertTrue(streaming.isMergingLicenseChannels());
            assertFalse(streaming.hasLateEvents());
            assertEquals(ChannelReport.compute(run.table(), LicenseChannelSettings.defaults()),
                streaming.finish(run.table()), "seed " + seed);
        }
    }

    @Test
    void shouldEqualTheFullReportWhenLegsTimeOutLongAfterTheyEnded()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            final Run run = generate(new Random(seed), 3_000, 0.05, 0.0);
            final StreamingReport streaming = run.feed(new LicenseChannelSettings(10 * S, seed % 2 == 0));
            assertTrue(streaming.isStreaming());
            assertTrue(streaming.hasLateEvents());
            assertEquals(ChannelReport.compute(run.table(), new LicenseChannelSettings(10 * S, seed % 2 == 0)),
                streaming.finish(run.table()), "seed " + seed);
        }
    }

    @Test
    void shouldEqualTheFullReportWhenStartsComeOutOfOrder()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            final Run run = generate(new Random(seed), 2_000, 0.02, 0.05);
            final StreamingReport streaming = run.feed(LicenseChannelSettings.defaults());
            assertFalse(streaming.isMergingLicenseChannels());
            assertEquals(ChannelReport.compute(run.table(), LicenseChannelSettings.defaults()),
                streaming.finish(run.table()), "seed " + seed);
        }
    }

    @Test
    void shouldFallBackToTheFullReportForLegsSeenOnlyAtTheirEnd()
    {
        final Run run = generate(new Random(1), 500, 0.0, 0.0);
        final StreamingReport streaming = new StreamingReport(LicenseChannelSettings.defaults());
        for (final Event event : run.events)
        {
            if (event.kind == Event.LEG)
            {
                final Leg leg = event.leg;
                streaming.onLeg(leg.id, leg.start, leg.connect, leg.end, leg.key, leg.finalCode);
            }
        }
        assertFalse(streaming.isStreaming());
        assertEquals(ChannelReport.compute(run.table(), LicenseChannelSettings.defaults()),
            streaming.finish(run.table()));
    }

    @Test
    void shouldHoldOnlyTheReorderWindowWhileLegsComeInOrder()
    {
        // 20 calls a second for an hour, 3 minutes each: the views hold ~32 s of events, not the hour's
        final Run run = generate(new Random(3), 72_000, 0.0, 0.0);
        final StreamingReport streaming = new StreamingReport(LicenseChannelSettings.defaults());
        int mostHeld = 0;
        for (final Event event : run.events)
        {
            run.apply(streaming, event);
            mostHeld = Math.max(mostHeld, streaming.held());
        }
        assertTrue(mostHeld < 72_000 / 10, "held " + mostHeld);
        assertEquals(ChannelReport.compute(run.table(), LicenseChannelSettings.defaults()),
            streaming.finish(run.table()));
    }

    private record Leg(long id, long start, long seenAt, long connect, long end, long key, int finalCode, long emittedAt)
    {
    }

    private record Event(long time, int order, int kind, Leg leg)
    {
        static final int START = 0;
        static final int CONNECT = 1;
        static final int LEG = 2;
    }

    private record Run(List<Leg> legs, List<Event> events)
    {
        LegTable table()
        {
            // the collector's table is in emission order
            final LegTable table = new LegTable(16);
            for (final Event event : events)
            {
                if (event.kind == Event.LEG)
                {
                    final Leg leg = event.leg;
                    table.add(leg.start, leg.connect, leg.end, leg.key, leg.finalCode);
                }
            }
            return table;
        }

        StreamingReport feed(final LicenseChannelSettings settings)
        {
            final StreamingReport streaming = new StreamingReport(settings);
            for (final Event event : events)
            {
                apply(streaming, event);
            }
            return streaming;
        }

        void apply(final StreamingReport streaming, final Event event)
        {
            final Leg leg = event.leg;
            switch (event.kind)
            {
                case Event.START -> streaming.onStart(leg.id, leg.start, leg.key);
                case Event.CONNECT -> streaming.onConnect(leg.id, leg.connect);
                default -> streaming.onLeg(leg.id, leg.start, leg.connect, leg.end, leg.key, leg.finalCode);
            }
        }
    }

    /**
     * Calls over about an hour and a half, few distinct keys (so legs dedup and merge), answered, failed, cancelled
     * (487 emitted a little after the CANCEL that ends the leg), some ending at their start, some timing out (emitted
     * 300 s after their last message) and some starting before the previous call's start (out of order).
     */
    private static Run generate(final Random random, final int calls, final double timeouts, final double reordered)
    {
        final List<Leg> legs = new ArrayList<>(calls);
        final long span = 5_400 * S;
        long t = BASE;
        for (int i = 0; i < calls; i++)
        {
            t += random.nextLong(2 * span / calls + 1);
            long start = t;
            if (random.nextDouble() < reordered)
            {
                start -= random.nextLong(20 * S);
            }
            final long key = random.nextInt(Math.max(2, calls / 8));
            final double outcome = random.nextDouble();
            long connect = CallState.NO_TIME;
            final long end;
            final int finalCode;
            long emitted;
            if (outcome < 0.6)
            {
                connect = t + random.nextLong(20 * S);
                end = connect + random.nextLong(600 * S);
                finalCode = 200;
                emitted = end;
            }
            else if (outcome < 0.75)
            {
                end = start + random.nextLong(15 * S);
                finalCode = 487;
                emitted = end + random.nextLong(S / 10); // the 487 follows the CANCEL
            }
            else if (outcome < 0.8)
            {
                end = start;
                finalCode = 404;
                emitted = end;
            }
            else
            {
                end = start + random.nextLong(5 * S);
                finalCode = 486;
                emitted = end;
            }
            if (random.nextDouble() < timeouts)
            {
                emitted = end + 300 * S;
            }
            legs.add(new Leg(i + 1, start, t, connect, end, key, finalCode, emitted));
        }
        final List<Event> events = new ArrayList<>(calls * 3);
        int order = 0;
        for (final Leg leg : legs)
        {
            events.add(new Event(leg.seenAt, order++, Event.START, leg)); // a packet stamped earlier than its predecessor
            if (leg.connect != CallState.NO_TIME)
            {
                events.add(new Event(leg.connect, order++, Event.CONNECT, leg));
            }
            events.add(new Event(Math.max(leg.emittedAt, leg.connect == CallState.NO_TIME ? leg.seenAt : leg.connect),
                order++, Event.LEG, leg));
        }
        events.sort(Comparator.comparingLong(Event::time).thenComparingInt(Event::order));
        return new Run(legs, events);
    }
}
