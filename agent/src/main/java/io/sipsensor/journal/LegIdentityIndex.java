package io.sipsensor.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Which legs the journal already holds, by identity (sensor, Call-ID, start): a memory-mapped open-addressing table
 * of (identity hash, Chronicle index) so that reprocessing the same captures or importing the same CDRs twice
 * appends nothing. A hash hit is only a candidate: the caller checks the journal record at that index, so a hash
 * collision never drops a leg. The header records the last journal index whose identity is in the table; after a
 * crash the journal thread adds the records after it. Files are written with real zeros, never left sparse, so a
 * full disk can fail only when the table grows (then the old table stays in use).
 * <p>
 * Growing never stalls the journal thread for long: from half full a background thread writes and fills a table of
 * twice the size from a snapshot of this one, while the journal thread goes on using this one and logs what it
 * changes meanwhile; when the copy is ready the journal thread replays that short log into it and switches (a
 * rename and a mapping). Only if this table reaches {@value #GROW_FORCE_PERCENT}% first does the journal thread
 * wait for the copy (or grow itself if the background failed).
 * <pre>
 *   header (64 bytes): magic "SSLEGIDX" | version (int) | unused | capacity (long) @16 | size (long) @24 |
 *                      covered index (long) @32 | its complement (long) @40
 *   slots from byte 64: identity hash (long, 0 = empty) | check (16 bits) : Chronicle index (48 bits)
 * </pre>
 * The table is a cache of the journal, so it is trusted only when it checks out: opening reads every slot (a
 * version 2 slot carries a 16-bit check of its hash and index, the covered index must match its complement; what a kill
 * can leave, a half-written empty slot, is put right); on any doubt {@link #open} fails with
 * one line and the caller rebuilds the table from the journal. A flipped entry would otherwise make a leg look
 * new and be journaled twice.
 * Single writer (the journal thread).
 */
public final class LegIdentityIndex implements AutoCloseable
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final long MAGIC = 0x5844_4947_454C_5353L; // "SSLEGIDX" little endian
    private static final int VERSION = 2;
    private static final int HEADER_LENGTH = 64;
    private static final int SLOT_LENGTH = 16;
    private static final int CAPACITY_OFFSET = 16;
    private static final int SIZE_OFFSET = 24;
    private static final int COVERED_OFFSET = 32;
    private static final int COVERED_CHECK_OFFSET = 40;
    private static final long INDEX_MASK = (1L << 48) - 1;
    private static final int INITIAL_CAPACITY = 1 << 16;
    private static final int GROW_START_PERCENT = 50;
    private static final int GROW_FORCE_PERCENT = 80;

    /** Tells whether the journal record at an index is the leg being looked up. */
    @FunctionalInterface
    public interface Verifier
    {
        /**
         * @param chronicleIndex the candidate record.
         * @return true if it is the same leg (and still counts).
         */
        boolean matches(long chronicleIndex);
    }

    private final Path file;
    private Arena arena;
    private UnsafeBuffer buffer;
    private long capacity;
    private long mask;
    private long size;
    private Growth growth;
    /** The mapping of the table before the last growth: closed by the next growth's thread or at close. */
    private Arena retired;
    /** After a failed background growth, the size from which to try again. */
    private long retryGrowthAt;
    /** Changes made while a growth copies: (key, index, replaced index or -1) triples. */
    private long[] changes = new long[3 * 1024];
    private int changeCount;

    private LegIdentityIndex(final Path file)
    {
        this.file = file;
    }

    /**
     * Opens the table, creating an empty one if the file does not exist.
     *
     * @param file the table file.
     * @return the table.
     * @throws IOException if the file cannot be created, read or mapped, or is not a table.
     */
    public static LegIdentityIndex open(final Path file) throws IOException
    {
        final LegIdentityIndex index = new LegIdentityIndex(file);
        if (!Files.exists(file))
        {
            Files.createDirectories(file.getParent());
            final Path fresh = create(file.resolveSibling(file.getFileName() + ".new"), INITIAL_CAPACITY);
            move(fresh, file);
        }
        index.map();
        return index;
    }

    /** @return legs in the table. */
    public long size()
    {
        return size;
    }

    /** @return the last journal index whose identity is in the table, -1 if none. */
    public long covered()
    {
        return buffer.getLong(COVERED_OFFSET, ORDER);
    }

    /**
     * @param chronicleIndex the last journal index whose identity is now in the table.
     */
    public void covered(final long chronicleIndex)
    {
        buffer.putLong(COVERED_CHECK_OFFSET, ~chronicleIndex, ORDER);
        buffer.putLongVolatile(COVERED_OFFSET, chronicleIndex);
    }

    /**
     * @param identity identity hash ({@link #identity}).
     * @param verifier checks a candidate.
     * @return the Chronicle index of the verified record, or -1.
     */
    public long find(final long identity, final Verifier verifier)
    {
        final long key = identity == 0 ? 1 : identity;
        long slot = key & mask;
        while (true)
        {
            final long offset = HEADER_LENGTH + slot * SLOT_LENGTH;
            final long stored = buffer.getLong((int)offset, ORDER);
            if (stored == 0)
            {
                return -1;
            }
            if (stored == key)
            {
                final long chronicleIndex = buffer.getLong((int)offset + 8, ORDER) & INDEX_MASK;
                if (verifier.matches(chronicleIndex))
                {
                    return chronicleIndex;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * Records a leg, or points an existing entry for the same record at its replacement.
     *
     * @param identity       identity hash.
     * @param chronicleIndex where the leg is journaled.
     * @param replacing      the index of the record it replaces, or -1 for a new leg.
     * @throws IOException if the table must grow and cannot.
     */
    public void put(final long identity, final long chronicleIndex, final long replacing) throws IOException
    {
        final long key = identity == 0 ? 1 : identity;
        if (replacing >= 0)
        {
            final int entry = entryOffset(buffer, mask, key, replacing);
            if (entry >= 0)
            {
                buffer.putLong(entry + 8, pack(key, chronicleIndex), ORDER);
                logChange(key, chronicleIndex, replacing);
                return;
            }
        }
        if (growth == null && (size + 1) * 100 > capacity * GROW_START_PERCENT && size >= retryGrowthAt)
        {
            startGrowth();
        }
        if (growth != null && (growth.done || (size + 1) * 100 > capacity * GROW_FORCE_PERCENT))
        {
            finishGrowth();
        }
        if ((size + 1) * 100 > capacity * GROW_FORCE_PERCENT)
        {
            grow(); // the background growth failed: grow here, or say why not
        }
        insert(buffer, mask, key, chronicleIndex);
        size++;
        buffer.putLong(SIZE_OFFSET, size, ORDER);
        logChange(key, chronicleIndex, -1);
    }

    /**
     * Empties the table (after retention removed journal cycles: it is then rebuilt from the journal).
     */
    public void clear()
    {
        abandonGrowth();
        buffer.setMemory(HEADER_LENGTH, (int)(capacity * SLOT_LENGTH), (byte)0);
        size = 0;
        buffer.putLong(SIZE_OFFSET, 0, ORDER);
        covered(-1);
    }

    /**
     * @param idSensor     sensor id.
     * @param callIdHash   hash of the Call-ID bytes.
     * @param startNs      start of the leg.
     * @return the identity hash.
     */
    public static long identity(final int idSensor, final long callIdHash, final long startNs)
    {
        long h = callIdHash ^ (idSensor * 0x9E3779B97F4A7C15L);
        h = Long.rotateLeft(h, 29) ^ (startNs * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 31;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public void close()
    {
        abandonGrowth();
        unmap();
    }

    private void unmap()
    {
        if (retired != null)
        {
            retired.close();
            retired = null;
        }
        if (arena != null)
        {
            arena.close();
            arena = null;
        }
    }

    /** Grows on this thread: when the background growth failed and the table is at its forced threshold. */
    private void grow() throws IOException
    {
        if (HEADER_LENGTH + capacity * 2 * SLOT_LENGTH > Integer.MAX_VALUE)
        {
            throw new IOException("leg identity table " + file + " is full (" + size + " legs)");
        }
        final Growth now = newGrowth();
        now.run();
        if (now.failure != null)
        {
            now.discard();
            throw now.failure instanceof IOException io ? io : new IOException(now.failure);
        }
        switchTo(now);
    }

    /** Copies every entry of a table into an empty one (entries are read key first, as they are published). */
    private static void copy(final UnsafeBuffer source, final long sourceCapacity, final UnsafeBuffer target,
        final long targetMask)
    {
        for (long slot = 0; slot < sourceCapacity; slot++)
        {
            final int offset = (int)(HEADER_LENGTH + slot * SLOT_LENGTH);
            final long stored = source.getLongVolatile(offset);
            if (stored != 0)
            {
                insert(target, targetMask, stored, source.getLong(offset + 8, ORDER) & INDEX_MASK);
            }
        }
    }

    private void logChange(final long key, final long chronicleIndex, final long replacing)
    {
        if (growth == null)
        {
            return;
        }
        if (changeCount * 3 == changes.length)
        {
            changes = java.util.Arrays.copyOf(changes, changes.length * 2);
        }
        changes[changeCount * 3] = key;
        changes[changeCount * 3 + 1] = chronicleIndex;
        changes[changeCount * 3 + 2] = replacing;
        changeCount++;
    }

    /** A doubled table to fill from this one; it takes over the mapping retired by the last growth. */
    private Growth newGrowth()
    {
        final Growth next = new Growth(file.resolveSibling(file.getFileName() + ".new"), buffer, capacity,
            capacity * 2);
        next.retired = retired;
        retired = null;
        return next;
    }

    private void startGrowth()
    {
        if (HEADER_LENGTH + capacity * 2 * SLOT_LENGTH > Integer.MAX_VALUE)
        {
            return; // grow() says why at the forced threshold
        }
        growth = newGrowth();
        changeCount = 0;
        final Thread thread = new Thread(growth, "leg-identity-grow");
        thread.setDaemon(true);
        growth.thread = thread;
        thread.start();
    }

    /** Waits for the copy, replays the changes made meanwhile into it and switches to it. */
    private void finishGrowth() throws IOException
    {
        final Growth done = growth;
        done.await();
        growth = null;
        if (done.failure != null)
        {
            done.discard();
            retryGrowthAt = size + capacity / 20;
            return; // the old table stays; put() grows here at the forced threshold
        }
        final UnsafeBuffer target = done.target;
        final long targetMask = done.capacity - 1;
        for (int i = 0; i < changeCount; i++)
        {
            final long key = changes[i * 3];
            final long index = changes[i * 3 + 1];
            final long replacing = changes[i * 3 + 2];
            final int replaced = replacing < 0 ? -1 : entryOffset(target, targetMask, key, replacing);
            if (replaced >= 0)
            {
                target.putLong(replaced + 8, pack(key, index), ORDER);
            }
            else if (entryOffset(target, targetMask, key, index) < 0)
            {
                insert(target, targetMask, key, index); // not copied from the snapshot
            }
        }
        changeCount = 0;
        switchTo(done);
    }

    /** Makes a filled growth the table: its header, its file name, its mapping. */
    private void switchTo(final Growth done) throws IOException
    {
        final UnsafeBuffer target = done.target;
        target.putLong(SIZE_OFFSET, size, ORDER);
        target.putLong(COVERED_OFFSET, covered(), ORDER);
        target.putLong(COVERED_CHECK_OFFSET, ~covered(), ORDER);
        try
        {
            move(done.path, file);
        }
        catch (final IOException ex)
        {
            done.discard();
            throw ex;
        }
        final Arena old = arena;
        arena = done.arena;
        buffer = target;
        capacity = done.capacity;
        mask = done.capacity - 1;
        retired = old; // closing a shared mapping waits for every thread: the next growth's thread does it
    }

    private void abandonGrowth()
    {
        final Growth abandoned = growth;
        if (abandoned != null)
        {
            growth = null;
            changeCount = 0;
            abandoned.await();
            abandoned.discard();
        }
    }

    /** @return the byte offset of the entry (key, index) in a table, or -1 if it has none. */
    private static int entryOffset(final UnsafeBuffer table, final long mask, final long key, final long index)
    {
        long slot = key & mask;
        while (true)
        {
            final int offset = (int)(HEADER_LENGTH + slot * SLOT_LENGTH);
            final long stored = table.getLong(offset, ORDER);
            if (stored == 0)
            {
                return -1;
            }
            if (stored == key && (table.getLong(offset + 8, ORDER) & INDEX_MASK) == index)
            {
                return offset;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * A table of twice the size written, mapped and filled from a snapshot of the current one on its own thread.
     */
    private static final class Growth implements Runnable
    {
        final Path path;
        final UnsafeBuffer source;
        final long sourceCapacity;
        final long capacity;
        Thread thread;
        Arena retired;
        volatile boolean done;
        volatile Throwable failure;
        Arena arena;
        UnsafeBuffer target;

        Growth(final Path path, final UnsafeBuffer source, final long sourceCapacity, final long capacity)
        {
            this.path = path;
            this.source = source;
            this.sourceCapacity = sourceCapacity;
            this.capacity = capacity;
        }

        @Override
        public void run()
        {
            try
            {
                if (retired != null)
                {
                    retired.close();
                }
                create(path, capacity);
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
                {
                    arena = Arena.ofShared();
                    final MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size(),
                        arena);
                    target = new UnsafeBuffer(segment.address(), (int)segment.byteSize());
                    copy(source, sourceCapacity, target, capacity - 1);
                    segment.force();
                }
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
            finally
            {
                done = true;
            }
        }

        void await()
        {
            boolean interrupted = false;
            while (true)
            {
                try
                {
                    thread.join();
                    break;
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }

        void discard()
        {
            if (arena != null)
            {
                arena.close();
                arena = null;
            }
            try
            {
                Files.deleteIfExists(path);
            }
            catch (final IOException ignored)
            {
                // a leftover .new file is truncated by the next growth
            }
        }
    }

    private static void insert(final UnsafeBuffer target, final long mask, final long key, final long index)
    {
        long slot = key & mask;
        while (true)
        {
            final int offset = (int)(HEADER_LENGTH + slot * SLOT_LENGTH);
            if (target.getLong(offset, ORDER) == 0)
            {
                target.putLong(offset + 8, pack(key, index), ORDER);
                target.putLongVolatile(offset, key);
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void map() throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long length = channel.size();
            if (length < HEADER_LENGTH)
            {
                throw new IOException("leg identity table " + file + " is damaged (too short)");
            }
            arena = Arena.ofShared();
            final MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
            buffer = new UnsafeBuffer(segment.address(), (int)length);
        }
        if (buffer.getLong(0, ORDER) != MAGIC || buffer.getInt(8, ORDER) != VERSION)
        {
            unmap();
            throw new IOException("leg identity table " + file + " is not a version " + VERSION + " table");
        }
        capacity = buffer.getLong(CAPACITY_OFFSET, ORDER);
        size = buffer.getLong(SIZE_OFFSET, ORDER);
        mask = capacity - 1;
        if (Long.bitCount(capacity) != 1 || HEADER_LENGTH + capacity * SLOT_LENGTH != buffer.capacity())
        {
            unmap();
            throw new IOException("leg identity table " + file + " is damaged (header)");
        }
        final String doubt = check();
        if (doubt != null)
        {
            unmap();
            throw new IOException("leg identity table " + file + " is damaged (" + doubt + ")");
        }
    }

    /**
     * @return what is wrong with the mapped table, or null if every slot and the header check out.
     */
    private String check()
    {
        final long covered = buffer.getLong(COVERED_OFFSET, ORDER);
        if (~covered != buffer.getLong(COVERED_CHECK_OFFSET, ORDER))
        {
            return "covered index fails its check";
        }
        long bad = 0;
        for (long slot = 0; slot < capacity; slot++)
        {
            final int offset = (int)(HEADER_LENGTH + slot * SLOT_LENGTH);
            final long key = buffer.getLong(offset, ORDER);
            final long value = buffer.getLong(offset + 8, ORDER);
            if (key == 0)
            {
                if (value != 0)
                {
                    buffer.putLong(offset + 8, 0, ORDER); // an insert a kill cut between its two stores
                }
            }
            else
            {
                bad += pack(key, value & INDEX_MASK) != value ? 1 : 0;
            }
        }
        if (bad > 0)
        {
            return bad + " entries fail their check";
        }
        return null;
    }

    /** @return a Chronicle index with a 16-bit check of (key, index) in its top bits. */
    private static long pack(final long key, final long index)
    {
        long h = (key ^ (index * 0x9E37_79B9_7F4A_7C15L)) * 0xBF58_476D_1CE4_E5B9L;
        h ^= h >>> 31;
        return (index & INDEX_MASK) | (h & 0xFFFF_0000_0000_0000L);
    }

    private static Path create(final Path path, final long capacity) throws IOException
    {
        final long length = HEADER_LENGTH + capacity * SLOT_LENGTH;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ORDER);
            header.putLong(0, MAGIC).putInt(8, VERSION).putLong(CAPACITY_OFFSET, capacity)
                .putLong(SIZE_OFFSET, 0).putLong(COVERED_OFFSET, -1);
            channel.write(header);
            final ByteBuffer zeros = ByteBuffer.allocate(1 << 16);
            long written = HEADER_LENGTH;
            while (written < length)
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), length - written));
                written += channel.write(zeros);
            }
            channel.force(true);
        }
        return path;
    }

    private static void move(final Path from, final Path to) throws IOException
    {
        io.sipsensor.spool.AtomicFiles.move(from, to);
    }
}
