package io.sipsensor.net;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * PPP as ISP access networks and PPTP carry it: PPPoE session frames (RFC 2516, EtherType 0x8864, also under VLAN
 * tags) and PPP inside enhanced GRE (RFC 2637). The PPP protocol field names the payload: 0x0021 IPv4 and 0x0057
 * IPv6 go to the IP decoder; LCP, IPCP, CHAP and the rest are PPP's own signalling, counted in
 * {@code drop_ppp_not_ip}.
 * <pre>
 *   PPPoE session header                         PPP in GRE (PPTP)
 *   | Ver=1 | Type=1 | Code=0 | Session ID (16)|  | 0xFF | 0x03 | (absent with ACFC)
 *   | Length (16): PPP bytes after this header  |  | Protocol (16, or 8 with PFC: odd byte) |
 *   | Protocol (16) | payload ...               |  | payload ...
 * </pre>
 * A PPPoE length beyond the frame is not trusted (the frame bounds the payload); one within it cuts off Ethernet
 * padding. Owned by the decoding thread; no allocation.
 */
final class PppDecoder
{
    static final int PPPOE_HEADER_LENGTH = 6;
    static final int PPPOE_VERSION_TYPE = 0x11;
    static final int PROTOCOL_IPV4 = 0x0021;
    static final int PROTOCOL_IPV6 = 0x0057;
    private static final int ADDRESS_CONTROL = 0xFF03;

    private final DecodeCounters counters;
    private final IpDecoder ip;

    PppDecoder(final DecodeCounters counters, final IpDecoder ip)
    {
        this.counters = counters;
        this.ip = ip;
    }

    /**
     * A PPPoE session frame's payload: the PPPoE header, then PPP.
     *
     * @param offset  where the PPPoE header begins.
     * @param end     end of the captured bytes (absolute offset).
     * @param wireEnd end of the bytes on the wire (absolute offset).
     * @param depth   tunnel level.
     */
    void pppoeSession(final DirectBuffer buffer, final int offset, final int end, final int wireEnd, final int depth)
    {
        if (offset + PPPOE_HEADER_LENGTH + 2 > end)
        {
            counters.dropTruncatedL2.incrementRelease();
            return;
        }
        if ((buffer.getByte(offset) & 0xFF) != PPPOE_VERSION_TYPE || buffer.getByte(offset + 1) != 0)
        {
            counters.dropNonIp.incrementRelease();
            return;
        }
        counters.pppoe.incrementRelease();
        final int length = buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int payload = offset + PPPOE_HEADER_LENGTH;
        final int payloadWireEnd = payload + length <= wireEnd && length >= 2 ? payload + length : wireEnd;
        final int protocol = buffer.getShort(payload, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        dispatch(protocol, buffer, payload + 2, Math.min(end, payloadWireEnd), payloadWireEnd, depth);
    }

    /**
     * A PPP frame as PPTP sends it in enhanced GRE: address and control bytes optional, protocol field possibly
     * compressed to one byte.
     *
     * @param offset  first byte of the PPP frame.
     * @param end     end of the captured bytes (absolute offset).
     * @param wireEnd end of the frame on the wire (absolute offset).
     * @param depth   tunnel level of the inner packet.
     */
    void hdlcLike(final DirectBuffer buffer, final int offset, final int end, final int wireEnd, final int depth)
    {
        int position = offset;
        if (position + 2 <= end && (buffer.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF) == ADDRESS_CONTROL)
        {
            position += 2;
        }
        if (position >= end)
        {
            counters.dropTruncatedTunnel.incrementRelease();
            return;
        }
        final int first = buffer.getByte(position) & 0xFF;
        final int protocol;
        if ((first & 1) != 0)
        {
            protocol = first;
            position += 1;
        }
        else
        {
            if (position + 2 > end)
            {
                counters.dropTruncatedTunnel.incrementRelease();
                return;
            }
            protocol = buffer.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            position += 2;
        }
        dispatch(protocol, buffer, position, end, wireEnd, depth);
    }

    private void dispatch(
        final int protocol, final DirectBuffer buffer, final int offset, final int end, final int wireEnd,
        final int depth)
    {
        switch (protocol)
        {
            case PROTOCOL_IPV4 -> ip.decodeIpv4(buffer, offset, end - offset, wireEnd - offset, depth);
            case PROTOCOL_IPV6 -> ip.decodeIpv6(buffer, offset, end - offset, wireEnd - offset, depth);
            default -> counters.dropPppNotIp.incrementRelease();
        }
    }
}
