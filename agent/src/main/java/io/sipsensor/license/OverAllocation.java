package io.sipsensor.license;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.ToLongFunction;

/**
 * The over-allocation event as a walk over the days of the check window, oldest first:
 * <ul>
 * <li>a day over the limit is an over-day: it opens the event (day 1), or adds one to its clock;</li>
 * <li>a complete day within the limit clears an open event; its history is kept for
 *     {@code license_history_factor} times its over-days, counted from the start of that day;</li>
 * <li>an over-day inside a kept history resumes the clock where it stopped (10 over-days, 5 clean, over again:
 *     day 11); after it, the clock starts at day 1;</li>
 * <li>the current day counts as soon as its peak so far is over the limit; while it is not, it neither adds nor
 *     clears.</li>
 * </ul>
 * LOCKED needs the latest over-day's peak above the limit by more than {@code lock_min_overage_percent}; else the
 * level stays CRITICAL. Runs of over-days older than the window are not seen.
 */
final class OverAllocation
{
    /**
     * @param open    the open event, or null.
     * @param cleared the cleared event whose history is kept, or null.
     * @param window  the window's days.
     */
    record Result(OpenEvent open, ClearedEvent cleared, List<DayPeak> window)
    {
    }

    private OverAllocation()
    {
    }

    static Result walk(
        final NavigableMap<LocalDate, Long> peaks, final ToLongFunction<LocalDate> limitOf,
        final LicensePolicy policy, final Instant t)
    {
        final ZoneId zone = policy.zone();
        final Schedule schedule = policy.schedule(EventType.OVER_ALLOCATION);
        final LocalDate today = LocalDate.ofInstant(t, zone);
        final List<DayPeak> window = new ArrayList<>(policy.checkDays());

        boolean open = false;
        long count = 0;
        LocalDate start = null;
        LocalDate resumedOn = null;
        Level level = Level.OK;
        Instant levelSince = null;
        long clearedCount = 0;
        LocalDate clearedStart = null;
        Instant clearedAt = null;
        Instant keptUntil = null;
        DayPeak lastOver = null;
        boolean todayOver = false;

        for (LocalDate day = today.minusDays(policy.checkDays() - 1); !day.isAfter(today); day = day.plusDays(1))
        {
            final long peak = peaks.getOrDefault(day, 0L);
            final long limit = limitOf.applyAsLong(day);
            final boolean complete = day.isBefore(today);
            final DayPeak dayPeak = new DayPeak(day, peak, limit, peak > limit, complete);
            window.add(dayPeak);
            final Instant dayStart = day.atStartOfDay(zone).toInstant();
            if (dayPeak.over())
            {
                if (!open)
                {
                    final boolean resumes = clearedAt != null && dayStart.isBefore(keptUntil);
                    count = resumes ? clearedCount : 0;
                    start = resumes ? clearedStart : day;
                    resumedOn = resumes ? day : null;
                    clearedAt = null;
                    open = true;
                }
                count++;
                lastOver = dayPeak;
                final Level reached = levelFor(schedule, count, dayPeak, policy.lockMinOveragePercent());
                if (reached != level)
                {
                    level = reached;
                    levelSince = dayStart;
                }
                todayOver = !complete;
            }
            else if (complete && open)
            {
                open = false;
                clearedCount = count;
                clearedStart = start;
                clearedAt = dayStart;
                keptUntil = day.plusDays((long)policy.historyFactor() * count).atStartOfDay(zone).toInstant();
                level = Level.OK;
            }
        }

        if (!open)
        {
            final ClearedEvent cleared = clearedAt != null && keptUntil.isAfter(t) ?
                new ClearedEvent(EventType.OVER_ALLOCATION, clearedStart.atStartOfDay(zone).toInstant(), clearedAt,
                    clearedCount, keptUntil) : null;
            return new Result(null, cleared, window);
        }

        final StringBuilder cause = new StringBuilder(160);
        cause.append("over-day ").append(count).append(": peak ").append(lastOver.peak()).append(" channels on ")
            .append(lastOver.day()).append(" > limit ").append(lastOver.limit());
        if (resumedOn != null)
        {
            cause.append("; recurred on ").append(resumedOn).append(" inside the history of an earlier run, so its " +
                "clock resumed");
        }
        if (!todayOver)
        {
            cause.append("; today is within the limit so far (clears at midnight if it stays so)");
        }

        Level nextLevel = null;
        LocalDate nextDay = null;
        if (level == Level.CRITICAL && schedule.levelOn(count) == Level.LOCKED)
        {
            cause.append("; not locked: the peak is not more than ").append(policy.lockMinOveragePercent())
                .append("% over the limit");
            nextLevel = Level.LOCKED;
            nextDay = todayOver ? today.plusDays(1) : today;
        }
        else
        {
            final Schedule.Step step = schedule.after(count);
            if (step != null)
            {
                nextLevel = step.level();
                nextDay = today.plusDays(step.day() - count - (todayOver ? 0 : 1));
            }
        }
        Instant nextAt = null;
        if (nextDay != null)
        {
            final Instant dayStart = nextDay.atStartOfDay(zone).toInstant();
            nextAt = dayStart.isAfter(t) ? dayStart : t;
        }
        final OpenEvent event = new OpenEvent(EventType.OVER_ALLOCATION, cause.toString(),
            start.atStartOfDay(zone).toInstant(), level, levelSince, count, nextLevel, nextAt);
        return new Result(event, null, window);
    }

    private static Level levelFor(final Schedule schedule, final long count, final DayPeak day, final int percent)
    {
        final Level level = schedule.levelOn(count);
        if (level == Level.LOCKED && percent > 0 && day.peak() * 100 <= day.limit() * (100L + percent))
        {
            return Level.CRITICAL;
        }
        return level;
    }
}
