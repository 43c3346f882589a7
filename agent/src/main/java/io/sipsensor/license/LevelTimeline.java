package io.sipsensor.license;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The level changes between two instants, found by evaluating the engine at the start of every day in between and
 * at the end instant, and comparing each event's level with the one before. A change is stamped with the instant
 * the engine says the level was reached (a clearing: the start of the first day back under the limit, or the
 * evaluation point), so replays over overlapping spans give identical entries.
 */
final class LevelTimeline
{
    /**
     * @param changes the changes, in evaluation order.
     * @param levels  each event's level at the end instant.
     */
    record Result(List<LevelChange> changes, Map<EventType, Level> levels)
    {
    }

    private LevelTimeline()
    {
    }

    /**
     * @param in       the inputs.
     * @param from     changes after this instant are looked for.
     * @param to       up to and including this instant.
     * @param baseline each event's level at {@code from} as journaled (OK when absent).
     * @return the changes and the final levels.
     */
    static Result between(
        final LicenseInputs in, final Instant from, final Instant to, final Map<EventType, Level> baseline)
    {
        final ZoneId zone = in.policy().zone();
        final List<Instant> points = new ArrayList<>();
        for (LocalDate day = LocalDate.ofInstant(from, zone).plusDays(1); ; day = day.plusDays(1))
        {
            final Instant point = day.atStartOfDay(zone).toInstant();
            if (!point.isBefore(to))
            {
                break;
            }
            points.add(point);
        }
        points.add(to);

        final Map<EventType, Level> levels = new EnumMap<>(EventType.class);
        levels.putAll(baseline);
        final List<LevelChange> changes = new ArrayList<>();
        for (final Instant point : points)
        {
            final LicenseStatus status = LicenseEngine.evaluate(in, point);
            for (final EventType type : EventType.values())
            {
                final OpenEvent event = status.event(type);
                final Level now = event == null ? Level.OK : event.level();
                final Level before = levels.getOrDefault(type, Level.OK);
                if (now == before)
                {
                    continue;
                }
                if (event != null)
                {
                    changes.add(new LevelChange(event.levelSince(), type, event.since(), before, now, status.level(),
                        event.cause(), point));
                }
                else
                {
                    changes.add(new LevelChange(clearedAt(status, type, point), type, null, before, now,
                        status.level(), "cleared", point));
                }
                levels.put(type, now);
            }
        }
        levels.values().removeIf(level -> level == Level.OK);
        return new Result(changes, levels);
    }

    private static Instant clearedAt(final LicenseStatus status, final EventType type, final Instant point)
    {
        for (final ClearedEvent cleared : status.history())
        {
            if (cleared.type() == type)
            {
                return cleared.clearedAt();
            }
        }
        return point;
    }
}
