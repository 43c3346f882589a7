package io.sipsensor.net;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Layer 3: IPv4 and IPv6 headers, IPv6 extension headers, fragment reassembly, and dispatch to the transport by
 * protocol number. Tunnels that carry an IP packet directly (IP-in-IP 4, IPv6 41) re-enter this decoder one level
 * deeper, so the datagram is delivered with the inner addresses; GRE (47) goes to the {@link TunnelDecoder}, whose
 * inner packets come back here one level deeper too; other tunnels are counted and dropped.
 * <p>
 * Lengths: every method takes {@code captured}, the bytes present from {@code offset}, and {@code wire}, the bytes
 * that were there on the wire (more when the snap length cut the frame). IPv4 checks version, header length and
 * total length against the frame; options are skipped; checksums are neither checked nor used (loopback captures
 * carry unfilled ones). Captures taken on the sending host (segmentation offload, TSO/GSO) carry lengths the NIC
 * fills in later: a total (or payload) length of 0 means "the rest of the frame", and a total length beyond a frame
 * that was captured whole is taken as the frame's when the UDP inside agrees with the frame (or has length 0); both
 * are counted in {@code ip_length_offload}. A frame the snap length cut short, or whose UDP length claims more too
 * (cut short on the wire), is still dropped ({@code drop_truncated_ip}).
 * <p>
 * Owned by the decoding thread; no allocation. {@link PacketInfo#timestampNs} must hold the frame's time.
 */
final class IpDecoder
{
    /** Tunnel nesting (IP-in-IP, GRE, VXLAN; ERSPAN counts with its GRE) allowed below the outermost header. */
    static final int MAX_TUNNEL_DEPTH = 4;
    /** IPv6 extension headers (and IPv4 AH headers) walked before the packet is dropped. */
    static final int MAX_EXTENSION_HEADERS = 8;

    private static final int IPV4_MIN_HEADER_LENGTH = 20;
    private static final int IPV6_HEADER_LENGTH = 40;
    private static final int IPV6_FRAGMENT_HEADER_LENGTH = 8;

    private final PacketInfo info;
    private final DecodeCounters counters;
    private final FragmentReassembler reassembler;
    private final TransportDecoder transport;
    private TunnelDecoder tunnels;

    IpDecoder(
        final PacketInfo info,
        final DecodeCounters counters,
        final FragmentReassembler reassembler,
        final TransportDecoder transport)
    {
        this.info = info;
        this.counters = counters;
        this.reassembler = reassembler;
        this.transport = transport;
    }

    /**
     * Wires the GRE decoder (made after this one: it leads back here).
     */
    void tunnels(final TunnelDecoder tunnels)
    {
        this.tunnels = tunnels;
    }

    /**
     * An IP packet whose version is told by its first nibble (raw IP link types).
     */
    void decodeAnyVersion(final DirectBuffer buffer, final int offset, final int captured, final int wire,
        final int depth)
    {
        if (captured < 1)
        {
            counters.dropTruncatedIp.incrementRelease();
            return;
        }
        switch ((buffer.getByte(offset) & 0xF0) >>> 4)
        {
            case 4 -> decodeIpv4(buffer, offset, captured, wire, depth);
            case 6 -> decodeIpv6(buffer, offset, captured, wire, depth);
            default -> counters.dropBadIpHeader.incrementRelease();
        }
    }

    void decodeIpv4(final DirectBuffer buffer, final int offset, final int captured, final int wire, final int depth)
    {
        if (captured < IPV4_MIN_HEADER_LENGTH)
        {
            counters.dropTruncatedIp.incrementRelease();
            return;
        }
        final int versionAndLength = buffer.getByte(offset) & 0xFF;
        final int headerLength = (versionAndLength & 0x0F) << 2;
        if ((versionAndLength >>> 4) != 4 || headerLength < IPV4_MIN_HEADER_LENGTH)
        {
            counters.dropBadIpHeader.incrementRelease();
            return;
        }
        if (captured < headerLength)
        {
            counters.dropTruncatedIp.incrementRelease();
            return;
        }
        int totalLength = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (totalLength == 0)
        {
            totalLength = Math.min(wire, 0xFFFF);
            counters.ipLengthOffload.incrementRelease();
        }
        if (totalLength < headerLength)
        {
            counters.dropBadIpHeader.incrementRelease();
            return;
        }
        if (totalLength > wire)
        {
            if (captured < wire || !isOffloadedUdp(buffer, offset + 9, offset + headerLength, wire - headerLength))
            {
                counters.dropTruncatedIp.incrementRelease();
                return;
            }
            // The whole frame is here, shorter than its IP header says but as long as its UDP header says (or UDP
            // length 0): an offload artefact of a capture on the sending host, not loss.
            totalLength = wire;
            counters.ipLengthOffload.incrementRelease();
        }

        counters.ipv4.incrementRelease();
        info.ipVersion = 4;
        buffer.getBytes(offset + 12, info.sourceAddress, 0, 4);
        buffer.getBytes(offset + 16, info.destinationAddress, 0, 4);
        final int protocol = buffer.getByte(offset + 9) & 0xFF;
        final int payloadCaptured = Math.min(totalLength, captured) - headerLength;
        final int payloadOnWire = totalLength - headerLength;

        final int flagsAndOffset = buffer.getShort(offset + 6, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if ((flagsAndOffset & 0x3FFF) == 0)
        {
            dispatch(protocol, buffer, offset + headerLength, payloadCaptured, payloadOnWire, depth);
            return;
        }

        if (payloadCaptured < payloadOnWire)
        {
            counters.fragments.incrementRelease();
            counters.fragmentsDroppedTruncated.incrementRelease();
            return;
        }
        reassembler.keyIpv4(
            buffer.getInt(offset + 12, ByteOrder.BIG_ENDIAN),
            buffer.getInt(offset + 16, ByteOrder.BIG_ENDIAN),
            buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF,
            protocol);
        final int result = reassembler.offer(
            (flagsAndOffset & 0x1FFF) << 3,
            (flagsAndOffset & 0x2000) != 0,
            buffer,
            offset + headerLength,
            payloadOnWire,
            info.timestampNs);
        if (result == FragmentReassembler.COMPLETE)
        {
            // Safe to dispatch from the reassembler's buffer: nothing reads it after a nested completion.
            final int length = reassembler.datagramLength();
            dispatch(reassembler.datagramProtocol(), reassembler.datagram(), 0, length, length, depth);
        }
    }

    void decodeIpv6(final DirectBuffer buffer, final int offset, final int captured, final int wire, final int depth)
    {
        if (captured < IPV6_HEADER_LENGTH)
        {
            counters.dropTruncatedIp.incrementRelease();
            return;
        }
        if ((buffer.getByte(offset) & 0xF0) != 0x60)
        {
            counters.dropBadIpHeader.incrementRelease();
            return;
        }
        int payloadLength = buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (payloadLength == 0)
        {
            payloadLength = wire - IPV6_HEADER_LENGTH;
            counters.ipLengthOffload.incrementRelease();
        }
        if (IPV6_HEADER_LENGTH + payloadLength > wire)
        {
            if (captured < wire ||
                !isOffloadedUdp(buffer, offset + 6, offset + IPV6_HEADER_LENGTH, wire - IPV6_HEADER_LENGTH))
            {
                counters.dropTruncatedIp.incrementRelease();
                return;
            }
            payloadLength = wire - IPV6_HEADER_LENGTH;
            counters.ipLengthOffload.incrementRelease();
        }

        counters.ipv6.incrementRelease();
        info.ipVersion = 6;
        buffer.getBytes(offset + 8, info.sourceAddress, 0, 16);
        buffer.getBytes(offset + 24, info.destinationAddress, 0, 16);
        final int payloadCaptured = Math.min(IPV6_HEADER_LENGTH + payloadLength, captured) - IPV6_HEADER_LENGTH;
        walkIpv6(buffer.getByte(offset + 6) & 0xFF, buffer, offset + IPV6_HEADER_LENGTH, payloadCaptured,
            payloadLength, 0, depth);
    }

    /**
     * Follows the IPv6 next-header chain from {@code offset} (which holds a header of type {@code nextHeader}).
     */
    private void walkIpv6(
        final int firstHeader,
        final DirectBuffer buffer,
        final int offset,
        final int captured,
        final int wire,
        final int headersSoFar,
        final int depth)
    {
        final int capturedEnd = offset + captured;
        final int end = offset + wire;
        int nextHeader = firstHeader;
        int position = offset;
        int headers = headersSoFar;
        while (true)
        {
            switch (nextHeader)
            {
                case IpProtocol.HOP_BY_HOP, IpProtocol.ROUTING, IpProtocol.DESTINATION_OPTIONS,
                     IpProtocol.AUTHENTICATION, IpProtocol.MOBILITY, IpProtocol.HIP, IpProtocol.SHIM6 ->
                {
                    if (++headers > MAX_EXTENSION_HEADERS)
                    {
                        counters.dropTooManyExtensionHeaders.incrementRelease();
                        return;
                    }
                    if (position + 8 > capturedEnd)
                    {
                        counters.dropTruncatedIp.incrementRelease();
                        return;
                    }
                    final int lengthField = buffer.getByte(position + 1) & 0xFF;
                    final int length = nextHeader == IpProtocol.AUTHENTICATION ?
                        (lengthField + 2) << 2 : (lengthField + 1) << 3;
                    nextHeader = buffer.getByte(position) & 0xFF;
                    position += length;
                    if (position > end)
                    {
                        counters.dropBadIpHeader.incrementRelease();
                        return;
                    }
                }
                case IpProtocol.FRAGMENT ->
                {
                    if (++headers > MAX_EXTENSION_HEADERS)
                    {
                        counters.dropTooManyExtensionHeaders.incrementRelease();
                        return;
                    }
                    if (position + IPV6_FRAGMENT_HEADER_LENGTH > capturedEnd)
                    {
                        counters.dropTruncatedIp.incrementRelease();
                        return;
                    }
                    final int fragmentNextHeader = buffer.getByte(position) & 0xFF;
                    final int offsetAndFlags = buffer.getShort(position + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                    final int identification = buffer.getInt(position + 4, ByteOrder.BIG_ENDIAN);
                    final int dataOffset = position + IPV6_FRAGMENT_HEADER_LENGTH;
                    if ((offsetAndFlags & 0xFFF9) == 0)
                    {
                        // Atomic fragment (RFC 6946): offset 0 and no more fragments; just step over it.
                        nextHeader = fragmentNextHeader;
                        position = dataOffset;
                        continue;
                    }
                    fragment(fragmentNextHeader, offsetAndFlags, identification, buffer, dataOffset,
                        capturedEnd - dataOffset, end - dataOffset, headers, depth);
                    return;
                }
                default ->
                {
                    if (position > capturedEnd)
                    {
                        counters.dropTruncatedIp.incrementRelease();
                        return;
                    }
                    dispatch(nextHeader, buffer, position, capturedEnd - position, end - position, depth);
                    return;
                }
            }
        }
    }

    private void fragment(
        final int nextHeader,
        final int offsetAndFlags,
        final int identification,
        final DirectBuffer buffer,
        final int offset,
        final int captured,
        final int wire,
        final int headers,
        final int depth)
    {
        if (captured < wire)
        {
            counters.fragments.incrementRelease();
            counters.fragmentsDroppedTruncated.incrementRelease();
            return;
        }
        reassembler.keyIpv6(info.sourceAddress, info.destinationAddress, identification, nextHeader);
        final int result = reassembler.offer(
            offsetAndFlags & 0xFFF8, (offsetAndFlags & 1) != 0, buffer, offset, wire, info.timestampNs);
        if (result == FragmentReassembler.COMPLETE)
        {
            final int length = reassembler.datagramLength();
            walkIpv6(nextHeader, reassembler.datagram(), 0, length, length, headers, depth);
        }
    }

    /**
     * An IP header claims more than a frame captured whole holds: an offload artefact when it carries UDP whose own
     * length is 0 or fits the frame exactly; a frame cut short on the wire has a UDP length that claims more too.
     *
     * @param protocolOffset where the protocol (next header) byte is.
     * @param udpOffset      where the UDP header would begin.
     * @param remaining      bytes of the frame from {@code udpOffset}.
     */
    private static boolean isOffloadedUdp(
        final DirectBuffer buffer, final int protocolOffset, final int udpOffset, final int remaining)
    {
        if ((buffer.getByte(protocolOffset) & 0xFF) != IpProtocol.UDP || remaining < TransportDecoder.UDP_HEADER_LENGTH)
        {
            return false;
        }
        final int udpLength = buffer.getShort(udpOffset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        return udpLength == 0 || udpLength == remaining;
    }

    /**
     * Hands the payload of an IP header to what its protocol number names.
     */
    private void dispatch(
        final int firstProtocol,
        final DirectBuffer buffer,
        final int firstOffset,
        final int firstCaptured,
        final int firstWire,
        final int depth)
    {
        int protocol = firstProtocol;
        int offset = firstOffset;
        int captured = firstCaptured;
        int wire = firstWire;
        int authenticationHeaders = 0;
        while (protocol == IpProtocol.AUTHENTICATION)
        {
            // AH after an IPv4 header (IPv6 walks it with the other extension headers): authenticated, not
            // encrypted, so the payload after it is readable.
            if (++authenticationHeaders > MAX_EXTENSION_HEADERS)
            {
                counters.dropTooManyExtensionHeaders.incrementRelease();
                return;
            }
            if (captured < 8)
            {
                counters.dropTruncatedIp.incrementRelease();
                return;
            }
            final int length = ((buffer.getByte(offset + 1) & 0xFF) + 2) << 2;
            if (length > wire)
            {
                counters.dropBadIpHeader.incrementRelease();
                return;
            }
            protocol = buffer.getByte(offset) & 0xFF;
            offset += length;
            captured = Math.max(0, captured - length);
            wire -= length;
        }

        switch (protocol)
        {
            case IpProtocol.UDP -> transport.udp(buffer, offset, captured, wire, depth);
            case IpProtocol.TCP -> transport.tcp(buffer, offset, captured, wire);
            case IpProtocol.SCTP -> transport.sctp(buffer, offset, captured, wire);
            case IpProtocol.IPV4_IN_IP, IpProtocol.IPV6_IN_IP ->
            {
                if (depth >= MAX_TUNNEL_DEPTH)
                {
                    counters.dropTunnelTooDeep.incrementRelease();
                    return;
                }
                counters.ipInIp.incrementRelease();
                if (protocol == IpProtocol.IPV4_IN_IP)
                {
                    decodeIpv4(buffer, offset, captured, wire, depth + 1);
                }
                else
                {
                    decodeIpv6(buffer, offset, captured, wire, depth + 1);
                }
            }
            case IpProtocol.GRE -> tunnels.gre(buffer, offset, captured, wire, depth);
            case IpProtocol.ETHERIP, IpProtocol.L2TP, IpProtocol.MPLS_IN_IP ->
                counters.dropTunnelNotDecoded.incrementRelease();
            case IpProtocol.ESP -> counters.dropEsp.incrementRelease();
            case IpProtocol.NO_NEXT_HEADER -> counters.dropNoNextHeader.incrementRelease();
            default -> counters.dropOtherIpProtocol.incrementRelease();
        }
    }
}
