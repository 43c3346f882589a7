package io.sipsensor.channel;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.call.CallState;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several producer threads publish leg events through the many-to-one ring while the tracker applies them on its
 * own thread and a reader polls the snapshot. The tracker records the order it applied events in (the
 * serialisation it chose); replaying that order single-threaded gives the state after every event, and every
 * snapshot the reader saw must be exactly the state after the number of events it reports. The final counts must
 * equal a single-threaded run of the same events in another order.
 */
class ChannelTrackerConcurrencyTest
{
    private static final int PRODUCERS = 3;
    private static final int LEGS_PER_PRODUCER = 20_000;
    private static final int KEYS = 37;
    private static final long STEP_NS = 300_000_000L; // same-key legs start 37 * 0.3 s = 11.1 s apart: never merge
    private static final long T0 = 1_795_341_600_000_000_000L;
    private static final int MAX_SAMPLES = 500_000;

    @Test
    void shouldOnlyShowReaderStatesThatTheAppliedOrderProduces() throws InterruptedException
    {
        final Counters counters = new Counters();
        final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect((1 << 16) + RingBufferDescriptor.TRAILER_LENGTH)));
        final ChannelTracker tracker = new ChannelTracker(
            ring, ChannelTrackerSettings.defaults(LicenseChannelSettings.defaults()),
            new ConcurrentCallsStats(14, 21), ignored -> { });
        final int totalEvents = PRODUCERS * LEGS_PER_PRODUCER * 3;
        final long[][] applied = new long[totalEvents][];
        final int[] appliedCount = new int[1];
        tracker.observer((type, legId, start, connect, end, key, finalCode) ->
            applied[appliedCount[0]++] = new long[]{type, legId, start, connect, key});

        final AtomicBoolean trackerDone = new AtomicBoolean();
        final CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
        final Thread trackerThread = new Thread(() ->
        {
            while (producersDone.getCount() > 0)
            {
                tracker.doWork();
            }
            tracker.drain();
            trackerDone.set(true);
        });

        final long[][] samples = new long[MAX_SAMPLES][];
        final int[] sampleCount = new int[1];
        final Thread reader = new Thread(() ->
        {
            final long[] values = new long[ChannelSnapshot.LENGTH];
            while (!trackerDone.get() && sampleCount[0] < MAX_SAMPLES)
            {
                tracker.snapshot().read(values);
                samples[sampleCount[0]++] = values.clone();
            }
        });

        final Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++)
        {
            final int producer = p;
            producers[p] = new Thread(() ->
            {
                final ChannelEventPublisher publisher =
                    new ChannelEventPublisher(ring, counters.get(SensorCounter.JOURNAL_RING_FULL));
                for (int i = 0; i < LEGS_PER_PRODUCER; i++)
                {
                    final long id = legId(producer, i);
                    final long start = T0 + (i * (long)PRODUCERS + producer) * STEP_NS;
                    final long key = (i * (long)PRODUCERS + producer) % KEYS;
                    while (!publisher.start(id, start, key))
                    {
                        Thread.onSpinWait();
                    }
                    while (!publisher.connect(id, start + 1))
                    {
                        Thread.onSpinWait();
                    }
                    if (i % 5 != 0) // every fifth leg stays in progress
                    {
                        while (!publisher.end(id, start, start + 1, start + 2, key, 200))
                        {
                            Thread.onSpinWait();
                        }
                    }
                }
                producersDone.countDown();
            });
        }

        trackerThread.start();
        reader.start();
        for (final Thread producer : producers)
        {
            producer.start();
        }
        for (final Thread producer : producers)
        {
            producer.join();
        }
        trackerThread.join();
        reader.join();

        // Replay the applied order and check every sample against the state after that many events.
        final int events = appliedCount[0];
        final long[][] states = replay(applied, events);
        assertTrue(sampleCount[0] > 10, "reader sampled " + sampleCount[0]);
        for (int s = 0; s < sampleCount[0]; s++)
        {
            final long[] sample = samples[s];
            final int after = (int)sample[ChannelSnapshot.EVENTS];
            assertTrue(after >= 0 && after <= events);
            assertArrayEquals(states[after], counts(sample), "sample " + s + " after " + after + " events");
        }

        // Final counts equal a single-threaded run of the same events, producer by producer.
        final long[][] sequential = new long[events][];
        int n = 0;
        for (int p = 0; p < PRODUCERS; p++)
        {
            for (int e = 0; e < events; e++)
            {
                if (producerOf(applied[e][1]) == p)
                {
                    sequential[n++] = applied[e];
                }
            }
        }
        final long[] finalValues = new long[ChannelSnapshot.LENGTH];
        tracker.snapshot().read(finalValues);
        assertArrayEquals(replay(sequential, n)[n], counts(finalValues));
        assertEquals(PRODUCERS * LEGS_PER_PRODUCER / 5, finalValues[ChannelSnapshot.ALL]);
        assertEquals(events, finalValues[ChannelSnapshot.EVENTS]);
    }

    private static long[][] replay(final long[][] applied, final int events)
    {
        final LiveChannels live = new LiveChannels(LicenseChannelSettings.defaults().dedupWindowNs());
        final long[][] states = new long[events + 1][];
        states[0] = new long[5];
        for (int e = 0; e < events; e++)
        {
            final long[] event = applied[e];
            switch ((int)event[0])
            {
                case ChannelEventDescriptor.START -> live.start(event[1], event[2], event[4]);
                case ChannelEventDescriptor.CONNECT -> live.connect(event[1], event[3]);
                default -> live.end(event[1]);
            }
            states[e + 1] = new long[]{live.all(), live.allDedup(), live.answered(), live.answeredDedup(),
                live.license()};
        }
        return states;
    }

    private static long[] counts(final long[] snapshot)
    {
        return new long[]{snapshot[ChannelSnapshot.ALL], snapshot[ChannelSnapshot.ALL_DEDUP],
            snapshot[ChannelSnapshot.ANSWERED], snapshot[ChannelSnapshot.ANSWERED_DEDUP],
            snapshot[ChannelSnapshot.LICENSE]};
    }

    private static long legId(final int producer, final int leg)
    {
        return ((long)producer << 32) | leg;
    }

    private static int producerOf(final long legId)
    {
        return (int)(legId >>> 32);
    }

    @SuppressWarnings("unused")
    private static final long NO_TIME = CallState.NO_TIME;
}
