package io.sipsensor.license;

import java.time.LocalDate;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Everything the license state is a function of, besides the instant.
 *
 * @param peaks      license channels over time (only activity before the instant evaluated is asked for).
 * @param recorded   the engine's own record of days that have left the check window (from the events journal):
 *                   their judgment is final and is used instead of the call data.
 * @param history    installed licenses and tokens, any order.
 * @param identity   this host's hardware id and GUI domain.
 * @param policy     numbers and schedules.
 * @param conditions observed conditions that are not about one installed file (clock gone backwards; central
 *                   events, empty until a central exists).
 */
public record LicenseInputs(
    LicensePeaks peaks, NavigableMap<LocalDate, DayPeak> recorded, List<InstalledEntry> history, Identity identity,
    LicensePolicy policy, List<Condition> conditions)
{
    /**
     * Inputs with peaks known per calendar day and no record of past days.
     *
     * @param dailyPeaks daily license peak by calendar day of the policy's zone; missing days are 0.
     * @param history    installed licenses and tokens.
     * @param identity   this host.
     * @param policy     numbers and schedules.
     * @param conditions observed conditions.
     */
    public LicenseInputs(
        final NavigableMap<LocalDate, Long> dailyPeaks, final List<InstalledEntry> history, final Identity identity,
        final LicensePolicy policy, final List<Condition> conditions)
    {
        this(LicensePeaks.ofDays(dailyPeaks, policy.zone()), new TreeMap<>(), history, identity, policy, conditions);
    }
}
