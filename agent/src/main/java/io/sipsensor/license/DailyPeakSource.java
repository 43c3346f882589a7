package io.sipsensor.license;

import java.time.Instant;

/**
 * Where the engine's license channels come from: today the CDR journal ({@link JournalDailyPeaks}); later the
 * channel tracker's persisted statistics, with the journal as the fallback for recomputation.
 */
public interface DailyPeakSource
{
    /**
     * @param from activity that ended before this instant is not needed (the engine has its own record of those
     *             days, or they are no history); null for all of it.
     * @return the license channels of the call data from there on, as peaks over any span.
     */
    LicensePeaks licensePeaks(Instant from);
}
