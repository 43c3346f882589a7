package io.sipsensor.net;

import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.sipsensor.net.TestFrames.concat;
import static io.sipsensor.net.TestFrames.hex;
import static io.sipsensor.net.TestFrames.ipv4Header;
import static io.sipsensor.net.TestFrames.ipv6Header;
import static io.sipsensor.net.TunnelFrames.INNER_ETHERNET;
import static io.sipsensor.net.TunnelFrames.INNER_IPV4_UDP;
import static io.sipsensor.net.TunnelFrames.INNER_IPV6_UDP;
import static io.sipsensor.net.TunnelFrames.outerIpv4;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GRE (RFC 2784, keys and sequence numbers of RFC 2890) built byte by byte: the flags word
 * {@code |C|R|K|S|s|Recur|Flags|Ver|}, the protocol type, then the optional checksum + reserved, key and sequence
 * number words in that order.
 */
class GreDecodingTest
{
    private final TunnelFrames.Harness harness = new TunnelFrames.Harness();

    @Test
    void shouldDecodeIpv4InPlainGreWithInnerAddresses()
    {
        // C=0 K=0 S=0, version 0, protocol 0x0800.
        harness.decode(outerIpv4(47, concat(hex("00 00 08 00"), INNER_IPV4_UDP)));

        final DatagramRecorder.Datagram datagram = harness.recorder.only();
        assertEquals("10.1.1.1", datagram.source());
        assertEquals("10.1.1.2", datagram.destination());
        assertEquals(5060, datagram.destinationPort());
        assertEquals(1, harness.value(SensorCounter.GRE));
        assertEquals(2, harness.value(SensorCounter.IPV4), "outer and inner");
        assertEquals(0, harness.drops());
    }

    @ParameterizedTest(name = "flags {0}")
    @CsvSource({
        // flags word, optional words after the protocol type
        "8000, 'ab cd 00 00'",                              // C: checksum + reserved1
        "2000, '00 00 00 2a'",                              // K: key 42
        "1000, '00 00 00 07'",                              // S: sequence 7
        "a000, 'ab cd 00 00  00 00 00 2a'",                 // C K
        "9000, 'ab cd 00 00  00 00 00 07'",                 // C S
        "3000, '00 00 00 2a  00 00 00 07'",                 // K S
        "b000, 'ab cd 00 00  00 00 00 2a  00 00 00 07'"})   // C K S
    void shouldSkipEveryCombinationOfChecksumKeyAndSequence(final String flags, final String optional)
    {
        harness.decode(outerIpv4(47, concat(hex(flags + " 08 00"), hex(optional), INNER_IPV4_UDP)));

        assertEquals("10.1.1.1", harness.recorder.only().source());
        assertEquals(1, harness.value(SensorCounter.GRE));
        assertEquals(0, harness.drops());
    }

    @Test
    void shouldDecodeIpv6InGreOverIpv6()
    {
        final byte[] gre = concat(hex("20 00 86 dd  00 00 00 01"), INNER_IPV6_UDP);
        harness.decode(concat(TestFrames.ethernet(0x86DD), ipv6Header(gre.length, 47, "2001:db8::a", "2001:db8::b"),
            gre));

        assertEquals("2001:db8:1::1", harness.recorder.only().source());
        assertEquals(6, harness.recorder.only().ipVersion());
        assertEquals(2, harness.value(SensorCounter.IPV6));
    }

    @Test
    void shouldDecodeTransparentEthernetBridgingWithKeyLikeTheHeplifyMirror()
    {
        // What heplify_erspan_sip_ipv4_udp.pcapng holds: flags 0x2000 (key 0), protocol 0x6558, then Ethernet.
        harness.decode(outerIpv4(47, concat(hex("20 00 65 58  00 00 00 00"), INNER_ETHERNET)));

        assertEquals("10.1.1.1", harness.recorder.only().source());
        assertEquals(2, harness.value(SensorCounter.ETHERNET), "outer and inner");
        assertEquals(0, harness.value(SensorCounter.ERSPAN));
    }

    @Test
    void shouldDecodeNestedVlansInsideBridgedEthernetAndKeepTheInnerOuterTag()
    {
        final byte[] inner = TunnelFrames.innerTagged(INNER_IPV4_UDP, 0x88A8, 100, 0x8100, 200, 0x8100, 300);
        final byte[] frame = concat(TestFrames.ethernet(0x8100), hex("00 07"), TestFrames.u16(0x0800),
            ipv4Header(20 + 4 + inner.length, 7, 0, 47, "192.0.2.1", "192.0.2.2"), hex("00 00 65 58"), inner);

        harness.decode(frame);

        assertEquals(100, harness.recorder.only().vlanId(), "outermost tag of the mirrored frame");
        assertEquals(4, harness.value(SensorCounter.VLAN_TAGS), "one outer, three inner");
    }

