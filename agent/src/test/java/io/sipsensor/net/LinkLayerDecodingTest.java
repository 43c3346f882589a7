package io.sipsensor.net;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.LinkType;
import org.junit.jupiter.api.Test;

import static io.sipsensor.net.TestFrames.ascii;
import static io.sipsensor.net.TestFrames.buffer;
import static io.sipsensor.net.TestFrames.concat;
import static io.sipsensor.net.TestFrames.ethernet;
import static io.sipsensor.net.TestFrames.hex;
import static io.sipsensor.net.TestFrames.ipv4Udp;
import static io.sipsensor.net.TestFrames.ipv6Udp;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkLayerDecodingTest
{
    private static final byte[] SIP = ascii("OPTIONS sip:a@b SIP/2.0\r\n\r\n");
    private static final byte[] IPV4_UDP = ipv4Udp("192.0.2.1", "192.0.2.2", SIP);
    private static final byte[] IPV6_UDP = ipv6Udp("2001:db8::1", "2001:db8::2", SIP);

    private final Counters counters = new Counters();
    private final DatagramRecorder recorder = new DatagramRecorder();
    private final PacketDecoder decoder = new PacketDecoder(recorder, counters);

    @Test
    void shouldDecodeEthernetIpv4Udp()
    {
        decode(LinkType.ETHERNET, concat(ethernet(0x0800), IPV4_UDP));

        final DatagramRecorder.Datagram datagram = recorder.only();
        assertEquals("OPTIONS sip:a@b SIP/2.0\r\n\r\n", datagram.text());
        assertEquals("192.0.2.1", datagram.source());
        assertEquals("192.0.2.2", datagram.destination());
        assertEquals(5060, datagram.sourcePort());
        assertEquals(-1, datagram.vlanId());
        assertEquals(1, counters.value(SensorCounter.ETHERNET));
    }

    @Test
    void shouldDecodeEthernetIpv6Udp()
    {
        decode(LinkType.ETHERNET, concat(ethernet(0x86DD), IPV6_UDP));

        assertEquals("2001:db8::1", recorder.only().source());
        assertEquals(6, recorder.only().ipVersion());
    }

    @Test
    void shouldSkip8023LengthFrameAsNonIp()
    {
        // 802.3: the type field is a length (<= 1500), followed by LLC (here STP's 42 42 03).
        decode(LinkType.ETHERNET, concat(hex("01 80 c2 00 00 00 02 00 00 00 00 01 00 26 42 42 03"), new byte[35]));

        assertEquals(0, recorder.count());
        assertEquals(1, counters.value(SensorCounter.DROP_NON_IP));
    }

    @Test
    void shouldCountArpAsNonIp()
    {
        decode(LinkType.ETHERNET, concat(ethernet(0x0806), new byte[28]));

        assertEquals(1, counters.value(SensorCounter.DROP_NON_IP));
    }

    @Test
    void shouldTakeVlanIdFrom8021QTag()
    {
        // TCI 0x312c: priority 1, DEI 1, VLAN id 300.
        decode(LinkType.ETHERNET, concat(ethernet(0x8100), hex("31 2c 08 00"), IPV4_UDP));

        assertEquals(300, recorder.only().vlanId());
        assertEquals(1, counters.value(SensorCounter.VLAN_TAGS));
    }

    @Test
    void shouldTakeOutermostVlanIdFromQinQStack()
    {
        // 802.1ad service tag 100, then 802.1Q customer tag 200.
        decode(LinkType.ETHERNET, concat(ethernet(0x88A8), hex("00 64 81 00 00 c8 08 00"), IPV4_UDP));

        assertEquals(100, recorder.only().vlanId());
        assertEquals(2, counters.value(SensorCounter.VLAN_TAGS));
    }

    @Test
    void shouldDecodeOld9100QinQTagsAnyDepthUpToBound()
    {
        decode(LinkType.ETHERNET,
            concat(ethernet(0x9100), hex("00 0a 91 00 00 0b 88 a8 00 0c 81 00 00 0d 86 dd"), IPV6_UDP));

        assertEquals(10, recorder.only().vlanId());
        assertEquals(4, counters.value(SensorCounter.VLAN_TAGS));
    }

    @Test
    void shouldDropFrameWithMoreVlanTagsThanBound()
    {
        final byte[] tags = new byte[4 * (PacketDecoder.MAX_VLAN_TAGS + 1)];
        for (int i = 0; i < PacketDecoder.MAX_VLAN_TAGS + 1; i++)
        {
            tags[4 * i + 1] = (byte)i;
            tags[4 * i + 2] = (byte)0x81;
        }
        tags[tags.length - 2] = 0x08;
        tags[tags.length - 1] = 0x00;

        decode(LinkType.ETHERNET, concat(ethernet(0x8100), tags, IPV4_UDP));

        assertEquals(0, recorder.count());
        assertEquals(1, counters.value(SensorCounter.DROP_TOO_MANY_VLAN_TAGS));
    }

    @Test
    void shouldDecodeLinuxCookedV1()
    {
        // packet type 0 (to us), ARPHRD_ETHER 1, address length 6, address padded to 8, protocol 0x0800.
        decode(LinkType.LINUX_SLL, concat(hex("00 00 00 01 00 06 02 00 00 00 00 01 00 00 08 00"), IPV4_UDP));

        assertEquals("192.0.2.1", recorder.only().source());
    }

    @Test
    void shouldDecodeVlanTagAfterLinuxCookedV1Header()
    {
        decode(LinkType.LINUX_SLL,
            concat(hex("00 00 00 01 00 06 02 00 00 00 00 01 00 00 81 00"), hex("00 2a 86 dd"), IPV6_UDP));

        assertEquals(42, recorder.only().vlanId());
    }

    @Test
    void shouldDecodeLinuxCookedV2()
    {
        // protocol 0x86dd, reserved, interface index 3, ARPHRD_ETHER, packet type 4 (outgoing), address length 6.
        decode(LinkType.LINUX_SLL2,
            concat(hex("86 dd 00 00 00 00 00 03 00 01 04 06 02 00 00 00 00 01 00 00"), IPV6_UDP));

        assertEquals("2001:db8::2", recorder.only().destination());
    }

    @Test
    void shouldDecodeBsdLoopbackInLittleEndianHostOrder()
    {
        decode(LinkType.NULL, concat(hex("02 00 00 00"), IPV4_UDP));

        assertEquals("192.0.2.1", recorder.only().source());
    }

    @Test
    void shouldDecodeBsdLoopbackInBigEndianHostOrder()
    {
        decode(LinkType.NULL, concat(hex("00 00 00 02"), IPV4_UDP));

        assertEquals("192.0.2.1", recorder.only().source());
    }

    @Test
    void shouldDecodeBsdLoopbackIpv6FamiliesOfEveryBsdInBothOrders()
    {
        for (final String family : new String[]{"18 00 00 00", "1c 00 00 00", "1e 00 00 00", "00 00 00 18",
            "00 00 00 1c", "00 00 00 1e"})
        {
            decode(LinkType.NULL, concat(hex(family), IPV6_UDP));
        }

        assertEquals(6, recorder.count());
    }

    @Test
    void shouldDropBsdLoopbackOfOtherFamily()
    {
        decode(LinkType.NULL, concat(hex("07 00 00 00"), IPV4_UDP));

        assertEquals(0, recorder.count());
        assertEquals(1, counters.value(SensorCounter.DROP_NON_IP));
    }

    @Test
    void shouldDecodeOpenBsdLoopInNetworkOrder()
    {
        decode(LinkType.LOOP, concat(hex("00 00 00 02"), IPV4_UDP));
        decode(LinkType.LOOP, concat(hex("00 00 00 18"), IPV6_UDP));
        // Network order only: the little-endian form is another family.
        decode(LinkType.LOOP, concat(hex("02 00 00 00"), IPV4_UDP));

        assertEquals(2, recorder.count());
        assertEquals(1, counters.value(SensorCounter.DROP_NON_IP));
    }

    @Test
    void shouldDecodeRawIpByVersionNibbleForEveryRawLinkType()
    {
        for (final int linkType : new int[]{LinkType.RAW, LinkType.RAW_BSD_12, LinkType.RAW_BSD_14})
        {
            decode(linkType, IPV4_UDP);
            decode(linkType, IPV6_UDP);
        }
        decode(LinkType.IPV4, IPV4_UDP);
        decode(LinkType.IPV6, IPV6_UDP);

        assertEquals(8, recorder.count());
    }

    @Test
    void shouldRejectWrongVersionOnIpv4OnlyLinkType()
    {
        decode(LinkType.IPV4, IPV6_UDP);

        assertEquals(0, recorder.count());
        assertEquals(1, counters.value(SensorCounter.DROP_BAD_IP_HEADER));
    }

    @Test
    void shouldCountUnsupportedLinkType()
    {
        decode(105, IPV4_UDP); // IEEE 802.11

        assertEquals(1, counters.value(SensorCounter.DROP_UNSUPPORTED_LINK_TYPE));
    }

    @Test
    void shouldCountTruncatedLinkHeaders()
    {
        decode(LinkType.ETHERNET, hex("02 00 00 00 00 02 02 00 00 00 00 01 08"));
        decode(LinkType.ETHERNET, concat(ethernet(0x8100), hex("00 01")));
        decode(LinkType.LINUX_SLL, hex("00 00 00 01 00 06 02 00 00 00 00 01 00 00 08"));
        decode(LinkType.LINUX_SLL2, hex("86 dd 00 00 00 00 00 03 00 01 04 06 02 00 00 00 00 01 00"));
        decode(LinkType.NULL, hex("02 00 00"));

        assertEquals(5, counters.value(SensorCounter.DROP_TRUNCATED_L2));
        assertEquals(0, recorder.count());
    }

    @Test
    void shouldPassFrameTimestampToDatagram()
    {
        decoder.onPacket(LinkType.RAW, buffer(IPV4_UDP), 0, IPV4_UDP.length, IPV4_UDP.length, 1_795_343_635_245_796_000L);

        assertEquals(1_795_343_635_245_796_000L, recorder.only().timestampNs());
    }

    @Test
    void shouldDecodeFrameAtNonZeroOffset()
    {
        final byte[] frame = concat(new byte[7], ethernet(0x0800), IPV4_UDP, new byte[5]);

        decoder.onPacket(LinkType.ETHERNET, buffer(frame), 7, frame.length - 12, frame.length - 12, 0);

        assertEquals("192.0.2.2", recorder.only().destination());
    }

    private void decode(final int linkType, final byte[] frame)
    {
        decoder.onPacket(linkType, buffer(frame), 0, frame.length, frame.length, 1L);
    }
}
