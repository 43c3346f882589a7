package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.DQUOTE;
import static io.sipsensor.sip.SipGrammar.closingQuote;
import static io.sipsensor.sip.SipGrammar.skipLws;

/**
 * Flyweight over a list of {@code ;name[=value]} parameters: URI parameters (RFC 3261 {@code uri-parameters}) or
 * header parameters ({@code generic-param}, e.g. {@code tag}, {@code branch}). LWS, including folds, is allowed
 * around {@code ;} and {@code =}. A value is a quoted string (reported without its quotes, quoted-pairs left as
 * they are) or a run of characters up to white space or {@code ;}. Names are matched ignoring ASCII case.
 * <p>
 * Use {@link #find(CharSequence)} for one parameter, or {@link #reset()} then {@link #next()} to visit them all.
 * Reused; does not allocate. Offsets are absolute in the wrapped buffer. Not thread safe.
 */
public final class SipParameters
{
    private DirectBuffer buffer;
    private int offset;
    private int end;
    private int cursor;
    private int nameOffset;
    private int nameLength;
    private int valueOffset;
    private int valueLength;
    private boolean malformed;
    private int foundOffset;
    private int foundLength;
    private boolean found;

    /**
     * Wraps and checks a parameter list. An empty range is an empty list.
     *
     * @param buffer holding the list.
     * @param offset of the list: its first {@code ;} or, without one, the first name.
     * @param length of the list.
     * @return true when every parameter is well formed; false for an empty name ({@code ;;}), a missing value after
     * {@code =}, an unterminated quoted string or stray characters. After false the list reads as empty.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        return wrap(buffer, offset, length, null);
    }

    /**
     * Wraps and checks a list in one pass that also remembers the value of the first parameter named
     * {@code watched} (lower case), for {@link #isFound()}.
     */
    boolean wrap(final DirectBuffer buffer, final int offset, final int length, final byte[] watched)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.end = offset + Math.max(0, length);
        found = false;
        reset();
        while (next())
        {
            if (watched != null && !found && matches(watched))
            {
                found = true;
                foundOffset = valueOffset;
                foundLength = valueLength;
            }
        }
        if (malformed)
        {
            this.end = offset;
            found = false;
            reset();
            return false;
        }
        reset();
        return true;
    }

    /** @return true when the last wrap saw the watched parameter. */
    boolean isFound()
    {
        return found;
    }

    int foundOffset()
    {
        return foundOffset;
    }

    int foundLength()
    {
        return foundLength;
    }

    /** Empties the view. */
    public void clear()
    {
        end = offset;
        found = false;
        reset();
    }

    /** Empties the view at an offset of a buffer. */
    void clear(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        clear();
    }

    private boolean matches(final byte[] lowerCaseName)
    {
        final int length = lowerCaseName.length;
        if (nameLength != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(nameOffset + i);
            if (b != lowerCaseName[i] && (b | 0x20) != lowerCaseName[i])
            {
                return false;
            }
        }
        return true;
    }

    /** Rewinds {@link #next()} to the first parameter. */
    public void reset()
    {
        cursor = offset;
        malformed = false;
        nameOffset = offset;
        nameLength = 0;
        valueOffset = offset;
        valueLength = 0;
    }

    /**
     * Moves to the next parameter.
     *
     * @return true when there is one; its name and value are then available.
     */
    public boolean next()
    {
        final DirectBuffer buffer = this.buffer;
        final int end = this.end;
        int p = skipLws(buffer, cursor, end);
        if (p < end && buffer.getByte(p) == ';')
        {
            p = skipLws(buffer, p + 1, end);
        }
        final int nameStart = p;
        p = SipGrammar.endOfParamRun(buffer, p, end, true);
        if (p == nameStart)
        {
            // Only white space or one trailing ';' may remain at the end of a list.
            malformed |= p < end;
            cursor = end;
            return false;
        }
        nameOffset = nameStart;
        nameLength = p - nameStart;
        valueOffset = p;
        valueLength = 0;
        p = skipLws(buffer, p, end);
        if (p < end && buffer.getByte(p) == '=')
        {
            p = skipLws(buffer, p + 1, end);
            if (p < end && buffer.getByte(p) == DQUOTE)
            {
                final int closing = closingQuote(buffer, p, end);
                if (closing < 0)
                {
                    return fail();
                }
                valueOffset = p + 1;
                valueLength = closing - p - 1;
                p = closing + 1;
            }
            else
            {
                final int valueStart = p;
                p = SipGrammar.endOfParamRun(buffer, p, end, false);
                if (p == valueStart)
                {
                    return fail();
                }
                valueOffset = valueStart;
                valueLength = p - valueStart;
            }
            p = skipLws(buffer, p, end);
        }
        if (p < end && buffer.getByte(p) != ';')
        {
            return fail();
        }
        cursor = p;
        return true;
    }

    private boolean fail()
    {
        malformed = true;
        cursor = end;
        return false;
    }

    /**
     * Finds the first parameter with a name, ignoring ASCII case.
     *
     * @param name to look for, e.g. "tag".
     * @return true when present; {@link #valueOffset()} and {@link #valueLength()} then describe its value (length 0
     * for a parameter without value).
     */
    public boolean find(final CharSequence name)
    {
        reset();
        while (next())
        {
            if (SipGrammar.equalsIgnoreCase(buffer, nameOffset, nameLength, name))
            {
                return true;
            }
        }
        reset();
        return false;
    }

    /** @return offset of the current parameter's name. */
    public int nameOffset()
    {
        return nameOffset;
    }

    /** @return length of the current parameter's name. */
    public int nameLength()
    {
        return nameLength;
    }

    /** @return offset of the current parameter's value (inside the quotes of a quoted value). */
    public int valueOffset()
    {
        return valueOffset;
    }

    /** @return length of the current parameter's value, 0 when it has none. */
    public int valueLength()
    {
        return valueLength;
    }

    /** @return offset of the wrapped list. */
    public int offset()
    {
        return offset;
    }

    /** @return length of the wrapped list (0 after a failed wrap). */
    public int length()
    {
        return end - offset;
    }

}
