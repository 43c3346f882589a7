package io.sipsensor.call;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The calls in progress of a live run, saved so that the next start continues them: at a clean stop and, as a
 * checkpoint, every {@code calls_checkpoint_interval} while running (so a crash loses at most that much). Each entry
 * is a call's whole {@link CallStore} record (its stop instant in the end field), its long Call-ID if it has one, and
 * a CRC-32C of both; the header carries a version, the record length and its own CRC.
 * <pre>
 *   header (64 bytes): magic "SSCALLS1" | version (int) @8 | record length (int) @12 | entries (int) @16 |
 *                      kind (int) @20: 1 stop, 2 checkpoint | written at, ns since the epoch (long) @24 |
 *                      id_sensor (int) @32 | unused | CRC-32C of bytes [0, 60) (int) @60
 *   entry:             record (RECORD_LENGTH bytes) | long Call-ID length (int, 0 none) | its bytes |
 *                      CRC-32C of the record, the length and the bytes (int)
 * </pre>
 * Little-endian. The owning tracker's thread fills it ({@link CallTracker#saveOpenCalls}): a copy of each record
 * into a buffer kept from one save to the next, so a checkpoint in steady state allocates nothing on that thread.
 * Another thread then {@link #writeTo writes} it (CRCs, header, a file beside the target forced to disk and
 * renamed over it): a crash leaves the previous file or the new one, never a mix.
 */
public final class SavedCalls
{
    /** What {@link #kind()} says: saved at a clean stop. */
    public static final int KIND_STOP = 1;
    /** What {@link #kind()} says: a periodic checkpoint while running. */
    public static final int KIND_CHECKPOINT = 2;

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    static final long MAGIC = 0x314C_4C41_4353_5353L; // "SSCALLS1" little endian
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 64;
    private static final int VERSION_OFFSET = 8;
    private static final int RECORD_LENGTH_OFFSET = 12;
    private static final int COUNT_OFFSET = 16;
    private static final int KIND_OFFSET = 20;
    private static final int WRITTEN_AT_OFFSET = 24;
    private static final int ID_SENSOR_OFFSET = 32;
    private static final int HEADER_CRC_OFFSET = 60;

    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(HEADER_LENGTH + 64 * 1024);
    private final CRC32C crc = new CRC32C();
    private int length = HEADER_LENGTH;
    private int count;
    private int kind;
    private long writtenAtNs;
    private int idSensor;

    /**
     * Starts a new save (tracking thread).
     *
     * @param kind     {@link #KIND_STOP} or {@link #KIND_CHECKPOINT}.
     * @param nowNs    when: the stop instant of the calls saved.
     * @param idSensor the sensor's id.
     */
    void begin(final int kind, final long nowNs, final int idSensor)
    {
        this.kind = kind;
        this.writtenAtNs = nowNs;
        this.idSensor = idSensor;
        this.length = HEADER_LENGTH;
        this.count = 0;
    }

    /**
     * Appends a call (tracking thread): its record, with the end field set to its stop instant.
     */
    void append(final CallStore store, final int slot, final LongCallIds longCallIds, final long stopNs,
        final byte[] scratch)
    {
        final int longLength = Math.max(0, longCallIds.copy(slot, scratch));
        final int entry = CallStore.RECORD_LENGTH + 4 + longLength + 4;
        buffer.checkLimit(length + entry);
        buffer.putBytes(length, store.chunk(slot), CallStore.base(slot), CallStore.RECORD_LENGTH);
        buffer.putLong(length + CallStore.END, stopNs); // the record's own (native) order
        buffer.putInt(length + CallStore.RECORD_LENGTH, longLength, ORDER);
        buffer.putBytes(length + CallStore.RECORD_LENGTH + 4, scratch, 0, longLength);
        buffer.putInt(length + entry - 4, 0, ORDER); // the CRC, set by the writing thread
        length += entry;
        count++;
    }

    /** @return entries in this save. */
    public int count()
    {
        return count;
    }

    /** @return {@link #KIND_STOP} or {@link #KIND_CHECKPOINT}. */
    public int kind()
    {
        return kind;
    }

    /** @return when it was saved, ns since the epoch. */
    public long writtenAtNs()
    {
        return writtenAtNs;
    }

    /** @return bytes of the file this save makes. */
    public int length()
    {
        return length;
    }

