package io.sipsensor.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Little-endian random reads of a file through a 1 MiB window filled by positional reads. Not a mapping on purpose:
 * reading a sparse day file's unwritten tail through a mapping makes tmpfs allocate pages (SIGBUS on a full disk),
 * and a mapping cannot be released on demand. One thread.
 */
final class FileWindow implements AutoCloseable
{
    private static final int WINDOW = 1 << 20;
    /** What a look at a growing file's tail reads: a few records, not a whole window of unwritten bytes. */
    private static final int PROBE = 64 << 10;

    private final FileChannel channel;
    private long size;
    private boolean probe;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private long start;
    private int filled;

    FileWindow(final Path file) throws IOException
    {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        size = channel.size();
    }

    long size()
    {
        return size;
    }

    /**
     * Forgets what was read: the file is being appended to (a tailing reader), so its size and bytes are read again;
     * the next fill reads a small probe.
     */
    void refresh()
    {
        try
        {
            size = channel.size();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        filled = 0;
        probe = true;
    }

    int getInt(final long at)
    {
        return window.getInt(ensure(at, 4));
    }

    long getLong(final long at)
    {
        return window.getLong(ensure(at, 8));
    }

    int getShort(final long at)
    {
        return window.getShort(ensure(at, 2));
    }

    byte getByte(final long at)
    {
        return window.get(ensure(at, 1));
    }

    void copy(final long at, final byte[] target, final int length)
    {
        window.get(ensure(at, length), target, 0, length);
    }

    private int ensure(final long at, final int length)
    {
        if (at < start || at + length > start + filled)
        {
            fill(at);
            if (at + length > start + filled)
            {
                throw new IndexOutOfBoundsException("read past the end of the file at " + at);
            }
        }
        return (int)(at - start);
    }

    private void fill(final long at)
    {
        start = at;
        filled = 0;
        window.clear();
        if (probe)
        {
            window.limit(PROBE);
            probe = false;
        }
        try
        {
            while (window.hasRemaining() && start + window.position() < size)
            {
                if (channel.read(window, start + window.position()) < 0)
                {
                    break;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        filled = window.position();
        window.clear();
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignored)
        {
            // read only
        }
    }
}
