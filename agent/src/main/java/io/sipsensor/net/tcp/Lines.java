package io.sipsensor.net.tcp;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Byte scans shared by the stream framers: line feeds, the blank line that ends an HTTP or SIP header section, and
 * ASCII prefixes. Stateless; no allocation; never reads outside {@code [from, end)}.
 */
final class Lines
{
    static final byte CR = '\r';
    static final byte LF = '\n';

    private static final long LF_PATTERN = 0x0A0A_0A0A_0A0A_0A0AL;
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    private Lines()
    {
    }

    /**
     * @return position of the first LF in {@code [from, end)}, or -1; eight bytes per step.
     */
    static int indexOfLineFeed(final DirectBuffer buffer, final int from, final int end)
    {
        int p = from;
        while (p + 8 <= end)
        {
            final long x = buffer.getLong(p, ByteOrder.LITTLE_ENDIAN) ^ LF_PATTERN;
            final long found = (x - ONES) & ~x & HIGHS;
            if (found != 0)
            {
                // The lowest flagged byte is exact; bytes above it may be false positives, and are not looked at.
                return p + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            p += 8;
        }
        while (p < end)
        {
            if (buffer.getByte(p) == LF)
            {
                return p;
            }
            p++;
        }
        return -1;
    }

    /**
     * Finds the end of a header section that starts at {@code from} (at a start line): the first line that is
     * empty, ended by CRLF or a bare LF.
     *
     * @return position just after the empty line, or -1 if it is not inside {@code [from, end)}.
     */
    static int headerEnd(final DirectBuffer buffer, final int from, final int end)
    {
        int p = from;
        while (true)
        {
            final int lineFeed = indexOfLineFeed(buffer, p, end);
            if (lineFeed < 0 || lineFeed + 1 >= end)
            {
                return -1;
            }
            final byte next = buffer.getByte(lineFeed + 1);
            if (next == LF)
            {
                return lineFeed + 2;
            }
            if (next == CR)
            {
                if (lineFeed + 2 >= end)
                {
                    return -1;
                }
                if (buffer.getByte(lineFeed + 2) == LF)
                {
                    return lineFeed + 3;
                }
            }
            p = lineFeed + 1;
        }
    }

    /**
     * @return position of the first byte in {@code [from, end)} that is neither CR nor LF, or {@code end}.
     */
    static int skipLineBreaks(final DirectBuffer buffer, final int from, final int end)
    {
        int p = from;
        while (p < end)
        {
            final byte b = buffer.getByte(p);
            if (b != CR && b != LF)
            {
                break;
            }
            p++;
        }
        return p;
    }

    /**
     * @param prefix ASCII text.
     * @return 1 if the bytes at {@code from} start with the prefix, 0 if they could still (too few bytes), -1 if
     * they do not.
     */
    static int startsWith(final DirectBuffer buffer, final int from, final int end, final String prefix)
    {
        final int n = Math.min(prefix.length(), end - from);
        for (int i = 0; i < n; i++)
        {
            if (buffer.getByte(from + i) != (byte)prefix.charAt(i))
            {
                return -1;
            }
        }
        return n == prefix.length() ? 1 : 0;
    }

    static boolean isLetter(final byte b)
    {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }
}
