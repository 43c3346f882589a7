package io.sipsensor.export;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records with the quoting {@link CdrCsv} writes (RFC 4180): fields separated by commas, a field in
 * double quotes may hold commas, CR, LF and doubled quotes; records end with LF or CRLF. Each record knows the line
 * it starts on, for error messages. Not for the packet path.
 */
public final class CsvReader
{
    /**
     * One record.
     *
     * @param line   1-based line number where it starts.
     * @param fields its fields.
     */
    public record Row(long line, List<String> fields)
    {
    }

    private final Reader in;
    private long line = 1;
    private int pushedBack = -2;

    /**
     * @param in the text; the caller closes it.
     */
    public CsvReader(final Reader in)
    {
        this.in = in;
    }

    /**
     * @return the next record, or null at the end.
     * @throws IOException if reading fails.
     * @throws IllegalArgumentException naming the line of a quoted field that never ends or text after a quote.
     */
    public Row next() throws IOException
    {
        int c = read();
        while (c == '\n' || c == '\r')
        {
            if (c == '\n')
            {
                line++;
            }
            c = read();
        }
        if (c < 0)
        {
            return null;
        }
        final long start = line;
        final List<String> fields = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        while (true)
        {
            if (c == '"' && field.isEmpty())
            {
                c = quoted(field, start);
            }
            if (c < 0 || c == '\n' || c == '\r')
            {
                fields.add(field.toString());
                if (c == '\r')
                {
                    final int after = read();
                    if (after != '\n')
                    {
                        pushedBack = after;
                    }
                }
                if (c >= 0)
                {
                    line++;
                }
                return new Row(start, fields);
            }
            if (c == ',')
            {
                fields.add(field.toString());
                field.setLength(0);
            }
            else
            {
                field.append((char)c);
            }
            c = read();
        }
    }

    /** Reads a quoted field after its opening quote; returns the character after the closing quote. */
    private int quoted(final StringBuilder field, final long start) throws IOException
    {
        while (true)
        {
            final int c = read();
            if (c < 0)
            {
                throw new IllegalArgumentException("line " + start + ": a quoted field never ends");
            }
            if (c == '"')
            {
                final int after = read();
                if (after != '"')
                {
                    if (after >= 0 && after != ',' && after != '\n' && after != '\r')
                    {
                        throw new IllegalArgumentException("line " + line + ": text after a closing quote");
                    }
                    return after;
                }
                field.append('"');
            }
            else
            {
                if (c == '\n')
                {
                    line++;
                }
                field.append((char)c);
            }
        }
    }

    private int read() throws IOException
    {
        if (pushedBack != -2)
        {
            final int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }
}