    /**
     * Shows each saved call, as a leg ending at its stop instant, to an action (e.g. to count it in the channel
     * statistics of the hour the run stopped in). Any thread that owns this save.
     *
     * @param view   the view to fill (its long Call-ID is not loaded).
     * @param action called per call.
     */
    public void forEach(final CallState view, final java.util.function.Consumer<CallState> action)
    {
        int offset = HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            view.load(buffer, offset);
            action.accept(view);
            offset += entryLength(buffer, offset);
        }
    }

    /**
     * Adds the checks and writes the file atomically (any thread but the tracking thread, once it handed this over).
     *
     * @param target the saved-calls file; its folder is created if needed.
     * @throws IOException if it cannot be written (the previous file, if any, is then unchanged).
     */
    public void writeTo(final Path target) throws IOException
    {
        buffer.putLong(0, MAGIC, ORDER);
        buffer.putInt(VERSION_OFFSET, VERSION, ORDER);
        buffer.putInt(RECORD_LENGTH_OFFSET, CallStore.RECORD_LENGTH, ORDER);
        buffer.putInt(COUNT_OFFSET, count, ORDER);
        buffer.putInt(KIND_OFFSET, kind, ORDER);
        buffer.putLong(WRITTEN_AT_OFFSET, writtenAtNs, ORDER);
        buffer.putInt(ID_SENSOR_OFFSET, idSensor, ORDER);
        buffer.setMemory(ID_SENSOR_OFFSET + 4, HEADER_CRC_OFFSET - ID_SENSOR_OFFSET - 4, (byte)0);
        buffer.putInt(HEADER_CRC_OFFSET, crc(buffer, 0, HEADER_CRC_OFFSET), ORDER);
        int offset = HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            final int entry = entryLength(buffer, offset);
            buffer.putInt(offset + entry - 4, crc(buffer, offset, entry - 4), ORDER);
            offset += entry;
        }

        Files.createDirectories(target.getParent());
        final Path temporary = target.resolveSibling(target.getFileName() + ".writing");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
        {
            final ByteBuffer bytes = buffer.byteBuffer().duplicate();
            bytes.limit(length).position(0);
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try
        {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Reads a saved-calls file, keeping every entry whose check holds.
     *
     * @param file the file.
     * @return what it holds, or null if there is no such file.
     * @throws IOException if it cannot be read.
     */
    public static Loaded read(final Path file) throws IOException
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        if (bytes.length < HEADER_LENGTH || buffer.getLong(0, ORDER) != MAGIC)
        {
            return new Loaded(buffer, new int[0], 0, 0, "it is not a saved-calls file or is cut short");
        }
        final int version = buffer.getInt(VERSION_OFFSET, ORDER);
        final int recordLength = buffer.getInt(RECORD_LENGTH_OFFSET, ORDER);
        if (version != VERSION || recordLength != CallStore.RECORD_LENGTH)
        {
            return new Loaded(buffer, new int[0], 0, 0, "it is of another version (" + version + ", records of " +
                recordLength + " bytes; this sensor reads version " + VERSION + ")");
        }
        final boolean headerSound =
            buffer.getInt(HEADER_CRC_OFFSET, ORDER) == crc(buffer, 0, HEADER_CRC_OFFSET);
        final int declared = headerSound ? buffer.getInt(COUNT_OFFSET, ORDER) : Integer.MAX_VALUE;
        final int[] offsets = new int[Math.max(0, Math.min(declared, bytes.length / CallStore.RECORD_LENGTH))];
        int kept = 0;
        int bad = 0;
        int offset = HEADER_LENGTH;
        int seen = 0;
        while (seen < declared && offset + CallStore.RECORD_LENGTH + 8 <= bytes.length)
        {
            final int entry = entryLength(buffer, offset);
            if (entry < 0 || offset + entry > bytes.length)
            {
                bad++;
                break;
            }
            if (buffer.getInt(offset + entry - 4, ORDER) == crc(buffer, offset, entry - 4) && kept < offsets.length)
            {
                offsets[kept++] = offset;
            }
            else
            {
                bad++;
            }
            offset += entry;
            seen++;
        }
        String damage = null;
        if (!headerSound)
        {
            damage = "its header is damaged";
        }
        else if (bad > 0 || seen < declared)
        {
            damage = (declared - kept) + " of its " + declared + " entries are damaged or missing";
        }
        else if (offset != bytes.length)
        {
            damage = "it has " + (bytes.length - offset) + " bytes after its last entry";
        }
        return new Loaded(buffer, offsets, kept, headerSound ? buffer.getLong(WRITTEN_AT_OFFSET, ORDER) : 0, damage);
    }

    private static int entryLength(final DirectBuffer buffer, final int offset)
    {
        final int longLength = buffer.getInt(offset + CallStore.RECORD_LENGTH, ORDER);
        if (longLength < 0 || longLength > LongCallIds.MAX_LENGTH)
        {
            return -1;
        }
        return CallStore.RECORD_LENGTH + 4 + longLength + 4;
    }

    private int crc(final ExpandableDirectByteBuffer buffer, final int offset, final int length)
    {
        crc.reset();
        final ByteBuffer bytes = buffer.byteBuffer().duplicate();
        bytes.limit(offset + length).position(offset);
        crc.update(bytes);
        return (int)crc.getValue();
    }

    private static int crc(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(buffer.byteArray(), offset, length);
        return (int)crc.getValue();
    }

    /**
     * What a saved-calls file held: the entries whose check holds, and what is wrong with the file if anything.
     *
     * @param buffer      the file's bytes.
     * @param offsets     where each sound entry starts.
     * @param count       sound entries.
     * @param writtenAtNs when it was written (0 if its header is damaged).
     * @param damage      null if the file is sound, else what is wrong, in words.
     */
    public record Loaded(UnsafeBuffer buffer, int[] offsets, int count, long writtenAtNs, String damage)
    {
        /** @return true if every entry it should hold was read. */
        public boolean sound()
        {
            return damage == null;
        }
    }
}
