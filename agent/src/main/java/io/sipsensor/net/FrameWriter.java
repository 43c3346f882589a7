package io.sipsensor.net;

import io.sipsensor.capture.LinkType;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetAddress;
import java.nio.ByteOrder;

/**
 * Builds frames byte by byte into a caller's buffer: Ethernet II (optionally with a stack of VLAN tags) or raw IP,
 * IPv4 or IPv6, UDP and TCP with correct checksums, and IPv4 / IPv6 fragmentation of a large datagram at a given
 * MTU. For tests and the traffic generator. Deterministic: the same settings and calls give the same bytes. The IP
 * identification starts at {@link #identification(int)} and goes up by one per datagram written.
 * <p>
 * Configure with the fluent setters, then call {@link #udp}, {@link #tcp}, {@link #udpFragments} or {@link #ipPacket}.
 * Not thread-safe; allocates its scratch buffer once.
 */
public final class FrameWriter
{
    private static final int IPV4_HEADER_LENGTH = 20;
    private static final int IPV6_HEADER_LENGTH = 40;
    private static final int IPV6_FRAGMENT_HEADER_LENGTH = 8;
    private static final int UDP_HEADER_LENGTH = 8;
    private static final int TCP_HEADER_LENGTH = 20;

    /** TCP flag bits for {@link #tcp}. */
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    /** SCTP DATA chunk flag: the first fragment of a message. */
    public static final int SCTP_BEGIN = 0x02;
    /** SCTP DATA chunk flag: the last fragment of a message. */
    public static final int SCTP_END = 0x01;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;

    private boolean ethernet = true;
    private long destinationMac = 0x02_00_00_00_00_02L;
    private long sourceMac = 0x02_00_00_00_00_01L;
    private final int[] vlanTpids = new int[PacketDecoder.MAX_VLAN_TAGS + 1];
    private final int[] vlanIds = new int[PacketDecoder.MAX_VLAN_TAGS + 1];
    private int vlanCount;
    private int pppoeSession = -1;

