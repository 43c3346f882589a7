package io.sipsensor.pipeline;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;

import io.sipsensor.channel.ChannelEventPublisher;
import io.sipsensor.channel.ChannelSnapshot;
import io.sipsensor.channel.ChannelTracker;
import io.sipsensor.channel.ChannelTrackerSettings;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrRecordDescriptor;
import io.sipsensor.journal.JournalPublisher;
import io.sipsensor.net.PacketInfo;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The live call path without a network: SIP payloads in, CDR records on the journal ring and leg events on the
 * channel tracker's ring out, with the wall-clock tick and the shutdown flush.
 */
class LiveCallPathTest
{
    private static final long T0 = 1_795_341_600_000_000_000L;
    private static final long MS = 1_000_000L;

    private final Counters counters = new Counters();
    private final SensorContext context = new SensorContext();
    private final PacketInfo info = new PacketInfo();
    private OneToOneRingBuffer journalRing = ring(1 << 16);
    private final ManyToOneRingBuffer channelRing = new ManyToOneRingBuffer(new UnsafeBuffer(
        ByteBuffer.allocateDirect((1 << 16) + RingBufferDescriptor.TRAILER_LENGTH)));
    private final ChannelTracker channels = new ChannelTracker(channelRing,
        ChannelTrackerSettings.defaults(LicenseChannelSettings.defaults()), new ConcurrentCallsStats(14, 21),
        ignored -> { });
    private final long[] gauge = new long[ChannelSnapshot.LENGTH];

    @Test
    void shouldMoveTheLiveChannelGaugeAsACallStartsIsAnsweredAndEnds()
    {
        final CallPath path = callPath();
        sip(path, 0, invite("c1"));
        assertEquals(1, channelGauge(ChannelSnapshot.ALL));
        assertEquals(0, channelGauge(ChannelSnapshot.ANSWERED));
        sip(path, 700, response("c1", 200, "1 INVITE"));
        assertEquals(1, channelGauge(ChannelSnapshot.ANSWERED));
        sip(path, 3_000, bye("c1"));
        assertEquals(0, channelGauge(ChannelSnapshot.ALL));
        assertEquals(List.of("c1 200"), journaled());
    }

    @Test
    void shouldCloseACallThatWentSilentWhenTheWallClockTicks()
    {
        context.set("invite_timeout", "10", "test");
        final CallPath path = callPath();
        sip(path, 0, invite("c1"));
        sip(path, 40, response("c1", 180, "1 INVITE"));
        path.onIdle(T0 + 9_000 * MS);
        assertEquals(List.of(), journaled());
        path.onIdle(T0 + 10_100 * MS);
        assertEquals(List.of("c1 0"), journaled());
        assertEquals(0, channelGauge(ChannelSnapshot.ALL));
    }

    @Test
    void shouldTrackTheSameLegsWhenCaptureThreadsHandSipToTheTrackingThread()
    {
        final CallPath path = callPath();
        final ManyToOneRingBuffer handoffRing = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect((1 << 16) + RingBufferDescriptor.TRAILER_LENGTH)));
        final Counters captureCounters = counters.shard();
        final SipHandoff handoff = new SipHandoff(context.sipPorts(), handoffRing, captureCounters);
        final TrackingAgent tracking = new TrackingAgent(handoffRing, path, () -> T0);

        for (final String message : List.of(invite("c1"), response("c1", 200, "1 INVITE"), bye("c1")))
        {
            datagram(handoff, 5060, message);
        }
        datagram(handoff, 40_000, "\u0080\u0000rtp payload, not SIP");
        while (tracking.doWork() > 0)
        {
            Thread.onSpinWait();
        }

        assertEquals(List.of("c1 200"), journaled());
        assertEquals(3, captureCounters.value(SensorCounter.SIP_HANDOFF));
        assertEquals(1, captureCounters.value(SensorCounter.NON_SIP_PAYLOADS), "RTP stays on the capture thread");
        assertEquals(3, counters.value(SensorCounter.SIP_MESSAGES), "parsed on the tracking thread");
    }

    @Test
    void shouldJournalEveryOpenCallAtShutdownEvenThroughAFullRing() throws Exception
    {
        journalRing = ring(4096);
        final CallPath path = callPath();
        for (int i = 0; i < 200; i++)
        {
            sip(path, i, invite("open-" + i));
        }
        final List<String> drained = new ArrayList<>();
        final AtomicBoolean done = new AtomicBoolean();
        final Thread journal = new Thread(() ->
        {
            final CdrDecoder decoder = new CdrDecoder();
            while (!done.get() || journalRing.size() > 0)
            {
                journalRing.read((type, buffer, index, length) ->
                {
                    decoder.wrap(buffer, index, length);
                    drained.add(decoder.toLeg().callId());
                });
            }
        });
        journal.start();
        path.finish(System.currentTimeMillis() * 1_000_000L);
        done.set(true);
        journal.join();

        assertEquals(200, drained.size());
        assertEquals(200, counters.value(SensorCounter.LEGS_CLOSED_AT_SHUTDOWN));
        assertEquals(0, counters.value(SensorCounter.LEGS_LOST));
    }

    private CallPath callPath()
    {
        final LiveLegs legs = new LiveLegs(
            new JournalPublisher(journalRing, 0, false, NoOpIdleStrategy.INSTANCE, counters, () -> false),
            new JournalPublisher(journalRing, 0, true, NoOpIdleStrategy.INSTANCE, counters, () -> false),
            new ChannelEventPublisher(channelRing, counters.get(SensorCounter.CHANNEL_EVENTS_DROPPED)), null);
        return new CallPath(context, counters, legs, 0);
    }

    private long channelGauge(final int index)
    {
        while (channels.doWork() > 0)
        {
            Thread.onSpinWait();
        }
        channels.snapshot().read(gauge);
        return gauge[index];
    }

    private List<String> journaled()
    {
        final List<String> legs = new ArrayList<>();
        final CdrDecoder decoder = new CdrDecoder();
        journalRing.read((type, buffer, index, length) ->
        {
            if (type == CdrRecordDescriptor.MSG_TYPE_ID)
            {
                decoder.wrap(buffer, index, length);
                legs.add(decoder.toLeg().callId() + " " + decoder.toLeg().finalCode());
            }
        });
        return legs;
    }

    private void sip(final CallPath path, final long atMs, final String message)
    {
        final byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        info.timestampNs = T0 + atMs * MS;
        info.ipVersion = 4;
        info.sourcePort = 5060;
        info.destinationPort = 5060;
        path.datagrams().onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, info);
    }

    private void datagram(final SipHandoff handoff, final int port, final String payload)
    {
        final byte[] bytes = payload.getBytes(StandardCharsets.ISO_8859_1);
        info.timestampNs = T0;
        info.ipVersion = 4;
        info.sourcePort = port;
        info.destinationPort = port;
        handoff.onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, info);
    }

    private static OneToOneRingBuffer ring(final int capacity)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
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

    private static String response(final String callId, final int status, final String cseq)
    {
        return "SIP/2.0 " + status + " Whatever\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK" + callId + "\r\n" +
            "From: <sip:0605123456@10.0.0.1>;tag=caller\r\n" +
            "To: <sip:0246654321@10.0.0.2>;tag=callee\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: " + cseq + "\r\n" +
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
}
