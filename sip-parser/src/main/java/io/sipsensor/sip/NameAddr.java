package io.sipsensor.sip;

import org.agrona.DirectBuffer;

/**
 * Flyweight over one name-addr or addr-spec value with header parameters, as in From, To and Contact
 * ({@code "Alice" <sip:alice@a.example;transport=udp>;tag=1928301774}). Reused; does not allocate.
 */
public final class NameAddr
{
    /**
     * Parses a value.
     *
     * @param buffer holding the value.
     * @param offset of the value.
     * @param length of the value.
     * @return true if it parsed.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException();
    }

    /**
     * Parses the value of header {@code index} of a message.
     *
     * @param message parsed message.
     * @param index   header index.
     * @return true if it parsed.
     */
    public boolean wrap(final SipMessage message, final int index)
    {
        throw new UnsupportedOperationException();
    }

    /** @return offset of the display name (quotes removed when quoted). */
    public int displayNameOffset()
    {
        throw new UnsupportedOperationException();
    }

    /** @return length of the display name, 0 if none. */
    public int displayNameLength()
    {
        throw new UnsupportedOperationException();
    }

    /** @return offset of the URI (inside the angle brackets when present). */
    public int uriOffset()
    {
        throw new UnsupportedOperationException();
    }

    /** @return length of the URI. */
    public int uriLength()
    {
        throw new UnsupportedOperationException();
    }

    /** @return the parsed URI (valid after a successful wrap whose URI parsed). */
    public SipUri uri()
    {
        throw new UnsupportedOperationException();
    }

    /** @return offset of the tag parameter value. */
    public int tagOffset()
    {
        throw new UnsupportedOperationException();
    }

    /** @return length of the tag parameter value, 0 if there is no tag. */
    public int tagLength()
    {
        throw new UnsupportedOperationException();
    }
}
