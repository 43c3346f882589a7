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
 * {@link SipParseResult#MALFORMED_START_LINE}, anything else {@link SipParseResult#NOT_SIP}. The request line is
 * strict: one SP between elements, no white space inside the URI or after the version, version {@code SIP/2.0}
 * (letter case ignored). Stateless; does not allocate.
 */
final class StartLine
{
    private static final int VERSION_LENGTH = 7;
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
            !prefixEqualsIgnoreCase(buffer, start, VERSION_LENGTH, "SIP/2.0") ||
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

        // From here on the line claims to be SIP: every deviation is a malformed start line.
        if (trimmedEnd != end ||
            trimmedEnd - (lastSp + 1) != VERSION_LENGTH ||
            !prefixEqualsIgnoreCase(buffer, lastSp + 1, VERSION_LENGTH, "SIP/2.0"))
        {
            return SipParseResult.MALFORMED_START_LINE;
        }
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
        final int uriStart = p + 1;
        if (!isValidRequestUri(buffer, uriStart, lastSp))
        {
            return SipParseResult.MALFORMED_START_LINE;
        }
        if (message != null)
        {
            message.isRequest = true;
            message.methodOffset = start;
            message.methodLength = methodEnd - start;
            message.method = SipMethod.lookup(buffer, start, methodEnd - start);
            message.requestUriOffset = uriStart;
            message.requestUriLength = lastSp - uriStart;
        }
        return SipParseResult.OK;
    }

    /**
     * An absoluteURI in outline: a scheme, a colon, then printable characters without white space. Rejects the
     * {@code <uri>} form and embedded LWS (RFC 4475 ltgtruri, lwsruri, lwsstart).
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
        for (p++; p < end; p++)
        {
            final byte b = buffer.getByte(p);
            if ((b >= 0 && b <= SP) || b == 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithSipSlash(final DirectBuffer buffer, final int start, final int end)
    {
        return end - start >= 4 && prefixEqualsIgnoreCase(buffer, start, 4, "SIP/");
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
