package io.sipsensor.cli;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.call.CallState;
import io.sipsensor.channel.ChannelEventPublisher;
import io.sipsensor.channel.ChannelReport;
import io.sipsensor.channel.ChannelTracker;
import io.sipsensor.channel.ChannelTrackerSettings;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.channel.DedupKeys;
import io.sipsensor.channel.LicenseChannelSettings;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Feeds corpus legs to the live channel tracker as a capture would (start, connect and end events in time order)
 * and returns the hourly rows it computes.
 */
final class LiveFeed
{
    private LiveFeed()
    {
    }

    static List<ChannelReport.HourRow> rows(final List<Map<String, Object>> legs)
    {
        final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect((1 << 22) + RingBufferDescriptor.TRAILER_LENGTH)));
        final ChannelEventPublisher publisher =
            new ChannelEventPublisher(ring, new Counters().get(SensorCounter.JOURNAL_RING_FULL));
        final ConcurrentCallsStats stats = new ConcurrentCallsStats(14, 21);
        final ChannelTracker tracker = new ChannelTracker(
            ring, ChannelTrackerSettings.defaults(LicenseChannelSettings.defaults()), stats, ignored -> { });
        final DedupKeys keys = new DedupKeys();

        final List<long[]> events = new ArrayList<>();
        for (int i = 0; i < legs.size(); i++)
        {
            final Map<String, Object> leg = legs.get(i);
            events.add(new long[]{Corpus.ns(leg.get("start")), 1, i});
            if (leg.get("connect") != null)
            {
                events.add(new long[]{Corpus.ns(leg.get("connect")), 2, i});
            }
            events.add(new long[]{Corpus.ns(leg.get("end")), 0, i});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (final long[] event : events)
        {
            final int i = (int)event[2];
            final Map<String, Object> leg = legs.get(i);
            final long key = keys.key((String)leg.get("caller"), (String)leg.get("called"));
            final long start = Corpus.ns(leg.get("start"));
            final long connect = leg.get("connect") == null ? CallState.NO_TIME : Corpus.ns(leg.get("connect"));
            switch ((int)event[1])
            {
                case 1 -> publisher.start(i, start, key);
                case 2 -> publisher.connect(i, connect);
                default -> publisher.end(i, start, connect, Corpus.ns(leg.get("end")), key,
                    leg.get("final_code") == null ? 0 : (int)Corpus.number(leg.get("final_code")));
            }
            tracker.doWork();
        }
        tracker.drain();
        tracker.closeAll();
        return new ArrayList<>(stats.hours().values());
    }
}
