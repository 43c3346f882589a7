package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.CR;
import static io.sipsensor.sip.SipGrammar.HT;
import static io.sipsensor.sip.SipGrammar.SP;
import static io.sipsensor.sip.SipGrammar.LF;
import static io.sipsensor.sip.SipGrammar.LE;
import static io.sipsensor.sip.SipGrammar.indexOfLineFeed;
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
 * up to 2^32-1, Content-Length a plain number up to {@link #MAX_CONTENT_LENGTH}, repeated only with the same value.
 * Everything else (URIs, parameters, Via) is left to the flyweights ({@link NameAddr}, {@link SipUri}, {@link Via},
 * {@link HeaderValues}) on demand.
 * <p>
 * A passive sensor records what the endpoints accepted: a message whose start line, Call-ID and CSeq are readable
 * is usable, and what was odd about it is flagged in {@link SipMessage#anomalies()} ({@link SipAnomaly}): a header
 * line without a colon or with a stray byte in its name is skipped, the first of a repeated Call-ID, CSeq, From or
 * To is used, From or To may be missing or broken, the CSeq may name another method, the request line may have
 * extra white space. {@link #parseDatagram} also takes the range as the whole message (no blank line, a last line
 * without its LF, a bad Content-Length, trailing bytes).
 * <p>
 * TRUNCATED, TOO_MANY_HEADERS and a CR not followed by LF at a line start (MALFORMED_HEADER) are reported at the
 * line where they occur. Once the header section is complete, the result is the first that applies of:
 * BAD_CONTENT_LENGTH ({@link #parse} only), MISSING_MANDATORY_HEADER (Call-ID or CSeq), MALFORMED_HEADER (empty
 * Call-ID), BAD_CSEQ, INCOMPLETE_BODY, OK. Framing ({@link SipMessage#messageLength()}) is set whenever the header
 * section is complete and Content-Length is valid or absent (or, for {@link #parseDatagram}, is the rest).
 * <p>
 * Not thread safe: one parser per thread. Allocates only in the constructor.
 */
public final class SipParser
{
    /** Default upper bound on header lines per message. */
    public static final int DEFAULT_MAX_HEADERS = 128;

    /** Largest Content-Length accepted: 16 MiB. */
    public static final int MAX_CONTENT_LENGTH = 16 * 1024 * 1024;

    /** Headers that may appear once: the first is used, a second one is {@link SipAnomaly#DUPLICATE_HEADER}. */
    private static final int SINGLE_VALUED =
        1 << SipHeader.CALL_ID | 1 << SipHeader.CSEQ | 1 << SipHeader.FROM | 1 << SipHeader.TO;

    /** {@link #recoverLine}: the message ends here, at the end of the range. */
    private static final int STOP_AT_END = Integer.MIN_VALUE;

    private final int maxHeaders;
    private final boolean bytewise;
    /** What {@link #recoverLine} found odd about the line it recovered from. */
    private int lineAnomalies;

    /**
     * @param maxHeaders most header lines kept per message; more give {@link SipParseResult#TOO_MANY_HEADERS}.
     */
    public SipParser(final int maxHeaders)
    {
        this(maxHeaders, false);
    }

    /**
     * @param maxHeaders most header lines kept per message.
     * @param bytewise   true to parse only with the reference paths: the start line found before it is parsed,
     *                   header lines scanned a byte at a time (tests compare them with the fast paths).
     */
    SipParser(final int maxHeaders, final boolean bytewise)
    {
        this.maxHeaders = Math.max(1, maxHeaders);
        this.bytewise = bytewise;
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
        return parse(buffer, offset, length, message, false);
    }

    /**
     * Parses one message that the range holds whole: a UDP datagram, or a message a stream framer has cut out. The
     * range bounds the message, so what {@link #parse} must report as incomplete is taken as it is and flagged in
     * {@link SipMessage#anomalies()}: a header section without its blank line or its last line feed
     * ({@link SipAnomaly#UNTERMINATED}), a Content-Length that cannot frame the message (the body is the rest of the
     * range, {@link SipAnomaly#CONTENT_LENGTH}), bytes after the body ({@link SipAnomaly#TRAILING_BYTES}).
     *
     * @param buffer  holding the message.
     * @param offset  of the first byte of the message.
     * @param length  of the message (the datagram's payload).
     * @param message filled with the offsets; valid when the result is OK or INCOMPLETE_BODY.
     * @return a {@link SipParseResult} code.
     */
    public int parseDatagram(final DirectBuffer buffer, final int offset, final int length, final SipMessage message)
    {
        return parse(buffer, offset, length, message, true);
    }

    private int parse(
        final DirectBuffer buffer, final int offset, final int length, final SipMessage message, final boolean whole)
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

        final int fastLineFeed = bytewise ? -1 : StartLine.parseFast(buffer, start, end, message);
        if (fastLineFeed >= 0)
        {
            return parseHeaders(buffer, fastLineFeed + 1, end, message, whole);
        }
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
        return parseHeaders(buffer, lineFeed + 1, end, message, whole);
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
        // A start line begins with a method token or "SIP/": rejecting on the first byte keeps RTP (0x80..0xBF),
        // RTCP and binary junk from costing a search for a line feed.
        if (start >= end || !SipGrammar.isToken(buffer.getByte(start)))
        {
            return false;
        }
        final int lineFeed = indexOfLineFeed(buffer, start, end);
        if (lineFeed < 0)
        {
            return false;
        }
        final int lineEnd = lineFeed > start && buffer.getByte(lineFeed - 1) == CR ? lineFeed - 1 : lineFeed;
        return StartLine.parse(buffer, start, lineEnd, null) == SipParseResult.OK;
    }

    private int parseHeaders(
        final DirectBuffer buffer, final int from, final int end, final SipMessage message, final boolean whole)
    {
        final int maxHeaders = this.maxHeaders;
        final boolean bytewise = this.bytewise;
        final int[] headers = message.headers;
        final int[] firstIndex = message.firstIndex;
        boolean repeated = false;
        boolean badContentLength = false;
        int anomalies = 0;
        long contentLength = -1;
        int count = 0;
        int p = from;

        while (true)
        {
            if (p >= end)
            {
                if (!whole)
                {
                    return SipParseResult.TRUNCATED;
                }
                anomalies |= SipAnomaly.UNTERMINATED;
                p = end;
                break;
            }
            final int row = count * HEADER_STRIDE;
            int next;
            if (p + 8 <= end && !bytewise)
            {
                final long word = buffer.getLong(p, LE);
                final int first = (int)word & 0xFF;
                if (first == CR || first == LF)
                {
                    if (first == CR && ((int)(word >>> 8) & 0xFF) != LF)
                    {
                        return SipParseResult.MALFORMED_HEADER;
                    }
                    p += first == CR ? 2 : 1;
                    break;
                }
                if (count == maxHeaders)
                {
                    return SipParseResult.TOO_MANY_HEADERS;
                }
                next = HeaderLine.scan(buffer, p, end, word, headers, row);
            }
            else
            {
                final byte first = buffer.getByte(p);
                if (first == CR || first == LF)
                {
                    if (first == CR && p + 1 >= end)
                    {
                        if (!whole)
                        {
                            return SipParseResult.TRUNCATED;
                        }
                        anomalies |= SipAnomaly.UNTERMINATED;
                        p = end;
                        break;
                    }
                    if (first == CR && buffer.getByte(p + 1) != LF)
                    {
                        return SipParseResult.MALFORMED_HEADER;
                    }
                    p += first == CR ? 2 : 1;
                    break;
                }
                if (count == maxHeaders)
                {
                    return SipParseResult.TOO_MANY_HEADERS;
                }
                next = HeaderLine.scanBytewise(buffer, p, end, headers, row);
            }
            if (next < 0)
            {
                next = recoverLine(buffer, p, end, headers, row, next, whole);
                anomalies |= lineAnomalies;
                if (next == STOP_AT_END)
                {
                    p = end;
                    break;
                }
                if (next < 0)
                {
                    return -1 - next;
                }
                if (lineAnomalies == SipAnomaly.HEADER_LINE)
                {
                    p = next; // the bad line skipped
                    continue;
                }
            }

            final int id = headers[row + SipMessage.ID];
            if (firstIndex[id] < 0)
            {
                firstIndex[id] = count;
                if (id == SipHeader.CONTENT_LENGTH)
                {
                    contentLength = parseContentLength(buffer, headers, row);
                    badContentLength = contentLength < 0;
                }
            }
            else if (((SINGLE_VALUED >>> id) & 1) != 0)
            {
                repeated = true;
            }
            else if (id == SipHeader.CONTENT_LENGTH)
            {
                badContentLength |= contentLength != parseContentLength(buffer, headers, row);
            }
            count++;
            p = next;
        }
        return finish(buffer, p, end, message, count, repeated, badContentLength, contentLength, anomalies, whole);
    }

    /**
     * The header section is complete at {@code p}: framing, then the mandatory headers.
     */
    private static int finish(
        final DirectBuffer buffer,
        final int p,
        final int end,
        final SipMessage message,
        final int count,
        final boolean repeated,
        final boolean contentLengthBad,
        final long contentLengthValue,
        final int anomaliesSoFar,
        final boolean whole)
    {
        final int[] headers = message.headers;
        final int[] firstIndex = message.firstIndex;
        boolean badContentLength = contentLengthBad;
        long contentLength = contentLengthValue;
        int anomalies = anomaliesSoFar;
        message.headerCount = count;
        message.bodyOffset = p;
        message.headerSectionLength = p - message.messageOffset;
        if (repeated)
        {
            anomalies |= SipAnomaly.DUPLICATE_HEADER;
        }
        final int available = end - p;
        if (!badContentLength && contentLength >= 0 &&
            (long)message.headerSectionLength + contentLength > Integer.MAX_VALUE)
        {
            badContentLength = true;
        }
        if (badContentLength)
        {
            if (!whole)
            {
                return SipParseResult.BAD_CONTENT_LENGTH;
            }
            anomalies |= SipAnomaly.CONTENT_LENGTH;
            contentLength = -1;
        }
        if (contentLength < 0)
        {
            message.bodyLength = available;
            message.messageLength = message.headerSectionLength + available;
        }
        else
        {
            message.contentLength = (int)contentLength;
            message.bodyLength = (int)Math.min(contentLength, available);
            message.messageLength = message.headerSectionLength + (int)contentLength;
            if (whole && available > contentLength && !isPadding(buffer, p + (int)contentLength, end))
            {
                anomalies |= SipAnomaly.TRAILING_BYTES;
            }
        }
        message.anomalies |= anomalies;

        final int callId = firstIndex[SipHeader.CALL_ID];
        final int cseq = firstIndex[SipHeader.CSEQ];
        if (callId < 0 || cseq < 0)
        {
            return SipParseResult.MISSING_MANDATORY_HEADER;
        }
        message.callIdOffset = headers[callId * HEADER_STRIDE + SipMessage.VALUE_OFFSET];
        message.callIdLength = headers[callId * HEADER_STRIDE + SipMessage.VALUE_LENGTH];
        if (message.callIdLength == 0)
        {
            return SipParseResult.MALFORMED_HEADER;
        }
        final int cseqResult = MandatoryHeaders.parseCSeq(buffer,
            headers[cseq * HEADER_STRIDE + SipMessage.VALUE_OFFSET],
            headers[cseq * HEADER_STRIDE + SipMessage.VALUE_LENGTH], message);
        if (cseqResult != MandatoryHeaders.CSEQ_VALID)
        {
            if (cseqResult == MandatoryHeaders.CSEQ_BAD_METHOD && whole && message.isRequest)
            {
                // a garbled CSeq method in a whole request: the request line says which method it is
                message.cseqMethod = message.method;
                message.cseqMethodOffset = message.methodOffset;
                message.cseqMethodLength = message.methodLength;
            }
            else if (cseqResult != MandatoryHeaders.CSEQ_OTHER_METHOD)
            {
                return SipParseResult.BAD_CSEQ;
            }
            message.anomalies |= SipAnomaly.CSEQ_METHOD;
        }
        // Call-ID, CSeq and the start line make the message usable; a missing or broken From or To is counted.
        final int fromIndex = firstIndex[SipHeader.FROM];
        final int toIndex = firstIndex[SipHeader.TO];
        if (fromIndex < 0 || toIndex < 0 ||
            !MandatoryHeaders.isPlausibleAddress(buffer, headers, fromIndex) ||
            !MandatoryHeaders.isPlausibleAddress(buffer, headers, toIndex))
        {
            message.anomalies |= SipAnomaly.ADDRESS;
        }
        return message.bodyLength < message.contentLength ? SipParseResult.INCOMPLETE_BODY : SipParseResult.OK;
    }

    /**
     * After a header line scan failed (kept out of the header loop, which every message runs): a line without a colon
     * or with a stray byte in its name is skipped; in a whole message, a range that ends inside a line ends the
     * message there, the line taken as far as it goes. Sets {@link #lineAnomalies}.
     *
     * @param failure the scan's {@code -1 - result}.
     * @return where the next line starts (a bad line skipped, {@link #lineAnomalies} is then exactly
     * {@link SipAnomaly#HEADER_LINE}), the end of the range (the last line recorded in {@code row}),
     * {@link #STOP_AT_END}, or {@code -1 - result} to return.
     */
    private int recoverLine(
        final DirectBuffer buffer, final int p, final int end, final int[] headers, final int row, final int failure,
        final boolean whole)
    {
        final int code = -1 - failure;
        lineAnomalies = 0;
        boolean badLine = false;
        if (code == SipParseResult.MALFORMED_HEADER)
        {
            // A line without a colon or with a stray byte in its name: skip it, as a UA would.
            lineAnomalies = SipAnomaly.HEADER_LINE;
            final int lineEnd = HeaderLine.skipLine(buffer, p, end);
            if (lineEnd >= 0)
            {
                return lineEnd;
            }
            badLine = true;
        }
        else if (code != SipParseResult.TRUNCATED)
        {
            return failure;
        }
        if (!whole)
        {
            return -1 - SipParseResult.TRUNCATED;
        }
        // The range ends inside this line: the message ends here, take what the line holds.
        lineAnomalies |= SipAnomaly.UNTERMINATED;
        if (badLine || !HeaderLine.scanToEnd(buffer, p, end, headers, row))
        {
            return STOP_AT_END;
        }
        return end;
    }

    private static boolean isPadding(final DirectBuffer buffer, final int from, final int end)
    {
        for (int p = from; p < end; p++)
        {
            final byte b = buffer.getByte(p);
            if (b != CR && b != LF && b != SP && b != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static long parseContentLength(final DirectBuffer buffer, final int[] headers, final int row)
    {
        final int offset = headers[row + SipMessage.VALUE_OFFSET];
        return SipGrammar.parseUnsigned(
            buffer, offset, offset + headers[row + SipMessage.VALUE_LENGTH], MAX_CONTENT_LENGTH);
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
