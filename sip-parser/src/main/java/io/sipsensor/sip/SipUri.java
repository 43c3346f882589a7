package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.isAlpha;
import static io.sipsensor.sip.SipGrammar.isDigit;
import static io.sipsensor.sip.SipGrammar.isHostChar;
import static io.sipsensor.sip.SipGrammar.isSchemeChar;

/**
 * Flyweight over a {@code sip:}, {@code sips:} or {@code tel:} URI (RFC 3261 section 19.1, RFC 3966). Reused;
 * does not allocate. Offsets are absolute in the buffer passed to {@link #wrap}.
 * <p>
 * Any other scheme (RFC 4475 unkscm, novelsc) wraps successfully as {@link #SCHEME_OTHER} with no user, host or
 * parameters. A URI with white space, controls, quotes or angle brackets, an empty host, or a port that is not 1-5
 * digits up to 65535 does not wrap. The host is taken liberally: an IPv6 reference in brackets, or whatever runs up
 * to {@code :}, {@code ;} or {@code ?}. Escaped {@code ?headers} are tolerated and exposed, not interpreted.
 * Not thread safe.
 */
public final class SipUri
{
    public static final int SCHEME_OTHER = 0;
    public static final int SCHEME_SIP = 1;
    public static final int SCHEME_SIPS = 2;
    public static final int SCHEME_TEL = 3;

    private static final int MAX_PORT = 65535;
    private static final int FOLD4 = 0x20202020;
    private static final int SIP_COLON = (int)SipGrammar.pack("sip:", 0);
    private static final int SIPS = (int)SipGrammar.pack("sips", 0);
    private static final int TEL_COLON = (int)SipGrammar.pack("tel:", 0);

    private final SipParameters parameters = new SipParameters();
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int scheme;
    private int userOffset;
    private int userLength;
    private int passwordOffset;
    private int passwordLength;
    private int hostOffset;
    private int hostLength;
    private int port;
    private int headersOffset;
    private int headersLength;

    /**
     * Parses a URI.
     *
     * @param buffer holding the URI.
     * @param offset of its first byte.
     * @param length of the URI (no surrounding white space or angle brackets).
     * @return true if it parsed; false leaves the views empty.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        clear(offset);
        if (length <= 0 || !parse(buffer, offset, offset + length))
        {
            clear(offset);
            return false;
        }
        this.length = length;
        return true;
    }

    /** @return one of the SCHEME_ constants. */
    public int scheme()
    {
        return scheme;
    }

    /**
     * The user: for sip/sips the userinfo before any ';' user parameter or ':' password; for tel the number before
     * any ';' parameter. Percent escapes are left as they are.
     *
     * @return offset of the user.
     */
    public int userOffset()
    {
        return userOffset;
    }

    /** @return length of the user, 0 when the URI has none. */
    public int userLength()
    {
        return userLength;
    }

    /** @return offset of the password of a sip/sips userinfo. */
    public int passwordOffset()
    {
        return passwordOffset;
    }

    /** @return length of the password, 0 when there is none. */
    public int passwordLength()
    {
        return passwordLength;
    }

    /** @return offset of the host (for tel: 0 length). IPv6 references keep their brackets. */
    public int hostOffset()
    {
        return hostOffset;
    }

    /** @return length of the host. */
    public int hostLength()
    {
        return hostLength;
    }

    /** @return port, or 0 when absent. */
    public int port()
    {
        return port;
    }

    /**
     * @return the URI parameters (after the host and port for sip/sips, after the number for tel), wrapped; empty
     * when there are none.
     */
    public SipParameters parameters()
    {
        return parameters;
    }

    /** @return offset of the escaped headers after {@code ?}. */
    public int headersOffset()
    {
        return headersOffset;
    }

    /** @return length of the escaped headers after {@code ?}, 0 when there are none. */
    public int headersLength()
    {
        return headersLength;
    }

    /** @return offset of the whole URI. */
    public int offset()
    {
        return offset;
    }

    /** @return length of the whole URI, 0 after a failed wrap. */
    public int length()
    {
        return length;
    }

