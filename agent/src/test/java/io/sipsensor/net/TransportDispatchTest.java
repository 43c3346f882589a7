package io.sipsensor.net;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.LinkType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.sipsensor.net.TestFrames.ascii;
import static io.sipsensor.net.TestFrames.buffer;
import static io.sipsensor.net.TestFrames.concat;
import static io.sipsensor.net.TestFrames.ethernet;
import static io.sipsensor.net.TestFrames.hex;
import static io.sipsensor.net.TestFrames.ipv4Header;
import static io.sipsensor.net.TestFrames.ipv4Udp;
import static io.sipsensor.net.TestFrames.ipv6Header;
import static io.sipsensor.net.TestFrames.ipv6Udp;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TransportDispatchTest
{
    private static final byte[] SIP = ascii("ACK sip:a@b SIP/2.0\r\n\r\n");
    // Source port 5060, destination 40000, sequence 1, ack 0, data offset 5, flags PSH|ACK, window 512.
    private static final byte[] TCP = concat(
        hex("13 c4 9c 40 00 00 00 01 00 00 00 00 50 18 02 00 00 00 00 00"), SIP);

    private final Counters counters = new Counters();
    private final DatagramRecorder recorder = new DatagramRecorder();
    private final PacketDecoder decoder = new PacketDecoder(recorder, counters);

    @Test
    void shouldCountAndDropTcpWhileNoSegmentHandlerIsPlugged()
    {
        decode(concat(ipv4Header(20 + TCP.length, 1, 0, 6, "192.0.2.1", "192.0.2.2"), TCP));

        assertEquals(1, counters.value(SensorCounter.TCP));
        assertEquals(1, counters.value(SensorCounter.DROP_TCP_NOT_DECODED));
        assertEquals(0, recorder.count());
    }

    @Test
    void shouldHandTcpSegmentToPluggedHandlerWithAddressesAndPorts()
    {
        final List<String> seen = new ArrayList<>();
        decoder.tcpHandler((buffer, offset, captured, segmentLength, info) -> seen.add(
            info.addressText(true) + ":" + info.sourcePort + ">" + info.addressText(false) + ":" +
            info.destinationPort + " " + captured + "/" + segmentLength + " " +
            (buffer.getByte(offset + 13) & 0xFF)));

        decode(concat(ipv6Header(TCP.length, 6, "2001:db8::1", "2001:db8::2"), TCP));

        assertEquals(List.of("2001:db8::1:5060>2001:db8::2:40000 43/43 24"), seen);
        assertEquals(0, counters.value(SensorCounter.DROP_TCP_NOT_DECODED));
    }

    @Test
    void shouldCountAndDropSctpWithCutCommonHeader()
    {
        final byte[] sctp = hex("13 c4 13 c4 00 00 00 01");
        decode(concat(ipv4Header(20 + sctp.length, 1, 0, 132, "192.0.2.1", "192.0.2.2"), sctp));

        assertEquals(1, counters.value(SensorCounter.SCTP));
        assertEquals(1, counters.value(SensorCounter.DROP_SCTP_NOT_DECODED));
        assertEquals(0, recorder.count());
    }

    @Test
    void shouldHandWholeSctpDataChunkOnAsDatagram()
    {
        sctp(1, FrameWriter.SCTP_BEGIN | FrameWriter.SCTP_END, SIP, 0, SIP.length);

        assertEquals(1, counters.value(SensorCounter.SCTP));
        assertEquals(0, counters.value(SensorCounter.DROP_SCTP_NOT_DECODED));
        assertEquals(1, recorder.count());
        final DatagramRecorder.Datagram datagram = recorder.datagrams.get(0);
        assertEquals(new String(SIP, java.nio.charset.StandardCharsets.ISO_8859_1),
            new String(datagram.payload(), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("192.0.2.1", datagram.source());
        assertEquals(5060, datagram.sourcePort());
    }

    @Test
    void shouldJoinSctpFragmentsInTsnOrderAndDropAFragmentWithoutItsBeginning()
    {
        final byte[] message = ascii("INVITE sip:a@b SIP/2.0\r\n" + "X-Pad: " + "p".repeat(3000) + "\r\n\r\n");
        sctp(10, FrameWriter.SCTP_BEGIN, message, 0, 1000);
        sctp(11, 0, message, 1000, 1000);
        assertEquals(0, recorder.count());
        sctp(12, FrameWriter.SCTP_END, message, 2000, message.length - 2000);
        assertEquals(1, recorder.count());
        assertEquals(new String(message, java.nio.charset.StandardCharsets.ISO_8859_1),
            new String(recorder.datagrams.get(0).payload(), java.nio.charset.StandardCharsets.ISO_8859_1));

        sctp(21, 0, message, 1000, 1000);                              // its beginning was not captured
        sctp(22, FrameWriter.SCTP_END, message, 2000, message.length - 2000);
        sctp(30, FrameWriter.SCTP_BEGIN, message, 0, 1000);
        sctp(32, FrameWriter.SCTP_END, message, 2000, message.length - 2000); // TSN 31 lost
        assertEquals(1, recorder.count());
        assertEquals(3, counters.value(SensorCounter.DROP_SCTP_FRAGMENT));
        assertEquals(0, counters.value(SensorCounter.DROP_SCTP_NOT_DECODED));
    }

    private void sctp(final int tsn, final int flags, final byte[] payload, final int offset, final int length)
    {
        final org.agrona.concurrent.UnsafeBuffer frame = new org.agrona.concurrent.UnsafeBuffer(new byte[8192]);
        final int frameLength = new FrameWriter().rawIp().addresses("192.0.2.1", "192.0.2.2")
            .sctpData(frame, 0, 5060, 5060, tsn, 0, flags, buffer(payload), offset, length);
        decode(java.util.Arrays.copyOf(frame.byteArray(), frameLength));
    }

    @Test
    void shouldDecodeGreWithInnerAddresses()
    {
        final byte[] gre = concat(hex("00 00 08 00"), ipv4Udp("10.0.0.1", "10.0.0.2", SIP));
        decode(concat(ipv4Header(20 + gre.length, 1, 0, 47, "192.0.2.1", "192.0.2.2"), gre));

        assertEquals(1, counters.value(SensorCounter.GRE));
        assertEquals(0, counters.value(SensorCounter.DROP_TUNNEL_NOT_DECODED));
        assertEquals("10.0.0.1", recorder.only().source());
    }

    @Test
    void shouldCountEtherIpAsTunnelNotDecoded()
    {
        final byte[] etherIp = concat(hex("30 00"), ethernet(0x0800), ipv4Udp("10.0.0.1", "10.0.0.2", SIP));
        decode(concat(ipv4Header(20 + etherIp.length, 1, 0, 97, "192.0.2.1", "192.0.2.2"), etherIp));

        assertEquals(1, counters.value(SensorCounter.DROP_TUNNEL_NOT_DECODED));
        assertEquals(0, recorder.count());
    }

    @Test
    void shouldDecodeIpInIpWithInnerAddresses()
    {
        final byte[] inner = ipv4Udp("10.0.0.1", "10.0.0.2", SIP);
        decode(concat(ipv4Header(20 + inner.length, 1, 0, 4, "192.0.2.1", "192.0.2.2"), inner));

        assertEquals("10.0.0.1", recorder.only().source());
        assertEquals(1, counters.value(SensorCounter.IP_IN_IP));
        assertEquals(2, counters.value(SensorCounter.IPV4));
    }

    @Test
    void shouldDecodeIpv6InIpv4()
    {
        final byte[] inner = ipv6Udp("2001:db8::1", "2001:db8::2", SIP);
        decode(concat(ipv4Header(20 + inner.length, 1, 0, 41, "192.0.2.1", "192.0.2.2"), inner));

        assertEquals("2001:db8::2", recorder.only().destination());
        assertEquals(6, recorder.only().ipVersion());
    }

    @Test
    void shouldReassembleFragmentedOuterTunnelPacket()
    {
        final byte[] payload = FragmentReassemblyTest.sipPayload(1600);
        final byte[] inner = ipv4Udp("10.0.0.1", "10.0.0.2", payload);
        final byte[] first = java.util.Arrays.copyOfRange(inner, 0, 1480);
        final byte[] rest = java.util.Arrays.copyOfRange(inner, 1480, inner.length);

        decode(concat(ipv4Header(20 + first.length, 77, 0x2000, 4, "192.0.2.1", "192.0.2.2"), first));
        decode(concat(ipv4Header(20 + rest.length, 77, 185, 4, "192.0.2.1", "192.0.2.2"), rest));

        assertEquals("10.0.0.1", recorder.only().source());
        assertEquals(1600, recorder.only().payload().length);
    }

    @Test
    void shouldDropTunnelsNestedDeeperThanBound()
    {
        byte[] packet = ipv4Udp("10.0.0.1", "10.0.0.2", SIP);
        for (int i = 0; i <= IpDecoder.MAX_TUNNEL_DEPTH; i++)
        {
            packet = concat(ipv4Header(20 + packet.length, 1, 0, 4, "192.0.2.1", "192.0.2.2"), packet);
        }

        decode(packet);

        assertEquals(0, recorder.count());
        assertEquals(1, counters.value(SensorCounter.DROP_TUNNEL_TOO_DEEP));
    }

    @Test
    void shouldDecodeTunnelsUpToBound()
    {
        byte[] packet = ipv4Udp("10.0.0.1", "10.0.0.2", SIP);
        for (int i = 0; i < IpDecoder.MAX_TUNNEL_DEPTH; i++)
        {
            packet = concat(ipv4Header(20 + packet.length, 1, 0, 4, "192.0.2.1", "192.0.2.2"), packet);
        }

        decode(packet);

        assertEquals(1, recorder.count());
        assertEquals(IpDecoder.MAX_TUNNEL_DEPTH, counters.value(SensorCounter.IP_IN_IP));
    }

    private void decode(final byte[] packet)
    {
        decoder.onPacket(LinkType.RAW, buffer(packet), 0, packet.length, packet.length, 0);
    }
}
