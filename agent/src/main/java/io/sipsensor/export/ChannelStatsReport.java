package io.sipsensor.export;

import io.sipsensor.channel.ChannelReport;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.json.JsonWriter;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;

/**
 * Concurrent Calls Stats for people and programs: a table with a bar per hour (readable at a glance in a
 * terminal), CSV, or JSON. Bars are license channels (max per hour); a license limit, when given, is drawn as a
 * marker in every bar and rows over it are flagged.
 */
public final class ChannelStatsReport
{
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:00").withZone(ZoneOffset.UTC);
    private static final int BAR_WIDTH = 40;

    private ChannelStatsReport()
    {
    }

    /**
     * @param out   where to print.
     * @param stats the stats.
     * @param hours the hourly rows to show.
     * @param limit license limit, 0 if none.
     */
    public static void table(final PrintStream out, final ConcurrentCallsStats stats,
        final Collection<ChannelReport.HourRow> hours, final long limit)
    {
        long scale = Math.max(1, limit);
        for (final ChannelReport.HourRow row : hours)
        {
            scale = Math.max(scale, row.licenseMax());
        }
        for (final ConcurrentCallsStats.DayPeak day : stats.days().values())
        {
            scale = Math.max(scale, day.peak());
        }

        out.println("Concurrent Calls Stats (UTC)" + (limit > 0 ? ", license limit " + limit + " channels" : ""));
        out.println();
        out.println("Daily license peaks");
        for (final ConcurrentCallsStats.DayPeak day : stats.days().values())
        {
            out.printf(Locale.ROOT, "  %s  %6d  %s  %s%n", LocalDate.ofEpochDay(day.epochDay()), day.peak(),
                bar(day.peak(), scale, limit), day.atNs() == Long.MIN_VALUE ? "" : "at " + TimeFormat.iso(day.atNs()));
        }
        out.println();
        out.printf(Locale.ROOT, "  %-16s  %6s %7s  %6s %6s %6s %6s  %s%n",
            "hour", "licMax", "licMean", "all", "dedup", "answ", "dedup", "license channels (max)");
        for (final ChannelReport.HourRow row : hours)
        {
            out.printf(Locale.ROOT, "  %-16s  %6d %7.2f  %6d %6d %6d %6d  %s%s%n",
                HOUR.format(Instant.ofEpochSecond(row.windowStartSeconds())), row.licenseMax(), row.licenseMean(),
                row.peakAll(), row.peakAllDedup(), row.peakAnswered(), row.peakAnsweredDedup(),
                bar(row.licenseMax(), scale, limit), limit > 0 && row.licenseMax() > limit ? " OVER" : "");
        }
        if (hours.isEmpty())
        {
            out.println("  (no hours with calls in the period; run a capture, or 'sipsensor channels rebuild')");
        }
    }

    /**
     * @param out   where to print.
     * @param hours the hourly rows.
     */
    public static void csv(final PrintStream out, final Collection<ChannelReport.HourRow> hours)
    {
        out.println("window_start,window_end,license_max,license_max_at,license_mean,peak_all,peak_all_dedup," +
            "peak_answered,peak_answered_dedup");
        for (final ChannelReport.HourRow row : hours)
        {
            out.printf(Locale.ROOT, "%s,%s,%d,%s,%.3f,%d,%d,%d,%d%n",
                TimeFormat.iso(row.windowStartSeconds() * 1_000_000_000L),
                TimeFormat.iso(row.windowEndSeconds() * 1_000_000_000L), row.licenseMax(),
                TimeFormat.iso(row.licenseMaxAtNs()), row.licenseMean(), row.peakAll(), row.peakAllDedup(),
                row.peakAnswered(), row.peakAnsweredDedup());
        }
    }

    /**
     * @param out   where to print.
     * @param stats the stats (for the daily peaks).
     * @param hours the hourly rows.
     * @param limit license limit, 0 if none.
     */
    public static void json(final PrintStream out, final ConcurrentCallsStats stats,
        final Collection<ChannelReport.HourRow> hours, final long limit)
    {
        out.print(jsonText(stats, hours, limit));
    }

    /**
     * The JSON report as text: what {@code channels --format json} prints and the web API answers.
     *
     * @param stats the stats (for the daily peaks).
     * @param hours the hourly rows.
     * @param limit license limit, 0 if none.
     * @return one JSON object.
     */
    public static String jsonText(final ConcurrentCallsStats stats, final Collection<ChannelReport.HourRow> hours,
        final long limit)
    {
        final StringBuilder text = new StringBuilder();
        final JsonWriter json = new JsonWriter(text, true);
        json.beginObject();
        if (limit > 0)
        {
            json.name("license_limit").value(limit);
        }
        json.name("hours").beginArray();
        for (final ChannelReport.HourRow row : hours)
        {
            json.beginObject();
            json.name("window_start").value(row.windowStartSeconds());
            json.name("window_end").value(row.windowEndSeconds());
            json.name("license_max").value(row.licenseMax());
            json.name("license_max_at").value(nullable(row.licenseMaxAtNs()));
            json.name("license_mean").rawValue(String.format(Locale.ROOT, "%.3f", row.licenseMean()));
            json.name("peak_all").value(row.peakAll());
            json.name("peak_all_dedup").value(row.peakAllDedup());
            json.name("peak_answered").value(row.peakAnswered());
            json.name("peak_answered_dedup").value(row.peakAnsweredDedup());
            json.endObject();
        }
        json.endArray();
        json.name("days").beginArray();
        for (final ConcurrentCallsStats.DayPeak day : stats.days().values())
        {
            json.beginObject();
            json.name("day").value(LocalDate.ofEpochDay(day.epochDay()).toString());
            json.name("license_peak").value(day.peak());
            json.name("at").value(nullable(day.atNs()));
            json.endObject();
        }
        json.endArray();
        json.endObject();
        return text.toString();
    }

    private static String nullable(final long timeNs)
    {
        return timeNs == Long.MIN_VALUE ? null : TimeFormat.iso(timeNs);
    }

    private static String bar(final long value, final long scale, final long limit)
    {
        final int length = (int)Math.round((double)value * BAR_WIDTH / scale);
        final int limitAt = limit > 0 ? (int)Math.round((double)limit * BAR_WIDTH / scale) : -1;
        final StringBuilder bar = new StringBuilder(BAR_WIDTH + 1);
        for (int i = 0; i < Math.max(length, limitAt + 1); i++)
        {
            if (i == limitAt)
            {
                bar.append('|');
            }
            else
            {
                bar.append(i < length ? (limitAt >= 0 && i > limitAt ? '!' : '#') : ' ');
            }
        }
        return bar.toString();
    }
}
