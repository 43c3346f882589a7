package io.sipsensor.license;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The over-allocation event as a walk over days, oldest first, from the first day of the license history to
 * today:
 * <ul>
 * <li>each day is judged by {@link #judge}: over when, at some instant of it, the license channels exceed the limit
 *     that applies at that instant;</li>
 * <li>an over-day opens the event (day 1), or adds one to its clock;</li>
 * <li>a complete day within the limit clears an open event; its history is kept for
 *     {@code license_history_factor} times its over-days, counted from the start of that day;</li>
 * <li>an over-day inside a kept history resumes the clock where it stopped (10 over-days, 5 clean, over again:
 *     day 11); after it, the clock starts at day 1;</li>
 * <li>the current day counts as soon as its peak so far is over the limit; while it is not, it neither adds nor
 *     clears.</li>
 * </ul>
 * The walk does not stop at the check window: days that have left it keep the judgment they had when they left
 * (recorded in the events journal), so an event's history outlives the window. It begins with the first day that
 * left the window while a license was in force (before any license there is no history to keep).
 * LOCKED needs the latest over-day's peak above the limit by more than {@code lock_min_overage_percent}; else the
 * level stays CRITICAL.
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

    /**
     * Judges one day as seen at instant t. A day of the check window (the last {@code license_check_days} days up
     * to t's day) is judged against the license in force at t, and while a temporary increase is valid at t, with
     * its channels added at every instant of the day: a larger license or a valid increase clears the window at
     * once. A day that has left the window is judged as it was on its last instant in it, with an increase counted
     * only at the instants it was valid (an increase suspends the window's judgment, it never rewrites history);
     * its judgment recorded in {@code in.recorded()} is used when there is one. Only instants before t count.
     *
     * @param in  the inputs.
     * @param day the day.
     * @param t   the instant evaluated.
     * @return the judgment: for an over-day, the peak and limit of the span that went furthest over; else the day's
     *         peak and the lowest limit that applied to it.
     */
    static DayPeak judge(final LicenseInputs in, final LocalDate day, final Instant t)
    {
        final LicensePolicy policy = in.policy();
        final ZoneId zone = policy.zone();
        final LocalDate today = LocalDate.ofInstant(t, zone);
        final boolean inWindow = !day.isBefore(today.minusDays(policy.checkDays() - 1));
        if (!inWindow)
        {
            final DayPeak recorded = in.recorded().get(day);
            if (recorded != null)
            {
                return recorded;
            }
        }
        final Instant dayStart = day.atStartOfDay(zone).toInstant();
        final Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
        final Instant end = dayEnd.isBefore(t) ? dayEnd : t;
        final Instant seenAt = inWindow ? t : leftWindow(day, policy).minusNanos(1);
        final LicenseTerms terms = LicenseTerms.at(in.history(), seenAt);
        final int maxDays = policy.tempIncreaseDays();

        final TreeSet<Instant> cuts = new TreeSet<>();
        cuts.add(dayStart);
        for (final TemporaryIncrease increase : terms.increases())
        {
            for (final Instant cut : new Instant[]{increase.from(), increase.effectiveUntil(maxDays)})
            {
                if (cut.isAfter(dayStart) && cut.isBefore(end))
                {
                    cuts.add(cut);
                }
            }
        }
        cuts.add(end);

        long dayPeak = 0;
        long lowestLimit = Long.MAX_VALUE;
        long overPeak = 0;
        long overLimit = 0;
        boolean over = false;
        Instant overAt = null;
        Instant from = null;
        for (final Instant cut : cuts)
        {
            if (from != null && from.isBefore(cut))
            {
                long limit = terms.licensed();
                for (final TemporaryIncrease increase : terms.increases())
                {
                    if (increase.activeAt(from, maxDays) || (inWindow && increase.activeAt(t, maxDays)))
                    {
                        limit += increase.channels();
                    }
                }
                final long peak = in.peaks().peak(from, cut);
                dayPeak = Math.max(dayPeak, peak);
                lowestLimit = Math.min(lowestLimit, limit);
                if (peak > limit && overAt == null)
                {
                    overAt = in.peaks().firstAbove(from, cut, limit);
                }
                if (peak > limit && (!over || peak - limit > overPeak - overLimit))
                {
                    over = true;
                    overPeak = peak;
                    overLimit = limit;
                }
            }
            from = cut;
        }
        if (lowestLimit == Long.MAX_VALUE)
        {
            lowestLimit = terms.limitAt(dayStart, maxDays);
        }
        return new DayPeak(day, over ? overPeak : dayPeak, over ? overLimit : lowestLimit, over,
            day.isBefore(today), over ? (overAt != null ? overAt : dayStart) : null);
    }

    /**
     * @param day    a day.
     * @param policy the policy.
     * @return the first instant at which the day is no longer in the check window.
     */
    static Instant leftWindow(final LocalDate day, final LicensePolicy policy)
    {
        return day.plusDays(policy.checkDays()).atStartOfDay(policy.zone()).toInstant();
    }

    /**
     * @param in the inputs.
     * @return the first day of the license history: the earliest day with activity or a recorded judgment that
     *         left the check window while a license was in force; null when there is none.
     */
    static LocalDate firstDay(final LicenseInputs in)
    {
        final ZoneId zone = in.policy().zone();
        Instant firstLicense = null;
        for (final InstalledEntry entry : in.history())
        {
            if (entry.kind() == InstalledEntry.Kind.LICENSE &&
                (firstLicense == null || entry.installedAt().isBefore(firstLicense)))
            {
                firstLicense = entry.installedAt();
            }
        }
        if (firstLicense == null)
        {
            return null;
        }
        LocalDate first = in.recorded().isEmpty() ? null : in.recorded().firstKey();
        final Instant activity = in.peaks().firstActivity();
        if (activity != null)
        {
            final LocalDate day = LocalDate.ofInstant(activity, zone);
            first = first == null || day.isBefore(first) ? day : first;
        }
        if (first == null)
        {
            return null;
        }
        // days that left the window before any license was installed are no history
        final LocalDate licensedFrom = LocalDate.ofInstant(firstLicense, zone).minusDays(in.policy().checkDays());
        return first.isBefore(licensedFrom) ? licensedFrom : first;
    }

    static Result walk(final LicenseInputs in, final Instant t)
    {
        final LicensePolicy policy = in.policy();
        final ZoneId zone = policy.zone();
        final Schedule schedule = policy.schedule(EventType.OVER_ALLOCATION);
        final LocalDate today = LocalDate.ofInstant(t, zone);
        final LocalDate windowStart = today.minusDays(policy.checkDays() - 1);
        final List<DayPeak> window = new ArrayList<>(policy.checkDays());
        final LocalDate historyStart = firstDay(in);
        final LocalDate first = historyStart != null && historyStart.isBefore(windowStart) ? historyStart :
            windowStart;

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

        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1))
        {
            final DayPeak dayPeak = judge(in, day, t);
            final boolean complete = dayPeak.complete();
            if (!day.isBefore(windowStart))
            {
                window.add(dayPeak);
            }
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
                    levelSince = dayPeak.overAt() != null ? dayPeak.overAt() : dayStart;
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
        cause.append("over-day ").append(count).append(": peak ").append(lastOver.peak())
            .append(lastOver.peak() == 1 ? " channel on " : " channels on ")
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
