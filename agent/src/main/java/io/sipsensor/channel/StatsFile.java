package io.sipsensor.channel;

import io.sipsensor.json.JsonReader;
import io.sipsensor.json.JsonWriter;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Concurrent Calls Stats on disk: {@code <spool>/channels/stats.json}, replaced atomically (written to a temporary
 * file, synced, renamed) so a reader or a crash never sees half a file. Small: at most a few hundred rows.
 */
public final class StatsFile
{
    private static final int VERSION = 1;

    private StatsFile()
    {
    }

    /**
     * @param spoolRoot the spool folder.
     * @return where the stats live.
     */
    public static Path path(final Path spoolRoot)
    {
        return new io.sipsensor.spool.Spool(spoolRoot).channelStats();
    }

    /**
     * @param file  where to write.
     * @param stats what to write.
     * @throws IOException if the file cannot be written.
     */
    public static void save(final Path file, final ConcurrentCallsStats stats) throws IOException
    {
        Files.createDirectories(file.getParent());
        final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))
        {
            final JsonWriter json = new JsonWriter(writer, true);
            json.beginObject();
            json.name("version").value(VERSION);
            json.name("hours").beginArray();
            for (final ChannelReport.HourRow row : stats.hours().values())
            {
                json.beginObject();
                json.name("hour").value(row.hour());
                json.name("peak_all").value(row.peakAll());
                json.name("peak_all_dedup").value(row.peakAllDedup());
                json.name("peak_answered").value(row.peakAnswered());
                json.name("peak_answered_dedup").value(row.peakAnsweredDedup());
                json.name("license_max").value(row.licenseMax());
                json.name("license_max_at").value(row.licenseMaxAtNs());
                json.name("license_mean").rawValue(String.format(Locale.ROOT, "%.6f", row.licenseMean()));
                json.endObject();
            }
            json.endArray();
            json.name("days").beginArray();
            for (final ConcurrentCallsStats.DayPeak day : stats.days().values())
            {
                json.beginObject();
                json.name("day").value(day.epochDay());
                json.name("peak").value(day.peak());
                json.name("at").value(day.atNs());
                json.endObject();
            }
            json.endArray();
            json.endObject();
        }
        io.sipsensor.spool.AtomicFiles.commit(temporary, file);
    }

    /**
     * @param file  the stats file; missing means empty stats.
     * @param stats receives the rows (cleared first).
     * @throws IOException if the file exists but cannot be read.
     * @throws IllegalStateException naming the file if its content is not valid stats.
     */
    @SuppressWarnings("unchecked")
    public static void load(final Path file, final ConcurrentCallsStats stats) throws IOException
    {
        stats.clear();
        if (!Files.exists(file))
        {
            return;
        }
        try
        {
            final String text;
            try
            {
                text = io.sipsensor.json.TextFile.read(file, 64 << 20);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex.getMessage(), ex);
            }
            final Map<String, Object> root = (Map<String, Object>)JsonReader.parse(text);
            for (final Map<String, Object> row : (List<Map<String, Object>>)root.get("hours"))
            {
                stats.putHour(new ChannelReport.HourRow(
                    number(row, "hour"), number(row, "peak_all"), number(row, "peak_all_dedup"),
                    number(row, "peak_answered"), number(row, "peak_answered_dedup"), number(row, "license_max"),
                    number(row, "license_max_at"), ((BigDecimal)row.get("license_mean")).doubleValue()));
            }
            for (final Map<String, Object> day : (List<Map<String, Object>>)root.get("days"))
            {
                stats.putDay(new ConcurrentCallsStats.DayPeak(
                    number(day, "day"), number(day, "peak"), number(day, "at")));
            }
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("channel stats file " + file + " is damaged (" + ex.getMessage() +
                "); run 'sipsensor channels rebuild' to recompute it from the journal");
        }
    }

    private static long number(final Map<String, Object> object, final String name)
    {
        return ((BigDecimal)object.get(name)).longValueExact();
    }
}