    @Test
    void shouldDecodeVlanTaggedPayloadWhenGreProtocolIsAVlanTpid()
    {
        harness.decode(outerIpv4(47, concat(hex("00 00 81 00  00 2a 08 00"), INNER_IPV4_UDP)));

        assertEquals(42, harness.recorder.only().vlanId());
    }

    @Test
    void shouldDropGreVersionOneThatIsNotPptpAsUnsupported()
    {
        // Version 1 is PPTP's enhanced GRE: K set and protocol PPP (0x880B); anything else is not decoded.
        harness.decode(outerIpv4(47, concat(hex("20 01 08 00  00 10 00 01"), INNER_IPV4_UDP)));
        harness.decode(outerIpv4(47, concat(hex("00 01 88 0b"), INNER_IPV4_UDP)));

        assertEquals(2, harness.value(SensorCounter.DROP_GRE_UNSUPPORTED));
        assertEquals(0, harness.value(SensorCounter.GRE));
        assertEquals(0, harness.recorder.count());
    }

    @Test
    void shouldDecodePppInEnhancedGreWithSequenceAndAcknowledgement()
    {
        // PPTP: K S A, version 1, protocol PPP, payload length, call id, sequence, acknowledgement; then PPP with
        // address and control and protocol 0x0021 (IPv4).
        final byte[] ppp = concat(hex("ff 03 00 21"), INNER_IPV4_UDP);
        harness.decode(outerIpv4(47, concat(hex("30 81 88 0b"), TestFrames.u16(ppp.length),
            hex("00 07  00 00 00 01  00 00 00 00"), ppp)));
        // The same with both compressions negotiated (ACFC, PFC): protocol 0x21 in one byte, no sequence.
        final byte[] compressed = concat(hex("21"), INNER_IPV4_UDP);
        harness.decode(outerIpv4(47, concat(hex("20 01 88 0b"), TestFrames.u16(compressed.length), hex("00 07"),
            compressed)));

        assertEquals(2, harness.value(SensorCounter.GRE_ENHANCED));
        assertEquals(2, harness.recorder.count());
        assertEquals(0, harness.drops());
    }

    @Test
    void shouldDropGreWithRoutingPresentAsUnsupported()
    {
        harness.decode(outerIpv4(47, concat(hex("40 00 08 00  00 00 00 00"), INNER_IPV4_UDP)));

        assertEquals(1, harness.value(SensorCounter.DROP_GRE_UNSUPPORTED));
        assertEquals(0, harness.recorder.count());
    }

    @Test
    void shouldCountGreProtocolTypesItDoesNotDecode()
    {
        // MPLS unicast (0x8847) and PPP (0x880B) inside version-0 GRE.
        harness.decode(outerIpv4(47, concat(hex("00 00 88 47"), new byte[24])));
        harness.decode(outerIpv4(47, concat(hex("00 00 88 0b"), new byte[24])));

        assertEquals(2, harness.value(SensorCounter.DROP_GRE_PROTOCOL));
        assertEquals(2, harness.value(SensorCounter.GRE));
    }

    @Test
    void shouldDecodeFourNestedTunnelsAndDropTheFifth()
    {
        byte[] packet = INNER_IPV4_UDP;
        for (int level = 0; level < 4; level++)
        {
            packet = gre(packet);
        }
        harness.decode(concat(TestFrames.ethernet(0x0800), packet));
        assertEquals("10.1.1.1", harness.recorder.only().source());

        harness.decode(concat(TestFrames.ethernet(0x0800), gre(packet)));
        assertEquals(1, harness.value(SensorCounter.DROP_TUNNEL_TOO_DEEP));
        assertEquals(1, harness.recorder.count());
    }

    @Test
    void shouldCountIpInIpInsideGreAgainstTheSameDepth()
    {
        // GRE, then IP-in-IP, then GRE again, three levels: delivered.
        final byte[] ipInIp = concat(ipv4Header(20 + 20 + 4 + INNER_IPV4_UDP.length, 9, 0, 4, "198.51.100.1",
            "198.51.100.2"), gre(INNER_IPV4_UDP));
        harness.decode(concat(TestFrames.ethernet(0x0800), gre(ipInIp)));

        assertEquals("10.1.1.1", harness.recorder.only().source());
        assertEquals(1, harness.value(SensorCounter.IP_IN_IP));
        assertEquals(2, harness.value(SensorCounter.GRE));
    }

    /**
     * An IPv4 packet 203.0.113.1 -> 203.0.113.2 carrying plain GRE with the packet inside.
     */
    private static byte[] gre(final byte[] ipv4Packet)
    {
        return concat(ipv4Header(20 + 4 + ipv4Packet.length, 3, 0, 47, "203.0.113.1", "203.0.113.2"),
            hex("00 00 08 00"), ipv4Packet);
    }
}
