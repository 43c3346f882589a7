package io.sipsensor.license;

/**
 * Where the engine's license channels come from: today the CDR journal ({@link JournalDailyPeaks}); later the
 * channel tracker's persisted statistics, with the journal as the fallback for recomputation.
 */
public interface DailyPeakSource
{
    /**
     * @return the license channels of all the call data there is, as peaks over any span.
     */
    LicensePeaks licensePeaks();
}
