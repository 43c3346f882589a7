package io.sipsensor.license;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.NavigableMap;

/**
 * Concurrent license channels over time, as the engine asks for them: the peak of any span of instants (a day, or
 * the part of a day in which the limit in force did not change), and when activity begins.
 */
public interface LicensePeaks
{
    /** No activity at all. */
    LicensePeaks NONE = new LicensePeaks()
    {
        @Override
        public long peak(final Instant from, final Instant to)
        {
            return 0;
        }

        @Override
        public Instant firstActivity()
        {
            return null;
        }

        @Override
        public Instant lastActivity()
        {
            return null;
        }
    };

    /**
     * @param from start of the span (inclusive).
     * @param to   end of the span (exclusive).
     * @return max concurrent license channels at any instant of the span; 0 for an empty span.
     */
    long peak(Instant from, Instant to);

    /**
     * @param from  start of the span (inclusive).
     * @param to    end of the span (exclusive).
     * @param limit a channel count.
     * @return the first instant of the span at which more than {@code limit} channels are active, or null when
     *         there is none. Peaks known only per day answer the span's start.
     */
    default Instant firstAbove(final Instant from, final Instant to, final long limit)
    {
        return peak(from, to) > limit ? from : null;
    }

    /**
     * @return the earliest instant any channel is active, or null when there is none.
     */
    Instant firstActivity();

    /**
     * @return the latest instant any channel is active until (a reading of the clock when it was recorded), or
     *         null when there is none or it is not known.
     */
    default Instant lastActivity()
    {
        return null;
    }

    /**
     * Peaks known only per calendar day (tests, summaries): any span's peak is the highest peak of the days it
     * touches.
     *
     * @param days peak by day; absent days are 0.
     * @param zone zone of the days.
     * @return the peaks.
     */
    static LicensePeaks ofDays(final NavigableMap<LocalDate, Long> days, final ZoneId zone)
    {
        return new LicensePeaks()
        {
            @Override
            public long peak(final Instant from, final Instant to)
            {
                if (!from.isBefore(to))
                {
                    return 0;
                }
                long peak = 0;
                for (final long value : days.subMap(LocalDate.ofInstant(from, zone), true,
                    LocalDate.ofInstant(to.minusNanos(1), zone), true).values())
                {
                    peak = Math.max(peak, value);
                }
                return peak;
            }

            @Override
            public Instant firstActivity()
            {
                for (final var entry : days.entrySet())
                {
                    if (entry.getValue() > 0)
                    {
                        return entry.getKey().atStartOfDay(zone).toInstant();
                    }
                }
                return null;
            }
        };
    }
}
