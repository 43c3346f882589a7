package io.sipsensor.net;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sipsensor.net.TestFrames.concat;
import static io.sipsensor.net.TestFrames.hex;
import static io.sipsensor.net.TunnelFrames.INNER_ETHERNET;
import static io.sipsensor.net.TunnelFrames.INNER_IPV4_UDP;
import static io.sipsensor.net.TunnelFrames.outerIpv4;
import static io.sipsensor.net.TunnelFrames.outerUdp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tunnels, mirror encapsulations and HEP decode without allocating after warm-up: measured with the JVM's
 * per-thread allocation counter over GRE, bridged Ethernet with VLANs, ERSPAN I, II and III, VXLAN, IP-in-IP,
 * HEP (plain and with a zlib-compressed payload), PPTP's enhanced GRE, GTP-U with an extension header and PPPoE under
 * QinQ.
 */
class EncapsulationAllocationTest
{
    @Test
    void shouldNotAllocateWhenDecodingTunnelsAfterWarmUp()
    {
        final List<byte[]> mix = List.of(
            outerIpv4(47, concat(hex("b0 00 08 00  00 00 00 00  00 00 00 01  00 00 00 02"), INNER_IPV4_UDP)),
            outerIpv4(47, concat(hex("20 00 65 58  00 00 00 00"),
                TunnelFrames.innerTagged(INNER_IPV4_UDP, 0x88A8, 5, 0x8100, 6))),
            outerIpv4(47, concat(hex("00 00 88 be"), INNER_ETHERNET)),
            outerIpv4(47, concat(hex("10 00 88 be  00 00 00 05  11 2c 10 01  00 00 00 00"), INNER_ETHERNET)),
            outerIpv4(47, concat(hex("10 00 22 eb  00 00 00 01"),
                hex("20 00 00 01  00 00 00 00  00 00 00 51  0c 00 12 34  00 00 00 01"), INNER_ETHERNET)),
            outerUdp(4789, concat(hex("08 00 00 00  00 00 01 00"), INNER_ETHERNET)),
            outerIpv4(4, INNER_IPV4_UDP),
            outerUdp(9060, hex("48 45 50 33 00 32  00 00 00 01 00 07 02  00 00 00 03 00 0a c0 00 02 0a" +
                "  00 00 00 04 00 0a c0 00 02 14  00 00 00 0b 00 07 01  00 00 00 0f 00 0a 41 43 4b 20")),
            outerIpv4(47, concat(hex("30 81 88 0b"), TestFrames.u16(4 + INNER_IPV4_UDP.length),
                hex("00 07  00 00 00 01  00 00 00 00  ff 03 00 21"), INNER_IPV4_UDP)),
            outerUdp(2152, concat(hex("36 ff"), TestFrames.u16(8 + TunnelFrames.INNER_IPV6_UDP.length),
                hex("00 00 00 01  00 07 00 85  01 10 09 00"), TunnelFrames.INNER_IPV6_UDP)),
            concat(hex("02 00 00 00 00 02  02 00 00 00 00 01  88 a8 00 05  81 00 00 06  88 64  11 00 00 07"),
                TestFrames.u16(2 + INNER_IPV4_UDP.length), hex("00 21"), INNER_IPV4_UDP),
            outerUdp(9060, compressedHep()));
        final UnsafeBuffer frames = new UnsafeBuffer(new byte[8192]);
        final int[] offsets = new int[mix.size()];
        final int[] lengths = new int[mix.size()];
        int position = 0;
        for (int i = 0; i < mix.size(); i++)
        {
            frames.putBytes(position, mix.get(i));
            offsets[i] = position;
            lengths[i] = mix.get(i).length;
            position += lengths[i];
        }

        final Counters counters = new Counters();
        final long[] delivered = new long[1];
        final PacketDecoder decoder = new PacketDecoder(
            (buffer, offset, length, info) -> delivered[0]++, counters);
        final int[] round = {0};
        final Runnable rounds = () ->
        {
            for (int end = round[0] + 20_000; round[0] < end; round[0]++)
            {
                for (int i = 0; i < offsets.length; i++)
                {
                    decoder.onPacket(LinkType.ETHERNET, frames, offsets[i], lengths[i], lengths[i],
                        round[0] * 1000L + i);
                }
            }
        };
        rounds.run(); // warm up
        final long allocated = io.sipsensor.testing.Allocations.leastOf(5, rounds);
        while (round[0] < 120_000)
        {
            rounds.run();
        }

        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " + 20_000 * mix.size() + " frames");
        assertEquals(120_000L * mix.size(), delivered[0]);
        assertEquals(120_000L * 2, counters.value(SensorCounter.HEP));
        assertEquals(120_000L, counters.value(SensorCounter.HEP_COMPRESSED));
        assertEquals(120_000L, counters.value(SensorCounter.GTPU));
        assertEquals(120_000L, counters.value(SensorCounter.PPPOE));
        assertEquals(120_000L, counters.value(SensorCounter.GRE_ENHANCED));
        assertEquals(120_000L * 3, counters.value(SensorCounter.ERSPAN));
    }

    /** HEP v3 whose SIP payload is in a zlib-compressed chunk (0x0010), as heplify sends it. */
    private static byte[] compressedHep()
    {
        final java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(TunnelFrames.SIP);
        deflater.finish();
        final byte[] compressed = new byte[512];
        final int length = deflater.deflate(compressed);
        deflater.end();
        return concat(hex("48 45 50 33"), TestFrames.u16(6 + 7 + 10 + 10 + 7 + 6 + length),
            hex("00 00 00 01 00 07 02  00 00 00 03 00 0a c0 00 02 0a  00 00 00 04 00 0a c0 00 02 14" +
                "  00 00 00 0b 00 07 01  00 00 00 10"), TestFrames.u16(6 + length),
            java.util.Arrays.copyOf(compressed, length));
    }
}
