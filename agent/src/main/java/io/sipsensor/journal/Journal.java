package io.sipsensor.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CDR journal: a Chronicle Queue in {@code <spool>/journal}, one excerpt per CDR record
 * ({@link CdrRecordDescriptor}), rolled daily. Appending is for the journal thread only (Chronicle's appender is
 * per thread, and a file roll can stall for tens of ms); reading is for anyone, each reader with its own tailer.
 * A process killed mid-append leaves no partial excerpt visible to readers. Readers skip records superseded by a
 * purge or a reprocessing run ({@link Purges}), so every consumer (export, statistics, the license check) sees the
 * same legs.
 */
public final class Journal implements AutoCloseable
{
    private final ChronicleQueue queue;
    // SingleChronicleQueue: entryCount, current cycle and the directory listing for retention.
    private final Path directory;
    private ExcerptAppender appender;
    private int appenderCycle = Integer.MIN_VALUE;
    private volatile java.io.File currentFile;
    private final java.util.concurrent.atomic.AtomicLong writePosition = new java.util.concurrent.atomic.AtomicLong();
    private final byte[] scratch = new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH];
    private final RecordChecksum checksum = new RecordChecksum();

    private Journal(final ChronicleQueue queue, final Path directory)
    {
        this.queue = queue;
        this.directory = directory;
    }

    /**
     * Opens (creating if needed) the journal for writing and reading.
     *
     * @param directory the journal folder, usually {@code <spool>/journal}.
     * @return the journal.
     */
    public static Journal open(final Path directory)
    {
        final ChronicleQueue queue = SingleChronicleQueueBuilder.single(directory.toFile())
            .rollCycle(RollCycles.FAST_DAILY)
            .build();
        return new Journal(queue, directory);
    }

    /**
     * Opens a journal whose appends go to the day the given clock says (a repair copies each record into its own
     * day).
     *
     * @param directory the journal folder.
     * @param clock     the time Chronicle rolls by.
     * @return the journal.
     */
    static Journal open(final Path directory, final net.openhft.chronicle.core.time.TimeProvider clock)
    {
        final ChronicleQueue queue = SingleChronicleQueueBuilder.single(directory.toFile())
            .rollCycle(RollCycles.FAST_DAILY)
            .timeProvider(clock)
            .build();
        return new Journal(queue, directory);
    }

    /**
     * Opens an existing journal for reading only.
     *
     * @param directory the journal folder.
     * @return the journal.
     * @throws IllegalStateException if there is no journal there.
     */
    public static Journal openExisting(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new IllegalStateException("no CDR journal at " + directory + " (run a capture with this --spool)");
        }
        try
        {
            return open(directory);
        }
        catch (final RuntimeException | InternalError ex)
        {
            throw new IllegalStateException("the CDR journal in " + directory + " cannot be opened (" +
                ex.getClass().getSimpleName() + ": " + ex.getMessage() + "); 'sipsensor journal verify' shows the " +
                "damage, 'sipsensor journal repair' keeps every intact record", ex);
        }
    }

    /**
     * @return the journal folder.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Writes a purge into the journal itself (see {@link PurgeRecord}).
     *
     * @param purge the purge; before index {@link PurgeRecord#BEFORE_SELF} for "everything journaled so far".
     * @return the Chronicle index of the purge record.
     */
    public long appendPurge(final Purges.Purge purge)
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        return append(record, 0, PurgeRecord.encode(record, purge));
    }

    /**
     * @param index a Chronicle index.
     * @return how the operator sees it: the day file's date and the record's number in it.
     */
    public static String indexText(final long index)
    {
        return java.time.LocalDate.ofEpochDay(index >>> 32).toString().replace("-", "") + "#" +
            (index & 0xFFFF_FFFFL);
    }

    /**
     * Appends one record, stamping its journal index and checksum into a version 2 record. Journal thread only.
     *
     * @param buffer holding the record.
     * @param offset of the record.
     * @param length of the record.
     * @return the Chronicle index of the excerpt.
     */
    public long append(final DirectBuffer buffer, final int offset, final int length)
    {
        if (appender == null)
        {
            appender = queue.createAppender();
        }
        buffer.getBytes(offset, scratch, 0, length);
        final boolean stamp = length >= CdrRecordDescriptor.FIXED_LENGTH && RecordChecksum.version(scratch) >= 2;
        try (DocumentContext context = appender.writingDocument())
        {
            final long index = context.index();
            if (stamp)
            {
                RecordChecksum.putLong(scratch, CdrRecordDescriptor.JOURNAL_INDEX_OFFSET, index);
                checksum.stamp(scratch, length);
            }
            final net.openhft.chronicle.bytes.Bytes<?> bytes = context.wire().bytes();
            bytes.write(scratch, 0, length);
            writePosition.lazySet(bytes.writePosition());
            if (appender.cycle() != appenderCycle)
            {
                appenderCycle = appender.cycle(); // a new day file: tell the pretoucher
                currentFile = appender.currentFile();
            }
            return index;
        }
    }

    /**
     * @return the day file the appender writes, null before the first append; any thread.
     */
    java.io.File currentFile()
    {
        return currentFile;
    }

    /**
     * @return the byte position in {@link #currentFile()} after the last record appended; any thread.
     */
    long writePosition()
    {
        return writePosition.get();
    }

    /**
     * Drops the appender after a failed append; the next append creates a new one (Chronicle recovers the
     * unfinished excerpt of the failed write).
     */
    void resetAppender()
    {
        if (appender != null)
        {
            try
            {
                appender.close();
            }
            catch (final RuntimeException | InternalError ignored)
            {
                // the mapped file may be unusable; a new appender maps it again
            }
            appender = null;
            appenderCycle = Integer.MIN_VALUE;
        }
    }

    /**
     * @return a reader from the first record, skipping purged records and reading past damage (see
     * {@link Reader#damage()}); the caller closes it.
     * @throws IllegalStateException if the purge list is damaged or the journal folder cannot be listed.
     */
    public Reader reader()
    {
        return reader(directory, Purges.load(directory.getParent()));
    }

    /**
     * @return a reader of every record, purged ones included (for the journal thread's own bookkeeping).
     */
    public Reader rawReader()
    {
        return reader(directory, null);
    }

    /**
     * @param directory the journal folder, {@code <spool>/journal}.
     * @return a reader of its day files that skips purged records, without opening the queue; the caller closes it.
     * @throws IllegalStateException if the purge list is damaged or the folder cannot be listed.
     */
    public static Reader readPurged(final Path directory)
    {
        return reader(directory, Purges.load(directory.getParent()));
    }

    /**
     * A tailing reader: at the end of the journal {@link Reader#next} returns false, and a later call returns what
     * was appended since, following the writer into each new day file. Skips the records purged when it opened
     * (a purge made later is not seen by it).
     *
     * @param directory the journal folder.
     * @return the reader; the caller closes it.
     * @throws IllegalStateException if the purge list is damaged or the folder cannot be listed.
     */
    public static Reader tail(final Path directory)
    {
        try
        {
            return new Reader(new JournalScanner(directory).tail(), Purges.load(directory.getParent()));
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalStateException("cannot read the CDR journal in " + directory + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Reads a journal folder's day files without opening the queue (a damaged store header or a stray file, which
     * stop Chronicle from opening it, do not stop this).
     *
     * @param directory the journal folder.
     * @param purges    records to skip, or null for all.
     * @return the reader; the caller closes it.
     */
    public static Reader reader(final Path directory, final Purges purges)
    {
        try
        {
            return new Reader(new JournalScanner(directory), purges);
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalStateException("cannot read the CDR journal in " + directory + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return random access to records by Chronicle index; the caller closes it. One per thread.
     */
    public Lookup lookup()
    {
        return new Lookup(queue.createTailer());
    }

    /**
     * @return index of the last record, or -1 if the journal is empty. A purge made now covers indices below
     * {@code lastIndex() + 1}.
     */
    public long lastIndex()
    {
        return queue.lastIndex();
    }

    /**
     * @param index a journal index, or -1 for "before the first record".
     * @return records after that index up to the journal's end (purged ones included). Any thread; walks Chronicle's
     * index, so call it now and then, not per record.
     */
    public long recordsAfter(final long index)
    {
        final long last = queue.lastIndex();
        if (last < 0 || index >= last)
        {
            return 0;
        }
        if (index < 0)
        {
            return records();
        }
        try
        {
            return ((net.openhft.chronicle.queue.impl.RollingChronicleQueue)queue).countExcerpts(index, last);
        }
        catch (final RuntimeException ex)
        {
            return records(); // the index is gone (retention): everything left is after it
        }
    }

    /**
     * @return the number of records (purged ones included).
     */
    public long records()
    {
        return ((net.openhft.chronicle.queue.impl.RollingChronicleQueue)queue).entryCount();
    }

    /**
     * Random access to journal records by Chronicle index.
     */
    public static final class Lookup implements AutoCloseable
    {
        private final ExcerptTailer tailer;
        private final byte[] bytes = new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH * 2];
        private final UnsafeBuffer view = new UnsafeBuffer(bytes);
        private final RecordChecksum checksum = new RecordChecksum();

        Lookup(final ExcerptTailer tailer)
        {
            this.tailer = tailer;
        }

        /**
         * @param index   Chronicle index.
         * @param decoder wrapped on the record when found.
         * @return false if there is no readable record at that index (e.g. removed by retention).
         */
        public boolean read(final long index, final CdrDecoder decoder)
        {
            try
            {
                if (!tailer.moveToIndex(index))
                {
                    return false;
                }
                try (DocumentContext context = tailer.readingDocument())
                {
                    if (!context.isPresent() || context.index() != index)
                    {
                        return false;
                    }
                    final Bytes<?> source = context.wire().bytes();
                    final int length = (int)Math.min(source.readRemaining(), bytes.length);
                    source.read(bytes, 0, length);
                    if (RecordChecksum.version(bytes) >= 2 &&
                        (!checksum.verify(bytes, length) ||
                        RecordChecksum.getLong(bytes, CdrRecordDescriptor.JOURNAL_INDEX_OFFSET) != index))
                    {
                        return false; // damaged, or not the record written at this index
                    }
                    return decoder.wrap(view, 0, length);
                }
            }
            catch (final RuntimeException ex)
            {
                return false;
            }
        }

        @Override
        public void close()
        {
            tailer.close();
        }
    }

    /**
     * Closes the queue (and its mapped files).
     */
    @Override
    public void close()
    {
        if (appender != null)
        {
            appender.close();
        }
        queue.close();
    }

    /**
     * Reads records in journal order, from the day files themselves ({@link JournalScanner}): every record's
     * checksum is checked, damaged ranges are noted and read past. Reuses one decoder: the record is valid until the
     * next call.
     */
    public static final class Reader implements AutoCloseable
    {
        private final JournalScanner scanner;
        private final Purges purges;
        private long index;
        private long unreadable;
        private long purged;

        Reader(final JournalScanner scanner, final Purges purges)
        {
            this.scanner = scanner;
            this.purges = purges;
        }

        /**
         * Starts reading after the given index (the next call to {@link #next} returns the record after it).
         *
         * @param index Chronicle index of the last record already seen.
         * @return this.
         */
        public Reader after(final long index)
        {
            scanner.after(index);
            return this;
        }

        /**
         * Moves to the next readable record. Records that cannot be decoded are counted and skipped.
         *
         * @param decoder wrapped on the record.
         * @return false at the end of the journal.
         */
        public boolean next(final CdrDecoder decoder)
        {
            while (scanner.next())
            {
                index = scanner.index();
                if (scanner.isPurge())
                {
                    continue; // a purge written into the journal: see Purges
                }
                if (!decoder.wrap(scanner.buffer(), 0, scanner.length()))
                {
                    unreadable++;
                }
                else if (purges != null && purges.isPurged(index, decoder.startNs(), decoder.idSensor()))
                {
                    purged++;
                }
                else
                {
                    return true;
                }
            }
            return false;
        }

        /** @return Chronicle index of the current record. */
        public long index()
        {
            return index;
        }

        /** @return records skipped because a purge or reprocessing superseded them. */
        public long purged()
        {
            return purged;
        }

        /** @return records skipped because they could not be decoded. */
        public long unreadable()
        {
            return unreadable;
        }

        /** @return damaged ranges read past so far (all of them once {@link #next} returned false). */
        public List<JournalScanner.Damage> damage()
        {
            return scanner.damage();
        }

        /**
         * @return records lost in damaged ranges, -1 if some range holds an unknown number.
         */
        public long lostRecords()
        {
            return scanner.lostRecords();
        }

        @Override
        public void close()
        {
            scanner.close();
        }
    }
}
