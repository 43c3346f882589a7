package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.DQUOTE;
import static io.sipsensor.sip.SipGrammar.closingQuote;
import static io.sipsensor.sip.SipGrammar.isLws;
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
        this.buffer = buffer;
        this.offset = offset;
        this.end = offset + Math.max(0, length);
        reset();
        while (next())
        {
            // Visits every parameter; next() flags the first syntax error.
        }
        if (malformed)
        {
            this.end = offset;
            reset();
            return false;
        }
        reset();
        return true;
    }

    /** Empties the view. */
    public void clear()
    {
        end = offset;
        reset();
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
        while (p < end && isNameChar(buffer.getByte(p)))
        {
            p++;
        }
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
                while (p < end && isValueChar(buffer.getByte(p)))
                {
                    p++;
                }
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

    private static boolean isNameChar(final byte b)
    {
        return !isLws(b) && b != ';' && b != '=' && b != ',' && b != DQUOTE && b != '?' && b != '<' && b != '>';
    }

    private static boolean isValueChar(final byte b)
    {
        return !isLws(b) && b != ';' && b != ',' && b != DQUOTE && b != '<' && b != '>';
    }
}
