package io.sipsensor.license;

import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/**
 * The numbers and schedules the license engine applies (LICENSING.md), all configurable. Immutable.
 *
 * @param zone                  zone whose calendar days the daily peaks use ({@code license_timezone}, UTC).
 * @param checkDays             days of call data the check looks at ({@code license_check_days}, 21).
 * @param tempIncreaseDays      longest life of a temporary increase ({@code license_temp_increase_days}, 14).
 * @param renewalGraceDays      days an automatically renewed license keeps working past its formal end
 *                              ({@code license_renewal_grace_days}, 20).
 * @param trialDays             life of a trial license from its issue date ({@code license_trial_days}, 30).
 * @param lockMinOveragePercent LOCKED only when the latest over-day's peak exceeds the limit by more than this
 *                              ({@code lock_min_overage_percent}, 0).
 * @param historyFactor         a cleared event's history is kept this many times as long as it lasted
 *                              ({@code license_history_factor}, 2).
 * @param clockToleranceSeconds how far the clock may step back before it counts as gone backwards
 *                              ({@code license_clock_tolerance_s}, 300).
 * @param schedules             escalation schedule of every event type.
 */
public record LicensePolicy(
    ZoneId zone, int checkDays, int tempIncreaseDays, int renewalGraceDays, int trialDays,
    int lockMinOveragePercent, int historyFactor, long clockToleranceSeconds, Map<EventType, Schedule> schedules)
{
    /**
     * Copies the schedule map.
     */
    public LicensePolicy
    {
        schedules = Map.copyOf(schedules);
    }

    /**
     * @return the defaults of LICENSING.md.
     */
    public static LicensePolicy defaults()
    {
        final Map<EventType, Schedule> schedules = new EnumMap<>(EventType.class);
        for (final EventType type : EventType.values())
        {
            schedules.put(type, Schedule.parse(type.defaultSchedule()));
        }
        return new LicensePolicy(ZoneId.of("UTC"), 21, 14, 20, 30, 0, 2, 300, schedules);
    }

    /**
     * @param type an event type.
     * @return its schedule.
     */
    public Schedule schedule(final EventType type)
    {
        return schedules.get(type);
    }
}
