package io.sipsensor.capture;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it: the compressed bytes consumed, for progress. Single thread; no allocation.
 */
final class CountingInputStream extends FilterInputStream
{
    private long count;

    CountingInputStream(final InputStream in)
    {
        super(in);
    }

    long count()
    {
        return count;
    }

    @Override
    public int read() throws IOException
    {
        final int value = in.read();
        if (value >= 0)
        {
            count++;
        }
        return value;
    }

    @Override
    public int read(final byte[] bytes, final int offset, final int length) throws IOException
    {
        final int read = in.read(bytes, offset, length);
        if (read > 0)
        {
            count += read;
        }
        return read;
    }

    @Override
    public long skip(final long n) throws IOException
    {
        final long skipped = in.skip(n);
        count += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported()
    {
        return false;
    }
}
