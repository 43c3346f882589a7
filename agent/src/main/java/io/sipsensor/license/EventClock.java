package io.sipsensor.license;

import java.time.Duration;
import java.time.Instant;

/**
 * The level of an event counted in elapsed days: day 1 is the first 24 hours after its start.
 */
final class EventClock
{
    private EventClock()
    {
    }

    /**
     * @param type     the event type.
     * @param cause    why, in words.
     * @param since    when the event started (shown).
     * @param clock    from when its days count (usually {@code since}).
     * @param t        the instant evaluated; not before {@code clock}.
     * @param schedule its schedule.
     * @return the open event.
     */
    static OpenEvent evaluate(
        final EventType type, final String cause, final Instant since, final Instant clock, final Instant t,
        final Schedule schedule)
    {
        final long day = Duration.between(clock, t).toDays() + 1;
        final Level level = schedule.levelOn(day);
        final Schedule.Step current = schedule.stepOf(level);
        final Instant levelSince = clock.plus(Duration.ofDays(current.day() - 1));
        final Schedule.Step next = schedule.after(day);
        return new OpenEvent(type, cause, since, level, levelSince, day, next == null ? null : next.level(),
            next == null ? null : clock.plus(Duration.ofDays(next.day() - 1)));
    }
}
