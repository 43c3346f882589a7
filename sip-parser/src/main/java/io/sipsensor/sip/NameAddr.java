package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.DQUOTE;
import static io.sipsensor.sip.SipGrammar.closingQuote;
import static io.sipsensor.sip.SipGrammar.isLws;
import static io.sipsensor.sip.SipGrammar.skipLws;
import static io.sipsensor.sip.SipGrammar.trimLwsEnd;

/**
 * Flyweight over one name-addr or addr-spec value with header parameters, as in From, To and Contact
 * ({@code "Alice" <sip:alice@a.example;transport=udp>;tag=1928301774}). Reused; does not allocate.
 * <p>
 * Accepted forms: {@code "quoted" <uri>;params}, {@code token sequence <uri>;params} (also without white space
 * before {@code <}, RFC 4475 lwsdisp), {@code <uri>;params} and a bare {@code addr-spec;params}. For a bare
 * addr-spec every {@code ;} parameter belongs to the header, not the URI (RFC 3261 section 20.10). LWS inside
 * the angle brackets is ignored (RFC 4475 badaspec). One value only: split Contact lists with {@link HeaderValues}.
 * <p>
 * {@link #wrap} checks the structure and the header parameters and finds the tag; the URI is parsed when first asked
 * for, and an unparsable URI does not fail the wrap: see {@link #isUriValid()}. Not thread safe.
 */
public final class NameAddr
{
    private static final byte[] TAG = { 't', 'a', 'g' };

    private final SipUri uri = new SipUri();
    private final SipParameters parameters = new SipParameters();
    private DirectBuffer buffer;
    private boolean uriParsed;
    private int displayNameOffset;
    private int displayNameLength;
    private int uriOffset;
    private int uriLength;
    private boolean uriValid;
    private int tagOffset;
    private int tagLength;

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
        clear(buffer, offset);
        if (length <= 0 || !parse(buffer, offset, offset + length))
        {
            clear(buffer, offset);
            return false;
        }
        return true;
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
        if (index < 0 || index >= message.headerCount())
        {
            clear(message.buffer(), message.messageOffset());
            return false;
        }
        return wrap(message.buffer(), message.headerValueOffset(index), message.headerValueLength(index));
    }

    /** @return offset of the display name (quotes removed when quoted). */
    public int displayNameOffset()
    {
        return displayNameOffset;
    }

    /** @return length of the display name, 0 if none. */
    public int displayNameLength()
    {
        return displayNameLength;
    }

    /** @return offset of the URI (inside the angle brackets when present). */
    public int uriOffset()
    {
        return uriOffset;
    }

    /** @return length of the URI. */
    public int uriLength()
    {
        return uriLength;
    }

    /**
     * The URI is parsed on first use after a wrap, so that reading only the tag costs nothing more.
     *
     * @return the parsed URI (valid after a successful wrap whose URI parsed).
     */
    public SipUri uri()
    {
        if (!uriParsed)
        {
            parseUri();
        }
        return uri;
    }

    /** @return true when the last successful wrap's URI parsed as a {@link SipUri}. */
    public boolean isUriValid()
    {
        if (!uriParsed)
        {
            parseUri();
        }
        return uriValid;
    }

    /** @return the header parameters (after the {@code >} or after a bare addr-spec), wrapped. */
    public SipParameters parameters()
    {
        return parameters;
    }

    /** @return offset of the tag parameter value. */
    public int tagOffset()
    {
        return tagOffset;
    }

    /** @return length of the tag parameter value, 0 if there is no tag. */
    public int tagLength()
    {
        return tagLength;
    }

    private boolean parse(final DirectBuffer buffer, final int offset, final int rawEnd)
    {
        final int start = skipLws(buffer, offset, rawEnd);
        final int end = trimLwsEnd(buffer, start, rawEnd);
        if (start == end)
        {
            return false;
        }

        final int paramsStart;
        final byte first = buffer.getByte(start);
        final int open;
        if (first == DQUOTE)
        {
            final int closing = closingQuote(buffer, start, end);
            if (closing < 0)
            {
                return false;
            }
            displayNameOffset = start + 1;
            displayNameLength = closing - start - 1;
            open = skipLws(buffer, closing + 1, end);
            if (open >= end || buffer.getByte(open) != '<')
            {
                return false;
            }
        }
        else
        {
            open = SipGrammar.indexOf(buffer, start, end, (byte)'<');
            if (open >= 0)
            {
                final int nameEnd = trimLwsEnd(buffer, start, open);
                for (int p = start; p < nameEnd; p++)
                {
                    final byte b = buffer.getByte(p);
                    if (b == DQUOTE || b == '>' || b == ';')
                    {
                        return false;
                    }
                }
                displayNameOffset = start;
                displayNameLength = nameEnd - start;
            }
        }

        if (open >= 0)
        {
            final int close = SipGrammar.indexOf(buffer, open + 1, end, (byte)'>');
            if (close < 0)
            {
                return false;
            }
            final int uriStart = skipLws(buffer, open + 1, close);
            uriOffset = uriStart;
            uriLength = trimLwsEnd(buffer, uriStart, close) - uriStart;
            paramsStart = skipLws(buffer, close + 1, end);
            if (paramsStart < end && buffer.getByte(paramsStart) != ';')
            {
                return false;
            }
        }
        else
        {
            // Bare addr-spec: the URI runs to the first ';' or white space; only LWS may follow it before ';'.
            int p = start;
            while (p < end)
            {
                final byte b = buffer.getByte(p);
                if (b == ';' || isLws(b))
                {
                    break;
                }
                if (b == DQUOTE || b == '>')
                {
                    return false;
                }
                p++;
            }
            uriOffset = start;
            uriLength = p - start;
            paramsStart = skipLws(buffer, p, end);
            if (paramsStart < end && buffer.getByte(paramsStart) != ';')
            {
                return false;
            }
        }

        if (uriLength == 0 || !parameters.wrap(buffer, paramsStart, end - paramsStart, TAG))
        {
            return false;
        }
        if (parameters.isFound())
        {
            tagOffset = parameters.foundOffset();
            tagLength = parameters.foundLength();
        }
        uriParsed = false;
        return true;
    }

    private void parseUri()
    {
        uriParsed = true;
        uriValid = uri.wrap(buffer, uriOffset, uriLength);
    }

    private void clear(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        displayNameOffset = offset;
        displayNameLength = 0;
        uriOffset = offset;
        uriLength = 0;
        uriValid = false;
        uriParsed = false;
        tagOffset = offset;
        tagLength = 0;
        parameters.clear(buffer, offset);
    }
}
