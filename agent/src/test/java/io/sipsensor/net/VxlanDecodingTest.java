package io.sipsensor.net;

import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;

import static io.sipsensor.net.TestFrames.concat;
import static io.sipsensor.net.TestFrames.hex;
import static io.sipsensor.net.TestFrames.ipv6Header;
import static io.sipsensor.net.TunnelFrames.INNER_ETHERNET;
import static io.sipsensor.net.TunnelFrames.INNER_IPV4_UDP;
import static io.sipsensor.net.TunnelFrames.outerUdp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * VXLAN (RFC 7348) built byte by byte: UDP to the VXLAN port, then {@code |R|R|R|R|I|R|R|R| Reserved (24)|} and
 * {@code | VNI (24) | Reserved (8) |}, then the inner Ethernet frame.
 */
class VxlanDecodingTest
{
    /** I flag set, VNI 0x123456. */
    private static final byte[] VXLAN = hex("08 00 00 00  12 34 56 00");

    @Test
    void shouldDecodeInnerEthernetOnTheDefaultPort()
    {
        final TunnelFrames.Harness harness = new TunnelFrames.Harness();

        harness.decode(outerUdp(4789, concat(VXLAN, INNER_ETHERNET)));

        final DatagramRecorder.Datagram datagram = harness.recorder.only();
        assertEquals("10.1.1.1", datagram.source());
        assertEquals(5060, datagram.sourcePort());
        assertEquals(1, harness.value(SensorCounter.VXLAN));
        assertEquals(2, harness.value(SensorCounter.UDP), "outer VXLAN datagram and inner SIP datagram");
        assertEquals(0, harness.drops());
    }

    @Test
    void shouldDecodeNestedVlansInsideVxlan()
    {
        final TunnelFrames.Harness harness = new TunnelFrames.Harness();
        final byte[] inner = TunnelFrames.innerTagged(INNER_IPV4_UDP, 0x88A8, 1000, 0x8100, 2000);

        harness.decode(outerUdp(4789, concat(VXLAN, inner)));

        assertEquals(1000, harness.recorder.only().vlanId());
        assertEquals(2, harness.value(SensorCounter.VLAN_TAGS));
    }

    @Test
    void shouldDecodeVxlanOverIpv6()
    {
        final TunnelFrames.Harness harness = new TunnelFrames.Harness();
        final byte[] udp = TestFrames.udp(50000, 4789, concat(VXLAN, INNER_ETHERNET));

        harness.decode(concat(TestFrames.ethernet(0x86DD), ipv6Header(udp.length, 17, "2001:db8::a", "2001:db8::b"),
            udp));

        assertEquals("10.1.1.1", harness.recorder.only().source());
    }

    @Test
    void shouldUseTheConfiguredPortOnly()
    {
        final TunnelFrames.Harness harness = new TunnelFrames.Harness(new EncapsulationSettings().vxlanPort(8472));

        harness.decode(outerUdp(8472, concat(VXLAN, INNER_ETHERNET)));
        harness.decode(outerUdp(4789, concat(VXLAN, INNER_ETHERNET)));

        assertEquals(2, harness.recorder.count());
        assertEquals("10.1.1.1", harness.recorder.datagrams.get(0).source());
        assertEquals(4789, harness.recorder.datagrams.get(1).destinationPort(), "a plain datagram on 4789 now");
        assertArrayEquals(concat(VXLAN, INNER_ETHERNET), harness.recorder.datagrams.get(1).payload());
        assertEquals(1, harness.value(SensorCounter.VXLAN));
    }

    @Test
    void shouldDeliverPlainDatagramsWhenVxlanIsOff()
    {
        final TunnelFrames.Harness harness = new TunnelFrames.Harness(new EncapsulationSettings().vxlanPort(0));

        harness.decode(outerUdp(4789, concat(VXLAN, INNER_ETHERNET)));

        assertEquals(4789, harness.recorder.only().destinationPort());
        assertEquals(0, harness.value(SensorCounter.VXLAN));
    }

    @Test
    void shouldDropVxlanWithoutTheIFlag()
    {
        final TunnelFrames.Harness harness = new TunnelFrames.Harness();

        harness.decode(outerUdp(4789, concat(hex("00 00 00 00  12 34 56 00"), INNER_ETHERNET)));

        assertEquals(1, harness.value(SensorCounter.DROP_VXLAN_BAD_FLAGS));
        assertEquals(0, harness.recorder.count());
    }

    @Test
    void shouldIgnoreReservedBitsAsTheRfcSays()
    {
        final TunnelFrames.Harness harness = new TunnelFrames.Harness();

        harness.decode(outerUdp(4789, concat(hex("ff ff ff ff  12 34 56 ff"), INNER_ETHERNET)));

        assertEquals("10.1.1.1", harness.recorder.only().source());
    }

    @Test
    void shouldDecodeErspanInsideVxlan()
    {
        final TunnelFrames.Harness harness = new TunnelFrames.Harness();
        final byte[] erspan = concat(hex("10 00 88 be  00 00 00 05  10 00 18 01  00 00 00 00"), INNER_ETHERNET);
        final byte[] innerIp = TunnelFrames.outerIpv4(47, erspan);

        harness.decode(outerUdp(4789, concat(VXLAN, innerIp)));

        assertEquals("10.1.1.1", harness.recorder.only().source());
        assertEquals(1, harness.value(SensorCounter.VXLAN));
        assertEquals(1, harness.value(SensorCounter.ERSPAN));
        assertEquals(3, harness.value(SensorCounter.ETHERNET));
    }

    @Test
    void shouldWriteTheSameBytesWithTheEncapsulationWriter()
    {
        final org.agrona.concurrent.UnsafeBuffer out = new org.agrona.concurrent.UnsafeBuffer(new byte[8]);

        assertEquals(8, EncapsulationWriter.vxlan(out, 0, 0x123456));
        assertArrayEquals(VXLAN, out.byteArray());
    }
}
