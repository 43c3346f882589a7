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

/**
 * The CDR journal: a Chronicle Queue in {@code <spool>/journal}, one excerpt per CDR record
 * ({@link CdrRecordDescriptor}), rolled daily. Appending is for the journal thread only (Chronicle's appender is
 * per thread, and a file roll can stall for tens of ms); reading is for anyone, each reader with its own tailer.
 * A process killed mid-append leaves no partial excerpt visible to readers.
 */
public final class Journal implements AutoCloseable
{
    private final ChronicleQueue queue;
    private final Path directory;
    private ExcerptAppender appender;
    private final byte[] scratch = new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH];

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
        return open(directory);
    }

    /**
     * @return the journal folder.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Appends one record. Journal thread only.
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
        try (DocumentContext context = appender.writingDocument())
        {
            context.wire().bytes().write(scratch, 0, length);
            return context.index();
        }
    }

    /**
     * @return a reader from the first record; the caller closes it.
     */
    public Reader reader()
    {
        return new Reader(queue.createTailer());
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
     * Reads records in journal order. Reuses one decoder: the record is valid until the next call.
     */
    public static final class Reader implements AutoCloseable
    {
        private final ExcerptTailer tailer;
        private final byte[] bytes = new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH * 2];
        private final UnsafeBuffer view = new UnsafeBuffer(bytes);
        private long index;
        private long unreadable;

        Reader(final ExcerptTailer tailer)
        {
            this.tailer = tailer;
        }

        /**
         * Moves to the next readable record. Records that cannot be decoded are counted and skipped.
         *
         * @param decoder wrapped on the record.
         * @return false at the end of the journal.
         */
        public boolean next(final CdrDecoder decoder)
        {
            while (true)
            {
                try (DocumentContext context = tailer.readingDocument())
                {
                    if (!context.isPresent())
                    {
                        return false;
                    }
                    index = context.index();
                    final Bytes<?> source = context.wire().bytes();
                    final int length = (int)Math.min(source.readRemaining(), bytes.length);
                    source.read(bytes, 0, length);
                    if (decoder.wrap(view, 0, length))
                    {
                        return true;
                    }
                    unreadable++;
                }
            }
        }

        /** @return Chronicle index of the current record. */
        public long index()
        {
            return index;
        }

        /** @return records skipped because they could not be decoded. */
        public long unreadable()
        {
            return unreadable;
        }

        @Override
        public void close()
        {
            tailer.close();
        }
    }
}
