package io.sipsensor.json;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Minimal streaming JSON writer (RFC 8259) with optional two-space indentation. Objects keep the order names are
 * written in. Not for the packet path.
 */
public final class JsonWriter
{
    private final Appendable out;
    private final boolean pretty;
    private int depth;
    private boolean first = true;
    private boolean afterName;

    /**
     * @param out    where the text goes.
     * @param pretty true for one member per line, indented.
     */
    public JsonWriter(final Appendable out, final boolean pretty)
    {
        this.out = out;
        this.pretty = pretty;
    }

    /** @return this. */
    public JsonWriter beginObject()
    {
        prefix();
        write("{");
        depth++;
        first = true;
        return this;
    }

    /** @return this. */
    public JsonWriter endObject()
    {
        return close("}");
    }

    /** @return this. */
    public JsonWriter beginArray()
    {
        prefix();
        write("[");
        depth++;
        first = true;
        return this;
    }

    /** @return this. */
    public JsonWriter endArray()
    {
        return close("]");
    }

    /**
     * @param name member name.
     * @return this.
     */
    public JsonWriter name(final String name)
    {
        prefix();
        string(name);
        write(pretty ? ": " : ":");
        afterName = true;
        return this;
    }

    /**
     * @param value string, or null.
     * @return this.
     */
    public JsonWriter value(final String value)
    {
        prefix();
        if (value == null)
        {
            write("null");
        }
        else
        {
            string(value);
        }
        return this;
    }

    /**
     * @param value number.
     * @return this.
     */
    public JsonWriter value(final long value)
    {
        prefix();
        write(Long.toString(value));
        return this;
    }

    /**
     * @param value number; NaN and infinities are written as null.
     * @return this.
     */
    public JsonWriter value(final double value)
    {
        prefix();
        write(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    /**
     * @param value boolean.
     * @return this.
     */
    public JsonWriter value(final boolean value)
    {
        prefix();
        write(value ? "true" : "false");
        return this;
    }

    /**
     * Writes text that is already valid JSON (e.g. a number formatted with fixed decimals).
     *
     * @param json raw JSON value.
     * @return this.
     */
    public JsonWriter rawValue(final String json)
    {
        prefix();
        write(json);
        return this;
    }

    /** @return this. */
    public JsonWriter nullValue()
    {
        prefix();
        write("null");
        return this;
    }

    private JsonWriter close(final String bracket)
    {
        depth--;
        if (!first)
        {
            newline();
        }
        write(bracket);
        first = false;
        afterName = false;
        if (depth == 0 && pretty)
        {
            write("\n");
        }
        return this;
    }

    private void prefix()
    {
        if (afterName)
        {
            afterName = false;
            return;
        }
        if (!first)
        {
            write(",");
        }
        if (depth > 0)
        {
            newline();
        }
        first = false;
    }

    private void newline()
    {
        if (pretty)
        {
            write("\n");
            for (int i = 0; i < depth; i++)
            {
                write("  ");
            }
        }
    }

    private void string(final String value)
    {
        final StringBuilder text = new StringBuilder(value.length() + 2);
        text.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\b' -> text.append("\\b");
                case '\f' -> text.append("\\f");
                default ->
                {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029)
                    {
                        text.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
        write(text);
    }

    private void write(final CharSequence text)
    {
        try
        {
            out.append(text);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
