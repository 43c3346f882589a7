package io.sipsensor.license;

import java.time.Instant;

/**
 * A cleared event whose history is still kept: if it recurs before {@code keptUntil}, its clock resumes at
 * {@code days + 1}; after that it starts from day 1.
 *
 * @param type      what kind.
 * @param since     when it started.
 * @param clearedAt when it cleared (for over-allocation: the start of the first day back under the limit).
 * @param days      its day count when it cleared.
 * @param keptUntil end of the history window ({@code license_history_factor} times its days after clearing).
 */
public record ClearedEvent(EventType type, Instant since, Instant clearedAt, long days, Instant keptUntil)
{
}
