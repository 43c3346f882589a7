package io.sipsensor.capture;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static io.sipsensor.capture.PcapngDescriptor.BYTE_ORDER_MAGIC;
import static io.sipsensor.capture.PcapngDescriptor.BYTE_ORDER_MAGIC_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.CAPTURED_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.DEFAULT_TSRESOL;
import static io.sipsensor.capture.PcapngDescriptor.ENHANCED_PACKET_BLOCK;
import static io.sipsensor.capture.PcapngDescriptor.ENHANCED_PACKET_MIN_LENGTH;
import static io.sipsensor.capture.PcapngDescriptor.INTERFACE_DESCRIPTION_BLOCK;
import static io.sipsensor.capture.PcapngDescriptor.INTERFACE_DESCRIPTION_MIN_LENGTH;
import static io.sipsensor.capture.PcapngDescriptor.INTERFACE_ID_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.INTERFACE_OPTIONS_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.LINK_TYPE_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.MAJOR_VERSION;
import static io.sipsensor.capture.PcapngDescriptor.MAJOR_VERSION_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.MIN_BLOCK_LENGTH;
import static io.sipsensor.capture.PcapngDescriptor.MINOR_VERSION_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.OPTION_END;
import static io.sipsensor.capture.PcapngDescriptor.OPTION_HEADER_LENGTH;
import static io.sipsensor.capture.PcapngDescriptor.OPTION_IF_TSOFFSET;
import static io.sipsensor.capture.PcapngDescriptor.OPTION_IF_TSRESOL;
import static io.sipsensor.capture.PcapngDescriptor.ORIGINAL_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.PACKET_BLOCK;
import static io.sipsensor.capture.PcapngDescriptor.PACKET_DATA_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.SECTION_HEADER_BLOCK;
import static io.sipsensor.capture.PcapngDescriptor.SECTION_HEADER_MIN_LENGTH;
import static io.sipsensor.capture.PcapngDescriptor.SIMPLE_ORIGINAL_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.SIMPLE_PACKET_BLOCK;
import static io.sipsensor.capture.PcapngDescriptor.SIMPLE_PACKET_DATA_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.SIMPLE_PACKET_MIN_LENGTH;
import static io.sipsensor.capture.PcapngDescriptor.SNAP_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.TIMESTAMP_HIGH_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.TIMESTAMP_LOW_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.TOTAL_LENGTH_OFFSET;

/**
 * The format logic of pcapng (see {@link PcapngDescriptor}), apart from where the bytes come from: the mapped and
 * the gzip readers frame each block with {@link #frame}, then hand a read block whole to {@link #read}, or skip it
 * by its length and check its trailing length with {@link #trailerMatches}. Keeps the state a file carries from
 * block to block: the current section's byte order and interfaces, and the time of the last timestamped packet.
 * <p>
 * Simple Packet Blocks carry no time: each gets the time of the last Enhanced (or obsolete) Packet Block before it
 * in the file, or 0 (the epoch) if there was none, and is counted in {@code pcapng_simple_packets}. They belong to
 * interface 0 of their section, as the format says.
 * <p>
 * Damage is a result code, never an exception: {@link #CORRUPT} with a description in {@link #problem()} (text is
 * made only then). Owned by one reader's thread; nothing allocates per packet.
 */
final class PcapngBlockParser
{
    /** The block is a packet: see {@link #linkType()}, {@link #dataOffset()} and the other accessors. */
    static final int PACKET = 0;
    /** The block is not a packet (a section header, an interface description). */
    static final int OTHER = 1;
    /** The block is damaged: see {@link #problem()}. */
    static final int CORRUPT = 2;

    private final PcapngInterfaces interfaces = new PcapngInterfaces();
    private final PcapngCounters counters;

    private ByteOrder order;
    private ByteOrder blockOrder;
    private int type;
    private String problem;
    private long lastTimestampNs;

    private int linkType;
    private int dataOffset;
    private int capturedLength;
    private int originalLength;
    private long timestampNs;

    PcapngBlockParser(final PcapngCounters counters)
    {
        this.counters = counters;
    }

