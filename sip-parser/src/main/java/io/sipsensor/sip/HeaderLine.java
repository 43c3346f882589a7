package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.CR;
import static io.sipsensor.sip.SipGrammar.FOLD;
import static io.sipsensor.sip.SipGrammar.HT;
import static io.sipsensor.sip.SipGrammar.LE;
import static io.sipsensor.sip.SipGrammar.LF;
import static io.sipsensor.sip.SipGrammar.SP;
import static io.sipsensor.sip.SipGrammar.controlOrByte;
import static io.sipsensor.sip.SipGrammar.fold;
import static io.sipsensor.sip.SipGrammar.isLws;
import static io.sipsensor.sip.SipGrammar.isToken;
import static io.sipsensor.sip.SipGrammar.isWsp;
import static io.sipsensor.sip.SipGrammar.lowBytes;
import static io.sipsensor.sip.SipGrammar.pattern;

/**
 * Scans one header line, {@code name *WSP ":" LWS value} up to the LF not followed by SP or HTAB, and writes its
 * row of the header table (see {@link SipMessage}). Each buffer access costs a bounds check, so the fast path
 * reads eight bytes at a time and takes neighbouring bytes out of words it already holds: the name and the byte
 * after the colon come from the word at the line start, the CR before the LF and the first byte of the next line
 * (a fold?) from the word the LF was found in. Close to the end of the range, and for unusual lines, it falls back
 * to {@link #scanBytewise}, which is the reference the fast path must agree with.
 * <p>
 * A header name is packed, folded to lower case, into up to three words for
 * {@link SipHeader#lookup(long, long, long)}. Only a name that is not a known header has its characters checked one by one: a known name cannot
 * match unless every byte is a letter or '-'.
 * <p>
 * Both methods return the start of the next line, or {@code -1 - result} for a {@link SipParseResult} code.
 * Stateless; does not allocate.
 */
final class HeaderLine
{
    private static final long COLONS = pattern((byte)':');
    private static final long LINE_FEEDS = pattern(LF);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private HeaderLine()
    {
    }

    static int fail(final int result)
    {
        return -1 - result;
    }

