package io.sipsensor.sip;

import org.agrona.DirectBuffer;

/**
 * Flyweight over a {@code sip:}, {@code sips:} or {@code tel:} URI (RFC 3261 section 19.1, RFC 3966). Reused;
 * does not allocate. Offsets are absolute in the buffer passed to {@link #wrap}.
 */
public final class SipUri
{
    public static final int SCHEME_OTHER = 0;
    public static final int SCHEME_SIP = 1;
    public static final int SCHEME_SIPS = 2;
    public static final int SCHEME_TEL = 3;

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
        throw new UnsupportedOperationException();
    }

    /** @return one of the SCHEME_ constants. */
    public int scheme()
    {
        throw new UnsupportedOperationException();
    }

    /**
     * The user: for sip/sips the userinfo before any ';' user parameter or ':' password; for tel the number before
     * any ';' parameter. Percent escapes are left as they are.
     *
     * @return offset of the user.
     */
    public int userOffset()
    {
        throw new UnsupportedOperationException();
    }

    /** @return length of the user, 0 when the URI has none. */
    public int userLength()
    {
        throw new UnsupportedOperationException();
    }

    /** @return offset of the host (for tel: 0 length). IPv6 references keep their brackets. */
    public int hostOffset()
    {
        throw new UnsupportedOperationException();
    }

    /** @return length of the host. */
    public int hostLength()
    {
        throw new UnsupportedOperationException();
    }

    /** @return port, or 0 when absent. */
    public int port()
    {
        throw new UnsupportedOperationException();
    }
}
