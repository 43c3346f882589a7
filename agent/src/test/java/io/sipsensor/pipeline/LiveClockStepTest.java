package io.sipsensor.pipeline;

import io.sipsensor.call.EndReason;
import io.sipsensor.capture.LinkType;
import io.sipsensor.capture.PacketHandler;
import io.sipsensor.capture.live.LiveClock;
import io.sipsensor.capture.live.LiveSource;
import io.sipsensor.channel.ChannelEventPublisher;
import io.sipsensor.channel.ChannelTracker;
import io.sipsensor.channel.ChannelTrackerSettings;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.CdrRecordDescriptor;
import io.sipsensor.journal.JournalPublisher;
import io.sipsensor.net.FrameWriter;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bad clock on a live run, through the capture thread's duty cycle ({@link CaptureAgent}) with the real frame
 * decoder, call path, journal ring and channel tracker: frames arrive from a source that stamps them with the host
 * clock, as the kernel does, and the host clock is stepped back or forward while calls are in progress (the real
 * clock of a shared machine cannot be stepped by a test), or single frames carry impossible stamps. Every leg keeps
 * its real duration, nothing ends before it starts, the hourly statistics cover the real span only, and what
 * happened is counted ({@code clock_steps}, {@code packets_time_outlier}) and said in one line.
 */
class LiveClockStepTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long HOUR = 3600 * SECOND;
    private static final long T0 = 1_795_341_600_000_000_000L + 10 * 60 * SECOND; // 2026-11-22 06:10 UTC

    private final AtomicLong hostNs = new AtomicLong(T0);
    private final AtomicLong monotonicNs = new AtomicLong(5 * SECOND);
    private final LiveClock clock = new LiveClock(hostNs::get, monotonicNs::get);
    private final Counters counters = new Counters();
    private final SensorContext context = new SensorContext();
    private final OneToOneRingBuffer journalRing = new OneToOneRingBuffer(new UnsafeBuffer(
        ByteBuffer.allocateDirect((1 << 20) + RingBufferDescriptor.TRAILER_LENGTH)));
    private final ManyToOneRingBuffer channelRing = new ManyToOneRingBuffer(new UnsafeBuffer(
        ByteBuffer.allocateDirect((1 << 20) + RingBufferDescriptor.TRAILER_LENGTH)));
    private final ConcurrentCallsStats stats = new ConcurrentCallsStats(14, 21);
    private final ChannelTracker channels = new ChannelTracker(channelRing,
        ChannelTrackerSettings.defaults(LicenseChannelSettings.defaults()), stats, ignored -> { });
    private final ScriptedSource source = new ScriptedSource();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final CaptureAgent agent;

    LiveClockStepTest()
    {
        final LiveLegs legs = new LiveLegs(
            new JournalPublisher(journalRing, 0, false, NoOpIdleStrategy.INSTANCE, counters, () -> false),
            new JournalPublisher(journalRing, 0, true, NoOpIdleStrategy.INSTANCE, counters, () -> false),
            new ChannelEventPublisher(channelRing, counters.get(SensorCounter.CHANNEL_EVENTS_DROPPED)), null);
        final CallPath calls = new CallPath(context, counters, legs, 0);
        final FrameDecoder frames = new FrameDecoder(context, counters, calls.datagrams(), calls.sipMessages());
        agent = new CaptureAgent("capture", source, frames, calls, clock, counters,
            new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldKeepTheRealDurationOfACallWhenTheHostClockStepsBack()
    {
        capture(invite("back"), true);
        elapse(2 * SECOND);
        capture(answer("back"), false);
        elapse(3 * SECOND);
        hostNs.addAndGet(-HOUR); // e.g. a wrong clock corrected by NTP
        capture(bye("back"), true);
        stopAndDrain();

        final CdrLeg leg = onlyLeg();
        assertEquals(T0, leg.startNs());
        assertEquals(2 * SECOND, leg.connectNs() - leg.startNs());
        assertEquals(5 * SECOND, leg.endNs() - leg.startNs(), "the leg ends when it ended, not an hour before");
        assertEquals(1, counters.value(SensorCounter.CLOCK_STEPS));
        assertEquals(0, counters.value(SensorCounter.PACKETS_TIME_OUTLIER));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("the host clock stepped back by 01:00:00"),
            log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldNeitherStretchALegNorFillHoursWhenTheHostClockStepsForward()
    {
        capture(invite("fwd"), true);
        elapse(SECOND);
        capture(answer("fwd"), false);
        hostNs.addAndGet(3 * 24 * HOUR);
        elapse(SECOND);
        idle(); // the idle tick moves the call timeouts and the hourly statistics to the run's time
        elapse(SECOND);
        capture(bye("fwd"), true);
        elapse(2 * SECOND);
        idle();
        stopAndDrain();

        final CdrLeg leg = onlyLeg();
        assertEquals(3 * SECOND, leg.endNs() - leg.startNs());
        assertEquals(EndReason.BYE, leg.endReason(), "the call was not timed out by the step");
        assertEquals(1, counters.value(SensorCounter.CLOCK_STEPS));
        assertTrue(stats.hours().size() <= 1, "hours of the real span only: " + stats.hours().keySet());
    }

    @Test
    void shouldCorrectAFrameCapturedBeforeAStepButReadAfterItByTheStepBefore()
    {
        capture(invite("ring"), true);
        elapse(SECOND);
        // the 200 OK is captured (stamped) before the step but read from the ring after it, with the BYE
        source.add(frame(answer("ring"), false), hostNs.get());
        hostNs.addAndGet(-2 * HOUR);
        elapse(SECOND);
        source.add(frame(bye("ring"), true), hostNs.get());
        agent.doWork();
        stopAndDrain();

        final CdrLeg leg = onlyLeg();
        assertEquals(SECOND, leg.connectNs() - leg.startNs());
        assertEquals(2 * SECOND, leg.endNs() - leg.startNs());
        assertEquals(0, counters.value(SensorCounter.PACKETS_TIME_OUTLIER));
    }

    @Test
    void shouldCountAFrameStampedFarFromTheStreamAndGiveItTheStreamsTime()
    {
        capture(invite("early"), true);
        elapse(SECOND);
        source.add(frame(answer("early"), false), 12 * SECOND); // 1970
        agent.doWork();
        elapse(SECOND);
        source.add(frame(bye("early"), true), 4_294_000_000L * SECOND); // 2106
        agent.doWork();
        elapse(SECOND);
        capture(invite("late"), true);
        elapse(SECOND);
        capture(answer("late"), false);
        stopAndDrain();

        assertEquals(2, counters.value(SensorCounter.PACKETS_TIME_OUTLIER));
        assertEquals(0, counters.value(SensorCounter.CLOCK_STEPS));
        final List<CdrLeg> legs = legs();
        assertEquals(2, legs.size());
        for (final CdrLeg leg : legs)
        {
            assertTrue(leg.startNs() >= T0 && leg.endNs() >= leg.startNs() && leg.endNs() <= T0 + 10 * SECOND,
                leg.callId() + " " + leg.startNs() + ".." + leg.endNs());
        }
        assertTrue(stats.hours().size() <= 1, "hours of the real span only: " + stats.hours().keySet());
    }

    private void elapse(final long ns)
    {
        hostNs.addAndGet(ns);
        monotonicNs.addAndGet(ns);
    }

    /** A frame captured now: stamped by the host clock, as the kernel does, and read by the capture thread. */
    private void capture(final String message, final boolean fromCaller)
    {
        source.add(frame(message, fromCaller), hostNs.get());
        agent.doWork();
    }

    private void idle()
    {
        agent.doWork();
        drainChannels();
    }

    private void stopAndDrain()
    {
        agent.onClose();
        drainChannels();
        channels.drain();
    }

    private void drainChannels()
    {
        while (channels.doWork() > 0)
        {
            Thread.onSpinWait();
        }
    }

    private CdrLeg onlyLeg()
    {
        final List<CdrLeg> legs = legs();
        assertEquals(1, legs.size(), legs.toString());
        return legs.get(0);
    }

    private List<CdrLeg> legs()
    {
        final List<CdrLeg> legs = new ArrayList<>();
        final CdrDecoder decoder = new CdrDecoder();
        journalRing.read((type, buffer, index, length) ->
        {
            if (type == CdrRecordDescriptor.MSG_TYPE_ID)
            {
                decoder.wrap(buffer, index, length);
                legs.add(decoder.toLeg());
            }
        });
        return legs;
    }

    private static byte[] frame(final String message, final boolean fromCaller)
    {
        final UnsafeBuffer sip = new UnsafeBuffer(message.getBytes(StandardCharsets.US_ASCII));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[4096]);
        final int length = new FrameWriter().addresses(fromCaller ? "10.0.0.1" : "10.0.0.2",
            fromCaller ? "10.0.0.2" : "10.0.0.1").udp(frame, 0, 5060, 5060, sip, 0, sip.capacity());
        final byte[] bytes = new byte[length];
        frame.getBytes(0, bytes);
        return bytes;
    }

    private static String invite(final String callId)
    {
        return "INVITE sip:0246654321@10.0.0.2 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK" + callId + "\r\n" +
            "From: <sip:0605123456@10.0.0.1>;tag=caller\r\n" +
            "To: <sip:0246654321@10.0.0.2>\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Content-Length: 0\r\n\r\n";
    }

    private static String answer(final String callId)
    {
        return "SIP/2.0 200 OK\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK" + callId + "\r\n" +
            "From: <sip:0605123456@10.0.0.1>;tag=caller\r\n" +
            "To: <sip:0246654321@10.0.0.2>;tag=callee\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Content-Length: 0\r\n\r\n";
    }

    private static String bye(final String callId)
    {
        return "BYE sip:0246654321@10.0.0.2 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK" + callId + "bye\r\n" +
            "From: <sip:0605123456@10.0.0.1>;tag=caller\r\n" +
            "To: <sip:0246654321@10.0.0.2>;tag=callee\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: 2 BYE\r\n" +
            "Content-Length: 0\r\n\r\n";
    }

    /**
     * Frames as a capture thread reads them from the kernel: Ethernet frames with the stamps they were captured
     * with, delivered in order by poll.
     */
    private static final class ScriptedSource implements LiveSource
    {
        private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
        private final ArrayDeque<Long> stamps = new ArrayDeque<>();

        void add(final byte[] frame, final long stampNs)
        {
            frames.add(frame);
            stamps.add(stampNs);
        }

        @Override
        public int poll(final PacketHandler handler, final int limit)
        {
            int delivered = 0;
            while (!frames.isEmpty() && delivered < limit)
            {
                final byte[] frame = frames.poll();
                handler.onPacket(LinkType.ETHERNET, new UnsafeBuffer(frame), 0, frame.length, frame.length,
                    stamps.poll());
                delivered++;
            }
            return delivered;
        }

        @Override
        public void await(final int timeoutMs)
        {
        }

        @Override
        public void updateStatistics()
        {
        }

        @Override
        public void filter(final String expression)
        {
        }

        @Override
        public String description()
        {
            return "scripted frames";
        }

        @Override
        public void close()
        {
        }
    }
}
