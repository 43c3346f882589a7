package io.sipsensor.license;

import java.time.LocalDate;
import java.util.List;
import java.util.NavigableMap;

/**
 * Everything the license state is a function of, besides the instant.
 *
 * @param dailyPeaks daily license peak by calendar day of the policy's zone; missing days are 0. A day's peak
 *                   counts only activity before the instant evaluated.
 * @param history    installed licenses and tokens, any order.
 * @param identity   this host's hardware id and GUI domain.
 * @param policy     numbers and schedules.
 * @param conditions observed conditions that are not about one installed file (clock gone backwards; central
 *                   events, empty until a central exists).
 */
public record LicenseInputs(
    NavigableMap<LocalDate, Long> dailyPeaks, List<InstalledEntry> history, Identity identity, LicensePolicy policy,
    List<Condition> conditions)
{
}