    /**
     * @param word the eight bytes at {@code p} (the caller has read them to look for the blank line).
     */
    static int scan(
        final DirectBuffer buffer, final int p, final int end, final long word, final int[] headers, final int row)
    {
        long w0;
        long w1 = 0;
        long w2 = 0;
        long colonWord = word;
        int colonWordStart = p;
        int nameEnd;
        long stop = controlOrByte(word, COLONS);
        if (stop != 0)
        {
            final int n = Long.numberOfTrailingZeros(stop) >>> 3;
            w0 = (word | FOLD) & lowBytes(n);
            nameEnd = p + n;
        }
        else
        {
            if (p + 16 > end)
            {
                return scanBytewise(buffer, p, end, headers, row);
            }
            w0 = word | FOLD;
            colonWord = buffer.getLong(p + 8, LE);
            colonWordStart = p + 8;
            stop = controlOrByte(colonWord, COLONS);
            if (stop != 0)
            {
                final int n = Long.numberOfTrailingZeros(stop) >>> 3;
                w1 = (colonWord | FOLD) & lowBytes(n);
                nameEnd = p + 8 + n;
            }
            else
            {
                if (p + 24 > end)
                {
                    return scanBytewise(buffer, p, end, headers, row);
                }
                w1 = colonWord | FOLD;
                colonWord = buffer.getLong(p + 16, LE);
                colonWordStart = p + 16;
                stop = controlOrByte(colonWord, COLONS);
                if (stop == 0)
                {
                    return scanBytewise(buffer, p, end, headers, row);
                }
                final int n = Long.numberOfTrailingZeros(stop) >>> 3;
                w2 = (colonWord | FOLD) & lowBytes(n);
                nameEnd = p + 16 + n;
            }
        }

        final int nameLength = nameEnd - p;
        final int colonIndex = nameEnd - colonWordStart;
        if (nameLength == 0 || byteOf(colonWord, colonIndex) != ':')
        {
            // No name, white space before the colon, or no colon at all: let the reference path decide.
            return scanBytewise(buffer, p, end, headers, row);
        }
        final int id = SipHeader.lookup(w0, w1, w2);
        if (id == SipHeader.OTHER && !isTokenRange(buffer, p, nameEnd))
        {
            return fail(SipParseResult.MALFORMED_HEADER);
        }

        // The usual "name: value": one SP, then a byte that is not LWS.
        int valueStart = nameEnd + 1;
        boolean leadingDone = false;
        if (colonIndex + 2 < 8)
        {
            final int afterColon = byteOf(colonWord, colonIndex + 1);
            if (afterColon == SP && !isLws((byte)byteOf(colonWord, colonIndex + 2)))
            {
                valueStart = nameEnd + 2;
                leadingDone = true;
            }
            else if (!isLws((byte)afterColon))
            {
                leadingDone = true;
            }
        }

        // The LF that ends the line, skipping folds; the byte before it and the one after it.
        int from = valueStart;
        int lineFeed;
        long lineFeedWord = 0;
        int lineFeedIndex = -1;
        while (true)
        {
            final int next;
            if (from + 8 <= end)
            {
                final long x = buffer.getLong(from, LE) ^ LINE_FEEDS;
                final long found = (x - ONES) & ~x & HIGHS;
                if (found == 0)
                {
                    from += 8;
                    continue;
                }
                lineFeedWord = x ^ LINE_FEEDS;
                lineFeedIndex = Long.numberOfTrailingZeros(found) >>> 3;
                lineFeed = from + lineFeedIndex;
                if (lineFeedIndex < 7)
                {
                    next = byteOf(lineFeedWord, lineFeedIndex + 1);
                }
                else if (lineFeed + 1 < end)
                {
                    next = buffer.getByte(lineFeed + 1);
                }
                else
                {
                    return fail(SipParseResult.TRUNCATED);
                }
            }
            else
            {
                // Under eight bytes left: one word ending at the range's end, bytes before 'from' masked off. Exact
                // flags here, since a masked-off LF (a fold's) must not leave a false flag above it.
                if (from >= end)
                {
                    return fail(SipParseResult.TRUNCATED);
                }
                lineFeedWord = buffer.getLong(end - 8, LE);
                final long x = lineFeedWord ^ LINE_FEEDS;
                final long exact = ~(((x & LOW7) + LOW7) | x | LOW7) & (-1L << ((from - (end - 8)) << 3));
                lineFeedIndex = Long.numberOfTrailingZeros(exact) >>> 3;
                if (exact == 0 || lineFeedIndex == 7)
                {
                    return fail(SipParseResult.TRUNCATED);
                }
                lineFeed = end - 8 + lineFeedIndex;
                next = byteOf(lineFeedWord, lineFeedIndex + 1);
            }
            if (next != SP && next != HT)
            {
                break;
            }
            from = lineFeed + 2;
        }

        // Trailing white space: CR, then (rarely) SP, HTAB or the CRLF of an empty fold.
        int valueEnd = lineFeed;
        final int beforeLineFeed = lineFeedIndex > 0 ?
            byteOf(lineFeedWord, lineFeedIndex - 1) : buffer.getByte(lineFeed - 1);
        int lastIndex = lineFeedIndex - 1;
        if (beforeLineFeed == CR)
        {
            valueEnd--;
            lastIndex--;
        }
        if (valueEnd > valueStart)
        {
            final byte last = lastIndex >= 0 ?
                (byte)byteOf(lineFeedWord, lastIndex) : buffer.getByte(valueEnd - 1);
            if (isLws(last))
            {
                valueEnd = SipGrammar.trimLwsEnd(buffer, valueStart, valueEnd);
            }
        }
        if (!leadingDone)
        {
            while (valueStart < valueEnd && isLws(buffer.getByte(valueStart)))
            {
                valueStart++;
            }
        }
        if (valueStart > valueEnd)
        {
            valueStart = valueEnd;
        }

        headers[row + SipMessage.ID] = id;
        headers[row + SipMessage.NAME_OFFSET] = p;
        headers[row + SipMessage.NAME_LENGTH] = nameLength;
        headers[row + SipMessage.VALUE_OFFSET] = valueStart;
        headers[row + SipMessage.VALUE_LENGTH] = valueEnd - valueStart;
        return lineFeed + 1;
    }

    /**
     * The reference scan, one byte at a time.
     */
    static int scanBytewise(
        final DirectBuffer buffer, final int start, final int end, final int[] headers, final int row)
    {
        return scanBytewise(buffer, start, end, headers, row, false);
    }

