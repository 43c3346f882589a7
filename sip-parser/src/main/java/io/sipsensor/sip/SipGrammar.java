package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Byte classes and scanning primitives of the SIP grammar (RFC 3261 section 25) shared by the flyweights of this
 * package. Stateless; nothing allocates; every scan stays inside the {@code [from, end)} range it is given.
 */
final class SipGrammar
{
    static final byte SP = ' ';
    static final byte HT = '\t';
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte DQUOTE = '"';
    static final byte BACKSLASH = '\\';

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private static final byte TOKEN = 1;
    private static final byte ALPHA = 2;
    private static final byte DIGIT = 4;
    private static final byte SCHEME = 8;
    private static final byte HOST = 16;
    private static final byte PARAM_NAME = 32;
    private static final byte PARAM_VALUE = 64;
    private static final byte[] CLASSES = new byte[256];

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LF_PATTERN = ONES * LF;
    private static final long BELOW_0X21 = ONES * 0x21;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long QUOTES = ONES * DQUOTE;
    private static final long BACKSLASHES = ONES * BACKSLASH;
    /** OR-ed into a word of letters to fold them to lower case; see {@link #fold(byte)}. */
    static final long FOLD = ONES * 0x20;

    static
    {
        for (int c = 'a'; c <= 'z'; c++)
        {
            CLASSES[c] = TOKEN | ALPHA | SCHEME | HOST;
            CLASSES[c - 32] = TOKEN | ALPHA | SCHEME | HOST;
        }
        for (int c = '0'; c <= '9'; c++)
        {
            CLASSES[c] = TOKEN | DIGIT | SCHEME | HOST;
        }
        for (final char c : "-.!%*_+`'~".toCharArray())
        {
            CLASSES[c] |= TOKEN;
        }
        CLASSES['+'] |= SCHEME;
        CLASSES['-'] |= SCHEME | HOST;
        CLASSES['.'] |= SCHEME | HOST;
        CLASSES['_'] |= HOST;
        // Parameter names and values, liberally: anything but controls, SP, DEL and the list's own delimiters.
        for (int c = 0x21; c < 256; c++)
        {
            if (c != 0x7F && "\";,<>".indexOf(c) < 0)
            {
                CLASSES[c] |= PARAM_VALUE;
                if (c != '=' && c != '?')
                {
                    CLASSES[c] |= PARAM_NAME;
                }
            }
        }
    }

    private SipGrammar()
    {
    }

    /** @return true for a token character (RFC 3261: alphanum and {@code -.!%*_+`'~}). */
    static boolean isToken(final byte b)
    {
        return (CLASSES[b & 0xFF] & TOKEN) != 0;
    }

    static boolean isAlpha(final byte b)
    {
        return (CLASSES[b & 0xFF] & ALPHA) != 0;
    }

    static boolean isDigit(final byte b)
    {
        return (CLASSES[b & 0xFF] & DIGIT) != 0;
    }

    /** @return true for a character allowed after the first one of a URI scheme. */
    static boolean isSchemeChar(final byte b)
    {
        return (CLASSES[b & 0xFF] & SCHEME) != 0;
    }

    /** @return true for a character of a host name or IPv4 address (alphanum, {@code - . _}). */
    static boolean isHostChar(final byte b)
    {
        return (CLASSES[b & 0xFF] & HOST) != 0;
    }

    /** @return true for a character of a parameter name: not LWS, a control, or one of {@code ;,="<>?}. */
    static boolean isParamNameChar(final byte b)
    {
        return (CLASSES[b & 0xFF] & PARAM_NAME) != 0;
    }

    /** @return true for a character of an unquoted parameter value: not LWS, a control, or one of {@code ;,"<>}. */
    static boolean isParamValueChar(final byte b)
    {
        return (CLASSES[b & 0xFF] & PARAM_VALUE) != 0;
    }

    /** @return true for SP or HTAB. */
    static boolean isWsp(final byte b)
    {
        return b == SP || b == HT;
    }

