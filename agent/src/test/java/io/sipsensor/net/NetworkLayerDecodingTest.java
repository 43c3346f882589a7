package io.sipsensor.net;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.LinkType;
import org.junit.jupiter.api.Test;

import static io.sipsensor.net.TestFrames.ascii;
import static io.sipsensor.net.TestFrames.buffer;
import static io.sipsensor.net.TestFrames.concat;
import static io.sipsensor.net.TestFrames.hex;
import static io.sipsensor.net.TestFrames.ipv4Header;
import static io.sipsensor.net.TestFrames.ipv4Udp;
import static io.sipsensor.net.TestFrames.ipv6Header;
import static io.sipsensor.net.TestFrames.udp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkLayerDecodingTest
{
    private static final byte[] SIP = ascii("BYE sip:a@b SIP/2.0\r\n\r\n");
    private static final byte[] UDP = udp(5062, 5060, SIP);

    private final Counters counters = new Counters();
    private final DatagramRecorder recorder = new DatagramRecorder();
    private final PacketDecoder decoder = new PacketDecoder(recorder, counters);

    @Test
    void shouldSkipIpv4Options()
    {
        // IHL 7: two option words (a Record Route option, 7 bytes, padded with an End of List byte).
        final byte[] header = concat(hex("47 00"), TestFrames.u16(28 + UDP.length),
            hex("00 01 00 00 40 11 00 00 c0 00 02 01 c0 00 02 02"), hex("07 07 04 00 00 00 00 00"));

        decode(concat(header, UDP));

        assertArrayEquals(SIP, recorder.only().payload());
        assertEquals(5062, recorder.only().sourcePort());
    }

    @Test
    void shouldIgnoreIpv4HeaderChecksum()
    {
        // TestFrames leaves the checksum 0, as loopback captures do; the header is accepted regardless.
        final byte[] packet = ipv4Udp("127.0.2.10", "127.0.2.20", SIP);
        packet[10] = (byte)0xde;
        packet[11] = (byte)0xad;

        decode(packet);

        assertEquals("127.0.2.10", recorder.only().source());
    }

    @Test
    void shouldRejectBadIpv4VersionAndHeaderLength()
    {
        final byte[] wrongVersion = ipv4Udp("192.0.2.1", "192.0.2.2", SIP);
        wrongVersion[0] = 0x55;
        final byte[] shortIhl = ipv4Udp("192.0.2.1", "192.0.2.2", SIP);
        shortIhl[0] = 0x44;
        final byte[] totalBelowHeader = ipv4Udp("192.0.2.1", "192.0.2.2", SIP);
        totalBelowHeader[2] = 0;
        totalBelowHeader[3] = 19;

        decoder.onPacket(LinkType.IPV4, buffer(wrongVersion), 0, wrongVersion.length, wrongVersion.length, 0);
        decode(shortIhl);
        decode(totalBelowHeader);

        assertEquals(3, counters.value(SensorCounter.DROP_BAD_IP_HEADER));
        assertEquals(0, recorder.count());
    }

    @Test
    void shouldDropIpv4ClaimingMoreThanTheWireHeldWhenTheSnapLengthCutIt()
    {
        final byte[] packet = ipv4Udp("192.0.2.1", "192.0.2.2", SIP);

        decoder.onPacket(LinkType.RAW, buffer(packet), 0, packet.length - 5, packet.length - 1, 0);
        decoder.onPacket(LinkType.RAW, buffer(packet), 0, 19, 19, 0);

        assertEquals(2, counters.value(SensorCounter.DROP_TRUNCATED_IP));
        assertEquals(0, counters.value(SensorCounter.IP_LENGTH_OFFLOAD));
        assertEquals(0, recorder.count());
    }

    @Test
    void shouldIgnoreEthernetPaddingAfterIpTotalLength()
    {
        final byte[] tiny = ipv4Udp("192.0.2.1", "192.0.2.2", ascii("x"));
        final byte[] frame = concat(TestFrames.ethernet(0x0800), tiny, new byte[60 - 14 - tiny.length]);

        decoder.onPacket(LinkType.ETHERNET, buffer(frame), 0, frame.length, frame.length, 0);

        assertEquals("x", recorder.only().text());
    }

    @Test
    void shouldTakeZeroTotalLengthAsRestOfFrameLikeSegmentationOffload()
    {
        final byte[] packet = ipv4Udp("192.0.2.1", "192.0.2.2", SIP);
        packet[2] = 0;
        packet[3] = 0;

        decode(packet);

        assertArrayEquals(SIP, recorder.only().payload());
    }

    @Test
    void shouldWalkIpv6ExtensionHeadersToUdp()
    {
        final byte[] hopByHop = hex("2b 00 01 04 00 00 00 00");            // next Routing; PadN
        final byte[] routing = hex("3c 02 00 00 00 00 00 00") ;            // next Dest. options, len 2 (24 bytes)
        final byte[] routingRest = new byte[16];
        final byte[] destinationOptions = hex("33 00 01 04 00 00 00 00");  // next AH
        final byte[] authentication = hex("11 04 00 00 00 00 01 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00");
        final byte[] chain = concat(hopByHop, routing, routingRest, destinationOptions, authentication, UDP);

        decode(concat(ipv6Header(chain.length, 0, "2001:db8::a", "2001:db8::b"), chain));

        assertArrayEquals(SIP, recorder.only().payload());
        assertEquals("2001:db8::a", recorder.only().source());
    }

    @Test
    void shouldDropIpv6WithTooLongExtensionChain()
    {
        final byte[] options = new byte[8 * (IpDecoder.MAX_EXTENSION_HEADERS + 1)];
        for (int i = 0; i < IpDecoder.MAX_EXTENSION_HEADERS + 1; i++)
        {
            options[8 * i] = 60;
        }
        options[8 * IpDecoder.MAX_EXTENSION_HEADERS] = 17;
        final byte[] chain = concat(options, UDP);

        decode(concat(ipv6Header(chain.length, 60, "2001:db8::a", "2001:db8::b"), chain));

        assertEquals(0, recorder.count());
        assertEquals(1, counters.value(SensorCounter.DROP_TOO_MANY_HEADERS));
    }

    @Test
    void shouldDropEspAndNoNextHeaderByReason()
    {
        final byte[] esp = hex("00 00 10 01 00 00 00 01 de ad be ef");
        decode(concat(ipv6Header(esp.length, 50, "2001:db8::a", "2001:db8::b"), esp));
        decode(concat(ipv6Header(8, 60, "2001:db8::a", "2001:db8::b"), hex("3b 00 01 04 00 00 00 00")));
        decode(concat(ipv4Header(20 + esp.length, 9, 0, 50, "192.0.2.1", "192.0.2.2"), esp));

        assertEquals(2, counters.value(SensorCounter.DROP_ESP));
        assertEquals(1, counters.value(SensorCounter.DROP_NO_NEXT_HEADER));
    }

    @Test
    void shouldStepOverAtomicIpv6Fragment()
    {
        // RFC 6946: offset 0 and M clear: not really fragmented.
        final byte[] chain = concat(hex("11 00 00 00 00 00 00 2a"), UDP);

        decode(concat(ipv6Header(chain.length, 44, "2001:db8::a", "2001:db8::b"), chain));

        assertArrayEquals(SIP, recorder.only().payload());
        assertEquals(0, counters.value(SensorCounter.FRAGMENTS));
    }

    @Test
    void shouldSkipAuthenticationHeaderAfterIpv4()
    {
        final byte[] authentication = hex("11 04 00 00 00 00 01 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00");
        final byte[] payload = concat(authentication, UDP);

        decode(concat(ipv4Header(20 + payload.length, 3, 0, 51, "192.0.2.1", "192.0.2.2"), payload));

        assertArrayEquals(SIP, recorder.only().payload());
    }

    @Test
    void shouldCountOtherProtocolsLikeIcmp()
    {
        final byte[] echo = hex("08 00 f7 ff 00 00 00 00");
        decode(concat(ipv4Header(28, 4, 0, 1, "192.0.2.1", "192.0.2.2"), echo));

        assertEquals(1, counters.value(SensorCounter.DROP_OTHER_IP_PROTOCOL));
        assertEquals(1, counters.value(SensorCounter.IPV4));
    }

    @Test
    void shouldDropUdpWithTruncatedHeaderOrBadLength()
    {
        final byte[] shortUdp = concat(ipv4Header(26, 1, 0, 17, "192.0.2.1", "192.0.2.2"), hex("13 c4 13 c4 00 08"));
        final byte[] lengthBelowHeader = concat(ipv4Header(28, 1, 0, 17, "192.0.2.1", "192.0.2.2"),
            hex("13 c4 13 c4 00 07 00 00"));
        final byte[] lengthBeyondIp = concat(ipv4Header(30, 1, 0, 17, "192.0.2.1", "192.0.2.2"),
            hex("13 c4 13 c4 00 0b 00 00 41 42"));

        decode(shortUdp);
        decode(lengthBelowHeader);
        // Cut by the snap length: the UDP length cannot be checked against what was on the wire.
        decoder.onPacket(LinkType.RAW, buffer(lengthBeyondIp), 0, lengthBeyondIp.length - 1,
            lengthBeyondIp.length, 0);

        assertEquals(1, counters.value(SensorCounter.DROP_TRUNCATED_UDP));
        assertEquals(2, counters.value(SensorCounter.DROP_BAD_UDP_LENGTH));
        assertEquals(0, recorder.count());
    }

    @Test
    void shouldRespectUdpLengthShorterThanIpPayload()
    {
        final byte[] payload = concat(hex("13 c4 13 c4 00 0a 00 00 41 42"), hex("ff ff ff"));

        decode(concat(ipv4Header(20 + payload.length, 1, 0, 17, "192.0.2.1", "192.0.2.2"), payload));

        assertEquals("AB", recorder.only().text());
    }

    @Test
    void shouldDeliverCapturedPartOfUdpCutBySnapLengthAndMarkIt()
    {
        final byte[] packet = ipv4Udp("192.0.2.1", "192.0.2.2", SIP);
        final int snapLength = 20 + 8 + 10;

        decoder.onPacket(LinkType.RAW, buffer(packet), 0, snapLength, packet.length, 0);

        final DatagramRecorder.Datagram datagram = recorder.only();
        assertEquals("BYE sip:a@", datagram.text());
        assertTrue(datagram.truncated());
        assertEquals(1, counters.value(SensorCounter.UDP_PAYLOAD_TRUNCATED));
    }

    @Test
    void shouldDropUdpWhoseHeaderWasCutBySnapLength()
    {
        final byte[] packet = ipv4Udp("192.0.2.1", "192.0.2.2", SIP);

        decoder.onPacket(LinkType.RAW, buffer(packet), 0, 24, packet.length, 0);

        assertEquals(0, recorder.count());
        assertEquals(1, counters.value(SensorCounter.DROP_TRUNCATED_UDP));
    }

    private void decode(final byte[] packet)
    {
        decoder.onPacket(LinkType.RAW, buffer(packet), 0, packet.length, packet.length, 0);
    }
}
