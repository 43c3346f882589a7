package io.sipsensor.sip;

import org.agrona.DirectBuffer;

/**
 * Zero-allocation SIP message parser. One pass over the start line and header lines records offsets into a
 * reused {@link SipMessage}. Never throws on input and never reads outside {@code [offset, offset + length)}.
 * <p>
 * Framing: with a Content-Length header the message is the header section plus Content-Length bytes
 * ({@link SipParseResult#INCOMPLETE_BODY} when fewer are present); without one, the body is the rest of the
 * given range (datagram semantics). Stream transports use {@link SipMessage#messageLength()} to find the next
 * message.
 * <p>
 * Not thread safe: one parser per thread. Allocates only in the constructor.
 */
public final class SipParser
{
    /** Default upper bound on header lines per message. */
    public static final int DEFAULT_MAX_HEADERS = 128;

    /**
     * @param maxHeaders most header lines kept per message; more give {@link SipParseResult#TOO_MANY_HEADERS}.
     */
    public SipParser(final int maxHeaders)
    {
        throw new UnsupportedOperationException();
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
        throw new UnsupportedOperationException();
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
        throw new UnsupportedOperationException();
    }
}
