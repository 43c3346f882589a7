package io.sipsensor.license;

import java.time.Instant;

/**
 * A state that raises an event while it holds, observed rather than derived from call data: a file that does not
 * verify, a binding that does not hold, a clock gone backwards, and (with a central) duplicate or missing sensors.
 *
 * @param type  the event it raises.
 * @param cause one line in words.
 * @param since when it was first observed; the event's days count from here.
 */
public record Condition(EventType type, String cause, Instant since)
{
}
