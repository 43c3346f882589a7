package io.sipsensor.net.tcp;

import io.sipsensor.sip.SipParser;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Finds where a SIP message starts in one line of a stream being resynchronised. The line may carry the end of the
 * message before it: a body need not end with CRLF, so the next start line can follow its last bytes directly
 * ({@code ...</presence>NOTIFY sip:a@b SIP/2.0}). Rules, in order:
 * <ol>
 *   <li>The line is a SIP start line (RFC 3261 section 7.1/7.2) whose method is a known one or a status line: from
 *       its first byte.</li>
 *   <li>A known method name ends a token right before a space, and a request line parses from there: from there.
 *       (Known: the RFC 3261 methods and PRACK, SUBSCRIBE, NOTIFY, PUBLISH, INFO, REFER, MESSAGE, UPDATE.)</li>
 *   <li>{@code SIP/2.0 } and a status line parse from somewhere in the line: from there.</li>
 *   <li>The line is a request line with an extension method: from its first byte.</li>
 * </ol>
 * Stateless; no allocation.
 */
final class StartLineSearch
{
    private static final byte[][] METHODS = methods(
        "SUBSCRIBE", "REGISTER", "OPTIONS", "PUBLISH", "MESSAGE", "INVITE", "CANCEL", "NOTIFY", "UPDATE", "PRACK",
        "REFER", "INFO", "BYE", "ACK");
    private static final byte[] STATUS = "SIP/2.0 ".getBytes(StandardCharsets.US_ASCII);

    private StartLineSearch()
    {
    }

    /**
     * @param lineStart first byte of the line.
     * @param lineEnd   just after its LF.
     * @return where a start line begins in {@code [lineStart, lineEnd)}, or -1.
     */
    static int find(final DirectBuffer buffer, final int lineStart, final int lineEnd)
    {
        final boolean whole = Lines.isLetter(buffer.getByte(lineStart)) &&
            SipParser.looksLikeSip(buffer, lineStart, lineEnd - lineStart);
        if (whole && (buffer.getByte(lineStart) == 'S' && matches(buffer, lineStart, lineEnd, STATUS) ||
            knownMethodEndingAt(buffer, lineStart, indexOfSpace(buffer, lineStart, lineEnd)) == lineStart))
        {
            return lineStart;
        }
        for (int space = indexOfSpace(buffer, lineStart, lineEnd); space > 0;
            space = indexOfSpace(buffer, space + 1, lineEnd))
        {
            final int method = knownMethodEndingAt(buffer, lineStart, space);
            if (method >= 0 && SipParser.looksLikeSip(buffer, method, lineEnd - method))
            {
                return method;
            }
        }
        for (int p = lineStart; p + STATUS.length <= lineEnd; p++)
        {
            if (buffer.getByte(p) == 'S' && matches(buffer, p, lineEnd, STATUS) &&
                SipParser.looksLikeSip(buffer, p, lineEnd - p))
            {
                return p;
            }
        }
        return whole ? lineStart : -1;
    }

    /**
     * @return where a known method name that ends just before {@code end} begins (not before {@code from}), or -1.
     */
    private static int knownMethodEndingAt(final DirectBuffer buffer, final int from, final int end)
    {
        if (end < 0)
        {
            return -1;
        }
        for (final byte[] method : METHODS)
        {
            final int start = end - method.length;
            if (start >= from && matches(buffer, start, end, method))
            {
                return start;
            }
        }
        return -1;
    }

    private static int indexOfSpace(final DirectBuffer buffer, final int from, final int end)
    {
        for (int p = from; p < end; p++)
        {
            final byte b = buffer.getByte(p);
            if (b == ' ')
            {
                return p;
            }
            if (b == Lines.LF)
            {
                return -1;
            }
        }
        return -1;
    }

    private static boolean matches(final DirectBuffer buffer, final int at, final int end, final byte[] text)
    {
        if (end - at < text.length)
        {
            return false;
        }
        for (int i = 0; i < text.length; i++)
        {
            if (buffer.getByte(at + i) != text[i])
            {
                return false;
            }
        }
        return true;
    }

    private static byte[][] methods(final String... names)
    {
        final byte[][] methods = new byte[names.length][];
        for (int i = 0; i < names.length; i++)
        {
            methods[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return methods;
    }
}
