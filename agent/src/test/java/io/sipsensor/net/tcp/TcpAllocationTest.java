package io.sipsensor.net.tcp;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.LinkType;
import io.sipsensor.net.FrameWriter;
import io.sipsensor.net.PacketDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;

import static io.sipsensor.net.tcp.Conversation.PSH_ACK;
import static io.sipsensor.net.tcp.Conversation.SYN;
import static io.sipsensor.net.tcp.Conversation.ascii;
import static io.sipsensor.net.tcp.Conversation.request;
import static io.sipsensor.net.tcp.Conversation.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCP reassembly allocates nothing after warm-up: SIP messages split across segments in order, out of order with a
 * retransmission, and SIP over WebSocket in masked frames cut across segments, measured with the JVM's per-thread
 * allocation counter. The frames are built once; each round moves their sequence numbers on in place.
 */
class TcpAllocationTest
{
    private static final int ETHERNET_AND_IPV4 = 14 + 20;

    @Test
    void shouldNotAllocateWhenReassemblingAfterWarmUp()
    {
        final Counters counters = new Counters();
        final long[] delivered = new long[2];
        final TcpReassembler tcp = new TcpReassembler(new TcpSettings().websocketPorts(8080), counters,
            (buffer, offset, length, info) ->
            {
                delivered[0]++;
                delivered[1] += length + info.sourcePort;
            });
        final PacketDecoder decoder = new PacketDecoder((buffer, offset, length, info) -> { }, counters)
            .tcpHandler(tcp);
        final Mix mix = new Mix(decoder);

        for (int round = 0; round < 20_000; round++)
        {
            mix.decodeRound(round);
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 20_000; round < 120_000; round++)
        {
            mix.decodeRound(round);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " + 100_000 * mix.count + " segments");
        assertEquals(120_000L * Mix.MESSAGES_PER_ROUND, delivered[0]);
        assertEquals(0, counters.value(SensorCounter.TCP_GAPS));
        assertEquals(0, counters.value(SensorCounter.TCP_RESYNCS));
        assertEquals(120_000L, counters.value(SensorCounter.TCP_SEGMENTS_RETRANSMITTED));
        assertEquals(0, tcp.heldBlocks());
    }

    /**
     * Three streams: in order (40000), out of order with a retransmission (40001), WebSocket (40002). Per round, each
     * carries the same bytes again, further along its sequence space.
     */
    static final class Mix
    {
        static final int MESSAGES_PER_ROUND = 3 + 3 + 2;

        private final PacketDecoder decoder;
        private final UnsafeBuffer frames = new UnsafeBuffer(new byte[64 * 1024]);
        private final int[] offsets = new int[32];
        private final int[] lengths = new int[32];
        private final int[] relativeSequence = new int[32];
        private final int[] roundBytes = new int[32];
        /** Sequence number (relative to the SYN's) of each stream's first byte in round 0. */
        private final int[] bases = new int[3];
        int count;
        private int position;

        Mix(final PacketDecoder decoder)
        {
            this.decoder = decoder;
            final FrameWriter writer = new FrameWriter().addresses("10.0.0.1", "10.0.0.2");
            final byte[] sip = ascii(request("INVITE", "alloc-1", 1, 700) + response(200, "alloc-1", 1, "INVITE") +
                "\r\n\r\n" + request("BYE", "alloc-1", 2, 0));

            // Connections opened once, outside the rounds.
            open(writer, 40_000, 5060, new byte[0]);
            open(writer, 40_001, 5060, new byte[0]);
            open(writer, 40_002, 8080, ascii("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n"));

            final int[] inOrder = {0, 500, 520, 1300, sip.length};
            for (int i = 0; i + 1 < inOrder.length; i++)
            {
                add(writer, 40_000, 5060, sip, inOrder[i], inOrder[i + 1], sip.length);
            }
            final int[][] outOfOrder = {{600, 1200}, {0, 600}, {300, 900}, {1200, sip.length}};
            for (final int[] piece : outOfOrder)
            {
                add(writer, 40_001, 5060, sip, piece[0], piece[1], sip.length);
            }
            final byte[] frames = concat(
                WebSocketFramingTest.frame(true, 1, true, ascii(request("INVITE", "alloc-ws", 1, 600))),
                WebSocketFramingTest.frame(true, 1, true, ascii(request("BYE", "alloc-ws", 2, 0))));
            add(writer, 40_002, 8080, frames, 0, 333, frames.length);
            add(writer, 40_002, 8080, frames, 333, frames.length, frames.length);
        }

        private void open(final FrameWriter writer, final int sourcePort, final int destinationPort,
            final byte[] first)
        {
            final UnsafeBuffer once = new UnsafeBuffer(new byte[2048]);
            int length = writer.tcp(once, 0, sourcePort, destinationPort, 0, 1, SYN, new UnsafeBuffer(first), 0, 0);
            decoder.onPacket(LinkType.ETHERNET, once, 0, length, length, 1);
            if (first.length > 0)
            {
                length = writer.tcp(once, 0, sourcePort, destinationPort, 1, 1, PSH_ACK, new UnsafeBuffer(first), 0,
                    first.length);
                decoder.onPacket(LinkType.ETHERNET, once, 0, length, length, 2);
            }
            bases[sourcePort - 40_000] = 1 + first.length;
        }

        private void add(final FrameWriter writer, final int sourcePort, final int destinationPort, final byte[] bytes,
            final int from, final int to, final int perRound)
        {
            final UnsafeBuffer payload = new UnsafeBuffer(bytes, from, to - from);
            lengths[count] = writer.tcp(frames, position, sourcePort, destinationPort, 0, 1, PSH_ACK, payload, 0,
                to - from);
            offsets[count] = position;
            relativeSequence[count] = bases[sourcePort - 40_000] + from;
            roundBytes[count] = perRound;
            position += lengths[count++];
        }

        void decodeRound(final long round)
        {
            for (int i = 0; i < count; i++)
            {
                frames.putInt(offsets[i] + ETHERNET_AND_IPV4 + 4, relativeSequence[i] + (int)round * roundBytes[i],
                    ByteOrder.BIG_ENDIAN);
                decoder.onPacket(LinkType.ETHERNET, frames, offsets[i], lengths[i], lengths[i], 10 + round * 1000 + i);
            }
        }

        private static byte[] concat(final byte[] a, final byte[] b)
        {
            final byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            return both;
        }
    }
}
