package io.sipsensor.channel;

import java.util.Collection;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Concurrent Calls Stats: per UTC hour, the maxima of the four views and the max and mean of concurrent license
 * channels, kept for {@code hourRetentionDays}; per UTC day, the license peak and its instant, kept for
 * {@code dayRetentionDays} (the license check's input). Retention counts back from the newest hour held, so
 * reprocessing old captures keeps their stats. A day's peak is the maximum of its hours; for a day whose hours are
 * no longer all held, a new hour can only raise it.
 * <p>
 * Owned by one thread (the channel tracker, or the command that rebuilds); persisted by {@link StatsFile}.
 */
public final class ConcurrentCallsStats
{
    /** Default days of hourly rows. */
    public static final int DEFAULT_HOUR_RETENTION_DAYS = 14;
    /** Default days of daily peaks. */
    public static final int DEFAULT_DAY_RETENTION_DAYS = 21;

    /**
     * A UTC day's license peak.
     *
     * @param epochDay days since 1970-01-01.
     * @param peak     max concurrent license channels in the day.
     * @param atNs     first instant of that peak (Long.MIN_VALUE if the day had no channel).
     */
    public record DayPeak(long epochDay, long peak, long atNs)
    {
    }

    private final int hourRetentionDays;
    private final int dayRetentionDays;
    private final TreeMap<Long, ChannelReport.HourRow> hours = new TreeMap<>();
    private final TreeMap<Long, DayPeak> days = new TreeMap<>();

    /**
     * @param hourRetentionDays days of hourly rows to keep.
     * @param dayRetentionDays  days of daily peaks to keep.
     */
    public ConcurrentCallsStats(final int hourRetentionDays, final int dayRetentionDays)
    {
        this.hourRetentionDays = hourRetentionDays;
        this.dayRetentionDays = dayRetentionDays;
    }

    /**
     * @return empty stats that keep {@link #DEFAULT_HOUR_RETENTION_DAYS} of hours and {@link #DEFAULT_DAY_RETENTION_DAYS}
     * of daily peaks (what a spool keeps).
     */
    public static ConcurrentCallsStats withDefaultRetention()
    {
        return new ConcurrentCallsStats(DEFAULT_HOUR_RETENTION_DAYS, DEFAULT_DAY_RETENTION_DAYS);
    }

    /**
     * Sets (or replaces) hourly rows and updates their days' peaks, then applies retention.
     *
     * @param rows exact rows for whole hours.
     */
    public void upsert(final Collection<ChannelReport.HourRow> rows)
    {
        final TreeMap<Long, Boolean> touchedDays = new TreeMap<>();
        for (final ChannelReport.HourRow row : rows)
        {
            hours.put(row.hour(), row);
            touchedDays.put(Math.floorDiv(row.hour(), 24), Boolean.TRUE);
        }
        for (final long day : touchedDays.keySet())
        {
            final boolean complete = hours.containsKey(day * 24) || hours.firstKey() <= day * 24;
            long peak = 0;
            long at = Long.MIN_VALUE;
            for (final ChannelReport.HourRow row : hours.subMap(day * 24, true, day * 24 + 23, true).values())
            {
                if (row.licenseMax() > peak)
                {
                    peak = row.licenseMax();
                    at = row.licenseMaxAtNs();
                }
            }
            final DayPeak existing = days.get(day);
            if (!complete && existing != null && existing.peak() > peak)
            {
                continue;
            }
            days.put(day, new DayPeak(day, peak, at));
        }
        applyRetention();
    }

    /**
     * Sets a day's peak directly (when loading persisted stats).
     *
     * @param peak the day.
     */
    void putDay(final DayPeak peak)
    {
        days.put(peak.epochDay(), peak);
    }

    /**
     * Sets an hourly row directly (when loading persisted stats).
     *
     * @param row the hour.
     */
    void putHour(final ChannelReport.HourRow row)
    {
        hours.put(row.hour(), row);
    }

    /** @return hourly rows by hour index, oldest first. */
    public NavigableMap<Long, ChannelReport.HourRow> hours()
    {
        return hours;
    }

    /** @return daily peaks by epoch day, oldest first. */
    public NavigableMap<Long, DayPeak> days()
    {
        return days;
    }

    /** Removes everything. */
    public void clear()
    {
        hours.clear();
        days.clear();
    }

    private void applyRetention()
    {
        if (hours.isEmpty())
        {
            return;
        }
        final long newestHour = hours.lastKey();
        hours.headMap(newestHour - hourRetentionDays * 24L, true).clear();
        final long newestDay = Math.max(Math.floorDiv(newestHour, 24), days.isEmpty() ? 0 : days.lastKey());
        days.headMap(newestDay - dayRetentionDays, true).clear();
    }
}
