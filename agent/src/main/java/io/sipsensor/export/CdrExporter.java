package io.sipsensor.export;

import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.Journal;
import io.sipsensor.json.JsonWriter;

import java.io.IOException;
import java.io.Writer;

/**
 * Reads the journal in order and writes the legs whose start lies in {@code [fromNs, toNs)} (and, if asked, of one
 * sensor) as CSV or JSON.
 */
public final class CdrExporter
{
    /** Output formats. */
    public enum Format
    {
        CSV, JSON
    }

    /** The sensor filter that takes every leg. */
    public static final int ANY_SENSOR = -1;

    private CdrExporter()
    {
    }

    /**
     * @param journal source.
     * @param format  CSV or JSON.
     * @param fromNs  first start included, ns (Long.MIN_VALUE for no bound).
     * @param toNs    first start excluded, ns (Long.MAX_VALUE for no bound).
     * @param out     destination; flushed, not closed.
     * @return legs written.
     * @throws IOException if the destination fails.
     */
    public static long export(
        final Journal journal, final Format format, final long fromNs, final long toNs, final Writer out)
        throws IOException
    {
        return export(journal.reader(), format, fromNs, toNs, ANY_SENSOR, out);
    }

    /**
     * @param journal  source.
     * @param format   CSV or JSON.
     * @param fromNs   first start included, ns (Long.MIN_VALUE for no bound).
     * @param toNs     first start excluded, ns (Long.MAX_VALUE for no bound).
     * @param idSensor only the legs of this sensor, or {@link #ANY_SENSOR}.
     * @param out      destination; flushed, not closed.
     * @return legs written.
     * @throws IOException if the destination fails.
     */
    public static long export(
        final Journal journal, final Format format, final long fromNs, final long toNs, final int idSensor,
        final Writer out) throws IOException
    {
        return export(journal.reader(), format, fromNs, toNs, idSensor, out);
    }

    /**
     * @param reader   source, positioned at the start; closed here. Damage it read past is in its
     *                 {@link Journal.Reader#damage()} afterwards.
     * @param format   CSV or JSON.
     * @param fromNs   first start included, ns (Long.MIN_VALUE for no bound).
     * @param toNs     first start excluded, ns (Long.MAX_VALUE for no bound).
     * @param idSensor only the legs of this sensor, or {@link #ANY_SENSOR}.
     * @param out      destination; flushed, not closed.
     * @return legs written.
     * @throws IOException if the destination fails.
     */
    public static long export(
        final Journal.Reader reader, final Format format, final long fromNs, final long toNs, final int idSensor,
        final Writer out) throws IOException
    {
        long written = 0;
        final CdrDecoder decoder = new CdrDecoder();
        if (format == Format.CSV)
        {
            out.write(CdrCsv.header());
            out.write('\n');
        }
        else
        {
            out.write("[");
        }
        try (reader)
        {
            while (reader.next(decoder))
            {
                final long start = decoder.startNs();
                if (start < fromNs || start >= toNs || (idSensor != ANY_SENSOR && decoder.idSensor() != idSensor))
                {
                    continue;
                }
                final CdrLeg leg = decoder.toLeg();
                if (format == Format.CSV)
                {
                    out.write(CdrCsv.row(leg));
                    out.write('\n');
                }
                else
                {
                    out.write(written == 0 ? "\n" : ",\n");
                    CdrJson.write(new JsonWriter(out, false), leg);
                }
                written++;
            }
        }
        if (format == Format.JSON)
        {
            out.write("\n]\n");
        }
        out.flush();
        return written;
    }
}
