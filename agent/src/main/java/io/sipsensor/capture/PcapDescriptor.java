package io.sipsensor.capture;

import java.nio.ByteOrder;

/**
 * Layout of the classic pcap file format (the tcpdump/libpcap format, draft-ietf-opsawg-pcap): a file header,
 * then records, each a record header and the captured bytes of one frame. Every field is in the byte order of
 * the writer, told by how the magic number reads.
 * <pre>
 *   File header (24 bytes)
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |   Magic: A1B2C3D4 (microsecond) or A1B23C4D (nanosecond)       |  0
 *   +-------------------------------+-------------------------------+
 *   |       Major version (2)       |       Minor version (4)       |  4
 *   +-------------------------------+-------------------------------+
 *   |                  Reserved (time zone, 0)                      |  8
 *   |                  Reserved (sigfigs, 0)                        | 12
 *   |                  Snap length                                  | 16
 *   | FCS bits / reserved           |  Link type (LINKTYPE_*)       | 20
 *   +-------------------------------+-------------------------------+
 *   Record header (16 bytes), then captured-length bytes of frame
 *   +---------------------------------------------------------------+
 *   |                  Timestamp, seconds (unsigned)                |  0
 *   |                  Timestamp, microseconds or nanoseconds       |  4
 *   |                  Captured length                              |  8
 *   |                  Original length                              | 12
 *   +---------------------------------------------------------------+
 *   |                  Frame bytes ...                              | 16
 * </pre>
 * Other formats are told apart by their first bytes: gzip {@code 1F 8B}, pcapng {@code 0A 0D 0D 0A}.
 */
public final class PcapDescriptor
{
    /** Magic of a microsecond pcap, as read in the writer's byte order. */
    public static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
    /** Magic of a nanosecond pcap, as read in the writer's byte order. */
    public static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
    /** The first four bytes of a pcapng file (Section Header Block type, the same in both byte orders). */
    public static final int MAGIC_PCAPNG = 0x0A0D0D0A;
    /** The first two bytes of gzip data, read big-endian. */
    public static final int MAGIC_GZIP = 0x1F8B;

    public static final int FILE_HEADER_LENGTH = 24;
    public static final int VERSION_MAJOR_OFFSET = 4;
    public static final int VERSION_MINOR_OFFSET = 6;
    public static final int SNAP_LENGTH_OFFSET = 16;
    public static final int LINK_TYPE_OFFSET = 20;

    public static final int RECORD_HEADER_LENGTH = 16;
    public static final int SECONDS_OFFSET = 0;
    public static final int FRACTION_OFFSET = 4;
    public static final int CAPTURED_LENGTH_OFFSET = 8;
    public static final int ORIGINAL_LENGTH_OFFSET = 12;

    public static final int VERSION_MAJOR = 2;
    public static final int VERSION_MINOR = 4;

    /**
     * Largest captured length a record may claim before the file is treated as corrupt (262144 bytes, the
     * limit tcpdump and Wireshark use for ordinary link types). Record lengths above it are garbage in practice.
     */
    public static final int MAX_CAPTURED_LENGTH = 262_144;

    private PcapDescriptor()
    {
    }

    /**
     * @param firstFourBytesBigEndian the first 4 bytes of a file read as a big-endian int.
     * @return byte order of the pcap file, or null if the bytes are not a pcap magic number.
     */
    public static ByteOrder byteOrder(final int firstFourBytesBigEndian)
    {
        if (firstFourBytesBigEndian == MAGIC_MICROSECONDS || firstFourBytesBigEndian == MAGIC_NANOSECONDS)
        {
            return ByteOrder.BIG_ENDIAN;
        }
        final int swapped = Integer.reverseBytes(firstFourBytesBigEndian);
        if (swapped == MAGIC_MICROSECONDS || swapped == MAGIC_NANOSECONDS)
        {
            return ByteOrder.LITTLE_ENDIAN;
        }
        return null;
    }

    /**
     * @param firstFourBytesBigEndian the first 4 bytes of a pcap file read as a big-endian int.
     * @return true for nanosecond timestamps, false for microseconds.
     */
    public static boolean isNanosecond(final int firstFourBytesBigEndian)
    {
        return firstFourBytesBigEndian == MAGIC_NANOSECONDS ||
            Integer.reverseBytes(firstFourBytesBigEndian) == MAGIC_NANOSECONDS;
    }

    /**
     * @param seconds    record seconds field (read as an int; treated as unsigned).
     * @param fraction   record microseconds or nanoseconds field (treated as unsigned).
     * @param nanosecond whether the fraction is in nanoseconds.
     * @return nanoseconds since the epoch.
     */
    public static long timestampNs(final int seconds, final int fraction, final boolean nanosecond)
    {
        final long fractionNs = nanosecond ? (fraction & 0xFFFF_FFFFL) : (fraction & 0xFFFF_FFFFL) * 1000L;
        return (seconds & 0xFFFF_FFFFL) * 1_000_000_000L + fractionNs;
    }

    /**
     * @param linkTypeField the 32-bit link type field of the file header.
     * @return the LINKTYPE_ value (low 16 bits; the upper bits carry FCS information).
     */
    public static int linkType(final int linkTypeField)
    {
        return linkTypeField & 0xFFFF;
    }
}
