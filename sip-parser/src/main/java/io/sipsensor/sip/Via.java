package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.DQUOTE;
import static io.sipsensor.sip.SipGrammar.closingQuote;
import static io.sipsensor.sip.SipGrammar.isDigit;
import static io.sipsensor.sip.SipGrammar.isHostChar;
import static io.sipsensor.sip.SipGrammar.isLws;
import static io.sipsensor.sip.SipGrammar.isToken;
import static io.sipsensor.sip.SipGrammar.skipLws;

/**
 * Flyweight over one via-parm (RFC 3261 section 20.42):
 * {@code SIP / 2.0 / UDP host[:port] *(;via-params)}, LWS allowed around {@code /}, {@code :}, {@code ;} and
 * {@code =}. Wrapping a whole Via header value reads its first via-parm (the one a response is routed by);
 * later ones are reachable through {@link HeaderValues}.
 * <p>
 * Gives the transport, the sent-by host and port, the {@code branch} and all parameters. Reused; does not
 * allocate. Offsets are absolute in the wrapped buffer. Not thread safe.
 */
public final class Via
{
    private static final int MAX_PORT = 65535;
    private static final byte[] BRANCH = { 'b', 'r', 'a', 'n', 'c', 'h' };

    private final SipParameters parameters = new SipParameters();
    private int protocolOffset;
    private int protocolLength;
    private int versionOffset;
    private int versionLength;
    private int transportOffset;
    private int transportLength;
    private int hostOffset;
    private int hostLength;
    private int port;
    private int branchOffset;
    private int branchLength;
    private boolean hasBranch;

    /**
     * Parses the first via-parm of a range.
     *
     * @param buffer holding the value.
     * @param offset of the value.
     * @param length of the value.
     * @return true if the via-parm is well formed, parameters included.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        clear(buffer, offset);
        if (length <= 0 || !parse(buffer, offset, offset + length))
        {
            clear(buffer, offset);
            return false;
        }
        return true;
    }

    /**
     * Parses the first via-parm of header {@code index} of a message.
     *
     * @param message parsed message.
     * @param index   header index.
     * @return true if it parsed.
     */
    public boolean wrap(final SipMessage message, final int index)
    {
        if (index < 0 || index >= message.headerCount())
        {
            clear(message.buffer(), message.messageOffset());
            return false;
        }
        return wrap(message.buffer(), message.headerValueOffset(index), message.headerValueLength(index));
    }

    /**
     * Parses the topmost via-parm of a message: the first value of its first Via header.
     *
     * @param message parsed message.
     * @return true if the message has a Via and it parsed.
     */
    public boolean wrapFirst(final SipMessage message)
    {
        return wrap(message, message.firstHeader(SipHeader.VIA));
    }

    /** @return offset of the protocol name ("SIP"). */
    public int protocolOffset()
    {
        return protocolOffset;
    }

    /** @return length of the protocol name. */
    public int protocolLength()
    {
        return protocolLength;
    }

    /** @return offset of the protocol version ("2.0"). */
    public int versionOffset()
    {
        return versionOffset;
    }

    /** @return length of the protocol version. */
    public int versionLength()
    {
        return versionLength;
    }

    /** @return offset of the transport token ("UDP", "TCP", "TLS", "SCTP", "WS", ...). */
    public int transportOffset()
    {
        return transportOffset;
    }

    /** @return length of the transport token. */
    public int transportLength()
    {
        return transportLength;
    }

    /** @return offset of the sent-by host; an IPv6 reference keeps its brackets. */
    public int hostOffset()
    {
        return hostOffset;
    }

    /** @return length of the sent-by host. */
    public int hostLength()
    {
        return hostLength;
    }

    /** @return sent-by port, or 0 when absent. */
    public int port()
    {
        return port;
    }

    /** @return true when a {@code branch} parameter is present (its value may still be empty or lack the cookie). */
    public boolean hasBranch()
    {
        return hasBranch;
    }

    /** @return offset of the branch value. */
    public int branchOffset()
    {
        return branchOffset;
    }

