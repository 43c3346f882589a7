package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.HT;
import static io.sipsensor.sip.SipGrammar.SP;
import static io.sipsensor.sip.SipGrammar.isAlpha;
import static io.sipsensor.sip.SipGrammar.isDigit;
import static io.sipsensor.sip.SipGrammar.isSchemeChar;
import static io.sipsensor.sip.SipGrammar.isToken;

/**
 * Request-Line and Status-Line (RFC 3261 sections 7.1 and 7.2). A line "looks like SIP" when it starts with
 * {@code SIP/} or ends with a {@code SIP/} version after its last SP; such a line that breaks the grammar is
 * {@link SipParseResult#MALFORMED_START_LINE}, anything else {@link SipParseResult#NOT_SIP}. The request line:
 * no white space inside the URI, version {@code SIP/2.0} (letter case ignored); more than one SP or HTAB between the
 * elements, or white space after the version, is read and flagged {@link SipAnomaly#START_LINE}. Stateless; does not
 * allocate.
 */
final class StartLine
{
    private static final int VERSION_LENGTH = 7;
    /** "SIP/" with its letters folded to lower case, and the mask that folds them. */
    private static final int SIP_SLASH = (int)SipGrammar.pack("sip/", 0);
    private static final int SIP_SLASH_FOLD = 0x00202020;
    private static final int SLASH_2_0 = (int)SipGrammar.pack("/2.0", 0);
    private static final long COLONS = SipGrammar.pattern((byte)':');
    private static final int STATUS_CODE_END = VERSION_LENGTH + 4;

    private StartLine()
    {
    }

    /**
     * Parses a complete first line.
     *
     * @param buffer  holding the line.
     * @param start   of the line.
     * @param end     of the line, CRLF or LF excluded.
     * @param message filled with the start-line fields, or null to only classify the line.
     * @return OK, NOT_SIP or MALFORMED_START_LINE.
     */
    static int parse(final DirectBuffer buffer, final int start, final int end, final SipMessage message)
    {
        if (startsWithSipSlash(buffer, start, end))
        {
            return parseStatusLine(buffer, start, end, message);
        }
        return parseRequestLine(buffer, start, end, message);
    }

    /**
     * One pass over a well-formed start line, without looking for its line feed first. Gives up (-1) at the first
     * surprise; {@link #parse} then classifies the line.
     *
     * @return position of the line feed that ends a valid start line, or -1.
     */
    static int parseFast(final DirectBuffer buffer, final int start, final int end, final SipMessage message)
    {
        if (end - start < 16)
        {
            return -1;
        }
        if ((buffer.getInt(start, SipGrammar.LE) | SIP_SLASH_FOLD) == SIP_SLASH)
        {
            return parseStatusLineFast(buffer, start, end, message);
        }

        // Method: token characters up to SP; a known method needs no character check.
        long word = buffer.getLong(start, SipGrammar.LE);
        long stop = SipGrammar.controlOrByte(word, COLONS);
        int wordStart = start;
        if (stop == 0)
        {
            // REGISTER, SUBSCRIBE and other long methods.
            wordStart = start + 8;
            word = buffer.getLong(wordStart, SipGrammar.LE);
            stop = SipGrammar.controlOrByte(word, COLONS);
            if (stop == 0)
            {
                return -1;
            }
        }
        final int stopIndex = Long.numberOfTrailingZeros(stop) >>> 3;
        final int methodEnd = wordStart + stopIndex;
        final int methodLength = methodEnd - start;
        if (methodLength == 0 || ((int)(word >>> (stopIndex << 3)) & 0xFF) != SP)
        {
            return -1;
        }
        final int method = SipMethod.lookup(buffer, start, methodLength);
        if (method == SipMethod.OTHER)
        {
            for (int p = start; p < methodEnd; p++)
            {
                if (!isToken(buffer.getByte(p)))
                {
                    return -1;
                }
            }
        }

        // Request-URI: a scheme, then anything up to the first SP, checked eight bytes at a time.
        final int uriStart = methodEnd + 1;
        int p = uriStart;
        if (!isAlpha(buffer.getByte(p)))
        {
            return -1;
        }
        p++;
        while (p < end && isSchemeChar(buffer.getByte(p)))
        {
            p++;
        }
        if (p >= end || buffer.getByte(p) != ':')
        {
            return -1;
        }
        int uriEnd = -1;
        while (p + 8 <= end)
        {
            final long stoppers = SipGrammar.uriStoppers(buffer.getLong(p, SipGrammar.LE));
            if (stoppers != 0)
            {
                uriEnd = p + (Long.numberOfTrailingZeros(stoppers) >>> 3);
                break;
            }
            p += 8;
        }
        if (uriEnd < 0 || uriEnd + 1 + VERSION_LENGTH + 1 > end || buffer.getByte(uriEnd) != SP ||
            !isVersion(buffer, uriEnd + 1))
        {
            return -1;
        }
        int lineFeed = uriEnd + 1 + VERSION_LENGTH;
        final byte afterVersion = buffer.getByte(lineFeed);
        if (afterVersion == '\r' && lineFeed + 1 < end)
        {
            lineFeed++;
        }
        if (buffer.getByte(lineFeed) != '\n')
        {
            return -1;
        }
        message.isRequest = true;
        message.methodOffset = start;
        message.methodLength = methodLength;
        message.method = method;
        message.requestUriOffset = uriStart;
        message.requestUriLength = uriEnd - uriStart;
        return lineFeed;
    }

