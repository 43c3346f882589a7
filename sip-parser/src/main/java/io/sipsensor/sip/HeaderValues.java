package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.BACKSLASH;
import static io.sipsensor.sip.SipGrammar.DQUOTE;
import static io.sipsensor.sip.SipGrammar.isLws;

/**
 * Iterator over the comma-separated values of a list header (Via, Contact, Route, Record-Route, Supported, ...):
 * {@code a, "b, c" <sip:d;x=1,2>, e} gives {@code a}, {@code "b, c" <sip:d;x=1,2>} and {@code e}. Commas inside
 * quoted strings (with quoted-pairs) and inside {@code <...>} do not split. Values are trimmed of LWS; empty values
 * ({@code a,,b}) are skipped. An unterminated quote or bracket runs to the end of the range.
 * <p>
 * Only for headers whose grammar is a list: a Date value has a comma of its own. To read every value of every
 * header with one id, wrap each index from {@link SipMessage#firstHeader}/{@link SipMessage#nextHeader} in turn.
 * <p>
 * Reused; does not allocate. Not thread safe.
 */
public final class HeaderValues
{
    private DirectBuffer buffer;
    private int cursor;
    private int end;
    private int valueOffset;
    private int valueLength;

    /**
     * @param buffer holding the header value.
     * @param offset of the header value.
     * @param length of the header value.
     * @return this, positioned before the first value.
     */
    public HeaderValues wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        cursor = offset;
        end = offset + Math.max(0, length);
        valueOffset = offset;
        valueLength = 0;
        return this;
    }

    /**
     * @param message parsed message.
     * @param index   header index; an index out of range gives no values.
     * @return this, positioned before the first value of that header.
     */
    public HeaderValues wrap(final SipMessage message, final int index)
    {
        if (index < 0 || index >= message.headerCount())
        {
            return wrap(message.buffer(), message.messageOffset(), 0);
        }
        return wrap(message.buffer(), message.headerValueOffset(index), message.headerValueLength(index));
    }

    /**
     * Moves to the next non-empty value.
     *
     * @return true when there is one.
     */
    public boolean next()
    {
        final DirectBuffer buffer = this.buffer;
        final int end = this.end;
        int p = cursor;
        while (p < end)
        {
            while (p < end && (isLws(buffer.getByte(p)) || buffer.getByte(p) == ','))
            {
                p++;
            }
            if (p >= end)
            {
                break;
            }
            final int start = p;
            boolean quoted = false;
            boolean angled = false;
            while (p < end)
            {
                final byte b = buffer.getByte(p);
                if (quoted)
                {
                    if (b == BACKSLASH)
                    {
                        p++;
                    }
                    else if (b == DQUOTE)
                    {
                        quoted = false;
                    }
                }
                else if (b == DQUOTE)
                {
                    quoted = true;
                }
                else if (b == '<')
                {
                    angled = true;
                }
                else if (b == '>')
                {
                    angled = false;
                }
                else if (b == ',' && !angled)
                {
                    break;
                }
                p++;
            }
            final int stop = Math.min(p, end);
            int valueEnd = stop;
            while (valueEnd > start && isLws(buffer.getByte(valueEnd - 1)))
            {
                valueEnd--;
            }
            cursor = stop;
            valueOffset = start;
            valueLength = valueEnd - start;
            return true;
        }
        cursor = end;
        valueOffset = end;
        valueLength = 0;
        return false;
    }

    /** @return offset of the current value. */
    public int valueOffset()
    {
        return valueOffset;
    }

    /** @return length of the current value. */
    public int valueLength()
    {
        return valueLength;
    }
}
