package io.sipsensor.license;

import java.util.ArrayList;
import java.util.List;

/**
 * An escalation schedule: from which day of an event each level applies, e.g.
 * {@code WARNING:1,MINOR:4,MAJOR:8,CRITICAL:11,LOCKED:14}. Day 1 is the event's first day (for over-allocation:
 * its first over-day). The first step is on day 1; levels rise and days do not fall from step to step. Immutable.
 *
 * @param steps the steps, in order.
 */
public record Schedule(List<Step> steps)
{
    /**
     * One step.
     *
     * @param level the level.
     * @param day   first day (1-based) on which it applies.
     */
    public record Step(Level level, long day)
    {
    }

    /**
     * @param steps the steps, in order.
     */
    public Schedule
    {
        steps = List.copyOf(steps);
    }

    /**
     * @param text e.g. {@code WARNING:1,MINOR:4,LOCKED:14}.
     * @return the schedule.
     * @throws IllegalArgumentException saying what is wrong.
     */
    public static Schedule parse(final String text)
    {
        final List<Step> steps = new ArrayList<>();
        for (final String part : text.split(","))
        {
            final String item = part.trim();
            final int colon = item.indexOf(':');
            if (colon <= 0)
            {
                throw new IllegalArgumentException("'" + item + "' is not LEVEL:DAY");
            }
            final Level level;
            try
            {
                level = Level.valueOf(item.substring(0, colon).trim().toUpperCase());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("'" + item.substring(0, colon).trim() + "' is not a level " +
                    "(WARNING, MINOR, MAJOR, CRITICAL, LOCKED)");
            }
            final String dayText = item.substring(colon + 1).trim();
            if (dayText.isEmpty() || dayText.length() > 5 || !dayText.chars().allMatch(Character::isDigit))
            {
                throw new IllegalArgumentException("'" + dayText + "' is not a day number from 1 to 99999");
            }
            final long day = Long.parseLong(dayText);
            if (level == Level.OK || day < 1)
            {
                throw new IllegalArgumentException("'" + item + "': levels are WARNING..LOCKED, days start at 1");
            }
            if (!steps.isEmpty())
            {
                final Step last = steps.getLast();
                if (level.compareTo(last.level()) <= 0 || day < last.day())
                {
                    throw new IllegalArgumentException("'" + item + "' must come after " + last.level() + ":" +
                        last.day() + " with a higher level and a later or equal day");
                }
            }
            steps.add(new Step(level, day));
        }
        if (steps.isEmpty() || steps.getFirst().day() != 1)
        {
            throw new IllegalArgumentException("the first step must be on day 1");
        }
        return new Schedule(steps);
    }

    /**
     * @param day a day of the event, 1-based.
     * @return the level on that day (OK before day 1).
     */
    public Level levelOn(final long day)
    {
        Level level = Level.OK;
        for (final Step step : steps)
        {
            if (step.day() <= day)
            {
                level = step.level();
            }
        }
        return level;
    }

    /**
     * @param level a level.
     * @return the first step at that level, or null if the schedule never reaches it.
     */
    public Step stepOf(final Level level)
    {
        for (final Step step : steps)
        {
            if (step.level() == level)
            {
                return step;
            }
        }
        return null;
    }

    /**
     * @param day a day of the event, 1-based.
     * @return the first step that starts after that day, or null if the event is at its highest level.
     */
    public Step after(final long day)
    {
        for (final Step step : steps)
        {
            if (step.day() > day)
            {
                return step;
            }
        }
        return null;
    }

    /**
     * @return the text form, as the setting takes it.
     */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder();
        for (final Step step : steps)
        {
            text.append(text.isEmpty() ? "" : ",").append(step.level()).append(':').append(step.day());
        }
        return text.toString();
    }
}
