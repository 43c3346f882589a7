package io.sipsensor.license;

import java.time.Instant;

/**
 * A violation event open at the evaluated instant.
 *
 * @param type             what kind.
 * @param cause            why, in words.
 * @param since            when the event started (a resumed over-allocation keeps its first start).
 * @param level            its level now.
 * @param levelSince       when it reached that level.
 * @param day              its day count now (over-days for over-allocation).
 * @param nextLevel        the level it escalates to next, or null at its highest level.
 * @param nextEscalationAt the earliest instant of that escalation if the event goes on, or null.
 */
public record OpenEvent(
    EventType type, String cause, Instant since, Level level, Instant levelSince, long day, Level nextLevel,
    Instant nextEscalationAt)
{
}
