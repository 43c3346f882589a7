package io.sipsensor.sip;

import org.agrona.DirectBuffer;

/**
 * The result of parsing one SIP message: offsets and lengths into the parsed buffer, filled by {@link SipParser}.
 * Reused for every message (a flyweight); nothing is copied and nothing allocates. Values are valid only while
 * the underlying buffer holds the message. All offsets are absolute offsets in {@link #buffer()}.
 * <p>
 * Not thread safe: owned by the thread that parses.
 */
public final class SipMessage
{
    // Implementation note: the parser writes the fields below directly (package-private).

    /**
     * @return the buffer the message was parsed from.
     */
    public DirectBuffer buffer()
    {
        throw new UnsupportedOperationException();
    }

    /** @return offset of the first byte of the message (its start line). */
    public int messageOffset()
    {
        throw new UnsupportedOperationException();
    }

    /** @return bytes of the whole message: headers, blank line and the body as framed (see {@link SipParser}). */
    public int messageLength()
    {
        throw new UnsupportedOperationException();
    }

    /** @return true for a request, false for a response. */
    public boolean isRequest()
    {
        throw new UnsupportedOperationException();
    }

    /** @return {@link SipMethod} code of a request (NONE for a response). */
    public int method()
    {
        throw new UnsupportedOperationException();
    }

    /** @return offset of the method token of a request. */
    public int methodOffset()
    {
        throw new UnsupportedOperationException();
    }

    /** @return length of the method token of a request, 0 for a response. */
    public int methodLength()
    {
        throw new UnsupportedOperationException();
    }

    /** @return offset of the Request-URI of a request. */
    public int requestUriOffset()
    {
        throw new UnsupportedOperationException();
    }

    /** @return length of the Request-URI of a request, 0 for a response. */
    public int requestUriLength()
    {
        throw new UnsupportedOperationException();
    }

    /** @return status code of a response (100..699), 0 for a request. */
    public int statusCode()
    {
        throw new UnsupportedOperationException();
    }

    /** @return number of header lines (folded lines count once). */
    public int headerCount()
    {
        throw new UnsupportedOperationException();
    }

    /**
     * @param index header index, 0 .. headerCount()-1, in message order.
     * @return {@link SipHeader} id of that header.
     */
    public int headerId(final int index)
    {
        throw new UnsupportedOperationException();
    }

    /** @param index header index. @return offset of the header name. */
    public int headerNameOffset(final int index)
    {
        throw new UnsupportedOperationException();
    }

    /** @param index header index. @return length of the header name (without trailing white space). */
    public int headerNameLength(final int index)
    {
        throw new UnsupportedOperationException();
    }

    /** @param index header index. @return offset of the value (leading white space skipped). */
    public int headerValueOffset(final int index)
    {
        throw new UnsupportedOperationException();
    }

    /**
     * @param index header index.
     * @return length of the value, trailing white space trimmed; a folded value keeps its inner CRLF + WSP.
     */
    public int headerValueLength(final int index)
    {
        throw new UnsupportedOperationException();
    }

    /**
     * @param headerId {@link SipHeader} id.
     * @return index of the first header with that id, or -1.
     */
    public int firstHeader(final int headerId)
    {
        throw new UnsupportedOperationException();
    }

    /**
     * @param headerId {@link SipHeader} id.
     * @param afterIndex a header index.
     * @return index of the next header with that id after {@code afterIndex}, or -1.
     */
    public int nextHeader(final int headerId, final int afterIndex)
    {
        throw new UnsupportedOperationException();
    }

    /** @return offset of the Call-ID value. */
    public int callIdOffset()
    {
        throw new UnsupportedOperationException();
    }

    /** @return length of the Call-ID value (trimmed); greater than 0 for every OK or INCOMPLETE_BODY message. */
    public int callIdLength()
    {
        throw new UnsupportedOperationException();
    }

    /** @return CSeq sequence number (0 .. 2^32-1). */
    public long cseqNumber()
    {
        throw new UnsupportedOperationException();
    }

    /** @return {@link SipMethod} code of the CSeq method. */
    public int cseqMethod()
    {
        throw new UnsupportedOperationException();
    }

    /** @return index of the From header, or -1. */
    public int fromIndex()
    {
        throw new UnsupportedOperationException();
    }

    /** @return index of the To header, or -1. */
    public int toIndex()
    {
        throw new UnsupportedOperationException();
    }

    /** @return Content-Length value, or -1 when the header is absent. */
    public int contentLength()
    {
        throw new UnsupportedOperationException();
    }

    /** @return offset of the body (first byte after the blank line). */
    public int bodyOffset()
    {
        throw new UnsupportedOperationException();
    }

    /** @return length of the body present in the buffer (may be less than Content-Length on INCOMPLETE_BODY). */
    public int bodyLength()
    {
        throw new UnsupportedOperationException();
    }

    /** @return bytes from the message start to the end of the blank line that ends the headers. */
    public int headerSectionLength()
    {
        throw new UnsupportedOperationException();
    }
}
