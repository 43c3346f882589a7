package io.sipsensor.net;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Receives HEP v3 (the HOMER Encapsulation Protocol, also called EEP) from the payload of a UDP datagram sent to the
 * HEP port: a capture agent's copy of a SIP message with the addressing and time it was captured with. The SIP
 * payload goes to the {@link DatagramHandler} with a {@link PacketInfo} built from the chunks, as if the original
 * datagram had been captured here.
 * <pre>
 *   | "HEP3" (or "EEP3")                         | Total length (16, incl. these 6 bytes) |
 *   then chunks, each:
 *   | Vendor ID (16) | Type ID (16) | Chunk length (16, incl. these 6 bytes) | Value ...  |
 * </pre>
 * Vendor 0 chunks used: 1 IP family (8 bits: 2 IPv4, 10 IPv6; when absent, told by which pair of addresses is
 * there), 2 IP protocol (8), 3/4 IPv4 source/destination, 5/6 IPv6 source/destination, 7/8 source/destination
 * port (16), 9 seconds and 10 microseconds of the capture time (32 each), 11 protocol type (8; 1 is SIP), 12 capture
 * agent id (32), 15 payload, 16 compressed payload (zlib or gzip, as heplify and OpenSIPS send it: inflated with the
 * JDK's {@link Inflater} into a buffer of {@value #MAX_INFLATED_BYTES} bytes, counted in {@code hep_compressed}),
 * 18 VLAN id (16). Other chunks and other vendors are skipped by
 * their length.
 * <p>
 * Time: the message gets the capture time the HEP agent recorded (chunks 9 and 10), which is when the original
 * packet was seen; without chunk 9 (or with 0 there) it gets the time of the frame that carried the HEP packet.
 * <p>
 * Drops, each counted: not HEP3/EEP3 or a chunk that runs past the packet, missing family, addresses or payload,
 * a payload cut by the snap length ({@code drop_hep_malformed}); HEP v1/v2 ({@code drop_hep_old_version}); protocol
 * types other than SIP ({@code drop_hep_not_sip}); a compressed payload that does not inflate or inflates beyond
 * {@value #MAX_INFLATED_BYTES} bytes ({@code drop_hep_compressed}). Every
 * chunk length is checked against the packet before use, so junk never reads out of bounds; the walk ends after at
 * most length/6 chunks.
 * <p>
 * Owned by the decoding thread; allocates at construction only (the inflaters and their buffers); a payload that
 * fails to inflate costs the JDK's exception.
 */
final class HepDecoder
{
    static final int MAGIC_HEP3 = 0x48455033;
    static final int MAGIC_EEP3 = 0x45455033;
    static final int HEADER_LENGTH = 6;
    static final int CHUNK_HEADER_LENGTH = 6;

    static final int CHUNK_IP_FAMILY = 1;
    static final int CHUNK_IP_PROTOCOL = 2;
    static final int CHUNK_IPV4_SOURCE = 3;
    static final int CHUNK_IPV4_DESTINATION = 4;
    static final int CHUNK_IPV6_SOURCE = 5;
    static final int CHUNK_IPV6_DESTINATION = 6;
    static final int CHUNK_SOURCE_PORT = 7;
    static final int CHUNK_DESTINATION_PORT = 8;
    static final int CHUNK_SECONDS = 9;
    static final int CHUNK_MICROSECONDS = 10;
    static final int CHUNK_PROTOCOL_TYPE = 11;
    static final int CHUNK_CAPTURE_AGENT_ID = 12;
    static final int CHUNK_PAYLOAD = 15;
    static final int CHUNK_COMPRESSED_PAYLOAD = 16;
    static final int CHUNK_VLAN = 18;

    static final int FAMILY_IPV4 = 2;
    static final int FAMILY_IPV6 = 10;
    static final int PROTOCOL_TYPE_SIP = 1;
    /** Largest inflated SIP payload: a UDP datagram's. */
    static final int MAX_INFLATED_BYTES = 65_535;

    private static final int GZIP_MAGIC = 0x1F8B;
    private static final int GZIP_HEADER_LENGTH = 10;
    private static final int GZIP_FLAG_HCRC = 0x02;
    private static final int GZIP_FLAG_EXTRA = 0x04;
    private static final int GZIP_FLAG_NAME = 0x08;
    private static final int GZIP_FLAG_COMMENT = 0x10;

    private final Inflater zlib = new Inflater(false);
    private final Inflater raw = new Inflater(true);
    private final byte[] compressedBytes = new byte[MAX_INFLATED_BYTES];
    private final byte[] inflatedBytes = new byte[MAX_INFLATED_BYTES + 1];
    private final UnsafeBuffer inflated = new UnsafeBuffer(inflatedBytes);

    private final PacketInfo info;
    private final DecodeCounters counters;
    private final DatagramHandler handler;

    private long captureAgentId;

    HepDecoder(final PacketInfo info, final DecodeCounters counters, final DatagramHandler handler)
    {
        this.info = info;
        this.counters = counters;
        this.handler = handler;
    }

    /**
     * @param captured  bytes of the UDP payload present from {@code offset}.
     * @param truncated the snap length cut the UDP payload.
     */
    void decode(final DirectBuffer buffer, final int offset, final int captured, final boolean truncated)
    {
        if (captured < HEADER_LENGTH)
        {
            if (captured >= 1 && isOldVersion(buffer.getByte(offset)))
            {
                counters.dropHepOldVersion.incrementRelease();
                return;
            }
            counters.dropHepMalformed.incrementRelease();
            return;
        }
        final int magic = buffer.getInt(offset, ByteOrder.BIG_ENDIAN);
        if (magic != MAGIC_HEP3 && magic != MAGIC_EEP3)
        {
            (isOldVersion(buffer.getByte(offset)) ? counters.dropHepOldVersion : counters.dropHepMalformed)
                .incrementRelease();
            return;
        }
        final int totalLength = buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (totalLength < HEADER_LENGTH || totalLength > captured)
        {
            counters.dropHepMalformed.incrementRelease();
            return;
        }

        final int end = offset + totalLength;
        int family = 0;
        int sourceIpv4 = -1;
        int destinationIpv4 = -1;
        int sourceIpv6 = -1;
        int destinationIpv6 = -1;
        int ipProtocol = IpProtocol.UDP;
        int sourcePort = 0;
        int destinationPort = 0;
        long seconds = 0;
        long microseconds = 0;
        int protocolType = -1;
        int vlanId = -1;
        int payloadOffset = -1;
        int payloadLength = 0;
        int compressedOffset = -1;
        int compressedLength = 0;
        long agentId = 0;

        int position = offset + HEADER_LENGTH;
        while (position + CHUNK_HEADER_LENGTH <= end)
        {
            final int vendor = buffer.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int type = buffer.getShort(position + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int chunkLength = buffer.getShort(position + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (chunkLength < CHUNK_HEADER_LENGTH || position + chunkLength > end)
            {
                counters.dropHepMalformed.incrementRelease();
                return;
            }
            final int value = position + CHUNK_HEADER_LENGTH;
            final int valueLength = chunkLength - CHUNK_HEADER_LENGTH;
            position += chunkLength;
            if (vendor != 0)
            {
                continue;
            }
            switch (type)
            {
                case CHUNK_IP_FAMILY -> family = valueLength >= 1 ? buffer.getByte(value) & 0xFF : 0;
                case CHUNK_IP_PROTOCOL -> ipProtocol = valueLength >= 1 ? buffer.getByte(value) & 0xFF : ipProtocol;
                case CHUNK_IPV4_SOURCE -> sourceIpv4 = valueLength == 4 ? value : sourceIpv4;
                case CHUNK_IPV4_DESTINATION -> destinationIpv4 = valueLength == 4 ? value : destinationIpv4;
                case CHUNK_IPV6_SOURCE -> sourceIpv6 = valueLength == 16 ? value : sourceIpv6;
                case CHUNK_IPV6_DESTINATION -> destinationIpv6 = valueLength == 16 ? value : destinationIpv6;
                case CHUNK_SOURCE_PORT -> sourcePort = valueLength >= 2 ? unsignedShort(buffer, value) : sourcePort;
                case CHUNK_DESTINATION_PORT ->
                    destinationPort = valueLength >= 2 ? unsignedShort(buffer, value) : destinationPort;
                case CHUNK_SECONDS -> seconds = valueLength >= 4 ? unsignedInt(buffer, value) : seconds;
                case CHUNK_MICROSECONDS -> microseconds = valueLength >= 4 ? unsignedInt(buffer, value) : microseconds;
                case CHUNK_PROTOCOL_TYPE -> protocolType = valueLength >= 1 ? buffer.getByte(value) & 0xFF : -1;
                case CHUNK_CAPTURE_AGENT_ID -> agentId = valueLength >= 4 ? unsignedInt(buffer, value) : agentId;
                case CHUNK_VLAN -> vlanId = valueLength >= 2 ? unsignedShort(buffer, value) & 0x0FFF : vlanId;
                case CHUNK_PAYLOAD ->
                {
                    payloadOffset = value;
                    payloadLength = valueLength;
                }
                case CHUNK_COMPRESSED_PAYLOAD ->
                {
                    compressedOffset = value;
                    compressedLength = valueLength;
                }
                default ->
                {
                    // Skipped by its length.
                }
            }
        }

        if (protocolType != PROTOCOL_TYPE_SIP)
        {
            if (protocolType >= 0)
            {
                counters.dropHepNotSip.incrementRelease();
            }
            else
            {
                counters.dropHepMalformed.incrementRelease();
            }
            return;
        }
        if (payloadOffset < 0 && compressedOffset < 0)
        {
            counters.dropHepMalformed.incrementRelease();
            return;
        }
        if (truncated)
        {
            counters.dropHepMalformed.incrementRelease();
            return;
        }
        DirectBuffer payloadBuffer = buffer;
        if (payloadOffset < 0)
        {
            payloadLength = inflate(buffer, compressedOffset, compressedLength);
            if (payloadLength < 0)
            {
                counters.dropHepCompressed.incrementRelease();
                return;
            }
            counters.hepCompressed.incrementRelease();
            payloadBuffer = inflated;
            payloadOffset = 0;
        }
        final boolean ipv4 = sourceIpv4 >= 0 && destinationIpv4 >= 0;
        final boolean ipv6 = sourceIpv6 >= 0 && destinationIpv6 >= 0;
        // The family chunk decides; without it, the one complete pair of addresses does.
        final int ipVersion = family == FAMILY_IPV4 ? (ipv4 ? 4 : 0) : family == FAMILY_IPV6 ? (ipv6 ? 6 : 0) :
            family == 0 && ipv4 != ipv6 ? (ipv4 ? 4 : 6) : 0;
        if (ipVersion == 0)
        {
            counters.dropHepMalformed.incrementRelease();
            return;
        }

        counters.hep.incrementRelease();
        if (ipVersion == 4)
        {
            buffer.getBytes(sourceIpv4, info.sourceAddress, 0, 4);
            buffer.getBytes(destinationIpv4, info.destinationAddress, 0, 4);
        }
        else
        {
            buffer.getBytes(sourceIpv6, info.sourceAddress, 0, 16);
            buffer.getBytes(destinationIpv6, info.destinationAddress, 0, 16);
        }
        captureAgentId = agentId;
        info.ipVersion = ipVersion;
        info.sourcePort = sourcePort;
        info.destinationPort = destinationPort;
        info.transportProtocol = ipProtocol;
        info.vlanId = vlanId;
        info.truncated = false;
        if (seconds != 0)
        {
            info.timestampNs = seconds * 1_000_000_000L + microseconds * 1_000L;
        }
        handler.onDatagram(payloadBuffer, payloadOffset, payloadLength, info);
    }

    /**
     * Inflates a compressed payload chunk, zlib (RFC 1950) or gzip (RFC 1952), into {@link #inflated}.
     *
     * @return the inflated length, or -1 when it is not valid compressed data or exceeds the bound.
     */
    private int inflate(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0 || length > compressedBytes.length)
        {
            return -1;
        }
        buffer.getBytes(offset, compressedBytes, 0, length);
        int start = 0;
        final Inflater inflater;
        final int magic = (compressedBytes[0] & 0xFF) << 8 | compressedBytes[1] & 0xFF;
        if (length >= GZIP_HEADER_LENGTH && magic == GZIP_MAGIC)
        {
            start = gzipHeaderLength(length);
            if (start < 0)
            {
                return -1;
            }
            inflater = raw;
        }
        else
        {
            inflater = zlib;
        }
        inflater.reset();
        inflater.setInput(compressedBytes, start, length - start);
        try
        {
            final int produced = inflater.inflate(inflatedBytes, 0, inflatedBytes.length);
            return inflater.finished() && produced <= MAX_INFLATED_BYTES ? produced : -1;
        }
        catch (final DataFormatException ex)
        {
            return -1;
        }
    }

    /**
     * @return where the deflate data of a gzip member in {@link #compressedBytes} starts, or -1 if its header is
     * broken.
     */
    private int gzipHeaderLength(final int length)
    {
        if (compressedBytes[2] != 8)
        {
            return -1; // only deflate is defined
        }
        final int flags = compressedBytes[3] & 0xFF;
        int position = GZIP_HEADER_LENGTH;
        if ((flags & GZIP_FLAG_EXTRA) != 0)
        {
            if (position + 2 > length)
            {
                return -1;
            }
            position += 2 + ((compressedBytes[position] & 0xFF) | (compressedBytes[position + 1] & 0xFF) << 8);
        }
        if ((flags & GZIP_FLAG_NAME) != 0)
        {
            position = afterZero(position, length);
        }
        if ((flags & GZIP_FLAG_COMMENT) != 0 && position >= 0)
        {
            position = afterZero(position, length);
        }
        if ((flags & GZIP_FLAG_HCRC) != 0 && position >= 0)
        {
            position += 2;
        }
        return position >= 0 && position < length ? position : -1;
    }

    private int afterZero(final int from, final int length)
    {
        for (int p = from; p < length; p++)
        {
            if (compressedBytes[p] == 0)
            {
                return p + 1;
            }
        }
        return -1;
    }

    /**
     * @return the capture agent id (chunk 12) of the last HEP packet delivered, 0 if it had none.
     */
    long captureAgentId()
    {
        return captureAgentId;
    }

    private static boolean isOldVersion(final byte first)
    {
        return first == 1 || first == 2;
    }

    private static int unsignedShort(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    private static long unsignedInt(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }
}
