package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * The result of parsing one SIP message: offsets and lengths into the parsed buffer, filled by {@link SipParser}.
 * Reused for every message (a flyweight); nothing is copied and nothing allocates. Values are valid only while
 * the underlying buffer holds the message. All offsets are absolute offsets in {@link #buffer()}.
 * <p>
 * Which values are set depends on how far parsing got: the start line for every result past
 * {@link SipParseResult#MALFORMED_START_LINE}, the headers once the header section is complete, the framing
 * ({@link #messageLength()}, {@link #bodyLength()}) when Content-Length is valid or absent. Values not reached
 * keep their reset state: lengths 0, offsets at the message start, {@link #contentLength()} -1, indexes -1.
 * <p>
 * Header table layout, one row of {@link #HEADER_STRIDE} ints per header line in message order:
 * <pre>
 *   +--------+-------------+-------------+--------------+--------------+
 *   |   id   | name offset | name length | value offset | value length |
 *   +--------+-------------+-------------+--------------+--------------+
 * </pre>
 * Not thread safe: owned by the thread that parses.
 */
public final class SipMessage
{
    static final int HEADER_STRIDE = 5;
    static final int ID = 0;
    static final int NAME_OFFSET = 1;
    static final int NAME_LENGTH = 2;
    static final int VALUE_OFFSET = 3;
    static final int VALUE_LENGTH = 4;

    // Written directly by SipParser and StartLine.
    DirectBuffer buffer;
    int messageOffset;
    int messageLength;
    boolean isRequest;
    int method;
    int methodOffset;
    int methodLength;
    int requestUriOffset;
    int requestUriLength;
    int statusCode;
    int reasonOffset;
    int reasonLength;
    int headerCount;
    int[] headers;
    final int[] firstIndex = new int[SipHeader.ID_COUNT];
    int callIdOffset;
    int callIdLength;
    long cseqNumber;
    int cseqMethod;
    int cseqMethodOffset;
    int cseqMethodLength;
    int contentLength;
    int bodyOffset;
    int bodyLength;
    int headerSectionLength;
    int anomalies;

    /**
     * A message with room for {@link SipParser#DEFAULT_MAX_HEADERS} header lines; a parser sized for more grows it
     * once, on first use.
     */
    public SipMessage()
    {
        this(SipParser.DEFAULT_MAX_HEADERS);
    }

    /**
     * @param maxHeaders header lines to make room for.
     */
    public SipMessage(final int maxHeaders)
    {
        headers = new int[Math.max(1, maxHeaders) * HEADER_STRIDE];
    }

    void reset(final DirectBuffer buffer, final int offset, final int maxHeaders)
    {
        if (headers.length < maxHeaders * HEADER_STRIDE)
        {
            headers = new int[maxHeaders * HEADER_STRIDE];
        }
        this.buffer = buffer;
        messageOffset = offset;
        messageLength = 0;
        isRequest = false;
        method = SipMethod.NONE;
        methodOffset = offset;
        methodLength = 0;
        requestUriOffset = offset;
        requestUriLength = 0;
        statusCode = 0;
        reasonOffset = offset;
        reasonLength = 0;
        headerCount = 0;
        Arrays.fill(firstIndex, -1);
        callIdOffset = offset;
        callIdLength = 0;
        cseqNumber = 0;
        cseqMethod = SipMethod.NONE;
        cseqMethodOffset = offset;
        cseqMethodLength = 0;
        contentLength = -1;
        bodyOffset = offset;
        bodyLength = 0;
        headerSectionLength = 0;
        anomalies = 0;
    }

    /**
     * @return the {@link SipAnomaly} bits of what was odd about a message parsed OK or INCOMPLETE_BODY, 0 when
     * nothing was.
     */
    public int anomalies()
    {
        return anomalies;
    }

    /**
     * @return the buffer the message was parsed from.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return offset of the first byte of the message (its start line; CRLFs before it are skipped). */
    public int messageOffset()
    {
        return messageOffset;
    }

    /**
     * @return bytes of the whole message: headers, blank line and the body as framed (see {@link SipParser}); with
     * Content-Length this is what the message needs even when fewer bytes are present. 0 when it cannot be framed.
     */
    public int messageLength()
    {
        return messageLength;
    }

    /** @return true for a request, false for a response. */
    public boolean isRequest()
    {
        return isRequest;
    }

    /** @return {@link SipMethod} code of a request (NONE for a response). */
    public int method()
    {
        return method;
    }

    /** @return offset of the method token of a request. */
    public int methodOffset()
    {
        return methodOffset;
    }

    /** @return length of the method token of a request, 0 for a response. */
    public int methodLength()
    {
        return methodLength;
    }

    /** @return offset of the Request-URI of a request. */
    public int requestUriOffset()
    {
        return requestUriOffset;
    }

    /** @return length of the Request-URI of a request, 0 for a response. */
    public int requestUriLength()
    {
        return requestUriLength;
    }

    /** @return status code of a response (100..699), 0 for a request. */
    public int statusCode()
    {
        return statusCode;
    }

    /** @return offset of the reason phrase of a response. */
    public int reasonOffset()
    {
        return reasonOffset;
    }

    /** @return length of the reason phrase of a response (may be 0), 0 for a request. */
    public int reasonLength()
    {
        return reasonLength;
    }

    /** @return number of header lines (folded lines count once). */
    public int headerCount()
    {
        return headerCount;
    }

    /**
     * @param index header index, 0 .. headerCount()-1, in message order.
     * @return {@link SipHeader} id of that header.
     */
    public int headerId(final int index)
    {
        return headers[index * HEADER_STRIDE + ID];
    }

    /** @param index header index. @return offset of the header name. */
    public int headerNameOffset(final int index)
    {
        return headers[index * HEADER_STRIDE + NAME_OFFSET];
    }

    /** @param index header index. @return length of the header name (without trailing white space). */
    public int headerNameLength(final int index)
    {
        return headers[index * HEADER_STRIDE + NAME_LENGTH];
    }

    /** @param index header index. @return offset of the value (leading white space skipped). */
    public int headerValueOffset(final int index)
    {
        return headers[index * HEADER_STRIDE + VALUE_OFFSET];
    }

    /**
     * @param index header index.
     * @return length of the value, trailing white space trimmed; a folded value keeps its inner CRLF + WSP.
     */
    public int headerValueLength(final int index)
    {
        return headers[index * HEADER_STRIDE + VALUE_LENGTH];
    }

    /**
     * @param headerId {@link SipHeader} id.
     * @return index of the first header with that id, or -1.
     */
    public int firstHeader(final int headerId)
    {
        return headerId >= 0 && headerId < SipHeader.ID_COUNT ? firstIndex[headerId] : -1;
    }

    /**
     * @param headerId {@link SipHeader} id.
     * @param afterIndex a header index.
     * @return index of the next header with that id after {@code afterIndex}, or -1.
     */
    public int nextHeader(final int headerId, final int afterIndex)
    {
        final int[] headers = this.headers;
        for (int i = Math.max(0, afterIndex + 1); i < headerCount; i++)
        {
            if (headers[i * HEADER_STRIDE + ID] == headerId)
            {
                return i;
            }
        }
        return -1;
    }

    /** @return offset of the Call-ID value. */
    public int callIdOffset()
    {
        return callIdOffset;
    }

    /** @return length of the Call-ID value (trimmed); greater than 0 for every OK or INCOMPLETE_BODY message. */
    public int callIdLength()
    {
        return callIdLength;
    }

    /** @return CSeq sequence number (0 .. 2^32-1). */
    public long cseqNumber()
    {
        return cseqNumber;
    }

    /** @return {@link SipMethod} code of the CSeq method. */
    public int cseqMethod()
    {
        return cseqMethod;
    }

    /** @return offset of the CSeq method token. */
    public int cseqMethodOffset()
    {
        return cseqMethodOffset;
    }

    /** @return length of the CSeq method token. */
    public int cseqMethodLength()
    {
        return cseqMethodLength;
    }

    /** @return index of the From header, or -1. */
    public int fromIndex()
    {
        return firstIndex[SipHeader.FROM];
    }

    /** @return index of the To header, or -1. */
    public int toIndex()
    {
        return firstIndex[SipHeader.TO];
    }

    /** @return Content-Length value, or -1 when the header is absent. */
    public int contentLength()
    {
        return contentLength;
    }

    /** @return offset of the body (first byte after the blank line). */
    public int bodyOffset()
    {
        return bodyOffset;
    }

    /** @return length of the body present in the buffer (may be less than Content-Length on INCOMPLETE_BODY). */
    public int bodyLength()
    {
        return bodyLength;
    }

    /** @return bytes from the message start to the end of the blank line that ends the headers. */
    public int headerSectionLength()
    {
        return headerSectionLength;
    }
}
