package io.sipsensor.net;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Writes tunnel and mirror headers byte by byte into a caller's buffer, as {@link TunnelDecoder} and
 * {@link HepDecoder} describe them: GRE (with optional checksum, key and sequence number), ERSPAN type II and III,
 * VXLAN, and HEP v3 chunks. Compose with {@link FrameWriter}: write the inner frame after the headers, then hand the
 * whole as the payload of an outer IP packet (GRE, protocol 47) or UDP datagram (VXLAN, HEP). For tests, benchmarks
 * and the traffic generator; static, no allocation.
 */
public final class EncapsulationWriter
{
    /** Leave the optional GRE field out. */
    public static final long NONE = -1;

    public static final int GRE_PROTOCOL_IPV4 = PacketDecoder.ETHERTYPE_IPV4;
    public static final int GRE_PROTOCOL_IPV6 = PacketDecoder.ETHERTYPE_IPV6;
    public static final int GRE_PROTOCOL_TRANSPARENT_ETHERNET = TunnelDecoder.PROTOCOL_TRANSPARENT_ETHERNET;
    public static final int GRE_PROTOCOL_ERSPAN_I_II = TunnelDecoder.PROTOCOL_ERSPAN_I_II;
    public static final int GRE_PROTOCOL_ERSPAN_III = TunnelDecoder.PROTOCOL_ERSPAN_III;

    public static final int HEP_CHUNK_IP_FAMILY = HepDecoder.CHUNK_IP_FAMILY;
    public static final int HEP_CHUNK_IP_PROTOCOL = HepDecoder.CHUNK_IP_PROTOCOL;
    public static final int HEP_CHUNK_IPV4_SOURCE = HepDecoder.CHUNK_IPV4_SOURCE;
    public static final int HEP_CHUNK_IPV4_DESTINATION = HepDecoder.CHUNK_IPV4_DESTINATION;
    public static final int HEP_CHUNK_IPV6_SOURCE = HepDecoder.CHUNK_IPV6_SOURCE;
    public static final int HEP_CHUNK_IPV6_DESTINATION = HepDecoder.CHUNK_IPV6_DESTINATION;
    public static final int HEP_CHUNK_SOURCE_PORT = HepDecoder.CHUNK_SOURCE_PORT;
    public static final int HEP_CHUNK_DESTINATION_PORT = HepDecoder.CHUNK_DESTINATION_PORT;
    public static final int HEP_CHUNK_SECONDS = HepDecoder.CHUNK_SECONDS;
    public static final int HEP_CHUNK_MICROSECONDS = HepDecoder.CHUNK_MICROSECONDS;
    public static final int HEP_CHUNK_PROTOCOL_TYPE = HepDecoder.CHUNK_PROTOCOL_TYPE;
    public static final int HEP_CHUNK_CAPTURE_AGENT_ID = HepDecoder.CHUNK_CAPTURE_AGENT_ID;
    public static final int HEP_CHUNK_PAYLOAD = HepDecoder.CHUNK_PAYLOAD;
    public static final int HEP_CHUNK_COMPRESSED_PAYLOAD = HepDecoder.CHUNK_COMPRESSED_PAYLOAD;
    public static final int HEP_CHUNK_VLAN = HepDecoder.CHUNK_VLAN;

    public static final int PPP_PROTOCOL_IPV4 = PppDecoder.PROTOCOL_IPV4;
    public static final int PPP_PROTOCOL_IPV6 = PppDecoder.PROTOCOL_IPV6;
    public static final int PPP_PROTOCOL_LCP = 0xC021;
    public static final int GTPU_G_PDU = GtpuDecoder.MESSAGE_G_PDU;
    public static final int GTPU_ECHO_REQUEST = 1;
    /** GTP-U extension header type of the PDU Session Container (5G N3/N9). */
    public static final int GTPU_PDU_SESSION_CONTAINER = 0x85;

    private EncapsulationWriter()
    {
    }