    private boolean parse(final DirectBuffer buffer, final int start, final int end)
    {
        int p = start;
        for (; p + 8 <= end; p += 8)
        {
            if (SipGrammar.uriStoppers(buffer.getLong(p, SipGrammar.LE)) != 0)
            {
                return false;
            }
        }
        if (p < end)
        {
            if (end - start >= 8)
            {
                if (SipGrammar.uriStoppers(buffer.getLong(end - 8, SipGrammar.LE)) != 0)
                {
                    return false;
                }
            }
            else
            {
                for (; p < end; p++)
                {
                    final byte b = buffer.getByte(p);
                    if ((b >= 0 && b <= ' ') || b == 0x7F || b == '"' || b == '<' || b == '>')
                    {
                        return false;
                    }
                }
            }
        }

        // Known schemes by one folded word compare (':' and the letters are unchanged by the fold).
        if (end - start >= 4)
        {
            final int head = buffer.getInt(start, SipGrammar.LE) | FOLD4;
            if (head == SIP_COLON)
            {
                scheme = SCHEME_SIP;
                return parseSip(buffer, start + 4, end);
            }
            if (head == TEL_COLON)
            {
                scheme = SCHEME_TEL;
                return parseTel(buffer, start + 4, end);
            }
            if (head == SIPS && end - start >= 5 && buffer.getByte(start + 4) == ':')
            {
                scheme = SCHEME_SIPS;
                return parseSip(buffer, start + 5, end);
            }
        }
        if (!isAlpha(buffer.getByte(start)))
        {
            return false;
        }
        p = start + 1;
        while (p < end && isSchemeChar(buffer.getByte(p)))
        {
            p++;
        }
        if (p >= end || buffer.getByte(p) != ':')
        {
            return false;
        }
        scheme = SCHEME_OTHER;
        return p + 1 < end;
    }

    private boolean parseSip(final DirectBuffer buffer, final int start, final int end)
    {
        int p = start;
        final int at = SipGrammar.indexOf(buffer, start, end, (byte)'@');
        if (at >= 0)
        {
            int userEnd = SipGrammar.indexOfEither(buffer, start, at, (byte)';', (byte)':');
            if (userEnd < 0)
            {
                userEnd = at;
            }
            userOffset = start;
            userLength = userEnd - start;
            final int colon = userEnd < at && buffer.getByte(userEnd) == ':' ?
                userEnd : SipGrammar.indexOf(buffer, userEnd, at, (byte)':');
            if (colon >= 0)
            {
                passwordOffset = colon + 1;
                passwordLength = at - colon - 1;
            }
            p = at + 1;
        }

        // Host: an IPv6 reference in brackets, or everything up to the port, the parameters or the headers.
        final int hostStart = p;
        if (p < end && buffer.getByte(p) == '[')
        {
            final int close = SipGrammar.indexOf(buffer, p, end, (byte)']');
            if (close < 0 || close == p + 1)
            {
                return false;
            }
            for (int i = p + 1; i < close; i++)
            {
                final byte b = buffer.getByte(i);
                if (!isHostChar(b) && b != ':')
                {
                    return false;
                }
            }
            p = close + 1;
        }
        else
        {
            p = SipGrammar.indexOfAny(buffer, p, end, (byte)':', (byte)';', (byte)'?');
            if (p < 0)
            {
                p = end;
            }
        }
        if (p == hostStart)
        {
            return false;
        }
        hostOffset = hostStart;
        hostLength = p - hostStart;

        if (p < end && buffer.getByte(p) == ':')
        {
            final int portStart = p + 1;
            p = portStart;
            while (p < end && isDigit(buffer.getByte(p)))
            {
                p++;
            }
            if (p - portStart > 5)
            {
                return false;
            }
            final long value = SipGrammar.parseUnsigned(buffer, portStart, p, MAX_PORT);
            if (value < 0)
            {
                return false;
            }
            port = (int)value;
        }
        return parseParametersAndHeaders(buffer, p, end);
    }

    private boolean parseTel(final DirectBuffer buffer, final int start, final int end)
    {
        int p = start;
        while (p < end && buffer.getByte(p) != ';' && buffer.getByte(p) != '?')
        {
            p++;
        }
        if (p == start)
        {
            return false;
        }
        userOffset = start;
        userLength = p - start;
        hostOffset = p;
        return parseParametersAndHeaders(buffer, p, end);
    }

    private boolean parseParametersAndHeaders(final DirectBuffer buffer, final int from, final int end)
    {
        if (from == end)
        {
            return true;
        }
        final byte b = buffer.getByte(from);
        if (b != ';' && b != '?')
        {
            return false;
        }
        int question = SipGrammar.indexOf(buffer, from, end, (byte)'?');
        if (question < 0)
        {
            question = end;
        }
        else
        {
            headersOffset = question + 1;
            headersLength = end - question - 1;
        }
        return question == from || parameters.wrap(buffer, from, question - from);
    }

    private void clear(final int offset)
    {
        this.offset = offset;
        length = 0;
        scheme = SCHEME_OTHER;
        userOffset = offset;
        userLength = 0;
        passwordOffset = offset;
        passwordLength = 0;
        hostOffset = offset;
        hostLength = 0;
        port = 0;
        headersOffset = offset;
        headersLength = 0;
        parameters.clear(buffer, offset);
    }
}
