package io.sipsensor.license;

import io.sipsensor.json.JsonReader;
import io.sipsensor.json.JsonWriter;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What evaluations remember in {@code <spool>/license/state.json}:
 * <pre>
 * {
 *   "last_seen": "2030-01-14T12:00:00Z",       latest real-clock instant evaluated (clock check)
 *   "alerted_day": "2030-01-14",               last day a daily alert was sent
 *   "events_through": "2030-01-14T12:00:00Z",  the events journal holds every level change up to here
 *   "levels": {"OVER_ALLOCATION": "LOCKED"},   level of each event as last journaled
 *   "first_seen": {"KEY_INVALID:20300101T000000.000000000Z-license-L-1.json": "2030-01-03T00:00:00Z"},
 *   "lock_alerted": "2030-01-14T00:05:00Z",     the current lock was announced (cleared when it lifts)
 *   "alerted_level": "WARNING"                 the overall level the last alert told (a change is alerted)
 * }
 * </pre>
 * Immutable; {@code with...} methods return changed copies.
 *
 * @param lastSeen      or null.
 * @param alertedDay    or null.
 * @param eventsThrough or null.
 * @param levels        journaled level by event type (OK when absent).
 * @param firstSeen     when each observed condition (by key) was first seen.
 * @param lockAlerted   when the current lock was announced by its one alert, or null.
 * @param alertedLevel  the overall level the last alert told, or null before the first.
 */
public record LicenseState(
    Instant lastSeen, LocalDate alertedDay, Instant eventsThrough, Map<EventType, Level> levels,
    Map<String, Instant> firstSeen, Instant lockAlerted, Level alertedLevel)
{
    /** An empty state. */
    public static final LicenseState EMPTY = new LicenseState(null, null, null, Map.of(), Map.of(), null, null);

    /**
     * Copies the maps.
     */
    public LicenseState
    {
        levels = levels.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(levels));
        firstSeen = Map.copyOf(firstSeen);
    }

    /**
     * @param text the file's text.
     * @return the state.
     * @throws RuntimeException (JsonException, DateTimeException, IllegalArgumentException) if it is damaged.
     */
    @SuppressWarnings("unchecked")
    public static LicenseState parse(final String text)
    {
        final Map<String, Object> root = (Map<String, Object>)JsonReader.parse(text);
        final Map<EventType, Level> levels = new EnumMap<>(EventType.class);
        if (root.get("levels") instanceof Map<?, ?> map)
        {
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                levels.put(EventType.valueOf((String)entry.getKey()), Level.valueOf((String)entry.getValue()));
            }
        }
        final Map<String, Instant> firstSeen = new TreeMap<>();
        if (root.get("first_seen") instanceof Map<?, ?> map)
        {
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                firstSeen.put((String)entry.getKey(), Instant.parse((String)entry.getValue()));
            }
        }
        return new LicenseState(instant(root.get("last_seen")),
            root.get("alerted_day") instanceof String day ? LocalDate.parse(day) : null,
            instant(root.get("events_through")), levels, firstSeen, instant(root.get("lock_alerted")),
            root.get("alerted_level") instanceof String level ? Level.valueOf(level) : null);
    }

    /**
     * @return the file's text.
     */
    public String toJson()
    {
        final StringBuilder text = new StringBuilder(512);
        final JsonWriter json = new JsonWriter(text, true);
        json.beginObject();
        json.name("last_seen").value(lastSeen == null ? null : lastSeen.toString());
        json.name("alerted_day").value(alertedDay == null ? null : alertedDay.toString());
        json.name("events_through").value(eventsThrough == null ? null : eventsThrough.toString());
        json.name("levels").beginObject();
        for (final Map.Entry<EventType, Level> entry : new TreeMap<>(levels).entrySet())
        {
            json.name(entry.getKey().name()).value(entry.getValue().name());
        }
        json.endObject();
        json.name("first_seen").beginObject();
        for (final Map.Entry<String, Instant> entry : new TreeMap<>(firstSeen).entrySet())
        {
            json.name(entry.getKey()).value(entry.getValue().toString());
        }
        json.endObject();
        json.name("lock_alerted").value(lockAlerted == null ? null : lockAlerted.toString());
        if (alertedLevel != null)
        {
            json.name("alerted_level").value(alertedLevel.name());
        }
        json.endObject();
        return text.toString();
    }

    /** @param instant new last seen. @return the changed state. */
    public LicenseState withLastSeen(final Instant instant)
    {
        return new LicenseState(instant, alertedDay, eventsThrough, levels, firstSeen, lockAlerted, alertedLevel);
    }

    /** @param day the alerted day. @return the changed state. */
    public LicenseState withAlertedDay(final LocalDate day)
    {
        return new LicenseState(lastSeen, day, eventsThrough, levels, firstSeen, lockAlerted, alertedLevel);
    }

    /** @param through journaled up to. @param journaled levels. @return the changed state. */
    public LicenseState withEvents(final Instant through, final Map<EventType, Level> journaled)
    {
        return new LicenseState(lastSeen, alertedDay, through, journaled, firstSeen, lockAlerted, alertedLevel);
    }

    /** @param seen first-seen instants. @return the changed state. */
    public LicenseState withFirstSeen(final Map<String, Instant> seen)
    {
        return new LicenseState(lastSeen, alertedDay, eventsThrough, levels, seen, lockAlerted, alertedLevel);
    }

    /** @param at when the lock was announced, or null when it lifted. @return the changed state. */
    public LicenseState withLockAlerted(final Instant at)
    {
        return new LicenseState(lastSeen, alertedDay, eventsThrough, levels, firstSeen, at, alertedLevel);
    }

    /** @param level the overall level an alert just told. @return the changed state. */
    public LicenseState withAlertedLevel(final Level level)
    {
        return new LicenseState(lastSeen, alertedDay, eventsThrough, levels, firstSeen, lockAlerted, level);
    }

    private static Instant instant(final Object value)
    {
        return value instanceof String text ? Instant.parse(text) : null;
    }
}