    /** @return true for SP, HTAB, CR or LF: inside a header value CR and LF only occur as part of a fold. */
    static boolean isLws(final byte b)
    {
        return b == SP || b == HT || b == CR || b == LF;
    }

    /**
     * @return position of the first byte at or after {@code from} that is not SP, HTAB, CR or LF, or {@code end}.
     */
    static int skipLws(final DirectBuffer buffer, final int from, final int end)
    {
        int p = from;
        while (p < end && isLws(buffer.getByte(p)))
        {
            p++;
        }
        return p;
    }

    /**
     * @return the end of {@code [start, end)} with trailing SP, HTAB, CR and LF removed.
     */
    static int trimLwsEnd(final DirectBuffer buffer, final int start, final int end)
    {
        int e = end;
        while (e > start && isLws(buffer.getByte(e - 1)))
        {
            e--;
        }
        return e;
    }

    /**
     * Finds a line feed eight bytes at a time.
     *
     * @return position of the first LF in {@code [from, end)}, or -1.
     */
    static int indexOfLineFeed(final DirectBuffer buffer, final int from, final int end)
    {
        int p = from;
        while (p + 8 <= end)
        {
            final long x = buffer.getLong(p, LE) ^ LF_PATTERN;
            // Classic "has zero byte": the lowest flagged byte is exact, higher ones may be false positives.
            final long found = (x - ONES) & ~x & HIGHS;
            if (found != 0)
            {
                return p + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            p += 8;
        }
        if (p < end && end - from >= 8)
        {
            // The tail as one word overlapping bytes already searched: none of those can match.
            final long x = buffer.getLong(end - 8, LE) ^ LF_PATTERN;
            final long found = (x - ONES) & ~x & HIGHS;
            return found == 0 ? -1 : end - 8 + (Long.numberOfTrailingZeros(found) >>> 3);
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
     * SWAR flags of the bytes of a little-endian word that are below 0x21 (SP, HT, CR, LF, other controls) or are
     * {@code value}. Only the lowest flag is exact (borrows may flag bytes above it); bytes of 0x80 and above are
     * never flagged.
     */
    static long controlOrByte(final long word, final long valuePattern)
    {
        final long x = word ^ valuePattern;
        return ((word - BELOW_0X21) & ~word | (x - ONES) & ~x) & HIGHS;
    }

    /**
     * SWAR flags of the bytes of a word that cannot appear in a URI: below 0x21, DEL, {@code "}, {@code <}, {@code >}.
     * Zero means all eight bytes are acceptable; non-zero flags are not exact (use to decide only).
     */
    static long uriStoppers(final long word)
    {
        final long del = word ^ (ONES * 0x7F);
        final long quote = word ^ (ONES * '"');
        final long less = word ^ (ONES * '<');
        final long greater = word ^ (ONES * '>');
        return ((word - BELOW_0X21) & ~word |
            (del - ONES) & ~del |
            (quote - ONES) & ~quote |
            (less - ONES) & ~less |
            (greater - ONES) & ~greater) & HIGHS;
    }

    /**
     * End of a run of parameter characters ({@link #isParamNameChar} or {@link #isParamValueChar}), eight bytes at
     * a time.
     *
     * @param name true for a name (which also stops at {@code =} and {@code ?}).
     * @return position of the first byte in {@code [from, end)} that cannot continue the run, or {@code end}.
     */
    static int endOfParamRun(final DirectBuffer buffer, final int from, final int end, final boolean name)
    {
        int p = from;
        while (p + 8 <= end)
        {
            final long stops = paramStops(buffer.getLong(p, LE), name);
            if (stops != 0)
            {
                return p + (Long.numberOfTrailingZeros(stops) >>> 3);
            }
            p += 8;
        }
        if (p < end && end - from >= 8)
        {
            final long stops = paramStops(buffer.getLong(end - 8, LE), name);
            return stops == 0 ? end : end - 8 + (Long.numberOfTrailingZeros(stops) >>> 3);
        }
        while (p < end && (name ? isParamNameChar(buffer.getByte(p)) : isParamValueChar(buffer.getByte(p))))
        {
            p++;
        }
        return p;
    }

    private static long paramStops(final long word, final boolean name)
    {
        long stops = (word - BELOW_0X21) & ~word | zeros(word ^ (ONES * 0x7F)) | zeros(word ^ QUOTES) |
            zeros(word ^ (ONES * ';')) | zeros(word ^ (ONES * ',')) | zeros(word ^ (ONES * '<')) |
            zeros(word ^ (ONES * '>'));
        if (name)
        {
            stops |= zeros(word ^ (ONES * '=')) | zeros(word ^ (ONES * '?'));
        }
        return stops & HIGHS;
    }

    private static long zeros(final long x)
    {
        return (x - ONES) & ~x;
    }

    /** @return pattern of eight copies of a byte, for the SWAR helpers. */
    static long pattern(final byte value)
    {
        return ONES * (value & 0xFF);
    }

    /** @return mask of the lowest {@code bytes} bytes of a word, 0 to 7 bytes. */
    static long lowBytes(final int bytes)
    {
        return (1L << (bytes << 3)) - 1;
    }

    /**
     * Finds a byte eight bytes at a time.
     *
     * @return position of the first {@code value} in {@code [from, end)}, or -1.
     */
    static int indexOf(final DirectBuffer buffer, final int from, final int end, final byte value)
    {
        final long pattern = ONES * (value & 0xFF);
        int p = from;
        while (p + 8 <= end)
        {
            final long x = buffer.getLong(p, LE) ^ pattern;
            final long found = (x - ONES) & ~x & HIGHS;
            if (found != 0)
            {
                return p + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            p += 8;
        }
        if (p < end && end - from >= 8)
        {
            final long x = buffer.getLong(end - 8, LE) ^ pattern;
            final long found = (x - ONES) & ~x & HIGHS;
            return found == 0 ? -1 : end - 8 + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        while (p < end)
        {
            if (buffer.getByte(p) == value)
            {
                return p;
            }
            p++;
        }
        return -1;
    }

    /**
     * Finds the last occurrence of a byte, eight bytes at a time from the end (a closing bracket is usually near it).
     *
     * @return position of the last {@code value} in {@code [from, end)}, or -1.
     */
    static int lastIndexOf(final DirectBuffer buffer, final int from, final int end, final byte value)
    {
        final long pattern = ONES * (value & 0xFF);
        int p = end - 8;
        while (p >= from)
        {
            // Exact zero-byte flags (no borrow between bytes), so the highest one can be trusted.
            final long x = buffer.getLong(p, LE) ^ pattern;
            final long found = ~(((x & LOW7) + LOW7) | x | LOW7);
            if (found != 0)
            {
                return p + 7 - (Long.numberOfLeadingZeros(found) >>> 3);
            }
            p -= 8;
        }
        for (int q = p + 7; q >= from; q--)
        {
            if (buffer.getByte(q) == value)
            {
                return q;
            }
        }
        return -1;
    }

    /**
     * Finds either of two bytes eight bytes at a time.
     *
     * @return position of the first {@code a} or {@code b} in {@code [from, end)}, or -1.
     */
    static int indexOfEither(final DirectBuffer buffer, final int from, final int end, final byte a, final byte b)
    {
        return indexOfAny(buffer, from, end, a, b, b);
    }

    /**
     * Finds any of three bytes eight bytes at a time.
     *
     * @return position of the first {@code a}, {@code b} or {@code c} in {@code [from, end)}, or -1.
     */
    static int indexOfAny(
        final DirectBuffer buffer, final int from, final int end, final byte a, final byte b, final byte c)
    {
        final long patternA = ONES * (a & 0xFF);
        final long patternB = ONES * (b & 0xFF);
        final long patternC = ONES * (c & 0xFF);
        int p = from;
        while (p + 8 <= end)
        {
            final long word = buffer.getLong(p, LE);
            final long x = word ^ patternA;
            final long y = word ^ patternB;
            final long z = word ^ patternC;
            final long found = ((x - ONES) & ~x | (y - ONES) & ~y | (z - ONES) & ~z) & HIGHS;
            if (found != 0)
            {
                return p + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            p += 8;
        }
        if (p < end && end - from >= 8)
        {
            final long word = buffer.getLong(end - 8, LE);
            final long x = word ^ patternA;
            final long y = word ^ patternB;
            final long z = word ^ patternC;
            final long found = ((x - ONES) & ~x | (y - ONES) & ~y | (z - ONES) & ~z) & HIGHS;
            return found == 0 ? -1 : end - 8 + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        while (p < end)
        {
            final byte d = buffer.getByte(p);
            if (d == a || d == b || d == c)
            {
                return p;
            }
            p++;
        }
        return -1;
    }

    /**
     * Skips a quoted string whose opening DQUOTE is at {@code quote}, honouring backslash quoted-pairs.
     *
     * @return position of the closing DQUOTE, or -1 when the string is not terminated before {@code end}.
     */
    static int closingQuote(final DirectBuffer buffer, final int quote, final int end)
    {
        int p = quote + 1;
        while (p + 8 <= end)
        {
            final long word = buffer.getLong(p, LE);
            final long quotes = word ^ QUOTES;
            final long backslashes = word ^ BACKSLASHES;
            final long found = ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes) & HIGHS;
            if (found == 0)
            {
                p += 8;
                continue;
            }
            final int index = Long.numberOfTrailingZeros(found) >>> 3;
            if ((int)(word >>> (index << 3) & 0xFF) == DQUOTE)
            {
                return p + index;
            }
            p += index + 2;
        }
        while (p < end)
        {
            final byte b = buffer.getByte(p);
            if (b == DQUOTE)
            {
                return p;
            }
            p += b == BACKSLASH ? 2 : 1;
        }
        return -1;
    }

    /**
     * Parses an unsigned decimal number without leading sign or white space.
     *
     * @param max largest accepted value; must be below {@code Long.MAX_VALUE / 10}.
     * @return the value, or -1 when the range is empty, holds a non-digit or the value exceeds {@code max}.
     */
    static long parseUnsigned(final DirectBuffer buffer, final int start, final int end, final long max)
    {
        if (start >= end)
        {
            return -1;
        }
        long value = 0;
        for (int p = start; p < end; p++)
        {
            final int digit = buffer.getByte(p) - '0';
            if (digit < 0 || digit > 9)
            {
                return -1;
            }
            value = value * 10 + digit;
            if (value > max)
            {
                return -1;
            }
        }
        return value;
    }

    /**
     * @return true when the {@code length} bytes at {@code offset} equal {@code text} ignoring ASCII letter case.
     */
    static boolean equalsIgnoreCase(
        final DirectBuffer buffer, final int offset, final int length, final CharSequence text)
    {
        if (length != text.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            final int a = buffer.getByte(offset + i) & 0xFF;
            final int b = text.charAt(i);
            if (a != b && toLower(a) != toLower(b))
            {
                return false;
            }
        }
        return true;
    }

    /** @return true when two byte ranges of the same length hold the same bytes. */
    static boolean equalBytes(final DirectBuffer buffer, final int offsetA, final int offsetB, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offsetA + i) != buffer.getByte(offsetB + i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Packs up to eight characters of a lower-case constant into a little-endian long, as {@link #fold} packs bytes.
     */
    static long pack(final String text, final int from)
    {
        long word = 0;
        for (int i = 0; i < 8 && from + i < text.length(); i++)
        {
            word |= (long)text.charAt(from + i) << (i << 3);
        }
        return word;
    }

    /**
     * Folds a token character for a case-insensitive compare against lower-case letters and '-': exact for token
     * characters, since only 'A'-'Z'/'a'-'z' fold onto a letter and only '-' onto '-' (CR is not a token char).
     */
    static long fold(final byte b)
    {
        return (b | 0x20) & 0xFF;
    }

    private static int toLower(final int c)
    {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
