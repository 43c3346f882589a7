package io.sipsensor.license;

import java.time.Instant;
import java.util.List;

/**
 * The license state at one instant: what {@code license status} shows and what gates reports and exports.
 *
 * @param asOf             the instant evaluated.
 * @param level            overall level: the most severe open event's, OK when none.
 * @param events           open events, most severe first.
 * @param history          cleared events whose history is still kept.
 * @param license          the license in force (the newest installed one that verifies and binds), or null.
 * @param licensedChannels its channels (0 without one).
 * @param effectiveLimit   today's limit: licensed channels plus temporary increases valid today.
 * @param increases        temporary increases of the license in force (active or not).
 * @param alertsSilenced   true while a temporary increase is active: no daily over-allocation alert.
 * @param window           the daily peaks of the check window, oldest first.
 * @param identity         this host's hardware id and GUI domain.
 * @param policy           the policy applied.
 */
public record LicenseStatus(
    Instant asOf, Level level, List<OpenEvent> events, List<ClearedEvent> history, InstalledEntry license,
    long licensedChannels, long effectiveLimit, List<TemporaryIncrease> increases, boolean alertsSilenced,
    List<DayPeak> window, Identity identity, LicensePolicy policy)
{
    /** What never locks. */
    public static final List<String> NEVER_BLOCKED = List.of("capture", "journaling", "cdr import");

    /**
     * @return what refuses at this level: at LOCKED reports, alerts and exports; else nothing.
     */
    public List<String> blocked()
    {
        return level.locks() ? List.of("reports", "alerts", "exports") : List.of();
    }

    /**
     * @return what prints a warning first: from MINOR up to CRITICAL, reports and exports.
     */
    public List<String> warned()
    {
        return level.warns() ? List.of("reports", "exports") : List.of();
    }

    /**
     * @param type an event type.
     * @return the open event of that type, or null.
     */
    public OpenEvent event(final EventType type)
    {
        for (final OpenEvent event : events)
        {
            if (event.type() == type)
            {
                return event;
            }
        }
        return null;
    }

    /**
     * @return the most severe open event, or null when none is open.
     */
    public OpenEvent worst()
    {
        return events.isEmpty() ? null : events.getFirst();
    }
}
