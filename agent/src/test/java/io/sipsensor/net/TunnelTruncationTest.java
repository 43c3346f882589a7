package io.sipsensor.net;

import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.sipsensor.net.TestFrames.concat;
import static io.sipsensor.net.TestFrames.hex;
import static io.sipsensor.net.TestFrames.ipv4Header;
import static io.sipsensor.net.TunnelFrames.INNER_ETHERNET;
import static io.sipsensor.net.TunnelFrames.INNER_IPV4_UDP;
import static io.sipsensor.net.TunnelFrames.outerIpv4;
import static io.sipsensor.net.TunnelFrames.outerUdp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every encapsulation cut at every length, both ways a frame comes short: cut by the snap length (the frame was
 * longer on the wire) and short on the wire itself. Nothing throws or reads past the captured bytes (the buffer
 * holds only them), and every frame has exactly one outcome: one drop counted, or its datagram delivered (marked
 * truncated when the snap length cut the payload).
 */
class TunnelTruncationTest
{
    static Stream<Arguments> frames()
    {
        return Stream.of(
            Arguments.of("GRE C K S, IPv4", outerIpv4(47, concat(
                hex("b0 00 08 00  00 00 00 00  00 00 00 01  00 00 00 02"), INNER_IPV4_UDP))),
            Arguments.of("GRE K, bridged Ethernet with QinQ", outerIpv4(47, concat(hex("20 00 65 58  00 00 00 00"),
                TunnelFrames.innerTagged(INNER_IPV4_UDP, 0x88A8, 5, 0x8100, 6)))),
            Arguments.of("ERSPAN I", outerIpv4(47, concat(hex("00 00 88 be"), INNER_ETHERNET))),
            Arguments.of("ERSPAN II", outerIpv4(47, concat(hex("10 00 88 be  00 00 00 05  10 00 18 01  00 00 00 00"),
                INNER_ETHERNET))),
            Arguments.of("ERSPAN III with sub-header", outerIpv4(47, concat(hex("10 00 22 eb  00 00 00 01"),
                hex("20 00 00 01  00 00 00 00  00 00 00 51  0c 00 12 34  00 00 00 01"), INNER_ETHERNET))),
            Arguments.of("VXLAN", outerUdp(4789, concat(hex("08 00 00 00  00 00 01 00"), INNER_ETHERNET))),
            Arguments.of("IP-in-IP", outerIpv4(4, INNER_IPV4_UDP)),
            Arguments.of("IPv6-in-IPv4", outerIpv4(41, TestFrames.ipv6Udp("2001:db8::1", "2001:db8::2",
                TunnelFrames.SIP))),
            Arguments.of("HEP", outerUdp(9060, hex(
                "48 45 50 33 00 32  00 00 00 01 00 07 02  00 00 00 03 00 0a c0 00 02 0a" +
                "  00 00 00 04 00 0a c0 00 02 14  00 00 00 0b 00 07 01  00 00 00 0f 00 0a 41 43 4b 20"))),
            Arguments.of("PPTP enhanced GRE, PPP", outerIpv4(47, concat(hex("30 81 88 0b"),
                TestFrames.u16(4 + INNER_IPV4_UDP.length), hex("00 07  00 00 00 01  00 00 00 00  ff 03 00 21"),
                INNER_IPV4_UDP))),
            Arguments.of("GTP-U with sequence and extension header, IPv6", outerUdp(2152, concat(hex("36 ff"),
                TestFrames.u16(8 + TunnelFrames.INNER_IPV6_UDP.length), hex("00 00 00 01  00 07 00 85  01 10 09 00"),
                TunnelFrames.INNER_IPV6_UDP))),
            Arguments.of("PPPoE under QinQ", concat(
                hex("02 00 00 00 00 02  02 00 00 00 00 01  88 a8 00 05  81 00 00 06  88 64  11 00 00 07"),
                TestFrames.u16(2 + INNER_IPV4_UDP.length), hex("00 21"), INNER_IPV4_UDP)),
            Arguments.of("IPv4 in GRE in IP-in-IP", outerIpv4(4, concat(ipv4Header(20 + 4 + INNER_IPV4_UDP.length, 1, 0,
                47, "198.51.100.1", "198.51.100.2"), hex("00 00 08 00"), INNER_IPV4_UDP))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void shouldCountOneOutcomePerFrameAtEveryCutOfTheSnapLength(final String name, final byte[] frame)
    {
        final TunnelFrames.Harness whole = new TunnelFrames.Harness();
        whole.decode(frame);
        assertEquals(1, whole.recorder.count(), name + " decodes whole");
        assertEquals(0, whole.drops(), name);

        for (int cut = 0; cut < frame.length; cut++)
        {
            final TunnelFrames.Harness harness = new TunnelFrames.Harness();
            harness.decode(frame, cut, frame.length);

            final long delivered = harness.recorder.count();
            assertEquals(1, harness.drops() + delivered, name + " cut by the snap length at " + cut);
            if (delivered == 1)
            {
                assertTrue(harness.recorder.only().truncated(), name + " cut at " + cut);
                // Counted for the inner datagram, and for the outer one too when it is UDP (VXLAN).
                assertTrue(harness.value(SensorCounter.UDP_PAYLOAD_TRUNCATED) >= 1, name + " cut at " + cut);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void shouldCountOneDropPerFrameAtEveryLengthOnTheWire(final String name, final byte[] frame)
    {
        for (int cut = 0; cut < frame.length; cut++)
        {
            final TunnelFrames.Harness harness = new TunnelFrames.Harness();
            harness.decode(frame, cut, cut);

            assertEquals(0, harness.recorder.count(), name + " short frame of " + cut + " bytes");
            assertEquals(1, harness.drops(), name + " short frame of " + cut + " bytes");
        }
    }
}
