package io.sipsensor.net.tcp;

import io.sipsensor.sip.SipParser;
import org.agrona.DirectBuffer;

/**
 * Reads the Content-Length of a complete SIP header section for stream framing (RFC 3261 section 18.3 and 20.14):
 * the header {@code Content-Length} or its compact form {@code l}, any letter case, white space and line folding
 * around the value. Repeated with the same value is fine; with another value, or not a plain number up to
 * {@link SipParser#MAX_CONTENT_LENGTH}, it is {@link #INVALID}. Only framing is decided here: whatever else is wrong
 * with the message is for the parser downstream to count. Stateless; no allocation.
 */
final class ContentLength
{
    /** No Content-Length header: the message has no body on a stream. */
    static final int ABSENT = -1;
    /** The length cannot be trusted: the stream must resynchronise after the header section. */
    static final int INVALID = -2;

    private static final byte[] NAME = {'c', 'o', 'n', 't', 'e', 'n', 't', '-', 'l', 'e', 'n', 'g', 't', 'h'};

    private ContentLength()
    {
    }

    /**
     * @param start     of the start line.
     * @param headerEnd just after the blank line that ends the header section.
     * @return the body length, {@link #ABSENT} or {@link #INVALID}.
     */
    static int find(final DirectBuffer buffer, final int start, final int headerEnd)
    {
        int value = ABSENT;
        int line = Lines.indexOfLineFeed(buffer, start, headerEnd) + 1;
        while (line > 0 && line < headerEnd)
        {
            final int nameLength = nameLength(buffer, line, headerEnd);
            int next = Lines.indexOfLineFeed(buffer, line, headerEnd) + 1;
            // A folded header continues on lines that start with SP or HTAB.
            while (next > 0 && next < headerEnd && isWhiteSpace(buffer.getByte(next)))
            {
                next = Lines.indexOfLineFeed(buffer, next, headerEnd) + 1;
            }
            if (nameLength > 0)
            {
                final int parsed = number(buffer, line + nameLength, next > 0 ? next : headerEnd);
                if (parsed < 0 || (value >= 0 && value != parsed))
                {
                    return INVALID;
                }
                value = parsed;
            }
            line = next;
        }
        return value;
    }

    /**
     * @return length of the header name and colon (with white space between) when the line is a Content-Length
     * header, else 0.
     */
    private static int nameLength(final DirectBuffer buffer, final int line, final int end)
    {
        int p = line;
        if (p < end && (buffer.getByte(p) | 0x20) == 'l' && p + 1 < end &&
            (buffer.getByte(p + 1) == ':' || isWhiteSpace(buffer.getByte(p + 1))))
        {
            p++;
        }
        else
        {
            if (end - p < NAME.length)
            {
                return 0;
            }
            for (int i = 0; i < NAME.length; i++)
            {
                if ((buffer.getByte(p + i) | 0x20) != NAME[i])
                {
                    return 0;
                }
            }
            p += NAME.length;
        }
        while (p < end && isWhiteSpace(buffer.getByte(p)))
        {
            p++;
        }
        return p < end && buffer.getByte(p) == ':' ? p + 1 - line : 0;
    }

    /**
     * @return the decimal number in {@code [from, end)} between white space and line breaks, or -1.
     */
    private static int number(final DirectBuffer buffer, final int from, final int end)
    {
        int p = from;
        while (p < end && isSpace(buffer.getByte(p)))
        {
            p++;
        }
        long value = 0;
        int digits = 0;
        while (p < end)
        {
            final byte b = buffer.getByte(p);
            if (b < '0' || b > '9')
            {
                break;
            }
            value = value * 10 + (b - '0');
            if (value > SipParser.MAX_CONTENT_LENGTH)
            {
                return -1;
            }
            digits++;
            p++;
        }
        while (p < end && isSpace(buffer.getByte(p)))
        {
            p++;
        }
        return digits > 0 && p == end ? (int)value : -1;
    }

    private static boolean isWhiteSpace(final byte b)
    {
        return b == ' ' || b == '\t';
    }

    private static boolean isSpace(final byte b)
    {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
