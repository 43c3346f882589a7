package io.sipsensor.export;

import io.sipsensor.call.CallState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeFormatTest
{
    @Test
    void shouldFormatMicrosecondsInUtc()
    {
        assertEquals("2026-11-22T10:15:30.123456Z", TimeFormat.iso(1_795_342_530_123_456_789L));
        assertEquals("2026-11-22T10:15:30.000001Z", TimeFormat.iso(1_795_342_530_000_001_000L));
        assertEquals("", TimeFormat.iso(CallState.NO_TIME));
    }

    @Test
    void shouldFormatEpochSecondsWithSixDecimals()
    {
        assertEquals("1795343581.759434", TimeFormat.epochSeconds(1_795_343_581_759_434_000L));
    }

    @Test
    void shouldParseTheFormsOperatorsType()
    {
        final long expected = 1_795_342_530_000_000_000L;
        assertEquals(expected, TimeFormat.parse("2026-11-22T10:15:30Z"));
        assertEquals(expected, TimeFormat.parse("2026-11-22T11:15:30+01:00"));
        assertEquals(expected, TimeFormat.parse("2026-11-22 10:15:30"));
        assertEquals(expected, TimeFormat.parse("1795342530"));
        assertEquals(expected + 500_000_000L, TimeFormat.parse("1795342530.5"));
        assertEquals(1_795_305_600_000_000_000L, TimeFormat.parse("2026-11-22"));
        assertEquals(expected + 123_456_000L, TimeFormat.parse(TimeFormat.iso(expected + 123_456_000L)));
    }

    @Test
    void shouldRejectNonsenseWithTheAcceptedForms()
    {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> TimeFormat.parse("yesterday"));
        assertEquals(true, error.getMessage().contains("2026-11-22T10:15:30Z"));
    }
}
