package io.sipsensor.export;

import io.sipsensor.call.CallState;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Time as text in CSV, JSON and on the command line: ISO-8601 UTC with exactly six decimals
 * ({@code 2026-11-22T10:15:30.123456Z}); absent times are empty. Input accepts ISO instants with or without
 * fraction and zone, {@code YYYY-MM-DD}, {@code YYYY-MM-DD HH:MM[:SS]} (UTC), and epoch seconds with decimals.
 */
public final class TimeFormat
{
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
        .withZone(ZoneOffset.UTC);

    private TimeFormat()
    {
    }

    /**
     * @param timeNs ns since the epoch, or {@link CallState#NO_TIME}.
     * @return ISO-8601 UTC with microseconds, or "" when absent.
     */
    public static String iso(final long timeNs)
    {
        if (timeNs == CallState.NO_TIME)
        {
            return "";
        }
        final long seconds = Math.floorDiv(timeNs, 1_000_000_000L);
        final long micros = Math.floorMod(timeNs, 1_000_000_000L) / 1000;
        final StringBuilder text = new StringBuilder(27);
        text.append(SECONDS.format(Instant.ofEpochSecond(seconds))).append('.');
        final String fraction = Long.toString(micros);
        for (int i = fraction.length(); i < 6; i++)
        {
            text.append('0');
        }
        return text.append(fraction).append('Z').toString();
    }

    /**
     * @param timeNs ns since the epoch, or NO_TIME.
     * @return epoch seconds with six decimals, as in the corpus files, or "" when absent.
     */
    public static String epochSeconds(final long timeNs)
    {
        if (timeNs == CallState.NO_TIME)
        {
            return "";
        }
        return BigDecimal.valueOf(Math.floorDiv(timeNs, 1000L), 6).toPlainString();
    }

    /**
     * Parses a time given by an operator.
     *
     * @param text the time.
     * @return ns since the epoch.
     * @throws IllegalArgumentException naming the accepted forms.
     */
    public static long parse(final String text)
    {
        final String value = text.trim();
        try
        {
            if (value.matches("-?\\d+(\\.\\d+)?"))
            {
                return new BigDecimal(value).movePointRight(9).longValueExact();
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}"))
            {
                return toNs(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d{2}:\\d{2}$"))
            {
                return toNs(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(value.replace(' ', 'T'), Instant::from));
            }
            return toNs(LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            throw new IllegalArgumentException("cannot read time '" + text +
                "' (use 2026-11-22T10:15:30Z, 2026-11-22, '2026-11-22 10:15' (UTC) or epoch seconds)");
        }
    }

    private static long toNs(final Instant instant)
    {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
