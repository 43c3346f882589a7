package io.sipsensor.capture;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A gzip file inflated through one reusable window, so a reader can view whole records in place:
 * <pre>
 *   window: [ consumed | start .. unread bytes .. end | free ]
 *   base = offset in the decompressed stream of window[0]
 * </pre>
 * {@link #fill} makes a number of unread bytes available from {@link #start()}, moving the unread tail to the
 * front when the request would run past the window's end; {@link #consume} and {@link #skip} move past bytes. A
 * stream that ends early or fails to inflate stops filling; the error is kept for the reader to report once the
 * bytes before it are used up.
 * <p>
 * Owned by one reader's thread; allocates the window and the inflater's input buffer when opened, nothing after.
 */
final class InflatingWindow implements AutoCloseable
{
    private static final int INFLATER_INPUT_BYTES = 1 << 16;

    private final byte[] window;
    private final UnsafeBuffer buffer;
    private CountingInputStream compressed;
    private InputStream in;
    private long base;
    private int start;
    private int end;
    private boolean endOfStream;
    private IOException error;

    /**
     * @param capacity bytes of the window: the largest record a reader views whole.
     */
    InflatingWindow(final int capacity)
    {
        window = new byte[capacity];
        buffer = new UnsafeBuffer(window);
    }

    /**
     * Opens the file (and reads the gzip header).
     *
     * @throws IOException if the file cannot be opened or is not gzip.
     */
    void open(final Path path) throws IOException
    {
        compressed = new CountingInputStream(new FileInputStream(path.toFile()));
        in = new GZIPInputStream(compressed, INFLATER_INPUT_BYTES);
    }

    /**
     * @return the window (stable for the life of this object).
     */
    UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return offset in {@link #buffer()} of the first unread byte.
     */
    int start()
    {
        return start;
    }

    /**
     * @return unread bytes available in the window.
     */
    int available()
    {
        return end - start;
    }

    /**
     * @return offset in the decompressed stream of the first unread byte.
     */
    long position()
    {
        return base + start;
    }

    /**
     * @return offset in the decompressed stream just past the last byte inflated.
     */
    long inflatedEnd()
    {
        return base + end;
    }

    /**
     * @return why the stream stopped early, or null (clean end, or not ended).
     */
    IOException error()
    {
        return error;
    }

    /**
     * @return compressed bytes read from the file so far.
     */
    long compressedBytes()
    {
        return compressed == null ? 0 : compressed.count();
    }

    /**
     * Makes at least {@code length} (at most the window's capacity) unread bytes available from {@link #start()}.
     *
     * @return false if the stream ended (or failed) first.
     */
    boolean fill(final int length)
    {
        if (end - start >= length)
        {
            return true;
        }
        if (start + length > window.length)
        {
            final int unread = end - start;
            System.arraycopy(window, start, window, 0, unread);
            base += start;
            start = 0;
            end = unread;
        }
        while (end - start < length && !endOfStream && in != null)
        {
            final int read;
            try
            {
                read = in.read(window, end, window.length - end);
            }
            catch (final IOException ex)
            {
                error = ex;
                endOfStream = true;
                break;
            }
            if (read < 0)
            {
                endOfStream = true;
            }
            else
            {
                end += read;
            }
        }
        return end - start >= length;
    }

    /**
     * Moves past {@code length} available bytes.
     */
    void consume(final int length)
    {
        start += length;
    }

    /**
     * Moves past {@code length} bytes, available or not, inflating (and discarding) as needed.
     *
     * @return false if the stream ended (or failed) first; the bytes that were there are consumed.
     */
    boolean skip(final long length)
    {
        long remaining = length;
        while (remaining > 0)
        {
            if (end == start)
            {
                base += start;
                start = 0;
                end = 0;
                if (!fill(1))
                {
                    return false;
                }
            }
            final int step = (int)Math.min(remaining, end - start);
            start += step;
            remaining -= step;
        }
        return true;
    }

    @Override
    public void close()
    {
        final InputStream stream = in != null ? in : compressed;
        in = null;
        if (stream != null)
        {
            try
            {
                stream.close();
            }
            catch (final IOException ignore)
            {
                // Nothing more to read from it either way.
            }
        }
    }
}
