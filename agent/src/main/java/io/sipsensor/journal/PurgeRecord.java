package io.sipsensor.journal;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static io.sipsensor.journal.CdrRecordDescriptor.FIXED_LENGTH;
import static io.sipsensor.journal.CdrRecordDescriptor.FIXED_LENGTH_OFFSET;
import static io.sipsensor.journal.CdrRecordDescriptor.JOURNAL_INDEX_OFFSET;
import static io.sipsensor.journal.CdrRecordDescriptor.VERSION_OFFSET;

/**
 * A purge written into the journal itself, so the purge list ({@code journal-purges.json}, a cache) can be rebuilt
 * from the journal when it is lost or damaged: deleting it must not bring purged legs back. It shares the CDR
 * record's frame (version, fixed length, CRC-32C and journal index at the same offsets, stamped by
 * {@link Journal#append}) with its own version number, which CDR readers skip.
 * <pre>
 *   0  version (u16, {@link #VERSION}) | fixed length (u16, 128) | id_sensor or -1 (int) @4
 *   8  before index (long; {@link #BEFORE_SELF}: records before this one) | 16 from (ns) | 24 to (ns)
 *   112 CRC-32C | 116 reserved | 120 journal index | 128 u16 length, reason (UTF-8)
 * </pre>
 */
public final class PurgeRecord
{
    /** Version number of a purge record (never a CDR record version). */
    public static final int VERSION = 0x5002;
    /** Before index meaning "every record journaled before this purge record". */
    public static final long BEFORE_SELF = -2;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int ID_SENSOR_OFFSET = 4;
    private static final int BEFORE_OFFSET = 8;
    private static final int FROM_OFFSET = 16;
    private static final int TO_OFFSET = 24;
    private static final int MAX_REASON = 512;

    private PurgeRecord()
    {
    }

    /**
     * @param buffer to write into (at least {@link CdrRecordDescriptor#MAX_RECORD_LENGTH} bytes).
     * @param purge  the purge; its before index may be {@link #BEFORE_SELF}.
     * @return bytes written.
     */
    static int encode(final MutableDirectBuffer buffer, final Purges.Purge purge)
    {
        buffer.setMemory(0, FIXED_LENGTH, (byte)0);
        buffer.putShort(VERSION_OFFSET, (short)VERSION, ORDER);
        buffer.putShort(FIXED_LENGTH_OFFSET, (short)FIXED_LENGTH, ORDER);
        buffer.putInt(ID_SENSOR_OFFSET, purge.idSensor(), ORDER);
        buffer.putLong(BEFORE_OFFSET, purge.beforeIndex(), ORDER);
        buffer.putLong(FROM_OFFSET, purge.fromNs(), ORDER);
        buffer.putLong(TO_OFFSET, purge.toNs(), ORDER);
        final byte[] reason = purge.reason().getBytes(StandardCharsets.UTF_8);
        final int length = Math.min(reason.length, MAX_REASON);
        buffer.putShort(FIXED_LENGTH, (short)length, ORDER);
        buffer.putBytes(FIXED_LENGTH + 2, reason, 0, length);
        return FIXED_LENGTH + 2 + length;
    }

    /**
     * @param record a verified record (checksum checked) from offset 0.
     * @param length its length.
     * @return true if it is a purge record.
     */
    static boolean is(final byte[] record, final int length)
    {
        return length >= FIXED_LENGTH + 2 && RecordChecksum.version(record) == VERSION;
    }

    /**
     * @param record a verified purge record from offset 0.
     * @param length its length.
     * @return the purge, its before index resolved.
     */
    static Purges.Purge decode(final byte[] record, final int length)
    {
        final long before = RecordChecksum.getLong(record, BEFORE_OFFSET);
        final int reasonLength = Math.min(RecordChecksum.getShort(record, FIXED_LENGTH), length - FIXED_LENGTH - 2);
        return new Purges.Purge(
            before == BEFORE_SELF ? RecordChecksum.getLong(record, JOURNAL_INDEX_OFFSET) : before,
            RecordChecksum.getLong(record, FROM_OFFSET), RecordChecksum.getLong(record, TO_OFFSET),
            RecordChecksum.getInt(record, ID_SENSOR_OFFSET),
            new String(record, FIXED_LENGTH + 2, Math.max(0, reasonLength), StandardCharsets.UTF_8));
    }

    /**
     * @param record a purge record from offset 0.
     * @return its stored before index (maybe {@link #BEFORE_SELF}).
     */
    static long before(final byte[] record)
    {
        return RecordChecksum.getLong(record, BEFORE_OFFSET);
    }

    /**
     * @param record a purge record from offset 0.
     * @param before the before index to store.
     */
    static void before(final byte[] record, final long before)
    {
        RecordChecksum.putLong(record, BEFORE_OFFSET, before);
    }
}