    /**
     * A GRE header (RFC 2784, RFC 2890). The checksum, when present, is left 0: fill it with
     * {@link #fillGreChecksum} once the payload is written.
     *
     * @param protocol EtherType of the payload.
     * @param checksum whether the checksum field (and Reserved1) is present.
     * @param key      the key, or {@link #NONE}.
     * @param sequence the sequence number, or {@link #NONE}.
     * @return header length, bytes.
     */
    public static int gre(final MutableDirectBuffer out, final int offset, final int protocol, final boolean checksum,
        final long key, final long sequence)
    {
        final int flags = (checksum ? TunnelDecoder.GRE_CHECKSUM : 0) | (key != NONE ? TunnelDecoder.GRE_KEY : 0) |
            (sequence != NONE ? TunnelDecoder.GRE_SEQUENCE : 0);
        out.putShort(offset, (short)flags, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 2, (short)protocol, ByteOrder.BIG_ENDIAN);
        int position = offset + 4;
        if (checksum)
        {
            out.putInt(position, 0, ByteOrder.BIG_ENDIAN);
            position += 4;
        }
        if (key != NONE)
        {
            out.putInt(position, (int)key, ByteOrder.BIG_ENDIAN);
            position += 4;
        }
        if (sequence != NONE)
        {
            out.putInt(position, (int)sequence, ByteOrder.BIG_ENDIAN);
            position += 4;
        }
        return position - offset;
    }

    /**
     * An enhanced GRE header (version 1, RFC 2637) as PPTP sends it, protocol PPP (0x880B), key present.
     *
     * @param callId          the peer's call id.
     * @param payloadLength   bytes of PPP after the header (0 for an acknowledgement alone).
     * @param sequence        the sequence number, or {@link #NONE}.
     * @param acknowledgement the acknowledgement number, or {@link #NONE}.
     * @return header length, bytes.
     */
    public static int greEnhanced(final MutableDirectBuffer out, final int offset, final int callId,
        final int payloadLength, final long sequence, final long acknowledgement)
    {
        final int flags = TunnelDecoder.GRE_KEY | (sequence != NONE ? TunnelDecoder.GRE_SEQUENCE : 0) |
            (acknowledgement != NONE ? TunnelDecoder.GRE_ACKNOWLEDGEMENT : 0) | TunnelDecoder.GRE_VERSION_ENHANCED;
        out.putShort(offset, (short)flags, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 2, (short)TunnelDecoder.PROTOCOL_PPP, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 4, (short)payloadLength, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 6, (short)callId, ByteOrder.BIG_ENDIAN);
        int position = offset + 8;
        if (sequence != NONE)
        {
            out.putInt(position, (int)sequence, ByteOrder.BIG_ENDIAN);
            position += 4;
        }
        if (acknowledgement != NONE)
        {
            out.putInt(position, (int)acknowledgement, ByteOrder.BIG_ENDIAN);
            position += 4;
        }
        return position - offset;
    }

    /**
     * The start of a PPP frame as PPTP sends it: address and control bytes (0xFF 0x03) unless compressed away
     * (ACFC), then the protocol, one byte when compressed (PFC, protocols below 0x100).
     *
     * @return bytes written.
     */
    public static int ppp(final MutableDirectBuffer out, final int offset, final int protocol,
        final boolean addressAndControl, final boolean compressProtocol)
    {
        int position = offset;
        if (addressAndControl)
        {
            out.putByte(position++, (byte)0xFF);
            out.putByte(position++, (byte)0x03);
        }
        if (compressProtocol && protocol < 0x100)
        {
            out.putByte(position++, (byte)protocol);
        }
        else
        {
            out.putShort(position, (short)protocol, ByteOrder.BIG_ENDIAN);
            position += 2;
        }
        return position - offset;
    }

