package io.sipsensor.journal;

import java.util.zip.CRC32C;

import static io.sipsensor.journal.CdrRecordDescriptor.CHECKSUM_OFFSET;
import static io.sipsensor.journal.CdrRecordDescriptor.FIXED_LENGTH;
import static io.sipsensor.journal.CdrRecordDescriptor.FIXED_LENGTH_OFFSET;
import static io.sipsensor.journal.CdrRecordDescriptor.VERSION_OFFSET;

/**
 * The CRC-32C of a version 2 CDR record ({@link CdrRecordDescriptor}): over the whole record with the checksum
 * field taken as zero. Works on a record copied into a byte array (the journal copies every record it writes or
 * reads). One instance per thread; allocates nothing.
 */
public final class RecordChecksum
{
    private final CRC32C crc = new CRC32C();

    /**
     * Stamps the checksum into a version 2 record.
     *
     * @param record holding the record from offset 0.
     * @param length of the record.
     */
    void stamp(final byte[] record, final int length)
    {
        putInt(record, CHECKSUM_OFFSET, 0);
        putInt(record, CHECKSUM_OFFSET, compute(record, length));
    }

    /**
     * @param record holding the record from offset 0.
     * @param length of the record.
     * @return true for a version 2 record whose checksum matches; false for any other (version 1 included).
     */
    public boolean verify(final byte[] record, final int length)
    {
        if (length < FIXED_LENGTH || getShort(record, VERSION_OFFSET) < 2 ||
            getShort(record, FIXED_LENGTH_OFFSET) < FIXED_LENGTH || getShort(record, FIXED_LENGTH_OFFSET) > length)
        {
            return false;
        }
        final int stored = getInt(record, CHECKSUM_OFFSET);
        putInt(record, CHECKSUM_OFFSET, 0);
        final int actual = compute(record, length);
        putInt(record, CHECKSUM_OFFSET, stored);
        return stored == actual;
    }

    /**
     * @param record holding the record from offset 0.
     * @return the record's version (1 or 2 for a readable one).
     */
    static int version(final byte[] record)
    {
        return getShort(record, VERSION_OFFSET);
    }

    private int compute(final byte[] record, final int length)
    {
        crc.reset();
        crc.update(record, 0, length);
        return (int)crc.getValue();
    }

    static int getShort(final byte[] b, final int i)
    {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    static int getInt(final byte[] b, final int i)
    {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    static long getLong(final byte[] b, final int i)
    {
        return (getInt(b, i) & 0xFFFF_FFFFL) | (long)getInt(b, i + 4) << 32;
    }

    static void putInt(final byte[] b, final int i, final int value)
    {
        b[i] = (byte)value;
        b[i + 1] = (byte)(value >>> 8);
        b[i + 2] = (byte)(value >>> 16);
        b[i + 3] = (byte)(value >>> 24);
    }

    static void putLong(final byte[] b, final int i, final long value)
    {
        putInt(b, i, (int)value);
        putInt(b, i + 4, (int)(value >>> 32));
    }
}