    /**
     * A header line that the range's end cuts off (a datagram whose last line lacks its line feed): the value runs
     * to the end. Writes the row like {@link #scanBytewise}.
     *
     * @return true when the line has a name and a colon and its row was written.
     */
    static boolean scanToEnd(
        final DirectBuffer buffer, final int start, final int end, final int[] headers, final int row)
    {
        return scanBytewise(buffer, start, end, headers, row, true) >= 0;
    }

    /**
     * The start of the line after the one at {@code start}, folds included: the position after the first LF that
     * is not followed by SP or HTAB, or the range's end when the LF is its last byte.
     *
     * @return that position, or -1 when the range ends before the line's LF.
     */
    static int skipLine(final DirectBuffer buffer, final int start, final int end)
    {
        int scan = start;
        while (true)
        {
            final int lineFeed = SipGrammar.indexOfLineFeed(buffer, scan, end);
            if (lineFeed < 0)
            {
                return -1;
            }
            if (lineFeed + 1 >= end)
            {
                return end;
            }
            final byte next = buffer.getByte(lineFeed + 1);
            if (next != SP && next != HT)
            {
                return lineFeed + 1;
            }
            scan = lineFeed + 2;
        }
    }

    /**
     * One byte at a time: the name (packed for {@link SipHeader#lookup(long, long, long)}), the colon, then the value
     * up to the LF that ends the line (folds included) or, with {@code toEnd}, up to the range's end.
     *
     * @return the start of the next line ({@code end} with {@code toEnd}), or {@code -1 - result}.
     */
    private static int scanBytewise(
        final DirectBuffer buffer, final int start, final int end, final int[] headers, final int row,
        final boolean toEnd)
    {
        long w0 = 0;
        long w1 = 0;
        long w2 = 0;
        int i = 0;
        int p = start;
        while (p < end)
        {
            final byte b = buffer.getByte(p);
            if (!isToken(b))
            {
                break;
            }
            if (i < 8)
            {
                w0 |= fold(b) << (i << 3);
            }
            else if (i < 16)
            {
                w1 |= fold(b) << ((i - 8) << 3);
            }
            else if (i < SipHeader.MAX_KNOWN_NAME_LENGTH)
            {
                w2 |= fold(b) << ((i - 16) << 3);
            }
            i++;
            p++;
        }
        final int nameLength = p - start;
        while (p < end && isWsp(buffer.getByte(p)))
        {
            p++;
        }
        if (p >= end)
        {
            return fail(SipParseResult.TRUNCATED);
        }
        if (nameLength == 0 || buffer.getByte(p) != ':')
        {
            return fail(SipParseResult.MALFORMED_HEADER);
        }
        p++;

        int lineEnd = end;
        if (!toEnd)
        {
            int scan = p;
            while (true)
            {
                lineEnd = SipGrammar.indexOfLineFeed(buffer, scan, end);
                if (lineEnd < 0 || lineEnd + 1 >= end)
                {
                    return fail(SipParseResult.TRUNCATED);
                }
                final byte next = buffer.getByte(lineEnd + 1);
                if (next != SP && next != HT)
                {
                    break;
                }
                scan = lineEnd + 2;
            }
        }
        final int valueEnd = SipGrammar.trimLwsEnd(buffer, p, lineEnd);
        final int valueStart = SipGrammar.skipLws(buffer, p, valueEnd);

        headers[row + SipMessage.ID] = nameLength <= SipHeader.MAX_KNOWN_NAME_LENGTH ?
            SipHeader.lookup(w0, w1, w2) : SipHeader.OTHER;
        headers[row + SipMessage.NAME_OFFSET] = start;
        headers[row + SipMessage.NAME_LENGTH] = nameLength;
        headers[row + SipMessage.VALUE_OFFSET] = valueStart;
        headers[row + SipMessage.VALUE_LENGTH] = valueEnd - valueStart;
        return toEnd ? end : lineEnd + 1;
    }

    private static int byteOf(final long word, final int index)
    {
        return (int)(word >>> (index << 3)) & 0xFF;
    }

    private static boolean isTokenRange(final DirectBuffer buffer, final int start, final int end)
    {
        for (int p = start; p < end; p++)
        {
            if (!isToken(buffer.getByte(p)))
            {
                return false;
            }
        }
        return true;
    }
}