    private static int parseStatusLineFast(
        final DirectBuffer buffer, final int start, final int end, final SipMessage message)
    {
        final int lineFeed = SipGrammar.indexOfLineFeed(buffer, start + STATUS_CODE_END, end);
        if (lineFeed < 0)
        {
            return -1;
        }
        final int lineEnd = buffer.getByte(lineFeed - 1) == '\r' ? lineFeed - 1 : lineFeed;
        return parseStatusLine(buffer, start, lineEnd, message) == SipParseResult.OK ? lineFeed : -1;
    }

    /**
     * For a first line cut short by the end of the range: could it still grow into a start line?
     *
     * @return true when the bytes present are a plausible start of a SIP start line.
     */
    static boolean isPlausiblePrefix(final DirectBuffer buffer, final int start, final int end)
    {
        final int n = Math.min(end - start, 4);
        if (prefixEqualsIgnoreCase(buffer, start, n, "SIP/"))
        {
            return true;
        }
        if (!isToken(buffer.getByte(start)))
        {
            return false;
        }
        for (int p = start + 1; p < end; p++)
        {
            final byte b = buffer.getByte(p);
            if ((b >= 0 && b < 0x20 && b != HT && b != '\r') || b == 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    private static int parseStatusLine(
        final DirectBuffer buffer, final int start, final int end, final SipMessage message)
    {
        if (end - start < STATUS_CODE_END ||
            !isVersion(buffer, start) ||
            buffer.getByte(start + VERSION_LENGTH) != SP)
        {
            return SipParseResult.MALFORMED_START_LINE;
        }
        final byte d0 = buffer.getByte(start + 8);
        final byte d1 = buffer.getByte(start + 9);
        final byte d2 = buffer.getByte(start + 10);
        if (!isDigit(d0) || !isDigit(d1) || !isDigit(d2))
        {
            return SipParseResult.MALFORMED_START_LINE;
        }
        final int code = (d0 - '0') * 100 + (d1 - '0') * 10 + (d2 - '0');
        if (code < 100 || code > 699)
        {
            return SipParseResult.MALFORMED_START_LINE;
        }
        int reasonOffset = end;
        if (end > start + STATUS_CODE_END)
        {
            // A missing SP before an empty reason is tolerated (RFC 4475 noreason); a fourth digit is not.
            if (buffer.getByte(start + STATUS_CODE_END) != SP)
            {
                return SipParseResult.MALFORMED_START_LINE;
            }
            reasonOffset = start + STATUS_CODE_END + 1;
        }
        if (message != null)
        {
            message.isRequest = false;
            message.statusCode = code;
            message.reasonOffset = reasonOffset;
            message.reasonLength = end - reasonOffset;
        }
        return SipParseResult.OK;
    }

    private static int parseRequestLine(
        final DirectBuffer buffer, final int start, final int end, final SipMessage message)
    {
        final int versionStart = end - VERSION_LENGTH;
        if (versionStart - 1 > start && buffer.getByte(versionStart - 1) == SP && isVersion(buffer, versionStart))
        {
            return parseMethodAndUri(buffer, start, versionStart - 1, message);
        }
        int trimmedEnd = end;
        while (trimmedEnd > start && isWspByte(buffer.getByte(trimmedEnd - 1)))
        {
            trimmedEnd--;
        }
        int lastSp = trimmedEnd - 1;
        while (lastSp >= start && buffer.getByte(lastSp) != SP)
        {
            lastSp--;
        }
        if (lastSp < start || !startsWithSipSlash(buffer, lastSp + 1, trimmedEnd))
        {
            return SipParseResult.NOT_SIP;
        }

        // From here on the line claims to be SIP: every deviation is a malformed start line, except white space
        // after the version (RFC 4475 trws), which leaves the line readable: counted, not refused.
        if (trimmedEnd - (lastSp + 1) != VERSION_LENGTH || !isVersion(buffer, lastSp + 1))
        {
            return SipParseResult.MALFORMED_START_LINE;
        }
        final int result = parseMethodAndUri(buffer, start, lastSp, message);
        if (result == SipParseResult.OK && trimmedEnd != end && message != null)
        {
            message.anomalies |= SipAnomaly.START_LINE;
        }
        return result;
    }

    /** Method SP Request-URI, ending at the SP before the version. */
    private static int parseMethodAndUri(
        final DirectBuffer buffer, final int start, final int lastSp, final SipMessage message)
    {
        int p = start;
        while (p < lastSp && isToken(buffer.getByte(p)))
        {
            p++;
        }
        if (p == start || buffer.getByte(p) != SP)
        {
            return SipParseResult.MALFORMED_START_LINE;
        }
        final int methodEnd = p;
        int uriStart = p + 1;
        int uriEnd = lastSp;
        if (!isValidRequestUri(buffer, uriStart, uriEnd))
        {
            // Several SP or HTAB between the elements (RFC 4475 lwsstart) leave the line readable: counted.
            while (uriStart < uriEnd && isWspByte(buffer.getByte(uriStart)))
            {
                uriStart++;
            }
            while (uriEnd > uriStart && isWspByte(buffer.getByte(uriEnd - 1)))
            {
                uriEnd--;
            }
            if ((uriStart == methodEnd + 1 && uriEnd == lastSp) || !isValidRequestUri(buffer, uriStart, uriEnd))
            {
                return SipParseResult.MALFORMED_START_LINE;
            }
            if (message != null)
            {
                message.anomalies |= SipAnomaly.START_LINE;
            }
        }
        if (message != null)
        {
            message.isRequest = true;
            message.methodOffset = start;
            message.methodLength = methodEnd - start;
            message.method = SipMethod.lookup(buffer, start, methodEnd - start);
            message.requestUriOffset = uriStart;
            message.requestUriLength = uriEnd - uriStart;
        }
        return SipParseResult.OK;
    }

    /**
     * An absoluteURI in outline: a scheme, a colon, then printable characters without white space, quotes or angle
     * brackets. Rejects the {@code <uri>} form and embedded LWS (RFC 4475 ltgtruri, lwsruri, lwsstart).
     */
    private static boolean isValidRequestUri(final DirectBuffer buffer, final int start, final int end)
    {
        if (start >= end || !isAlpha(buffer.getByte(start)))
        {
            return false;
        }
        int p = start + 1;
        while (p < end && isSchemeChar(buffer.getByte(p)))
        {
            p++;
        }
        if (p >= end || buffer.getByte(p) != ':')
        {
            return false;
        }
        for (p++; p + 8 <= end; p += 8)
        {
            if (SipGrammar.uriStoppers(buffer.getLong(p, SipGrammar.LE)) != 0)
            {
                return false;
            }
        }
        for (; p < end; p++)
        {
            final byte b = buffer.getByte(p);
            if ((b >= 0 && b <= SP) || b == 0x7F || b == '"' || b == '<' || b == '>')
            {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithSipSlash(final DirectBuffer buffer, final int start, final int end)
    {
        return end - start >= 4 && (buffer.getInt(start, SipGrammar.LE) | SIP_SLASH_FOLD) == SIP_SLASH;
    }

    /** @return true when the 7 bytes at {@code start} are "SIP/2.0", letter case ignored. */
    private static boolean isVersion(final DirectBuffer buffer, final int start)
    {
        return (buffer.getInt(start, SipGrammar.LE) | SIP_SLASH_FOLD) == SIP_SLASH &&
            buffer.getInt(start + 3, SipGrammar.LE) == SLASH_2_0;
    }

    private static boolean prefixEqualsIgnoreCase(
        final DirectBuffer buffer, final int start, final int length, final String upperCase)
    {
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(start + i);
            final int c = upperCase.charAt(i);
            if (b != c && !(c >= 'A' && c <= 'Z' && b == c + 32))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isWspByte(final byte b)
    {
        return b == SP || b == HT;
    }
}
