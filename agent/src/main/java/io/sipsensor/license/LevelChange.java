package io.sipsensor.license;

import io.sipsensor.json.JsonWriter;

import java.time.Instant;

/**
 * One entry of the events journal: an event's level changed.
 *
 * @param at          when the event reached {@code to} (when it cleared, for {@code to} = OK).
 * @param type        the event.
 * @param since       when the event started (null when it cleared and the start is no longer known).
 * @param from        its level before.
 * @param to          its level after.
 * @param overall     the overall level after the change.
 * @param cause       the event's cause, or "cleared".
 * @param evaluatedAt the evaluation point that saw the change.
 */
public record LevelChange(
    Instant at, EventType type, Instant since, Level from, Level to, Level overall, String cause, Instant evaluatedAt)
{
    /**
     * @return what makes two entries the same change, whoever evaluated.
     */
    public String key()
    {
        return type + "|" + from + "|" + to + "|" + at;
    }

    /**
     * @return the entry as one line of JSON, as stored.
     */
    public String toJson()
    {
        final StringBuilder text = new StringBuilder(256);
        final JsonWriter json = new JsonWriter(text, false);
        json.beginObject();
        json.name("at").value(at.toString());
        json.name("event").value(type.name());
        json.name("since").value(since == null ? null : since.toString());
        json.name("from").value(from.name());
        json.name("to").value(to.name());
        json.name("overall").value(overall.name());
        json.name("cause").value(cause);
        json.name("evaluated_at").value(evaluatedAt.toString());
        json.endObject();
        return text.toString();
    }
}
