package io.sipsensor.web;

import io.sipsensor.export.CdrCsv;
import io.sipsensor.export.CdrJson;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.Journal;
import io.sipsensor.json.JsonWriter;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CDR search over the journal: legs whose start lies in {@code [from, to)}, whose Call-ID, caller, called or
 * request-URI user holds a text (case-insensitive), with a final code; read in journal order from a cursor (the
 * journal index of the last leg already seen), one page at a time, reading at most {@link #SCAN_LIMIT} records per
 * page so a rare match never makes one request read the whole journal (the cursor then says where to go on).
 *
 * @param fromNs first start included (Long.MIN_VALUE: no bound).
 * @param toNs   first start excluded (Long.MAX_VALUE: no bound).
 * @param text   lower-case text to find, or null.
 * @param code   final code, or -1 for any (0: legs without a final response).
 * @param sensor sensor id, or -1 for any.
 * @param limit  most legs per page.
 * @param cursor journal index to read after, or -1 from the start.
 */
record CdrQuery(long fromNs, long toNs, String text, int code, int sensor, int limit, long cursor)
{
    /** A leg found, with its journal index (what opens it again). */
    record Found(long index, CdrLeg leg)
    {
    }

    /**
     * One page of a search.
     *
     * @param legs       the legs found, in journal order.
     * @param nextCursor the cursor of the next page, or -1 when the journal has been read to its end.
     * @param scanned    journal records read for this page.
     */
    record Page(List<Found> legs, long nextCursor, long scanned)
    {
    }

    /** Most legs in one page. */
    static final int MAX_LIMIT = 1000;
    /** Legs per page unless asked otherwise. */
    static final int DEFAULT_LIMIT = 100;
    /** Most journal records one page reads. */
    static final int SCAN_LIMIT = 200_000;

    /**
     * Parses the query parameters; null parameters are absent.
     *
     * @throws IllegalArgumentException with one line naming the bad parameter.
     */
    static CdrQuery parse(final String from, final String to, final String q, final String code,
        final String sensor, final String limit, final String cursor)
    {
        final long fromNs = from == null || from.isBlank() ? Long.MIN_VALUE : time("from", from);
        final long toNs = to == null || to.isBlank() ? Long.MAX_VALUE : time("to", to);
        if (q != null && q.length() > 256)
        {
            throw new IllegalArgumentException("q is longer than 256 characters");
        }
        final String text = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        final int finalCode = code == null || code.isBlank() ? -1 : (int)number("code", code, 0, 699);
        final int sensorId = sensor == null || sensor.isBlank() ? -1 : (int)number("sensor", sensor, 0, 65535);
        final int pageLimit = limit == null || limit.isBlank() ? DEFAULT_LIMIT :
            (int)number("limit", limit, 1, MAX_LIMIT);
        final long after = cursor == null || cursor.isBlank() ? -1 : number("cursor", cursor, 0, Long.MAX_VALUE);
        return new CdrQuery(fromNs, toNs, text, finalCode, sensorId, pageLimit, after);
    }

    private static long time(final String name, final String text)
    {
        try
        {
            return TimeFormat.parse(text.strip());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(name + ": " + ex.getMessage());
        }
    }

    private static long number(final String name, final String text, final long min, final long max)
    {
        final String value = text.strip();
        if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(Character::isDigit))
        {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
        }
        final long number;
        try
        {
            number = Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
        }
        if (number < min || number > max)
        {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
        }
        return number;
    }

    private boolean matchesFixed(final CdrDecoder decoder)
    {
        final long start = decoder.startNs();
        return start >= fromNs && start < toNs && (code < 0 || decoder.finalCode() == code) &&
            (sensor < 0 || decoder.idSensor() == sensor);
    }

    private boolean matchesText(final CdrLeg leg)
    {
        return text == null || contains(leg.callId()) || contains(leg.caller()) || contains(leg.called()) ||
            contains(leg.ruriUser());
    }

    private boolean contains(final String value)
    {
        return value != null && value.toLowerCase(Locale.ROOT).contains(text);
    }

    /**
     * Reads one page: at most {@link #limit} legs after the cursor, reading at most {@link #SCAN_LIMIT} records.
     *
     * @param journalDir the journal folder.
     * @return the page.
     */
    Page read(final Path journalDir)
    {
        final List<Found> legs = new ArrayList<>();
        long scanned = 0;
        long last = -1;
        boolean more = false;
        if (Files.isDirectory(journalDir))
        {
            try (Journal journal = Journal.openExisting(journalDir);
                Journal.Reader reader = journal.reader().after(cursor))
            {
                final CdrDecoder decoder = new CdrDecoder();
                while (reader.next(decoder))
                {
                    scanned++;
                    last = reader.index();
                    if (matchesFixed(decoder))
                    {
                        final CdrLeg leg = decoder.toLeg();
                        if (matchesText(leg))
                        {
                            legs.add(new Found(last, leg));
                        }
                    }
                    if (legs.size() == limit || scanned == SCAN_LIMIT)
                    {
                        more = true;
                        break;
                    }
                }
            }
        }
        return new Page(legs, more ? last : -1, scanned);
    }

    /**
     * Writes one page: {@code {"legs": [...], "next_cursor": "N" or null, "scanned": N}}.
     *
     * @param journalDir the journal folder.
     * @param json       where the object goes.
     */
    void page(final Path journalDir, final JsonWriter json)
    {
        final Page page = read(journalDir);
        json.beginObject();
        json.name("legs").beginArray();
        for (final Found found : page.legs())
        {
            json.beginObject();
            json.name("index").value(Long.toString(found.index()));
            json.name("leg");
            CdrJson.write(json, found.leg());
            json.endObject();
        }
        json.endArray();
        json.name("next_cursor");
        if (page.nextCursor() >= 0)
        {
            json.value(Long.toString(page.nextCursor()));
        }
        else
        {
            json.nullValue();
        }
        json.name("scanned").value(page.scanned());
        json.endObject();
    }

    /**
     * @param journalDir the journal folder.
     * @param index      a leg's journal index (from a page).
     * @return the leg, or null when there is none at that index.
     */
    static CdrLeg leg(final Path journalDir, final long index)
    {
        if (!Files.isDirectory(journalDir))
        {
            return null;
        }
        try (Journal journal = Journal.openExisting(journalDir); Journal.Lookup lookup = journal.lookup())
        {
            final CdrDecoder decoder = new CdrDecoder();
            return lookup.read(index, decoder) ? decoder.toLeg() : null;
        }
    }

    /**
     * Streams every matching leg as CDR CSV (the {@code cdr export} format), ignoring the page limit and cursor.
     *
     * @param journalDir the journal folder.
     * @param out        destination; flushed, not closed.
     * @return legs written.
     */
    long csv(final Path journalDir, final Writer out) throws IOException
    {
        out.write(CdrCsv.header());
        out.write('\n');
        long written = 0;
        if (Files.isDirectory(journalDir))
        {
            try (Journal journal = Journal.openExisting(journalDir);
                Journal.Reader reader = journal.reader())
            {
                final CdrDecoder decoder = new CdrDecoder();
                while (reader.next(decoder))
                {
                    if (matchesFixed(decoder))
                    {
                        final CdrLeg leg = decoder.toLeg();
                        if (matchesText(leg))
                        {
                            out.write(CdrCsv.row(leg));
                            out.write('\n');
                            written++;
                        }
                    }
                }
            }
        }
        out.flush();
        return written;
    }
}