    /**
     * A GTP-U version 1 header (3GPP TS 29.281).
     *
     * @param messageType     {@link #GTPU_G_PDU} for user data.
     * @param teid            tunnel endpoint id.
     * @param payloadLength   bytes of the T-PDU after the header.
     * @param sequence        the sequence number (S flag), or {@link #NONE}.
     * @param qfi             a PDU Session Container extension header with this QoS flow id (E flag), or
     *                        {@link #NONE}.
     * @return header length, bytes.
     */
    public static int gtpu(final MutableDirectBuffer out, final int offset, final int messageType, final long teid,
        final int payloadLength, final long sequence, final long qfi)
    {
        final boolean optional = sequence != NONE || qfi != NONE;
        final int headerLength = GtpuDecoder.HEADER_LENGTH + (optional ? GtpuDecoder.OPTIONAL_LENGTH : 0) +
            (qfi != NONE ? 4 : 0);
        out.putByte(offset, (byte)(GtpuDecoder.VERSION_1_PT | (qfi != NONE ? GtpuDecoder.FLAG_E : 0) |
            (sequence != NONE ? GtpuDecoder.FLAG_S : 0)));
        out.putByte(offset + 1, (byte)messageType);
        out.putShort(offset + 2, (short)(headerLength - GtpuDecoder.HEADER_LENGTH + payloadLength),
            ByteOrder.BIG_ENDIAN);
        out.putInt(offset + 4, (int)teid, ByteOrder.BIG_ENDIAN);
        if (optional)
        {
            out.putShort(offset + 8, (short)(sequence != NONE ? sequence : 0), ByteOrder.BIG_ENDIAN);
            out.putByte(offset + 10, (byte)0);
            out.putByte(offset + 11, (byte)(qfi != NONE ? GTPU_PDU_SESSION_CONTAINER : 0));
        }
        if (qfi != NONE)
        {
            out.putByte(offset + 12, (byte)1);
            out.putByte(offset + 13, (byte)0x10); // PDU type 1 (uplink)
            out.putByte(offset + 14, (byte)(qfi & 0x3F));
            out.putByte(offset + 15, (byte)0);
        }
        return headerLength;
    }

    /**
     * Fills the checksum of a GRE packet written with a checksum field: the Internet checksum of the GRE header and
     * payload.
     *
     * @param length GRE header and payload, bytes.
     */
    public static void fillGreChecksum(final MutableDirectBuffer out, final int offset, final int length)
    {
        out.putShort(offset + 4, (short)0, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 4, (short)FrameWriter.checksum(out, offset, length, 0), ByteOrder.BIG_ENDIAN);
    }

    /**
     * An ERSPAN type II header (version 1), to follow a GRE header with a sequence number and protocol 0x88BE.
     *
     * @param vlan          original VLAN, 12 bits.
     * @param cos           class of service, 3 bits.
     * @param encapsulation En: 0 untagged, 1 ISL, 2 802.1Q (tag removed), 3 tag kept in the frame.
     * @param truncated     T: the mirrored frame was cut.
     * @param sessionId     10 bits.
     * @param index         port index, 20 bits.
     * @return header length, bytes (8).
     */
    public static int erspanII(final MutableDirectBuffer out, final int offset, final int vlan, final int cos,
        final int encapsulation, final boolean truncated, final int sessionId, final int index)
    {
        out.putInt(offset, TunnelDecoder.ERSPAN_VERSION_II << 28 | (vlan & 0xFFF) << 16 | (cos & 7) << 13 |
            (encapsulation & 3) << 11 | (truncated ? 1 << 10 : 0) | (sessionId & 0x3FF), ByteOrder.BIG_ENDIAN);
        out.putInt(offset + 4, index & 0xFFFFF, ByteOrder.BIG_ENDIAN);
        return TunnelDecoder.ERSPAN_II_HEADER_LENGTH;
    }

