package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.isLws;
import static io.sipsensor.sip.SipGrammar.isToken;
import static io.sipsensor.sip.SipMessage.HEADER_STRIDE;

/**
 * The checks {@link SipParser} makes on the values of the mandatory headers: CSeq parsed into the message, From
 * and To checked in outline. Stateless; does not allocate.
 */
final class MandatoryHeaders
{
    private static final long MAX_CSEQ = 0xFFFF_FFFFL;

    private MandatoryHeaders()
    {
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

    /** CSeq readable, its method the request's (or a response's). */
    static final int CSEQ_VALID = 0;
    /** CSeq not {@code 1*DIGIT LWS Method} or its number above 2^32-1. */
    static final int CSEQ_BAD = 1;
    /** CSeq readable, but its method is not the request's. */
    static final int CSEQ_OTHER_METHOD = 2;
    /** CSeq number readable, its method empty or not a token; the number is set in the message. */
    static final int CSEQ_BAD_METHOD = 3;

    /**
     * CSeq = 1*DIGIT LWS Method, the number at most 2^32-1; for a request the method should be the request's.
     *
     * @return {@link #CSEQ_VALID}, {@link #CSEQ_BAD}, {@link #CSEQ_OTHER_METHOD} or {@link #CSEQ_BAD_METHOD}; the
     * number and method are set in the message unless the CSeq is bad (only the number for a bad method).
     */
    static int parseCSeq(final DirectBuffer buffer, final int offset, final int length, final SipMessage message)
    {
        final int end = offset + length;
        int p = offset;
        long number = 0;
        while (p < end)
        {
            final int digit = buffer.getByte(p) - '0';
            if (digit < 0 || digit > 9)
            {
                break;
            }
            number = number * 10 + digit;
            if (number > MAX_CSEQ)
            {
                return CSEQ_BAD;
            }
            p++;
        }
        if (p == offset || p >= end || !isLws(buffer.getByte(p)))
        {
            return CSEQ_BAD;
        }
        final int methodStart = SipGrammar.skipLws(buffer, p, end);
        final int methodLength = end - methodStart;
        final int method = SipMethod.lookup(buffer, methodStart, methodLength);
        message.cseqNumber = number;
        if (methodLength == 0 || (method == SipMethod.OTHER && !isTokenRange(buffer, methodStart, end)))
        {
            return CSEQ_BAD_METHOD;
        }
        message.cseqMethod = method;
        message.cseqMethodOffset = methodStart;
        message.cseqMethodLength = methodLength;
        if (message.isRequest)
        {
            if (method != message.method)
            {
                return CSEQ_OTHER_METHOD;
            }
            if (method == SipMethod.OTHER && (methodLength != message.methodLength ||
                !SipGrammar.equalBytes(buffer, methodStart, message.methodOffset, methodLength)))
            {
                return CSEQ_OTHER_METHOD;
            }
        }
        return CSEQ_VALID;
    }

    /**
     * Structure check of a From or To value, cheap enough for every message: not empty, a quoted display name
     * terminated, and an opening angle bracket closed (RFC 4475 quotbal). The full syntax is {@link NameAddr}'s job.
     */
    static boolean isPlausibleAddress(final DirectBuffer buffer, final int[] headers, final int index)
    {
        final int start = headers[index * HEADER_STRIDE + SipMessage.VALUE_OFFSET];
        final int end = start + headers[index * HEADER_STRIDE + SipMessage.VALUE_LENGTH];
        if (start == end)
        {
            return false;
        }
        int p = start;
        byte first = buffer.getByte(start);
        if (first == SipGrammar.DQUOTE)
        {
            final int closing = SipGrammar.closingQuote(buffer, start, end);
            if (closing < 0)
            {
                return false;
            }
            p = closing + 1;
            while (p < end && SipGrammar.isWsp(buffer.getByte(p)))
            {
                p++;
            }
            if (p == end)
            {
                return true;
            }
            first = buffer.getByte(p);
        }
        final int open = first == '<' ? p : SipGrammar.indexOf(buffer, p, end, (byte)'<');
        if (open < 0)
        {
            // A quote further on belongs to a display name without '<' or to a parameter: look for its end.
            final int quote = SipGrammar.indexOf(buffer, p, end, SipGrammar.DQUOTE);
            return quote < 0 || SipGrammar.closingQuote(buffer, quote, end) >= 0;
        }
        return SipGrammar.lastIndexOf(buffer, open + 1, end, (byte)'>') >= 0;
    }
}