    /**
     * Reads the type and total length of the block whose first {@link PcapngDescriptor#MIN_BLOCK_LENGTH} bytes are
     * at {@code offset} (a Section Header Block tells its own byte order; other blocks use the section's).
     *
     * @return the block's total length (at least 12, a multiple of 4), or -1 if the header is corrupt.
     */
    long frame(final DirectBuffer buffer, final int offset)
    {
        final int raw = buffer.getInt(offset, ByteOrder.BIG_ENDIAN);
        if (raw == SECTION_HEADER_BLOCK)
        {
            type = SECTION_HEADER_BLOCK;
            final int magic = buffer.getInt(offset + BYTE_ORDER_MAGIC_OFFSET, ByteOrder.BIG_ENDIAN);
            if (magic == BYTE_ORDER_MAGIC)
            {
                blockOrder = ByteOrder.BIG_ENDIAN;
            }
            else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC))
            {
                blockOrder = ByteOrder.LITTLE_ENDIAN;
            }
            else
            {
                problem = String.format("section header block (byte-order magic 0x%08x)", magic);
                return -1;
            }
        }
        else if (order == null)
        {
            type = raw;
            problem = String.format("first block (type 0x%08x, not a section header block)", raw);
            return -1;
        }
        else
        {
            blockOrder = order;
            type = order == ByteOrder.BIG_ENDIAN ? raw : Integer.reverseBytes(raw);
        }

        final long length = buffer.getInt(offset + TOTAL_LENGTH_OFFSET, blockOrder) & 0xFFFF_FFFFL;
        if (length < MIN_BLOCK_LENGTH || (length & 3) != 0)
        {
            problem = PcapngDescriptor.name(type) + " (total length " + length + ")";
            return -1;
        }
        return length;
    }

    /**
     * @return type of the block framed last.
     */
    int type()
    {
        return type;
    }

    /**
     * Reads a block framed by {@link #frame} whose body is needed ({@link PcapngDescriptor#isRead}), with all of its
     * {@code length} bytes present from {@code offset}.
     *
     * @return {@link #PACKET}, {@link #OTHER} or {@link #CORRUPT}.
     */
    int read(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!trailerMatches(buffer.getInt(offset + length - 4, blockOrder), length))
        {
            return CORRUPT;
        }
        return switch (type)
        {
            case SECTION_HEADER_BLOCK -> sectionHeader(buffer, offset, length);
            case INTERFACE_DESCRIPTION_BLOCK -> interfaceDescription(buffer, offset, length);
            case ENHANCED_PACKET_BLOCK -> packet(buffer, offset, length,
                buffer.getInt(offset + INTERFACE_ID_OFFSET, blockOrder) & 0xFFFF_FFFFL, ENHANCED_PACKET_MIN_LENGTH);
            case PACKET_BLOCK -> packet(buffer, offset, length,
                buffer.getShort(offset + INTERFACE_ID_OFFSET, blockOrder) & 0xFFFF, ENHANCED_PACKET_MIN_LENGTH);
            case SIMPLE_PACKET_BLOCK -> simplePacket(buffer, offset, length);
            default -> OTHER;
        };
    }

    /**
     * Checks the trailing copy of the total length (the last 4 bytes of the block, in the block's byte order).
     *
     * @param trailingLength the last 4 bytes of the block as an int in {@link #blockOrder()}.
     * @param length         the total length from the block's header.
     * @return true if they agree; false sets {@link #problem()}.
     */
    boolean trailerMatches(final int trailingLength, final long length)
    {
        if ((trailingLength & 0xFFFF_FFFFL) != length)
        {
            problem = PcapngDescriptor.name(type) + " (trailing length " + (trailingLength & 0xFFFF_FFFFL) +
                " differs from total length " + length + ")";
            return false;
        }
        return true;
    }

    /**
     * A block that is not read was skipped by its length.
     */
    void skipped()
    {
        counters.blockSkipped();
    }

    /**
     * @return byte order of the block framed last.
     */
    ByteOrder blockOrder()
    {
        return blockOrder;
    }

    /**
     * @return what is wrong with the block, after {@link #CORRUPT} or a framing failure.
     */
    String problem()
    {
        return problem;
    }

    int linkType()
    {
        return linkType;
    }

    /**
     * @return offset of the packet's first byte in the buffer given to {@link #read}.
     */
    int dataOffset()
    {
        return dataOffset;
    }

    int capturedLength()
    {
        return capturedLength;
    }

    int originalLength()
    {
        return originalLength;
    }

    long timestampNs()
    {
        return timestampNs;
    }

    private int sectionHeader(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < SECTION_HEADER_MIN_LENGTH)
        {
            return tooShort(length, SECTION_HEADER_MIN_LENGTH);
        }
        final int major = buffer.getShort(offset + MAJOR_VERSION_OFFSET, blockOrder) & 0xFFFF;
        if (major != MAJOR_VERSION)
        {
            problem = "section header block (version " + major + "." +
                (buffer.getShort(offset + MINOR_VERSION_OFFSET, blockOrder) & 0xFFFF) + ")";
            return CORRUPT;
        }
        order = blockOrder;
        interfaces.clear();
        return OTHER;
    }

    private int interfaceDescription(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < INTERFACE_DESCRIPTION_MIN_LENGTH)
        {
            return tooShort(length, INTERFACE_DESCRIPTION_MIN_LENGTH);
        }
        final int interfaceLinkType = buffer.getShort(offset + LINK_TYPE_OFFSET, blockOrder) & 0xFFFF;
        final int snapLength = buffer.getInt(offset + SNAP_LENGTH_OFFSET, blockOrder);
        int tsresol = DEFAULT_TSRESOL;
        long offsetSeconds = 0;

        // Options that run past the block end the walk: the interface keeps what was read before them.
        final int end = offset + length - 4;
        int position = offset + INTERFACE_OPTIONS_OFFSET;
        while (position + OPTION_HEADER_LENGTH <= end)
        {
            final int code = buffer.getShort(position, blockOrder) & 0xFFFF;
            final int valueLength = buffer.getShort(position + 2, blockOrder) & 0xFFFF;
            final int value = position + OPTION_HEADER_LENGTH;
            if (code == OPTION_END || value + valueLength > end)
            {
                break;
            }
            if (code == OPTION_IF_TSRESOL && valueLength >= 1)
            {
                tsresol = buffer.getByte(value) & 0xFF;
            }
            else if (code == OPTION_IF_TSOFFSET && valueLength >= 8)
            {
                offsetSeconds = buffer.getLong(value, blockOrder);
            }
            position = value + PcapngDescriptor.padded(valueLength);
        }

        if (!interfaces.add(interfaceLinkType, snapLength, tsresol, offsetSeconds))
        {
            problem = interfaces.count() == PcapngInterfaces.MAX_INTERFACES ?
                "interface description block (more than " + PcapngInterfaces.MAX_INTERFACES + " interfaces)" :
                String.format("interface description block (if_tsresol 0x%02x not supported)", tsresol);
            return CORRUPT;
        }
        return OTHER;
    }

    private int packet(
        final DirectBuffer buffer, final int offset, final int length, final long interfaceId, final int minLength)
    {
        if (length < minLength)
        {
            return tooShort(length, minLength);
        }
        if (interfaceId >= interfaces.count())
        {
            problem = PcapngDescriptor.name(type) + " (interface " + interfaceId + ", but " + interfaces.count() +
                " described)";
            return CORRUPT;
        }
        final int captured = buffer.getInt(offset + CAPTURED_LENGTH_OFFSET, blockOrder);
        if (captured < 0 || captured > PcapDescriptor.MAX_CAPTURED_LENGTH)
        {
            problem = PcapngDescriptor.name(type) + " (captured length " + (captured & 0xFFFF_FFFFL) + " > " +
                PcapDescriptor.MAX_CAPTURED_LENGTH + ")";
            return CORRUPT;
        }
        if (PACKET_DATA_OFFSET + captured > length - 4)
        {
            problem = PcapngDescriptor.name(type) + " (captured length " + captured + " beyond block length " +
                length + ")";
            return CORRUPT;
        }
        final int index = (int)interfaceId;
        final long units = (long)buffer.getInt(offset + TIMESTAMP_HIGH_OFFSET, blockOrder) << 32 |
            (buffer.getInt(offset + TIMESTAMP_LOW_OFFSET, blockOrder) & 0xFFFF_FFFFL);
        timestampNs = interfaces.timestampNs(index, units);
        lastTimestampNs = timestampNs;
        linkType = interfaces.linkType(index);
        capturedLength = captured;
        originalLength = clamp(buffer.getInt(offset + ORIGINAL_LENGTH_OFFSET, blockOrder) & 0xFFFF_FFFFL);
        dataOffset = offset + PACKET_DATA_OFFSET;
        return PACKET;
    }

    private int simplePacket(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < SIMPLE_PACKET_MIN_LENGTH)
        {
            return tooShort(length, SIMPLE_PACKET_MIN_LENGTH);
        }
        if (interfaces.count() == 0)
        {
            problem = "simple packet block (no interface described)";
            return CORRUPT;
        }
        final long original = buffer.getInt(offset + SIMPLE_ORIGINAL_LENGTH_OFFSET, blockOrder) & 0xFFFF_FFFFL;
        long captured = Math.min(original, length - SIMPLE_PACKET_MIN_LENGTH);
        final int snapLength = interfaces.snapLength(0);
        if (snapLength > 0)
        {
            captured = Math.min(captured, snapLength);
        }
        if (captured > PcapDescriptor.MAX_CAPTURED_LENGTH)
        {
            problem = "simple packet block (captured length " + captured + " > " +
                PcapDescriptor.MAX_CAPTURED_LENGTH + ")";
            return CORRUPT;
        }
        counters.simplePacket();
        timestampNs = lastTimestampNs;
        linkType = interfaces.linkType(0);
        capturedLength = (int)captured;
        originalLength = clamp(original);
        dataOffset = offset + SIMPLE_PACKET_DATA_OFFSET;
        return PACKET;
    }

    private int tooShort(final int length, final int minLength)
    {
        problem = PcapngDescriptor.name(type) + " (total length " + length + " < " + minLength + ")";
        return CORRUPT;
    }

    private static int clamp(final long unsignedLength)
    {
        return (int)Math.min(unsignedLength, Integer.MAX_VALUE);
    }
}