    /**
     * An ERSPAN type III header (version 2), to follow a GRE header with protocol 0x22EB.
     *
     * @param vlan              original VLAN, 12 bits.
     * @param sessionId         10 bits.
     * @param timestamp         32 bits, in the granularity the header names (here 0: 100 microseconds).
     * @param frameType         FT: 0 Ethernet, 2 IP.
     * @param hardwareId        6 bits.
     * @param platformSubHeader add the 8-byte platform-specific sub-header (the O flag).
     * @return header length, bytes (12, or 20 with the sub-header).
     */
    public static int erspanIII(final MutableDirectBuffer out, final int offset, final int vlan, final int sessionId,
        final int timestamp, final int frameType, final int hardwareId, final boolean platformSubHeader)
    {
        out.putInt(offset, TunnelDecoder.ERSPAN_VERSION_III << 28 | (vlan & 0xFFF) << 16 | (sessionId & 0x3FF),
            ByteOrder.BIG_ENDIAN);
        out.putInt(offset + 4, timestamp, ByteOrder.BIG_ENDIAN);
        out.putInt(offset + 8, (frameType & 0x1F) << 10 | (hardwareId & 0x3F) << 4 | (platformSubHeader ? 1 : 0),
            ByteOrder.BIG_ENDIAN);
        if (!platformSubHeader)
        {
            return TunnelDecoder.ERSPAN_III_HEADER_LENGTH;
        }
        // Platform ID 3 with its port index and a 32-bit upper timestamp: any 8 bytes do for the decoder.
        out.putInt(offset + 12, 3 << 26 | 0x1234, ByteOrder.BIG_ENDIAN);
        out.putInt(offset + 16, 0x0000_0001, ByteOrder.BIG_ENDIAN);
        return TunnelDecoder.ERSPAN_III_HEADER_LENGTH + TunnelDecoder.ERSPAN_III_PLATFORM_HEADER_LENGTH;
    }

    /**
     * A VXLAN header with the I flag set.
     *
     * @param vni VXLAN network identifier, 24 bits.
     * @return header length, bytes (8).
     */
    public static int vxlan(final MutableDirectBuffer out, final int offset, final int vni)
    {
        out.putInt(offset, TunnelDecoder.VXLAN_FLAG_I << 24, ByteOrder.BIG_ENDIAN);
        out.putInt(offset + 4, (vni & 0xFF_FFFF) << 8, ByteOrder.BIG_ENDIAN);
        return TunnelDecoder.VXLAN_HEADER_LENGTH;
    }

    /**
     * The HEP v3 header; write the chunks after it, then {@link #hepFinish}.
     *
     * @return header length, bytes (6).
     */
    public static int hepHeader(final MutableDirectBuffer out, final int offset)
    {
        out.putInt(offset, HepDecoder.MAGIC_HEP3, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 4, (short)0, ByteOrder.BIG_ENDIAN);
        return HepDecoder.HEADER_LENGTH;
    }

    /**
     * A vendor 0 chunk whose value is the low {@code valueBytes} bytes (1, 2, 4 or 8) of a number, big-endian.
     *
     * @return chunk length, bytes.
     */
    public static int hepNumberChunk(final MutableDirectBuffer out, final int offset, final int type, final long value,
        final int valueBytes)
    {
        chunkHeader(out, offset, type, valueBytes);
        for (int i = 0; i < valueBytes; i++)
        {
            out.putByte(offset + HepDecoder.CHUNK_HEADER_LENGTH + i, (byte)(value >>> (8 * (valueBytes - 1 - i))));
        }
        return HepDecoder.CHUNK_HEADER_LENGTH + valueBytes;
    }

    /**
     * A vendor 0 chunk holding bytes (an address, a payload).
     *
     * @return chunk length, bytes.
     */
    public static int hepBytesChunk(final MutableDirectBuffer out, final int offset, final int type,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        chunkHeader(out, offset, type, valueLength);
        out.putBytes(offset + HepDecoder.CHUNK_HEADER_LENGTH, value, valueOffset, valueLength);
        return HepDecoder.CHUNK_HEADER_LENGTH + valueLength;
    }

    /**
     * Writes the total length into a HEP header.
     *
     * @param offset of the header.
     * @param length of the header and every chunk, bytes.
     */
    public static void hepFinish(final MutableDirectBuffer out, final int offset, final int length)
    {
        out.putShort(offset + 4, (short)length, ByteOrder.BIG_ENDIAN);
    }

    private static void chunkHeader(final MutableDirectBuffer out, final int offset, final int type,
        final int valueLength)
    {
        out.putShort(offset, (short)0, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 2, (short)type, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 4, (short)(HepDecoder.CHUNK_HEADER_LENGTH + valueLength), ByteOrder.BIG_ENDIAN);
    }
}
