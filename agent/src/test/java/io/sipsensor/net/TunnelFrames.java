package io.sipsensor.net;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.LinkType;

import static io.sipsensor.net.TestFrames.ascii;
import static io.sipsensor.net.TestFrames.concat;
import static io.sipsensor.net.TestFrames.ethernet;
import static io.sipsensor.net.TestFrames.hex;
import static io.sipsensor.net.TestFrames.ipv4Header;
import static io.sipsensor.net.TestFrames.ipv4Udp;
import static io.sipsensor.net.TestFrames.u16;

/**
 * Frames with tunnels for the encapsulation tests, written as bytes the way the specifications draw them, and a
 * decoder harness that records what comes out.
 */
final class TunnelFrames
{
    static final byte[] SIP = ascii("OPTIONS sip:100@10.1.1.2 SIP/2.0\r\nCall-ID: tunnel-1\r\n\r\n");
    /** The mirrored packet: IPv4 10.1.1.1:5060 -> 10.1.1.2:5060 carrying {@link #SIP}. */
    static final byte[] INNER_IPV4_UDP = ipv4Udp("10.1.1.1", "10.1.1.2", SIP);
    static final byte[] INNER_IPV6_UDP = TestFrames.ipv6Udp("2001:db8:1::1", "2001:db8:1::2", SIP);
    /** The mirrored frame: Ethernet II, untagged, carrying {@link #INNER_IPV4_UDP}. */
    static final byte[] INNER_ETHERNET = concat(innerEthernetHeader(0x0800), INNER_IPV4_UDP);

    private TunnelFrames()
    {
    }

    /**
     * Ethernet header of a mirrored frame (other MACs than the outer frame's).
     */
    static byte[] innerEthernetHeader(final int etherType)
    {
        return concat(hex("02 00 00 00 01 02  02 00 00 00 01 01"), u16(etherType));
    }

    /**
     * An inner Ethernet frame with VLAN tags (outermost first): each pair is TPID, VLAN id.
     */
    static byte[] innerTagged(final byte[] ipPacket, final int... tpidAndVlan)
    {
        byte[] frame = hex("02 00 00 00 01 02  02 00 00 00 01 01");
        for (int i = 0; i < tpidAndVlan.length; i += 2)
        {
            frame = concat(frame, u16(tpidAndVlan[i]), u16(tpidAndVlan[i + 1]));
        }
        final int etherType = (ipPacket[0] & 0xF0) == 0x60 ? 0x86DD : 0x0800;
        return concat(frame, u16(etherType), ipPacket);
    }

    /**
     * The outer frame: Ethernet, IPv4 192.0.2.1 -> 192.0.2.2 with the given protocol, then the payload.
     */
    static byte[] outerIpv4(final int protocol, final byte[] payload)
    {
        return concat(ethernet(0x0800), ipv4Header(20 + payload.length, 7, 0, protocol, "192.0.2.1", "192.0.2.2"),
            payload);
    }

    /**
     * The outer frame: Ethernet, IPv4 192.0.2.1 -> 192.0.2.2, UDP from 49152 to the given port, then the payload.
     */
    static byte[] outerUdp(final int destinationPort, final byte[] payload)
    {
        final byte[] udp = TestFrames.udp(49152, destinationPort, payload);
        return outerIpv4(IpProtocol.UDP, udp);
    }

    /**
     * A decoder with chosen encapsulation ports, its counters and what it delivered.
     */
    static final class Harness
    {
        final Counters counters = new Counters();
        final DatagramRecorder recorder = new DatagramRecorder();
        final PacketDecoder decoder;

        Harness()
        {
            this(new EncapsulationSettings());
        }

        Harness(final EncapsulationSettings settings)
        {
            decoder = new PacketDecoder(recorder, counters, new ReassemblySettings(), settings);
        }

        void decode(final byte[] frame)
        {
            decoder.onPacket(LinkType.ETHERNET, TestFrames.buffer(frame), 0, frame.length, frame.length, 1_000L);
        }

        /**
         * Decodes the first {@code captured} bytes of a frame that was {@code original} bytes on the wire. The
         * buffer holds only those bytes, so a read past them throws.
         */
        void decode(final byte[] frame, final int captured, final int original)
        {
            decoder.onPacket(LinkType.ETHERNET, TestFrames.buffer(java.util.Arrays.copyOf(frame, captured)), 0,
                captured, original, 1_000L);
        }

        long value(final SensorCounter counter)
        {
            return counters.value(counter);
        }

        /**
         * @return sum of every counter whose name starts with {@code drop_}.
         */
        long drops()
        {
            long sum = 0;
            for (final SensorCounter counter : SensorCounter.values())
            {
                if (counter.key().startsWith("drop_"))
                {
                    sum += counters.value(counter);
                }
            }
            return sum;
        }
    }
}
