package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.CR;
import static io.sipsensor.sip.SipGrammar.HT;
import static io.sipsensor.sip.SipGrammar.LF;
import static io.sipsensor.sip.SipGrammar.SP;
import static io.sipsensor.sip.SipGrammar.fold;
import static io.sipsensor.sip.SipGrammar.indexOfLineFeed;
import static io.sipsensor.sip.SipGrammar.isLws;
import static io.sipsensor.sip.SipGrammar.isToken;
import static io.sipsensor.sip.SipGrammar.isWsp;
import static io.sipsensor.sip.SipMessage.HEADER_STRIDE;

/**
 * Zero-allocation SIP message parser. One pass over the start line and header lines records offsets into a
 * reused {@link SipMessage}. Never throws on input and never reads outside {@code [offset, offset + length)}.
 * <p>
 * Framing: with a Content-Length header the message is the header section plus Content-Length bytes
 * ({@link SipParseResult#INCOMPLETE_BODY} when fewer are present); without one, the body is the rest of the
 * given range (datagram semantics). Stream transports use {@link SipMessage#messageLength()} to find the next
 * message. CRLFs before the start line (stream keep-alives, RFC 3261 section 7.5) are skipped.
 * <p>
 * What {@code parse} checks: the start line (see {@link SipParseResult}), header line syntax (token name, colon,
 * folding, CRLF or bare LF endings), Call-ID present and not empty, CSeq {@code 1*DIGIT LWS method} with a number
 * up to 2^32-1 and, for requests, the request's method; From and To present with balanced quotes and angle
 * brackets; each of Call-ID, CSeq, From and To at most once; Content-Length a plain number up to
 * {@link #MAX_CONTENT_LENGTH}, repeated only with the same value. Everything else (URIs, parameters, Via) is
 * left to the flyweights ({@link NameAddr}, {@link SipUri}, {@link Via}, {@link HeaderValues}) on demand.
 * <p>
 * TRUNCATED, TOO_MANY_HEADERS and header-line syntax errors (MALFORMED_HEADER) are reported at the line where they
 * occur. Once the header section is complete, the result is the first that applies of: MALFORMED_HEADER (Call-ID,
 * CSeq, From or To repeated), BAD_CONTENT_LENGTH, MISSING_MANDATORY_HEADER, MALFORMED_HEADER (empty Call-ID, broken
 * From or To), BAD_CSEQ, INCOMPLETE_BODY, OK. Framing ({@link SipMessage#messageLength()}) is set whenever the
 * header section is complete and Content-Length is valid or absent.
 * <p>
 * Not thread safe: one parser per thread. Allocates only in the constructor.
 */
public final class SipParser
{
    /** Default upper bound on header lines per message. */
    public static final int DEFAULT_MAX_HEADERS = 128;

    /** Largest Content-Length accepted: 16 MiB. */
    public static final int MAX_CONTENT_LENGTH = 16 * 1024 * 1024;

    private static final long MAX_CSEQ = 0xFFFF_FFFFL;
    private static final int MAX_PACKED_NAME = SipHeader.MAX_KNOWN_NAME_LENGTH;

    private final int maxHeaders;

    /**
     * @param maxHeaders most header lines kept per message; more give {@link SipParseResult#TOO_MANY_HEADERS}.
     */
    public SipParser(final int maxHeaders)
    {
        this.maxHeaders = Math.max(1, maxHeaders);
    }

    /**
     * Parses one message.
     *
     * @param buffer  holding the message.
     * @param offset  of the first byte of the message.
     * @param length  of the available bytes.
     * @param message filled with the offsets; valid when the result is OK or INCOMPLETE_BODY.
     * @return a {@link SipParseResult} code.
     */
    public int parse(final DirectBuffer buffer, final int offset, final int length, final SipMessage message)
    {
        message.reset(buffer, offset, maxHeaders);
        if (length <= 0 || offset < 0 || offset > buffer.capacity() - length)
        {
            return SipParseResult.NOT_SIP;
        }
        final int end = offset + length;
        final int start = skipLineBreaks(buffer, offset, end);
        if (start == end)
        {
            return SipParseResult.NOT_SIP;
        }
        message.messageOffset = start;

        final int lineFeed = indexOfLineFeed(buffer, start, end);
        if (lineFeed < 0)
        {
            return StartLine.isPlausiblePrefix(buffer, start, end) ?
                SipParseResult.TRUNCATED : SipParseResult.NOT_SIP;
        }
        final int lineEnd = lineFeed > start && buffer.getByte(lineFeed - 1) == CR ? lineFeed - 1 : lineFeed;
        final int startLineResult = StartLine.parse(buffer, start, lineEnd, message);
        if (startLineResult != SipParseResult.OK)
        {
            return startLineResult;
        }
        return parseHeaders(buffer, lineFeed + 1, end, message);
    }

