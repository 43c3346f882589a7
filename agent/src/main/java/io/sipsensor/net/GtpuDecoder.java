package io.sipsensor.net;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * GTP-U version 1 (3GPP TS 29.281), the user plane of a mobile core, received on the configured UDP port
 * ({@link EncapsulationSettings#gtpuPort()}, 2152): a mirror of the S1-U/S5/N3 links carries VoLTE and IMS SIP, often
 * over IPv6, inside it. A G-PDU's payload is an IP packet that re-enters the decoder one tunnel level deeper.
 * <pre>
 *   | Ver=1 |PT=1| * | E | S | PN | Message type (255 = G-PDU) | Length (16): bytes after the first 8 |
 *   | TEID (32)                                                                                          |
 *   | Sequence number (16) | N-PDU number (8) | Next extension header type (8) |  (when E, S or PN is set)
 *   | Extension length (8, in 4-byte units) | content ... | Next extension header type (8) |  (repeated, E)
 * </pre>
 * Drops, each counted: another version or GTP' (PT 0) ({@code drop_gtpu_unsupported}), messages other than
 * G-PDU, such as echo and end marker ({@code drop_gtpu_not_gpdu}), a header or extension header cut short or of
 * length 0 ({@code drop_gtpu_truncated}), nesting deeper than {@link IpDecoder#MAX_TUNNEL_DEPTH}
 * ({@code drop_tunnel_too_deep}).
 * <p>
 * Owned by the decoding thread; no allocation.
 */
final class GtpuDecoder
{
    static final int HEADER_LENGTH = 8;
    static final int OPTIONAL_LENGTH = 4;
    static final int VERSION_1_PT = 0x30;
    static final int FLAG_E = 0x04;
    static final int FLAG_S = 0x02;
    static final int FLAG_PN = 0x01;
    static final int MESSAGE_G_PDU = 0xFF;
    /** Extension headers followed before the packet is dropped as malformed. */
    static final int MAX_EXTENSION_HEADERS = 8;

    private final DecodeCounters counters;
    private final IpDecoder ip;

    GtpuDecoder(final DecodeCounters counters, final IpDecoder ip)
    {
        this.counters = counters;
        this.ip = ip;
    }

    /**
     * A GTP-U packet: the payload of a UDP datagram to the GTP-U port.
     *
     * @param captured bytes of the UDP payload present from {@code offset}.
     * @param wire     bytes of the UDP payload on the wire.
     * @param depth    tunnel level of the IP header that carried the UDP datagram.
     */
    void decode(final DirectBuffer buffer, final int offset, final int captured, final int wire, final int depth)
    {
        if (depth >= IpDecoder.MAX_TUNNEL_DEPTH)
        {
            counters.dropTunnelTooDeep.incrementRelease();
            return;
        }
        if (captured < HEADER_LENGTH)
        {
            counters.dropGtpuTruncated.incrementRelease();
            return;
        }
        final int flags = buffer.getByte(offset) & 0xFF;
        if ((flags & 0xF0) != VERSION_1_PT)
        {
            counters.dropGtpuUnsupported.incrementRelease();
            return;
        }
        if ((buffer.getByte(offset + 1) & 0xFF) != MESSAGE_G_PDU)
        {
            counters.dropGtpuNotGpdu.incrementRelease();
            return;
        }
        final int end = offset + captured;
        int wireEnd = offset + wire;
        final int length = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (HEADER_LENGTH + length < wire)
        {
            wireEnd = offset + HEADER_LENGTH + length; // what follows the GTP-U message is not part of it
        }
        int position = offset + HEADER_LENGTH;
        if ((flags & (FLAG_E | FLAG_S | FLAG_PN)) != 0)
        {
            if (position + OPTIONAL_LENGTH > end)
            {
                counters.dropGtpuTruncated.incrementRelease();
                return;
            }
            int nextType = (flags & FLAG_E) != 0 ? buffer.getByte(position + 3) & 0xFF : 0;
            position += OPTIONAL_LENGTH;
            int extensions = 0;
            while (nextType != 0)
            {
                if (++extensions > MAX_EXTENSION_HEADERS || position + 1 > end)
                {
                    counters.dropGtpuTruncated.incrementRelease();
                    return;
                }
                final int extensionLength = (buffer.getByte(position) & 0xFF) << 2;
                if (extensionLength == 0 || position + extensionLength > end)
                {
                    counters.dropGtpuTruncated.incrementRelease();
                    return;
                }
                nextType = buffer.getByte(position + extensionLength - 1) & 0xFF;
                position += extensionLength;
            }
        }
        if (position >= end || position >= wireEnd)
        {
            counters.dropGtpuTruncated.incrementRelease();
            return;
        }
        counters.gtpu.incrementRelease();
        ip.decodeAnyVersion(buffer, position, Math.min(end, wireEnd) - position, wireEnd - position, depth + 1);
    }
}
