package io.sipsensor.net;

import io.sipsensor.status.Counters;
import io.sipsensor.capture.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.Arrays;

import static io.sipsensor.net.TestFrames.ascii;
import static io.sipsensor.net.TestFrames.buffer;
import static io.sipsensor.net.TestFrames.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameWriterTest
{
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[16384]);
    private final int[] lengths = new int[64];

    @Test
    void shouldWriteVlanTaggedIpv4UdpFrameByteForByte()
    {
        // Checksums worked out by hand (RFC 1071 over the IPv4 header, and over pseudo-header + UDP).
        final byte[] expected = hex(
            "02 00 00 00 00 02 | 02 00 00 00 00 01 | 81 00 01 2c | 08 00" +
            "45 00 00 21 | 00 01 00 00 | 40 11 66 c9 | 0a 00 00 01 | 0a 00 00 02" +
            "13 c4 13 c4 | 00 0d 80 77 | 68 65 6c 6c 6f");
        final FrameWriter writer = new FrameWriter().vlan(300).addresses("10.0.0.1", "10.0.0.2").identification(1);

        final int length = writer.udp(out, 0, 5060, 5060, buffer(ascii("hello")), 0, 5);

        assertArrayEquals(expected, bytes(0, length));
        assertEquals(LinkType.ETHERNET, writer.linkType());
    }

    @Test
    void shouldWriteRawIpv6UdpWithPseudoHeaderChecksum()
    {
        final byte[] expected = hex(
            "60 00 00 00 | 00 0d 11 40 | 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01" +
            "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02" +
            "13 c4 13 c4 | 00 0d 39 05 | 68 65 6c 6c 6f");
        final FrameWriter writer = new FrameWriter().rawIp().addresses("2001:db8::1", "2001:db8::2");

        final int length = writer.udp(out, 0, 5060, 5060, buffer(ascii("hello")), 0, 5);

        assertArrayEquals(expected, bytes(0, length));
        assertEquals(LinkType.RAW, writer.linkType());
    }

    @Test
    void shouldWriteSameBytesForSameCalls()
    {
        final byte[] payload = new byte[3000];
        Arrays.fill(payload, (byte)'x');
        final int count1 = new FrameWriter().udpFragments(out, 0, 1500, 1, 2, buffer(payload), 0, 3000, lengths);
        final byte[] first = bytes(0, total(count1));
        final int count2 = new FrameWriter().udpFragments(out, 0, 1500, 1, 2, buffer(payload), 0, 3000, lengths);

        assertArrayEquals(first, bytes(0, total(count2)));
    }

    @Test
    void shouldFragmentIpv4AtMtuWithOffsetsInEightByteUnits()
    {
        final byte[] payload = new byte[3200];
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = (byte)i;
        }
        final FrameWriter writer = new FrameWriter().rawIp().identification(0x1234);

        final int count = writer.udpFragments(out, 0, 1500, 5060, 5060, buffer(payload), 0, payload.length, lengths);

        // 3208 bytes of UDP: 1480 + 1480 + 248, each in a 20-byte IPv4 header.
        assertEquals(3, count);
        assertEquals(1500, lengths[0]);
        assertEquals(1500, lengths[1]);
        assertEquals(268, lengths[2]);
        int position = 0;
        final int[] expectedFlagsAndOffsets = {0x2000, 0x2000 | 185, 370};
        for (int i = 0; i < count; i++)
        {
            assertEquals(lengths[i], out.getShort(position + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF, "total length");
            assertEquals(0x1234, out.getShort(position + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF, "identification");
            assertEquals(expectedFlagsAndOffsets[i], out.getShort(position + 6, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            assertEquals(0, FrameWriter.checksum(out, position, 20, 0), "IPv4 header checksum verifies");
            position += lengths[i];
        }
    }

    @Test
    void shouldFragmentIpv6WithFragmentHeaders()
    {
        final byte[] payload = new byte[3000];
        final FrameWriter writer = new FrameWriter().rawIp().addresses("2001:db8::1", "2001:db8::2")
            .identification(7);

        final int count = writer.udpFragments(out, 0, 1280, 5060, 5060, buffer(payload), 0, payload.length, lengths);

        // 3008 bytes of UDP, 1232 per fragment (1280 - 40 - 8): 1232 + 1232 + 544.
        assertEquals(3, count);
        assertEquals(1280, lengths[0]);
        assertEquals(40 + 8 + 544, lengths[2]);
        int position = 0;
        for (int i = 0; i < count; i++)
        {
            assertEquals(44, out.getByte(position + 6), "next header is Fragment");
            assertEquals(17, out.getByte(position + 40), "fragment's next header is UDP");
            final int offsetAndFlags = out.getShort(position + 42, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            assertEquals(i * 1232, offsetAndFlags & 0xFFF8);
            assertEquals(i < 2 ? 1 : 0, offsetAndFlags & 1);
            assertEquals(7, out.getInt(position + 44, ByteOrder.BIG_ENDIAN));
            position += lengths[i];
        }
    }

    @Test
    void shouldWriteUdpChecksumThatVerifiesOverReassembledDatagram()
    {
        final byte[] payload = ascii("INVITE sip:bob@example.com SIP/2.0\r\n".repeat(100));
        final FrameWriter writer = new FrameWriter().rawIp().addresses("192.0.2.1", "192.0.2.2");
        final int count = writer.udpFragments(out, 0, 576, 5060, 5060, buffer(payload), 0, payload.length, lengths);
        assertTrue(count > 1);

        // Reassemble by decoding, then check the UDP checksum independently of the writer's arithmetic.
        final DatagramRecorder recorder = new DatagramRecorder();
        final PacketDecoder decoder = new PacketDecoder(recorder, new Counters());
        int position = 0;
        for (int i = 0; i < count; i++)
        {
            decoder.onPacket(LinkType.RAW, out, position, lengths[i], lengths[i], i);
            position += lengths[i];
        }
        assertArrayEquals(payload, recorder.only().payload());
        final UnsafeBuffer first = new UnsafeBuffer(bytes(20, 8));
        final int udpLength = 8 + payload.length;
        long sum = 0xC000 + 0x0201 + 0xC000 + 0x0202 + 17 + udpLength;
        sum += first.getShort(0, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        sum += first.getShort(2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        sum += first.getShort(4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        sum += first.getShort(6, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        for (int i = 0; i + 1 < payload.length; i += 2)
        {
            sum += ((payload[i] & 0xFF) << 8) | (payload[i + 1] & 0xFF);
        }
        if (payload.length % 2 == 1)
        {
            sum += (payload[payload.length - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        assertEquals(0xFFFF, sum, "one's complement sum including the checksum is all ones");
    }

    private int total(final int count)
    {
        int sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += lengths[i];
        }
        return sum;
    }

    private byte[] bytes(final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        out.getBytes(offset, bytes);
        return bytes;
    }
}
