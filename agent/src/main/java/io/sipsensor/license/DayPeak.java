package io.sipsensor.license;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One day of the check window.
 *
 * @param day      calendar day in the policy's zone.
 * @param peak     its license peak (so far, for the current day).
 * @param limit    its effective limit: licensed channels plus the temporary increases valid that day.
 * @param over     peak above limit.
 * @param complete false for the current day, whose peak may still grow.
 * @param overAt   the first instant of the day at which the channels exceeded the limit, or null when not over.
 */
public record DayPeak(LocalDate day, long peak, long limit, boolean over, boolean complete, Instant overAt)
{
}
