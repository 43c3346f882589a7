package io.sipsensor.net;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding allocates nothing after warm-up, fragments included: measured with the JVM's per-thread allocation
 * counter over a mix of VLAN, QinQ, IPv6, fragmented IPv4 and IPv6, TCP and ARP frames.
 */
class DecodeAllocationTest
{
    @Test
    void shouldNotAllocateWhenDecodingAfterWarmUp()
    {
        final Counters counters = new Counters();
        final long[] payloadBytes = new long[1];
        final PacketDecoder decoder = new PacketDecoder(
            (buffer, offset, length, info) -> payloadBytes[0] += length + info.sourcePort, counters);
        final DecodeMix mix = new DecodeMix();

        for (int i = 0; i < 20_000; i++)
        {
            mix.decodeAll(decoder, i);
        }
        final int[] next = {20_000};
        final long allocated = io.sipsensor.testing.Allocations.leastOf(5, () ->
        {
            for (int end = next[0] + 20_000; next[0] < end; next[0]++)
            {
                mix.decodeAll(decoder, next[0]);
            }
        });
        for (; next[0] < 120_000; next[0]++)
        {
            mix.decodeAll(decoder, next[0]);
        }

        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " + 20_000 * mix.frameCount() + " frames");
        assertEquals(120_000L * mix.datagramsPerRound(), counters.value(SensorCounter.UDP));
        assertEquals(0, decoder.pendingFragmentedDatagrams());
    }

    /**
     * The frames of one round, built once.
     */
    static final class DecodeMix
    {
        private final UnsafeBuffer frames = new UnsafeBuffer(new byte[32 * 1024]);
        private final int[] offsets = new int[32];
        private final int[] lengths = new int[32];
        private int count;

        DecodeMix()
        {
            final byte[] sip = FragmentReassemblyTest.sipPayload(600);
            final byte[] bigSip = FragmentReassemblyTest.sipPayload(3200);
            final UnsafeBuffer small = new UnsafeBuffer(sip);
            final UnsafeBuffer big = new UnsafeBuffer(bigSip);
            final int[] fragmentLengths = new int[8];

            add(new FrameWriter().udp(frames, next(), 5060, 5060, small, 0, sip.length));
            add(new FrameWriter().vlan(300).udp(frames, next(), 5060, 5060, small, 0, sip.length));
            add(new FrameWriter().vlan(0x88A8, 10).vlan(20).addresses("2001:db8::1", "2001:db8::2")
                .udp(frames, next(), 5060, 5060, small, 0, sip.length));

            // Fragmented IPv4 (3 fragments) written in order, replayed last-first.
            final int start4 = next();
            final int fragments4 = new FrameWriter().vlan(300).udpFragments(frames, start4, 1500, 5060, 5060, big, 0,
                bigSip.length, fragmentLengths);
            final int[] offsets4 = new int[fragments4];
            int position = start4;
            for (int i = 0; i < fragments4; i++)
            {
                offsets4[i] = position;
                position += fragmentLengths[i];
            }
            for (int i = fragments4 - 1; i >= 0; i--)
            {
                offsets[count] = offsets4[i];
                lengths[count++] = fragmentLengths[i];
            }

            final int start6 = position;
            final int fragments6 = new FrameWriter().addresses("2001:db8::1", "2001:db8::2")
                .udpFragments(frames, start6, 1280, 5060, 5060, big, 0, bigSip.length, fragmentLengths);
            position = start6;
            for (int i = 0; i < fragments6; i++)
            {
                offsets[count] = position;
                lengths[count++] = fragmentLengths[i];
                position += fragmentLengths[i];
            }

            // A TCP segment and an ARP request: counted and dropped.
            final UnsafeBuffer tcp = new UnsafeBuffer(TestFrames.hex(
                "13 c4 9c 40 00 00 00 01 00 00 00 00 50 18 02 00 00 00 00 00"));
            offsets[count] = position;
            lengths[count] = new FrameWriter().ipPacket(frames, position, IpProtocol.TCP, tcp, 0, 20);
            position += lengths[count++];
            final byte[] arp = TestFrames.concat(TestFrames.ethernet(0x0806), new byte[28]);
            frames.putBytes(position, arp);
            offsets[count] = position;
            lengths[count++] = arp.length;
        }

        private int next()
        {
            return count == 0 ? 0 : offsets[count - 1] + lengths[count - 1];
        }

        private void add(final int length)
        {
            offsets[count] = next();
            lengths[count++] = length;
        }

        /**
         * Decodes every frame once; all Ethernet.
         */
        void decodeAll(final PacketDecoder decoder, final long round)
        {
            for (int i = 0; i < count; i++)
            {
                decoder.onPacket(LinkType.ETHERNET, frames, offsets[i], lengths[i], lengths[i], round * 1000 + i);
            }
        }

        int frameCount()
        {
            return count;
        }

        int datagramsPerRound()
        {
            return 5;
        }
    }
}