    /** @return length of the branch value, 0 when absent. */
    public int branchLength()
    {
        return branchLength;
    }

    /** @return the via parameters ({@code branch}, {@code received}, {@code rport}, ...), wrapped. */
    public SipParameters parameters()
    {
        return parameters;
    }

    private boolean parse(final DirectBuffer buffer, final int offset, final int end)
    {
        int p = skipLws(buffer, offset, end);
        protocolOffset = p;
        p = token(buffer, p, end);
        protocolLength = p - protocolOffset;
        p = slash(buffer, p, end);
        if (protocolLength == 0 || p < 0)
        {
            return false;
        }
        versionOffset = p;
        p = token(buffer, p, end);
        versionLength = p - versionOffset;
        p = slash(buffer, p, end);
        if (versionLength == 0 || p < 0)
        {
            return false;
        }
        transportOffset = p;
        p = token(buffer, p, end);
        transportLength = p - transportOffset;
        if (transportLength == 0 || p >= end || !isLws(buffer.getByte(p)))
        {
            return false;
        }

        p = skipLws(buffer, p, end);
        final int hostStart = p;
        if (p < end && buffer.getByte(p) == '[')
        {
            final int close = SipGrammar.indexOf(buffer, p, end, (byte)']');
            if (close < 0 || close == p + 1)
            {
                return false;
            }
            p = close + 1;
        }
        else
        {
            while (p < end && isHostChar(buffer.getByte(p)))
            {
                p++;
            }
        }
        if (p == hostStart)
        {
            return false;
        }
        hostOffset = hostStart;
        hostLength = p - hostStart;

        p = skipLws(buffer, p, end);
        if (p < end && buffer.getByte(p) == ':')
        {
            p = skipLws(buffer, p + 1, end);
            final int portStart = p;
            while (p < end && isDigit(buffer.getByte(p)) && p - portStart < 6)
            {
                p++;
            }
            final long value = SipGrammar.parseUnsigned(buffer, portStart, p, MAX_PORT);
            if (value < 0)
            {
                return false;
            }
            port = (int)value;
            p = skipLws(buffer, p, end);
        }

        final int paramsEnd = endOfViaParm(buffer, p, end);
        if (paramsEnd < 0 || (p < paramsEnd && buffer.getByte(p) != ';'))
        {
            return false;
        }
        if (!parameters.wrap(buffer, p, paramsEnd - p, BRANCH))
        {
            return false;
        }
        if (parameters.isFound())
        {
            hasBranch = true;
            branchOffset = parameters.foundOffset();
            branchLength = parameters.foundLength();
        }
        return true;
    }

    private static int token(final DirectBuffer buffer, final int from, final int end)
    {
        int p = from;
        while (p < end && isToken(buffer.getByte(p)))
        {
            p++;
        }
        return p;
    }

    /** @return position after {@code SWS "/" SWS}, or -1. */
    private static int slash(final DirectBuffer buffer, final int from, final int end)
    {
        final int p = skipLws(buffer, from, end);
        if (p >= end || buffer.getByte(p) != '/')
        {
            return -1;
        }
        return skipLws(buffer, p + 1, end);
    }

    /** @return position of the first ',' outside a quoted string, or {@code end}; -1 for an open quote. */
    private static int endOfViaParm(final DirectBuffer buffer, final int from, final int end)
    {
        int p = from;
        while (p < end)
        {
            final byte b = buffer.getByte(p);
            if (b == ',')
            {
                return p;
            }
            if (b == DQUOTE)
            {
                p = closingQuote(buffer, p, end);
                if (p < 0)
                {
                    return -1;
                }
            }
            p++;
        }
        return end;
    }

    private void clear(final DirectBuffer buffer, final int offset)
    {
        protocolOffset = offset;
        protocolLength = 0;
        versionOffset = offset;
        versionLength = 0;
        transportOffset = offset;
        transportLength = 0;
        hostOffset = offset;
        hostLength = 0;
        port = 0;
        hasBranch = false;
        branchOffset = offset;
        branchLength = 0;
        parameters.clear(buffer, offset);
    }
}
