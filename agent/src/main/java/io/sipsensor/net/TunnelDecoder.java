package io.sipsensor.net;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Mirror and tunnel encapsulations whose inner packet re-enters the decoder one tunnel level deeper: GRE (RFC 2784
 * with the key and sequence number of RFC 2890; enhanced GRE version 1 of RFC 2637 carrying PPP, see
 * {@link PppDecoder}), Cisco ERSPAN types I, II and III (draft-foschiano-erspan) over GRE,
 * and VXLAN (RFC 7348) over UDP.
 * <pre>
 *   GRE                                     ERSPAN type II (after GRE with S set, protocol 0x88BE)
 *   |C|R|K|S|s|Recur|Flags|Ver| Protocol |  | Ver=1 |  VLAN (12) | COS |En|T| Session ID (10) |
 *   | Checksum (if C) | Reserved1 (if C)   |  | Reserved (12)      |     Index (20)              |
 *   | Key (if K)                           |
 *   | Sequence number (if S)               |  ERSPAN type III (protocol 0x22EB)
 *                                           |  | Ver=2 |  VLAN (12) | COS |BSO|T| Session ID (10) |
 *   VXLAN (UDP destination port, 4789)      |  | Timestamp (32)                                   |
 *   |R|R|R|R|I|R|R|R| Reserved (24)     |   |  | SGT (16)  |P| FT (5) | Hw ID (6) |D|Gra|O|        |
 *   | VNI (24)            | Reserved (8)|   |  | Platform-specific sub-header (8 bytes, if O)     |
 * </pre>
 * GRE protocol types: IPv4 and IPv6 go to the IP decoder; transparent Ethernet bridging (0x6558) carries an Ethernet
 * frame; 0x88BE without a sequence number is ERSPAN type I (no ERSPAN header: the mirrored Ethernet frame follows the
 * 4-byte GRE header), with one it is type II; ERSPAN headers are told apart by their version field (1 = type II,
 * 2 = type III). ERSPAN III frame type 0 is Ethernet, 2 is IP. The original VLAN an ERSPAN header names becomes
 * {@link PacketInfo#vlanId} (tags of the inner frame replace it). Checksums are not verified; keys and sequence
 * numbers are skipped.
 * <p>
 * Drops, each counted: GRE with routing (RFC 1701), a version other than 0 and 1, or version 1 without its key
 * or not carrying PPP ({@code drop_gre_unsupported}), GRE
 * protocol types not listed ({@code drop_gre_protocol_not_decoded}), headers cut short
 * ({@code drop_truncated_tunnel}), ERSPAN versions or frame types not listed ({@code drop_erspan_unsupported}),
 * VXLAN without the I flag ({@code drop_vxlan_bad_flags}), and nesting deeper than
 * {@link IpDecoder#MAX_TUNNEL_DEPTH} ({@code drop_tunnel_too_deep}).
 * <p>
 * Owned by the decoding thread; no allocation.
 */
final class TunnelDecoder
{
    static final int GRE_HEADER_LENGTH = 4;
    static final int GRE_CHECKSUM = 0x8000;
    static final int GRE_ROUTING = 0x4000;
    static final int GRE_KEY = 0x2000;
    static final int GRE_SEQUENCE = 0x1000;
    static final int GRE_STRICT_SOURCE_ROUTE = 0x0800;
    static final int GRE_VERSION_MASK = 0x0007;
    static final int GRE_ACKNOWLEDGEMENT = 0x0080;
    static final int GRE_VERSION_ENHANCED = 1;
    static final int PROTOCOL_PPP = 0x880B;

    static final int PROTOCOL_TRANSPARENT_ETHERNET = 0x6558;
    static final int PROTOCOL_ERSPAN_I_II = 0x88BE;
    static final int PROTOCOL_ERSPAN_III = 0x22EB;

    static final int ERSPAN_II_HEADER_LENGTH = 8;
    static final int ERSPAN_III_HEADER_LENGTH = 12;
    static final int ERSPAN_III_PLATFORM_HEADER_LENGTH = 8;
    static final int ERSPAN_VERSION_II = 1;
    static final int ERSPAN_VERSION_III = 2;
    static final int ERSPAN_FRAME_ETHERNET = 0;
    static final int ERSPAN_FRAME_IP = 2;

    static final int VXLAN_HEADER_LENGTH = 8;
    static final int VXLAN_FLAG_I = 0x08;

    private final PacketInfo info;
    private final DecodeCounters counters;
    private final IpDecoder ip;
    private final EthernetDecoder ethernet;

    TunnelDecoder(final PacketInfo info, final DecodeCounters counters, final IpDecoder ip,
        final EthernetDecoder ethernet)
    {
        this.info = info;
        this.counters = counters;
        this.ip = ip;
        this.ethernet = ethernet;
    }

    /**
     * A GRE packet (IP protocol 47).
     *
     * @param captured bytes present from {@code offset}.
     * @param wire     bytes of the IP payload on the wire.
     * @param depth    tunnel level of the IP header that carried it.
     */
    void gre(final DirectBuffer buffer, final int offset, final int captured, final int wire, final int depth)
    {
        if (depth >= IpDecoder.MAX_TUNNEL_DEPTH)
        {
            counters.dropTunnelTooDeep.incrementRelease();
            return;
        }
        if (captured < GRE_HEADER_LENGTH)
        {
            counters.dropTruncatedTunnel.incrementRelease();
            return;
        }
        final int flags = buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if ((flags & GRE_VERSION_MASK) == GRE_VERSION_ENHANCED)
        {
            enhancedGre(flags, buffer, offset, captured, wire, depth);
            return;
        }
        if ((flags & (GRE_ROUTING | GRE_STRICT_SOURCE_ROUTE | GRE_VERSION_MASK)) != 0)
        {
            counters.dropGreUnsupported.incrementRelease();
            return;
        }
        final int headerLength = GRE_HEADER_LENGTH + ((flags & GRE_CHECKSUM) != 0 ? 4 : 0) +
            ((flags & GRE_KEY) != 0 ? 4 : 0) + ((flags & GRE_SEQUENCE) != 0 ? 4 : 0);
        if (captured < headerLength)
        {
            counters.dropTruncatedTunnel.incrementRelease();
            return;
        }

        counters.gre.incrementRelease();
        final int protocol = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int inner = offset + headerLength;
        final int innerCaptured = captured - headerLength;
        final int innerWire = wire - headerLength;
        switch (protocol)
        {
            case PacketDecoder.ETHERTYPE_IPV4, PacketDecoder.ETHERTYPE_IPV6, PacketDecoder.ETHERTYPE_VLAN,
                 PacketDecoder.ETHERTYPE_QINQ, PacketDecoder.ETHERTYPE_QINQ_OLD ->
                ethernet.etherType(protocol, buffer, inner, inner + innerCaptured, inner + innerWire, depth + 1);
            case PROTOCOL_TRANSPARENT_ETHERNET -> ethernet.frame(buffer, inner, innerCaptured, innerWire, depth + 1);
            case PROTOCOL_ERSPAN_I_II ->
            {
                if ((flags & GRE_SEQUENCE) == 0)
                {
                    counters.erspan.incrementRelease();
                    ethernet.frame(buffer, inner, innerCaptured, innerWire, depth + 1);
                }
                else
                {
                    erspan(buffer, inner, innerCaptured, innerWire, depth + 1);
                }
            }
            case PROTOCOL_ERSPAN_III -> erspan(buffer, inner, innerCaptured, innerWire, depth + 1);
            default -> counters.dropGreProtocol.incrementRelease();
        }
    }

    /**
     * Enhanced GRE (version 1, RFC 2637) as PPTP sends it: key present (payload length and call id), sequence and
     * acknowledgement numbers optional, PPP inside. A packet that only acknowledges (no payload) carries no IP.
     */
    private void enhancedGre(
        final int flags, final DirectBuffer buffer, final int offset, final int captured, final int wire,
        final int depth)
    {
        final int protocol = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if ((flags & (GRE_ROUTING | GRE_STRICT_SOURCE_ROUTE | GRE_CHECKSUM)) != 0 || (flags & GRE_KEY) == 0 ||
            protocol != PROTOCOL_PPP)
        {
            counters.dropGreUnsupported.incrementRelease();
            return;
        }
        final int headerLength = GRE_HEADER_LENGTH + 4 + ((flags & GRE_SEQUENCE) != 0 ? 4 : 0) +
            ((flags & GRE_ACKNOWLEDGEMENT) != 0 ? 4 : 0);
        if (captured < headerLength)
        {
            counters.dropTruncatedTunnel.incrementRelease();
            return;
        }
        counters.gre.incrementRelease();
        counters.greEnhanced.incrementRelease();
        final int payloadLength = buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int inner = offset + headerLength;
        final int innerWire = Math.min(payloadLength, wire - headerLength);
        if (innerWire <= 0)
        {
            counters.dropPppNotIp.incrementRelease();
            return;
        }
        ethernet.ppp().hdlcLike(buffer, inner, inner + Math.min(captured - headerLength, innerWire), inner + innerWire,
            depth + 1);
    }

    /**
     * An ERSPAN type II or III header and the mirrored frame after it.
     */
    private void erspan(final DirectBuffer buffer, final int offset, final int captured, final int wire,
        final int depth)
    {
        if (captured < ERSPAN_II_HEADER_LENGTH)
        {
            counters.dropTruncatedTunnel.incrementRelease();
            return;
        }
        final int first = buffer.getInt(offset, ByteOrder.BIG_ENDIAN);
        final int version = first >>> 28;
        final int vlan = (first >>> 16) & 0x0FFF;
        if (version == ERSPAN_VERSION_II)
        {
            counters.erspan.incrementRelease();
            final int encapsulation = (first >>> 11) & 0x3;
            if (encapsulation == 1 || encapsulation == 2)
            {
                // The frame was tagged (ISL or 802.1Q) when mirrored and the tag removed: the header keeps it.
                info.vlanId = vlan;
            }
            ethernet.frame(buffer, offset + ERSPAN_II_HEADER_LENGTH, captured - ERSPAN_II_HEADER_LENGTH,
                wire - ERSPAN_II_HEADER_LENGTH, depth);
            return;
        }
        if (version != ERSPAN_VERSION_III)
        {
            counters.dropErspanUnsupported.incrementRelease();
            return;
        }
        if (captured < ERSPAN_III_HEADER_LENGTH)
        {
            counters.dropTruncatedTunnel.incrementRelease();
            return;
        }
        final int third = buffer.getInt(offset + 8, ByteOrder.BIG_ENDIAN);
        final int headerLength = ERSPAN_III_HEADER_LENGTH + ((third & 1) != 0 ? ERSPAN_III_PLATFORM_HEADER_LENGTH : 0);
        if (captured < headerLength)
        {
            counters.dropTruncatedTunnel.incrementRelease();
            return;
        }
        final int frameType = (third >>> 10) & 0x1F;
        if (frameType != ERSPAN_FRAME_ETHERNET && frameType != ERSPAN_FRAME_IP)
        {
            counters.dropErspanUnsupported.incrementRelease();
            return;
        }
        counters.erspan.incrementRelease();
        if (vlan != 0)
        {
            info.vlanId = vlan;
        }
        if (frameType == ERSPAN_FRAME_ETHERNET)
        {
            ethernet.frame(buffer, offset + headerLength, captured - headerLength, wire - headerLength, depth);
        }
        else
        {
            ip.decodeAnyVersion(buffer, offset + headerLength, captured - headerLength, wire - headerLength, depth);
        }
    }

    /**
     * A VXLAN packet: the payload of a UDP datagram to the VXLAN port.
     *
     * @param captured bytes of the UDP payload present from {@code offset}.
     * @param wire     bytes of the UDP payload on the wire.
     * @param depth    tunnel level of the IP header that carried the UDP datagram.
     */
    void vxlan(final DirectBuffer buffer, final int offset, final int captured, final int wire, final int depth)
    {
        if (depth >= IpDecoder.MAX_TUNNEL_DEPTH)
        {
            counters.dropTunnelTooDeep.incrementRelease();
            return;
        }
        if (captured < VXLAN_HEADER_LENGTH)
        {
            counters.dropTruncatedTunnel.incrementRelease();
            return;
        }
        if ((buffer.getByte(offset) & VXLAN_FLAG_I) == 0)
        {
            counters.dropVxlanBadFlags.incrementRelease();
            return;
        }
        counters.vxlan.incrementRelease();
        ethernet.frame(buffer, offset + VXLAN_HEADER_LENGTH, captured - VXLAN_HEADER_LENGTH,
            wire - VXLAN_HEADER_LENGTH, depth + 1);
    }
}