    private int ipVersion = 4;
    private final byte[] sourceAddress = {10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private final byte[] destinationAddress = {10, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private int ttl = 64;
    private int identification = 1;

    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[ReassemblySettings.MAX_DATAGRAM_BYTES]);

    /**
     * Ethernet II framing (the default).
     *
     * @param destinationMac low 48 bits.
     * @param sourceMac      low 48 bits.
     * @return this.
     */
    public FrameWriter ethernet(final long destinationMac, final long sourceMac)
    {
        this.ethernet = true;
        this.destinationMac = destinationMac;
        this.sourceMac = sourceMac;
        return this;
    }

    /**
     * No link header: frames are bare IP packets ({@link LinkType#RAW}).
     *
     * @return this.
     */
    public FrameWriter rawIp()
    {
        this.ethernet = false;
        return this;
    }

    /**
     * Adds an 802.1Q tag inside those added before (the first added is the outermost).
     *
     * @param vlanId 0..4095.
     * @return this.
     */
    public FrameWriter vlan(final int vlanId)
    {
        return vlan(PacketDecoder.ETHERTYPE_VLAN, vlanId);
    }

    /**
     * Adds a VLAN tag with the given TPID (0x8100, 0x88A8, 0x9100) inside those added before.
     *
     * @param tpid   tag protocol identifier.
     * @param vlanId 0..4095.
     * @return this.
     */
    public FrameWriter vlan(final int tpid, final int vlanId)
    {
        if (vlanCount == vlanIds.length)
        {
            throw new IllegalStateException("too many VLAN tags");
        }
        vlanTpids[vlanCount] = tpid;
        vlanIds[vlanCount] = vlanId & 0x0FFF;
        vlanCount++;
        return this;
    }

    /**
     * Carries the IP packets in a PPPoE session (RFC 2516, EtherType 0x8864) inside the VLAN tags, with the PPP
     * protocol for IPv4 or IPv6.
     *
     * @param sessionId 0..65535, or -1 for plain IP again.
     * @return this.
     */
    public FrameWriter pppoe(final int sessionId)
    {
        this.pppoeSession = sessionId;
        return this;
    }

    /**
     * Removes every VLAN tag added so far.
     *
     * @return this.
     */
    public FrameWriter noVlans()
    {
        vlanCount = 0;
        return this;
    }

    /**
     * @param source      IPv4 or IPv6 literal.
     * @param destination literal of the same version.
     * @return this.
     */
    public FrameWriter addresses(final String source, final String destination)
    {
        final byte[] from = InetAddress.ofLiteral(source).getAddress();
        final byte[] to = InetAddress.ofLiteral(destination).getAddress();
        if (from.length != to.length)
        {
            throw new IllegalArgumentException("mixed IP versions: " + source + ", " + destination);
        }
        ipVersion = from.length == 4 ? 4 : 6;
        System.arraycopy(from, 0, sourceAddress, 0, from.length);
        System.arraycopy(to, 0, destinationAddress, 0, to.length);
        return this;
    }

    /**
     * @param identification IP identification (IPv4 header, IPv6 fragment header) of the next datagram.
     * @return this.
     */
    public FrameWriter identification(final int identification)
    {
        this.identification = identification;
        return this;
    }

    /**
     * @param ttl IPv4 time to live, IPv6 hop limit.
     * @return this.
     */
    public FrameWriter ttl(final int ttl)
    {
        this.ttl = ttl;
        return this;
    }

    /**
     * @return LINKTYPE_ of the frames written: Ethernet, or raw IP.
     */
    public int linkType()
    {
        return ethernet ? LinkType.ETHERNET : LinkType.RAW;
    }

    /**
     * Writes one unfragmented UDP frame.
     *
     * @return length of the frame, bytes.
     */
    public int udp(
        final MutableDirectBuffer out,
        final int offset,
        final int sourcePort,
        final int destinationPort,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        final int udpLength = writeUdp(sourcePort, destinationPort, payload, payloadOffset, payloadLength);
        return ipPacket(out, offset, IpProtocol.UDP, scratch, 0, udpLength);
    }

    /**
     * Writes one unfragmented TCP segment (20-byte header, no options, window 65535, correct checksum).
     *
     * @param sequence        sequence number of the first payload byte (or of the SYN).
     * @param acknowledgement acknowledgement number (sent whatever the ACK flag).
     * @param flags           TCP flags, e.g. {@link #TCP_SYN} | {@link #TCP_ACK}.
     * @return length of the frame, bytes.
     */
    public int tcp(
        final MutableDirectBuffer out,
        final int offset,
        final int sourcePort,
        final int destinationPort,
        final int sequence,
        final int acknowledgement,
        final int flags,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        final int tcpLength = TCP_HEADER_LENGTH + payloadLength;
        if (tcpLength > scratch.capacity())
        {
            throw new IllegalArgumentException("TCP payload too large: " + payloadLength);
        }
        scratch.putShort(0, (short)sourcePort, ByteOrder.BIG_ENDIAN);
        scratch.putShort(2, (short)destinationPort, ByteOrder.BIG_ENDIAN);
        scratch.putInt(4, sequence, ByteOrder.BIG_ENDIAN);
        scratch.putInt(8, acknowledgement, ByteOrder.BIG_ENDIAN);
        scratch.putByte(12, (byte)((TCP_HEADER_LENGTH / 4) << 4));
        scratch.putByte(13, (byte)flags);
        scratch.putShort(14, (short)0xFFFF, ByteOrder.BIG_ENDIAN);
        scratch.putShort(16, (short)0, ByteOrder.BIG_ENDIAN);
        scratch.putShort(18, (short)0, ByteOrder.BIG_ENDIAN);
        if (payloadLength > 0)
        {
            scratch.putBytes(TCP_HEADER_LENGTH, payload, payloadOffset, payloadLength);
        }
        final int addressBytes = ipVersion == 4 ? 4 : 16;
        final long pseudo = sumWords(sourceAddress, addressBytes) + sumWords(destinationAddress, addressBytes) +
            IpProtocol.TCP + tcpLength;
        scratch.putShort(16, (short)checksum(scratch, 0, tcpLength, pseudo), ByteOrder.BIG_ENDIAN);
        return ipPacket(out, offset, IpProtocol.TCP, scratch, 0, tcpLength);
    }

    /**
     * Writes one SCTP packet (RFC 9260) holding one DATA chunk, with its CRC-32C: a whole SIP message when
     * {@code flags} is {@link #SCTP_BEGIN} | {@link #SCTP_END}, else one fragment of one.
     *
     * @param tsn      transmission sequence number of the chunk (fragments of a message take consecutive ones).
     * @param streamId SCTP stream the message is sent on.
     * @param flags    {@link #SCTP_BEGIN}, {@link #SCTP_END}, both, or neither (a middle fragment).
     * @return length of the frame, bytes.
     */
    public int sctpData(
        final MutableDirectBuffer out,
        final int offset,
        final int sourcePort,
        final int destinationPort,
        final int tsn,
        final int streamId,
        final int flags,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        final int chunkLength = 16 + payloadLength;
        final int sctpLength = 12 + ((chunkLength + 3) & ~3);
        if (sctpLength > scratch.capacity())
        {
            throw new IllegalArgumentException("SCTP payload too large: " + payloadLength);
        }
        scratch.setMemory(0, sctpLength, (byte)0);
        scratch.putShort(0, (short)sourcePort, ByteOrder.BIG_ENDIAN);
        scratch.putShort(2, (short)destinationPort, ByteOrder.BIG_ENDIAN);
        scratch.putInt(4, 0x5157_0001, ByteOrder.BIG_ENDIAN); // verification tag
        scratch.putByte(12, (byte)0); // DATA
        scratch.putByte(13, (byte)flags);
        scratch.putShort(14, (short)chunkLength, ByteOrder.BIG_ENDIAN);
        scratch.putInt(16, tsn, ByteOrder.BIG_ENDIAN);
        scratch.putShort(20, (short)streamId, ByteOrder.BIG_ENDIAN);
        scratch.putShort(22, (short)0, ByteOrder.BIG_ENDIAN);
        scratch.putInt(24, 0, ByteOrder.BIG_ENDIAN); // payload protocol id: none registered for SIP
        scratch.putBytes(28, payload, payloadOffset, payloadLength);
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(scratch.byteArray(), 0, sctpLength);
        scratch.putInt(8, (int)crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        return ipPacket(out, offset, IpProtocol.SCTP, scratch, 0, sctpLength);
    }

    /**
     * Writes one unfragmented IP packet carrying the given transport bytes as they are.
     *
     * @param protocol IP protocol (IPv6 next header) of the bytes.
     * @return length of the frame, bytes.
     */
    public int ipPacket(
        final MutableDirectBuffer out,
        final int offset,
        final int protocol,
        final DirectBuffer transport,
        final int transportOffset,
        final int transportLength)
    {
        int position = offset + writeLinkHeader(out, offset,
            (ipVersion == 4 ? IPV4_HEADER_LENGTH : IPV6_HEADER_LENGTH) + transportLength);
        if (ipVersion == 4)
        {
            writeIpv4Header(out, position, protocol, IPV4_HEADER_LENGTH + transportLength, identification++, 0);
            position += IPV4_HEADER_LENGTH;
        }
        else
        {
            writeIpv6Header(out, position, protocol, transportLength);
            position += IPV6_HEADER_LENGTH;
        }
        out.putBytes(position, transport, transportOffset, transportLength);
        return position + transportLength - offset;
    }

    /**
     * Writes a UDP datagram as IP fragments that each fit the MTU, back to back from {@code offset}; a datagram
     * that fits is written as one unfragmented frame. Fragment data is a multiple of 8 bytes except in the last.
     *
     * @param mtu          largest IP packet, bytes (at least 68 for IPv4, 1280 for IPv6 in practice).
     * @param frameLengths receives the length of each frame written.
     * @return number of frames written.
     */
    public int udpFragments(
        final MutableDirectBuffer out,
        final int offset,
        final int mtu,
        final int sourcePort,
        final int destinationPort,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final int[] frameLengths)
    {
        final int udpLength = writeUdp(sourcePort, destinationPort, payload, payloadOffset, payloadLength);
        final int ipHeaderLength = ipVersion == 4 ? IPV4_HEADER_LENGTH : IPV6_HEADER_LENGTH;
        if (ipHeaderLength + udpLength <= mtu)
        {
            frameLengths[0] = ipPacket(out, offset, IpProtocol.UDP, scratch, 0, udpLength);
            return 1;
        }

        final int perFragment = (ipVersion == 4 ? mtu - IPV4_HEADER_LENGTH :
            mtu - IPV6_HEADER_LENGTH - IPV6_FRAGMENT_HEADER_LENGTH) & ~7;
        if (perFragment <= 0)
        {
            throw new IllegalArgumentException("MTU too small: " + mtu);
        }
        final int id = identification++;
        int frames = 0;
        int position = offset;
        for (int dataOffset = 0; dataOffset < udpLength; dataOffset += perFragment)
        {
            final int length = Math.min(perFragment, udpLength - dataOffset);
            final boolean more = dataOffset + length < udpLength;
            final int frameStart = position;
            position += writeLinkHeader(out, position, ipHeaderLength +
                (ipVersion == 4 ? 0 : IPV6_FRAGMENT_HEADER_LENGTH) + length);
            if (ipVersion == 4)
            {
                writeIpv4Header(out, position, IpProtocol.UDP, IPV4_HEADER_LENGTH + length, id,
                    (more ? 0x2000 : 0) | (dataOffset >>> 3));
                position += IPV4_HEADER_LENGTH;
            }
            else
            {
                writeIpv6Header(out, position, IpProtocol.FRAGMENT, IPV6_FRAGMENT_HEADER_LENGTH + length);
                position += IPV6_HEADER_LENGTH;
                out.putByte(position, (byte)IpProtocol.UDP);
                out.putByte(position + 1, (byte)0);
                out.putShort(position + 2, (short)(dataOffset | (more ? 1 : 0)), ByteOrder.BIG_ENDIAN);
                out.putInt(position + 4, id, ByteOrder.BIG_ENDIAN);
                position += IPV6_FRAGMENT_HEADER_LENGTH;
            }
            out.putBytes(position, scratch, dataOffset, length);
            position += length;
            frameLengths[frames++] = position - frameStart;
        }
        return frames;
    }

    /**
     * The Internet checksum (RFC 1071) of a range, continuing from a partial sum.
     *
     * @param partialSum sum of earlier 16-bit words (e.g. a pseudo-header), not yet folded or complemented.
     * @return the one's complement of the folded sum, 0..0xFFFF.
     */
    public static int checksum(final DirectBuffer buffer, final int offset, final int length, final long partialSum)
    {
        long sum = partialSum;
        int i = 0;
        for (; i + 1 < length; i += 2)
        {
            sum += buffer.getShort(offset + i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        if (i < length)
        {
            sum += (buffer.getByte(offset + i) & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)(~sum & 0xFFFF);
    }

    private int writeUdp(
        final int sourcePort, final int destinationPort, final DirectBuffer payload, final int payloadOffset,
        final int payloadLength)
    {
        final int udpLength = UDP_HEADER_LENGTH + payloadLength;
        if (udpLength > scratch.capacity())
        {
            throw new IllegalArgumentException("UDP payload too large: " + payloadLength);
        }
        scratch.putShort(0, (short)sourcePort, ByteOrder.BIG_ENDIAN);
        scratch.putShort(2, (short)destinationPort, ByteOrder.BIG_ENDIAN);
        scratch.putShort(4, (short)udpLength, ByteOrder.BIG_ENDIAN);
        scratch.putShort(6, (short)0, ByteOrder.BIG_ENDIAN);
        scratch.putBytes(UDP_HEADER_LENGTH, payload, payloadOffset, payloadLength);

        final int addressBytes = ipVersion == 4 ? 4 : 16;
        long pseudo = sumWords(sourceAddress, addressBytes) + sumWords(destinationAddress, addressBytes) +
            IpProtocol.UDP + udpLength;
        int checksum = checksum(scratch, 0, udpLength, pseudo);
        if (checksum == 0)
        {
            checksum = 0xFFFF; // 0 means "no checksum" in UDP
        }
        scratch.putShort(6, (short)checksum, ByteOrder.BIG_ENDIAN);
        return udpLength;
    }

    private int writeLinkHeader(final MutableDirectBuffer out, final int offset, final int ipLength)
    {
        if (!ethernet)
        {
            return 0;
        }
        putMac(out, offset, destinationMac);
        putMac(out, offset + 6, sourceMac);
        int position = offset + 12;
        for (int i = 0; i < vlanCount; i++)
        {
            out.putShort(position, (short)vlanTpids[i], ByteOrder.BIG_ENDIAN);
            out.putShort(position + 2, (short)vlanIds[i], ByteOrder.BIG_ENDIAN);
            position += 4;
        }
        if (pppoeSession >= 0)
        {
            out.putShort(position, (short)PacketDecoder.ETHERTYPE_PPPOE_SESSION, ByteOrder.BIG_ENDIAN);
            out.putByte(position + 2, (byte)PppDecoder.PPPOE_VERSION_TYPE);
            out.putByte(position + 3, (byte)0);
            out.putShort(position + 4, (short)pppoeSession, ByteOrder.BIG_ENDIAN);
            out.putShort(position + 6, (short)(ipLength + 2), ByteOrder.BIG_ENDIAN);
            out.putShort(position + 8, (short)(ipVersion == 4 ? PppDecoder.PROTOCOL_IPV4 : PppDecoder.PROTOCOL_IPV6),
                ByteOrder.BIG_ENDIAN);
            return position + 10 - offset;
        }
        out.putShort(position, (short)(ipVersion == 4 ? PacketDecoder.ETHERTYPE_IPV4 : PacketDecoder.ETHERTYPE_IPV6),
            ByteOrder.BIG_ENDIAN);
        return position + 2 - offset;
    }

    private void writeIpv4Header(
        final MutableDirectBuffer out,
        final int offset,
        final int protocol,
        final int totalLength,
        final int id,
        final int flagsAndFragmentOffset)
    {
        out.putByte(offset, (byte)0x45);
        out.putByte(offset + 1, (byte)0);
        out.putShort(offset + 2, (short)totalLength, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 4, (short)id, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 6, (short)flagsAndFragmentOffset, ByteOrder.BIG_ENDIAN);
        out.putByte(offset + 8, (byte)ttl);
        out.putByte(offset + 9, (byte)protocol);
        out.putShort(offset + 10, (short)0, ByteOrder.BIG_ENDIAN);
        out.putBytes(offset + 12, sourceAddress, 0, 4);
        out.putBytes(offset + 16, destinationAddress, 0, 4);
        out.putShort(offset + 10, (short)checksum(out, offset, IPV4_HEADER_LENGTH, 0), ByteOrder.BIG_ENDIAN);
    }

    private void writeIpv6Header(
        final MutableDirectBuffer out, final int offset, final int nextHeader, final int payloadLength)
    {
        out.putInt(offset, 0x6000_0000, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 4, (short)payloadLength, ByteOrder.BIG_ENDIAN);
        out.putByte(offset + 6, (byte)nextHeader);
        out.putByte(offset + 7, (byte)ttl);
        out.putBytes(offset + 8, sourceAddress, 0, 16);
        out.putBytes(offset + 24, destinationAddress, 0, 16);
    }

    private static void putMac(final MutableDirectBuffer out, final int offset, final long mac)
    {
        for (int i = 0; i < 6; i++)
        {
            out.putByte(offset + i, (byte)(mac >>> (40 - 8 * i)));
        }
    }

    private static long sumWords(final byte[] bytes, final int length)
    {
        long sum = 0;
        for (int i = 0; i < length; i += 2)
        {
            sum += ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
        }
        return sum;
    }
}
