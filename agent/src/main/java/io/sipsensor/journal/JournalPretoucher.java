package io.sipsensor.journal;

import io.sipsensor.ffi.ThreadPriority;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * Touches the pages of the journal's day file ahead of the appender, on a thread of its own at the lowest priority,
 * so the journal thread's appends write to pages that are already in memory instead of taking the page fault (and,
 * on a disk, the block allocation) themselves. Chronicle Queue's own pretoucher does nothing in the open-source build.
 * <p>
 * The day file is created sparse at its full size; this thread maps it a second time and, every millisecond, touches
 * each page from one page past the appender's write position to {@link #AHEAD_BYTES} beyond it with an atomic
 * compare-and-set of a zero word to zero. That write allocates the page like the appender's would, and can never
 * change what the appender writes: if the appender has written the word, the compare fails and nothing is stored.
 * <p>
 * Its own thread; reads the position the journal thread publishes ({@link Journal#writePosition()}); allocates only
 * when the day file changes.
 */
final class JournalPretoucher implements AutoCloseable
{
    /** How far ahead of the appender pages are touched: 1.4 s of CDRs at 10,000 a second, 0.14 s at 100,000. */
    static final long AHEAD_BYTES = 4L << 20;
    private static final long PAGE_BYTES = 4096;
    private static final long PERIOD_NS = 1_000_000;
    private static final int NICE = 19;

    private final Journal journal;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long touchedPages;

    private File mappedFile;
    private Arena arena;
    private UnsafeBuffer mapped;
    private long touchedTo;

    /**
     * @param journal the journal whose appender it runs ahead of.
     */
    JournalPretoucher(final Journal journal)
    {
        this.journal = journal;
        this.thread = new Thread(this::run, "sipsensor-journal-pretouch");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /**
     * @return this, running.
     */
    JournalPretoucher start()
    {
        thread.start();
        return this;
    }

    /**
     * @return pages touched so far (tests, benchmarks).
     */
    long touchedPages()
    {
        return touchedPages;
    }

    /**
     * Stops the thread and unmaps its view of the file.
     */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        ThreadPriority.lowerCurrentThread(NICE);
        try
        {
            while (running)
            {
                touchAhead();
                LockSupport.parkNanos(PERIOD_NS);
            }
        }
        catch (final InternalError ex)
        {
            // a page that cannot be allocated (the file system is full) faults: stop touching, the appender
            // meets the full disk itself and the journal's full-disk handling takes over
        }
        finally
        {
            unmap();
        }
    }

    private void touchAhead()
    {
        final File file = journal.currentFile();
        if (file == null)
        {
            return;
        }
        final long position = journal.writePosition();
        if (!file.equals(mappedFile) || mapped == null || position + PAGE_BYTES + AHEAD_BYTES > mapped.capacity())
        {
            if (!map(file, position))
            {
                return;
            }
        }
        long page = Math.max(touchedTo, (position / PAGE_BYTES + 1) * PAGE_BYTES);
        final long end = Math.min(position + AHEAD_BYTES, mapped.capacity() - Long.BYTES);
        long touched = 0;
        while (page < end && running)
        {
            mapped.compareAndSetLong((int)page, 0L, 0L);
            page += PAGE_BYTES;
            touched++;
        }
        touchedTo = Math.max(touchedTo, page);
        if (touched > 0)
        {
            touchedPages += touched;
        }
    }

    /**
     * Maps the file up to its length (Chronicle makes a day file at its full size); at most 2 GiB, the reach of an
     * {@link UnsafeBuffer} index.
     */
    private boolean map(final File file, final long position)
    {
        unmap();
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long length = Math.min(channel.size(), Integer.MAX_VALUE);
            if (length <= position + PAGE_BYTES)
            {
                return false;
            }
            arena = Arena.ofShared();
            final MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
            mapped = new UnsafeBuffer(segment.address(), (int)length);
            if (!file.equals(mappedFile))
            {
                touchedTo = 0;
            }
            mappedFile = file;
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            unmap();
            return false; // the file rolled or went away: the next period looks again
        }
    }

    private void unmap()
    {
        mapped = null;
        if (arena != null)
        {
            arena.close();
            arena = null;
        }
    }
}
