package io.sipsensor.net;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Bytes for tests, written as hex the way the specifications draw them.
 */
final class TestFrames
{
    private TestFrames()
    {
    }

    /**
     * @param hex pairs of hex digits; spaces, newlines and '|' separators are ignored.
     */
    static byte[] hex(final String hex)
    {
        final String digits = hex.replaceAll("[\\s|]", "");
        if (digits.length() % 2 != 0)
        {
            throw new IllegalArgumentException("odd number of hex digits: " + digits.length());
        }
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static UnsafeBuffer buffer(final byte[] bytes)
    {
        return new UnsafeBuffer(bytes);
    }

    /**
     * A 20-byte IPv4 header (no options, checksum left 0: the decoder must not care).
     */
    static byte[] ipv4Header(final int totalLength, final int id, final int flagsAndOffset, final int protocol,
        final String source, final String destination)
    {
        return concat(
            hex("45 00"), u16(totalLength), u16(id), u16(flagsAndOffset), hex("40"), new byte[]{(byte)protocol},
            hex("00 00"), ipv4(source), ipv4(destination));
    }

    /**
     * A 40-byte IPv6 header.
     */
    static byte[] ipv6Header(final int payloadLength, final int nextHeader, final String source,
        final String destination)
    {
        return concat(hex("60 00 00 00"), u16(payloadLength), new byte[]{(byte)nextHeader, 64},
            ipv6(source), ipv6(destination));
    }

    /**
     * An 8-byte UDP header with checksum 0 ("none", allowed for IPv4; the decoder does not verify it for IPv6).
     */
    static byte[] udpHeader(final int sourcePort, final int destinationPort, final int payloadLength)
    {
        return concat(u16(sourcePort), u16(destinationPort), u16(8 + payloadLength), hex("00 00"));
    }

    static byte[] udp(final int sourcePort, final int destinationPort, final byte[] payload)
    {
        return concat(udpHeader(sourcePort, destinationPort, payload.length), payload);
    }

    static byte[] ipv4Udp(final String source, final String destination, final byte[] payload)
    {
        final byte[] udp = udp(5060, 5060, payload);
        return concat(ipv4Header(20 + udp.length, 1, 0, 17, source, destination), udp);
    }

    static byte[] ipv6Udp(final String source, final String destination, final byte[] payload)
    {
        final byte[] udp = udp(5060, 5060, payload);
        return concat(ipv6Header(udp.length, 17, source, destination), udp);
    }

    static byte[] ethernet(final int etherType)
    {
        return concat(hex("02 00 00 00 00 02  02 00 00 00 00 01"), u16(etherType));
    }

    static byte[] u16(final int value)
    {
        return new byte[]{(byte)(value >>> 8), (byte)value};
    }

    static byte[] u32(final int value)
    {
        return new byte[]{(byte)(value >>> 24), (byte)(value >>> 16), (byte)(value >>> 8), (byte)value};
    }

    static byte[] ipv4(final String dotted)
    {
        final String[] parts = dotted.split("\\.");
        final byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            bytes[i] = (byte)Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    static byte[] ipv6(final String literal)
    {
        return java.net.InetAddress.ofLiteral(literal).getAddress();
    }
}
