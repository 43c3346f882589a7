package io.sipsensor.license;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.NavigableMap;

/**
 * Where the engine's daily license peaks come from: today the CDR journal ({@link JournalDailyPeaks}); later the
 * channel tracker's persisted statistics, with the journal as the fallback for recomputation.
 */
public interface DailyPeakSource
{
    /**
     * @param first first day.
     * @param last  last day.
     * @param zone  zone of the calendar days.
     * @param until only activity before this instant counts (a day after it has peak 0).
     * @return max concurrent license channels of each day from first to last that had any; absent days are 0.
     */
    NavigableMap<LocalDate, Long> dailyPeaks(LocalDate first, LocalDate last, ZoneId zone, Instant until);
}