    /**
     * Cheap test for payloads on ports not configured as SIP: does the range start with a SIP request line
     * ({@code METHOD SP uri SP SIP/2.0}) or a status line ({@code SIP/2.0 SP 3DIGIT})? Looks at the first line only.
     *
     * @param buffer holding the payload.
     * @param offset of the payload.
     * @param length of the payload.
     * @return true when the first line is a SIP start line.
     */
    public static boolean looksLikeSip(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0 || offset < 0 || offset > buffer.capacity() - length)
        {
            return false;
        }
        final int end = offset + length;
        final int start = skipLineBreaks(buffer, offset, end);
        final int lineFeed = indexOfLineFeed(buffer, start, end);
        if (lineFeed < 0)
        {
            return false;
        }
        final int lineEnd = lineFeed > start && buffer.getByte(lineFeed - 1) == CR ? lineFeed - 1 : lineFeed;
        return StartLine.parse(buffer, start, lineEnd, null) == SipParseResult.OK;
    }

    private int parseHeaders(final DirectBuffer buffer, final int from, final int end, final SipMessage message)
    {
        final int maxHeaders = this.maxHeaders;
        final int[] headers = message.headers;
        final int[] firstIndex = message.firstIndex;
        boolean repeated = false;
        boolean badContentLength = false;
        long contentLength = -1;
        int count = 0;
        int p = from;

        while (true)
        {
            if (p >= end)
            {
                return SipParseResult.TRUNCATED;
            }
            final byte first = buffer.getByte(p);
            if (first == CR)
            {
                if (p + 1 >= end)
                {
                    return SipParseResult.TRUNCATED;
                }
                if (buffer.getByte(p + 1) != LF)
                {
                    return SipParseResult.MALFORMED_HEADER;
                }
                p += 2;
                break;
            }
            if (first == LF)
            {
                p++;
                break;
            }
            if (count == maxHeaders)
            {
                return SipParseResult.TOO_MANY_HEADERS;
            }

            // Name: token characters, folded and packed on the way for the id lookup.
            final int nameStart = p;
            long w0 = 0;
            long w1 = 0;
            long w2 = 0;
            int i = 0;
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
                else if (i < MAX_PACKED_NAME)
                {
                    w2 |= fold(b) << ((i - 16) << 3);
                }
                i++;
                p++;
            }
            final int nameLength = p - nameStart;
            while (p < end && isWsp(buffer.getByte(p)))
            {
                p++;
            }
            if (p >= end)
            {
                return SipParseResult.TRUNCATED;
            }
            if (nameLength == 0 || buffer.getByte(p) != ':')
            {
                return SipParseResult.MALFORMED_HEADER;
            }
            p++;

            // Value: up to the LF that is not followed by SP or HTAB (folding).
            int lineFeed;
            int scan = p;
            while (true)
            {
                lineFeed = indexOfLineFeed(buffer, scan, end);
                if (lineFeed < 0 || lineFeed + 1 >= end)
                {
                    return SipParseResult.TRUNCATED;
                }
                final byte next = buffer.getByte(lineFeed + 1);
                if (next != SP && next != HT)
                {
                    break;
                }
                scan = lineFeed + 2;
            }
            int valueEnd = lineFeed;
            while (valueEnd > p && isLws(buffer.getByte(valueEnd - 1)))
            {
                valueEnd--;
            }
            int valueStart = p;
            while (valueStart < valueEnd && isLws(buffer.getByte(valueStart)))
            {
                valueStart++;
            }

            final int id = nameLength <= MAX_PACKED_NAME ? SipHeader.lookup(nameLength, w0, w1, w2) : SipHeader.OTHER;
            final int row = count * HEADER_STRIDE;
            headers[row + SipMessage.ID] = id;
            headers[row + SipMessage.NAME_OFFSET] = nameStart;
            headers[row + SipMessage.NAME_LENGTH] = nameLength;
            headers[row + SipMessage.VALUE_OFFSET] = valueStart;
            headers[row + SipMessage.VALUE_LENGTH] = valueEnd - valueStart;

            if (firstIndex[id] < 0)
            {
                firstIndex[id] = count;
                if (id == SipHeader.CONTENT_LENGTH)
                {
                    contentLength = SipGrammar.parseUnsigned(buffer, valueStart, valueEnd, MAX_CONTENT_LENGTH);
                    badContentLength = contentLength < 0;
                }
            }
            else
            {
                switch (id)
                {
                    case SipHeader.CALL_ID:
                    case SipHeader.CSEQ:
                    case SipHeader.FROM:
                    case SipHeader.TO:
                        repeated = true;
                        break;
                    case SipHeader.CONTENT_LENGTH:
                        badContentLength |= contentLength !=
                            SipGrammar.parseUnsigned(buffer, valueStart, valueEnd, MAX_CONTENT_LENGTH);
                        break;
                    default:
                        break;
                }
            }
            count++;
            p = lineFeed + 1;
        }

        message.headerCount = count;
        message.bodyOffset = p;
        message.headerSectionLength = p - message.messageOffset;
        if (repeated)
        {
            return SipParseResult.MALFORMED_HEADER;
        }
        if (badContentLength)
        {
            return SipParseResult.BAD_CONTENT_LENGTH;
        }
        final int available = end - p;
        if (contentLength < 0)
        {
            message.bodyLength = available;
            message.messageLength = message.headerSectionLength + available;
        }
        else
        {
            if ((long)message.headerSectionLength + contentLength > Integer.MAX_VALUE)
            {
                return SipParseResult.BAD_CONTENT_LENGTH;
            }
            message.contentLength = (int)contentLength;
            message.bodyLength = (int)Math.min(contentLength, available);
            message.messageLength = message.headerSectionLength + (int)contentLength;
        }

        final int callId = firstIndex[SipHeader.CALL_ID];
        final int cseq = firstIndex[SipHeader.CSEQ];
        final int fromIndex = firstIndex[SipHeader.FROM];
        final int toIndex = firstIndex[SipHeader.TO];
        if (callId < 0 || cseq < 0 || fromIndex < 0 || toIndex < 0)
        {
            return SipParseResult.MISSING_MANDATORY_HEADER;
        }
        message.callIdOffset = headers[callId * HEADER_STRIDE + SipMessage.VALUE_OFFSET];
        message.callIdLength = headers[callId * HEADER_STRIDE + SipMessage.VALUE_LENGTH];
        if (message.callIdLength == 0 ||
            !isPlausibleAddress(buffer, headers, fromIndex) ||
            !isPlausibleAddress(buffer, headers, toIndex))
        {
            return SipParseResult.MALFORMED_HEADER;
        }
        if (!parseCSeq(buffer, headers[cseq * HEADER_STRIDE + SipMessage.VALUE_OFFSET],
            headers[cseq * HEADER_STRIDE + SipMessage.VALUE_LENGTH], message))
        {
            return SipParseResult.BAD_CSEQ;
        }
        return message.bodyLength < message.contentLength ? SipParseResult.INCOMPLETE_BODY : SipParseResult.OK;
    }

    /**
     * CSeq = 1*DIGIT LWS Method, the number at most 2^32-1; for a request the method must be the request's.
     */
    private static boolean parseCSeq(
        final DirectBuffer buffer, final int offset, final int length, final SipMessage message)
    {
        final int end = offset + length;
        int p = offset;
        while (p < end && SipGrammar.isDigit(buffer.getByte(p)))
        {
            p++;
        }
        final long number = SipGrammar.parseUnsigned(buffer, offset, p, MAX_CSEQ);
        if (number < 0 || p >= end || !isLws(buffer.getByte(p)))
        {
            return false;
        }
        final int methodStart = SipGrammar.skipLws(buffer, p, end);
        p = methodStart;
        while (p < end && isToken(buffer.getByte(p)))
        {
            p++;
        }
        if (p == methodStart || p != end)
        {
            return false;
        }
        final int methodLength = p - methodStart;
        final int method = SipMethod.lookup(buffer, methodStart, methodLength);
        message.cseqNumber = number;
        message.cseqMethod = method;
        message.cseqMethodOffset = methodStart;
        message.cseqMethodLength = methodLength;
        if (message.isRequest)
        {
            if (method != message.method)
            {
                return false;
            }
            if (method == SipMethod.OTHER)
            {
                return methodLength == message.methodLength &&
                    SipGrammar.equalBytes(buffer, methodStart, message.methodOffset, methodLength);
            }
        }
        return true;
    }

    /**
     * Structure check of a From or To value, cheap enough for every message: not empty, a quoted display name
     * terminated, and an opening angle bracket closed (RFC 4475 quotbal). The full syntax is {@link NameAddr}'s job.
     */
    private static boolean isPlausibleAddress(final DirectBuffer buffer, final int[] headers, final int index)
    {
        final int start = headers[index * HEADER_STRIDE + SipMessage.VALUE_OFFSET];
        final int end = start + headers[index * HEADER_STRIDE + SipMessage.VALUE_LENGTH];
        if (start == end)
        {
            return false;
        }
        int p = start;
        final int quote = SipGrammar.indexOf(buffer, start, end, SipGrammar.DQUOTE);
        if (quote >= 0)
        {
            final int closing = SipGrammar.closingQuote(buffer, quote, end);
            if (closing < 0)
            {
                return false;
            }
            p = closing + 1;
        }
        final int open = SipGrammar.indexOf(buffer, p, end, (byte)'<');
        return open < 0 || SipGrammar.indexOf(buffer, open + 1, end, (byte)'>') >= 0;
    }

    private static int skipLineBreaks(final DirectBuffer buffer, final int offset, final int end)
    {
        int p = offset;
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
}
