package io.sipsensor.capture;

/**
 * Layout of the pcapng format (draft-ietf-opsawg-pcapng): a file is a sequence of blocks, each framed by its type
 * and total length, with the length repeated at the end so the file can be walked both ways. A Section Header
 * Block starts every section; its byte-order magic tells the byte order of every field up to the next section.
 * Interface Description Blocks number the section's interfaces from 0; packet blocks name their interface.
 * <pre>
 *   Every block                               Section Header Block (type 0A0D0D0A, the same in both orders)
 *   +---------------------------------+       +---------------------------------+
 *   | Block type                      |  0    | 0A 0D 0D 0A                     |  0
 *   | Block total length (bytes)      |  4    | Block total length              |  4
 *   | Body ... (padded to 32 bits)    |  8    | Byte-order magic 1A2B3C4D       |  8
 *   | Block total length (again)      | -4    | Major (1)       | Minor (0)     | 12
 *   +---------------------------------+       | Section length (64 bits, -1)    | 16
 *                                             | Options ...                     | 24
 *   Interface Description Block (type 1)      +---------------------------------+
 *   | LinkType        | Reserved      |  8
 *   | SnapLen                         | 12    Options: code (16 bits), length (16 bits), value padded to 32
 *   | Options ...                     | 16    bits; code 0 ends them. if_tsresol (9): 1 byte, units of
 *                                             10^-n s, or 2^-n s when the top bit is set (default 6).
 *   Enhanced Packet Block (type 6)            if_tsoffset (14): 64-bit signed seconds added to every time.
 *   | Interface ID                    |  8
 *   | Timestamp (upper 32 bits)       | 12    Simple Packet Block (type 3): no interface (it is 0), no time
 *   | Timestamp (lower 32 bits)       | 16    | Original packet length          |  8
 *   | Captured packet length          | 20    | Packet data ...                 | 12
 *   | Original packet length          | 24    Captured = min(original, SnapLen if not 0, total length - 16).
 *   | Packet data ... , options       | 28
 *                                             Packet Block (type 2, obsolete): as the Enhanced Packet Block, but
 *   Timestamps count units of the             a 16-bit Interface ID and a 16-bit drops count at 8.
 *   interface's if_tsresol since 1970.
 * </pre>
 */
final class PcapngDescriptor
{
    static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    static final int PACKET_BLOCK = 2;
    static final int SIMPLE_PACKET_BLOCK = 3;
    static final int ENHANCED_PACKET_BLOCK = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    /** Type and total length: enough to frame any block once the byte order is known. */
    static final int BLOCK_HEADER_LENGTH = 8;
    /** Smallest block: type, length, trailing length. Also what framing reads (a Section Header needs 12). */
    static final int MIN_BLOCK_LENGTH = 12;
    static final int TYPE_OFFSET = 0;
    static final int TOTAL_LENGTH_OFFSET = 4;

    static final int BYTE_ORDER_MAGIC_OFFSET = 8;
    static final int MAJOR_VERSION_OFFSET = 12;
    static final int MINOR_VERSION_OFFSET = 14;
    static final int SECTION_LENGTH_OFFSET = 16;
    static final int SECTION_HEADER_MIN_LENGTH = 28;
    static final int MAJOR_VERSION = 1;

    static final int LINK_TYPE_OFFSET = 8;
    static final int SNAP_LENGTH_OFFSET = 12;
    static final int INTERFACE_OPTIONS_OFFSET = 16;
    static final int INTERFACE_DESCRIPTION_MIN_LENGTH = 20;

    static final int INTERFACE_ID_OFFSET = 8;
    static final int TIMESTAMP_HIGH_OFFSET = 12;
    static final int TIMESTAMP_LOW_OFFSET = 16;
    static final int CAPTURED_LENGTH_OFFSET = 20;
    static final int ORIGINAL_LENGTH_OFFSET = 24;
    static final int PACKET_DATA_OFFSET = 28;
    static final int ENHANCED_PACKET_MIN_LENGTH = 32;

    static final int SIMPLE_ORIGINAL_LENGTH_OFFSET = 8;
    static final int SIMPLE_PACKET_DATA_OFFSET = 12;
    static final int SIMPLE_PACKET_MIN_LENGTH = 16;

    static final int OPTION_END = 0;
    static final int OPTION_IF_TSRESOL = 9;
    static final int OPTION_IF_TSOFFSET = 14;
    static final int OPTION_HEADER_LENGTH = 4;
    /** if_tsresol when the option is absent: microseconds. */
    static final int DEFAULT_TSRESOL = 6;

    /**
     * Largest block whose body is read (section headers, interface descriptions and packet blocks); anything larger
     * is corrupt. Other blocks are skipped by their length, whatever it is.
     */
    static final int MAX_READ_BLOCK_LENGTH = 1 << 20;

    private PcapngDescriptor()
    {
    }

    /**
     * @param type block type.
     * @return whether the reader needs the block's body (otherwise it is skipped by its length).
     */
    static boolean isRead(final int type)
    {
        return type == SECTION_HEADER_BLOCK || type == INTERFACE_DESCRIPTION_BLOCK || type == ENHANCED_PACKET_BLOCK ||
            type == SIMPLE_PACKET_BLOCK || type == PACKET_BLOCK;
    }

    /**
     * @param type block type.
     * @return the block's name for problem messages.
     */
    static String name(final int type)
    {
        return switch (type)
        {
            case SECTION_HEADER_BLOCK -> "section header block";
            case INTERFACE_DESCRIPTION_BLOCK -> "interface description block";
            case ENHANCED_PACKET_BLOCK -> "enhanced packet block";
            case SIMPLE_PACKET_BLOCK -> "simple packet block";
            case PACKET_BLOCK -> "packet block";
            default -> String.format("block of type 0x%08x", type);
        };
    }

    /**
     * @param length a length in bytes.
     * @return the length rounded up to a multiple of 4.
     */
    static int padded(final int length)
    {
        return (length + 3) & ~3;
    }
}
