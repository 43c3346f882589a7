package io.sipsensor.net;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Layer 2: an Ethernet II header, then a stack of VLAN tags (802.1Q 0x8100, 802.1ad 0x88A8, old QinQ 0x9100) up to
 * {@link PacketDecoder#MAX_VLAN_TAGS} deep, then IPv4, IPv6 or a PPPoE session carrying either ({@link PppDecoder}).
 * Used for the captured frame itself and again for every Ethernet frame carried inside a tunnel (GRE transparent
 * bridging, ERSPAN, VXLAN), one tunnel level deeper.
 * <p>
 * {@link PacketInfo#vlanId} is the outermost tag of the innermost tagged frame: tags inside a tunnel replace those
 * of the transport, since they name the network the mirrored traffic lives on.
 * <p>
 * Owned by the decoding thread; no allocation.
 */
final class EthernetDecoder
{
    private final PacketInfo info;
    private final DecodeCounters counters;
    private final IpDecoder ip;
    private final PppDecoder ppp;

    EthernetDecoder(final PacketInfo info, final DecodeCounters counters, final IpDecoder ip)
    {
        this.info = info;
        this.counters = counters;
        this.ip = ip;
        this.ppp = new PppDecoder(counters, ip);
    }

    /**
     * @return the PPP decoder, shared with the tunnels that carry PPP (enhanced GRE).
     */
    PppDecoder ppp()
    {
        return ppp;
    }

    /**
     * An Ethernet II frame.
     *
     * @param captured bytes of the frame present from {@code offset}.
     * @param wire     bytes the frame had on the wire.
     * @param depth    tunnel level (0 for the captured frame).
     */
    void frame(final DirectBuffer buffer, final int offset, final int captured, final int wire, final int depth)
    {
        if (captured < PacketDecoder.ETHERNET_HEADER_LENGTH)
        {
            counters.dropTruncatedL2.incrementRelease();
            return;
        }
        counters.ethernet.incrementRelease();
        final int type = buffer.getShort(offset + 12, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        etherType(type, buffer, offset + PacketDecoder.ETHERNET_HEADER_LENGTH, offset + captured,
            offset + Math.max(captured, wire), depth);
    }

    /**
     * Follows VLAN tags from an EtherType to IP.
     *
     * @param firstType     the EtherType (or 802.3 length) read from the link header.
     * @param payloadOffset where the bytes it announces begin.
     * @param end           end of the captured bytes (absolute offset).
     * @param wireEnd       end of the bytes on the wire (absolute offset).
     * @param depth         tunnel level.
     */
    void etherType(
        final int firstType,
        final DirectBuffer buffer,
        final int payloadOffset,
        final int end,
        final int wireEnd,
        final int depth)
    {
        int type = firstType;
        int position = payloadOffset;
        int tags = 0;
        while (type == PacketDecoder.ETHERTYPE_VLAN || type == PacketDecoder.ETHERTYPE_QINQ ||
            type == PacketDecoder.ETHERTYPE_QINQ_OLD)
        {
            if (tags == PacketDecoder.MAX_VLAN_TAGS)
            {
                counters.dropTooManyVlanTags.incrementRelease();
                return;
            }
            if (position + PacketDecoder.VLAN_TAG_LENGTH > end)
            {
                counters.dropTruncatedL2.incrementRelease();
                return;
            }
            if (tags == 0)
            {
                info.vlanId = buffer.getShort(position, ByteOrder.BIG_ENDIAN) & 0x0FFF;
            }
            counters.vlanTags.incrementRelease();
            type = buffer.getShort(position + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            position += PacketDecoder.VLAN_TAG_LENGTH;
            tags++;
        }

        switch (type)
        {
            case PacketDecoder.ETHERTYPE_IPV4 ->
                ip.decodeIpv4(buffer, position, end - position, wireEnd - position, depth);
            case PacketDecoder.ETHERTYPE_IPV6 ->
                ip.decodeIpv6(buffer, position, end - position, wireEnd - position, depth);
            case PacketDecoder.ETHERTYPE_PPPOE_SESSION -> ppp.pppoeSession(buffer, position, end, wireEnd, depth);
            default -> counters.dropNonIp.incrementRelease();
        }
    }
}
