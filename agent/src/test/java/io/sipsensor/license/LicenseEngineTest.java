package io.sipsensor.license;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine as a pure function: inputs built in memory, no spool.
 */
class LicenseEngineTest
{
    private static final LocalDate JAN_1 = LocalDate.parse("2030-01-01");
    private static final Identity HOST = new Identity("aaaa", "voip.example.com");

    private static InstalledEntry license(final long channels, final String hwid)
    {
        final License license = new License("L-1", "c", channels, LocalDate.parse("2029-01-01"),
            LocalDate.parse("2031-01-01"), false, false, new Binding(Binding.HWID, hwid), null);
        final String mismatch = license.binding().mismatch(HOST);
        return new InstalledEntry(Instant.parse("2029-06-01T00:00:00Z"), "l.json", InstalledEntry.Kind.LICENSE,
            mismatch == null ? license : null, null, mismatch == null ? null :
            new Condition(EventType.BINDING_MISMATCH, mismatch, Instant.parse("2030-01-02T00:00:00Z")));
    }

    private static NavigableMap<LocalDate, Long> peaks(final long... perDay)
    {
        final NavigableMap<LocalDate, Long> peaks = new TreeMap<>();
        for (int i = 0; i < perDay.length; i++)
        {
            peaks.put(JAN_1.plusDays(i), perDay[i]);
        }
        return peaks;
    }

    private static LicenseStatus at(final NavigableMap<LocalDate, Long> peaks, final List<InstalledEntry> history,
        final List<Condition> conditions, final String instant)
    {
        return LicenseEngine.evaluate(new LicenseInputs(peaks, history, HOST, LicensePolicy.defaults(), conditions),
            Instant.parse(instant));
    }

    @Test
    void shouldBeOkWithoutEventsAndBlockNothing()
    {
        final LicenseStatus status = at(peaks(50, 60), List.of(license(100, "aaaa")), List.of(),
            "2030-01-02T12:00:00Z");
        assertEquals(Level.OK, status.level());
        assertTrue(status.events().isEmpty());
        assertEquals(List.of(), status.blocked());
        assertEquals(100, status.effectiveLimit());
        assertEquals(21, status.window().size());
    }

    @Test
    void shouldCountEveryDayOverALimitOfZeroWithoutALicense()
    {
        final LicenseStatus status = at(peaks(1, 1, 1, 1), List.of(), List.of(), "2030-01-04T12:00:00Z");
        assertEquals(Level.MINOR, status.level());
        assertEquals(0, status.licensedChannels());
        assertNull(status.license());
    }

    @Test
    void shouldNotCountTodayUntilItGoesOverAndNotClearItUntilItEnds()
    {
        final List<InstalledEntry> history = List.of(license(100, "aaaa"));
        final LicenseStatus pending = at(peaks(120, 120, 120, 50), history, List.of(), "2030-01-04T12:00:00Z");
        final OpenEvent event = pending.event(EventType.OVER_ALLOCATION);
        assertEquals(3, event.day());
        assertEquals(Level.WARNING, event.level());
        assertEquals(Instant.parse("2030-01-04T12:00:00Z"), event.nextEscalationAt(), "MINOR as soon as today is over");

        final LicenseStatus cleared = at(peaks(120, 120, 120, 50), history, List.of(), "2030-01-05T00:00:00Z");
        assertNull(cleared.event(EventType.OVER_ALLOCATION));
        assertEquals(Instant.parse("2030-01-10T00:00:00Z"), cleared.history().getFirst().keptUntil());
    }

    @Test
    void shouldTakeTheMostSevereOpenEventAsTheOverallLevel()
    {
        final List<Condition> conditions = new ArrayList<>();
        conditions.add(new Condition(EventType.DUPLICATE_SENSOR, "two sensors with id 3",
            Instant.parse("2030-01-01T00:00:00Z")));
        conditions.add(new Condition(EventType.MISSING_CENTRAL, "central unreachable",
            Instant.parse("2030-01-09T00:00:00Z")));
        final LicenseStatus status = at(peaks(), List.of(license(100, "aaaa")), conditions, "2030-01-10T06:00:00Z");
        assertEquals(Level.MAJOR, status.level(), "DUPLICATE_SENSOR day 10");
        assertEquals(EventType.DUPLICATE_SENSOR, status.worst().type());
        assertEquals(Level.MINOR, status.event(EventType.MISSING_CENTRAL).level());
        assertEquals(Instant.parse("2030-01-11T00:00:00Z"), status.event(EventType.DUPLICATE_SENSOR)
            .nextEscalationAt());
    }

    @Test
    void shouldRaiseBindingMismatchAndTrustNoChannelsForAnotherHwid()
    {
        final LicenseStatus status = at(peaks(), List.of(license(100, "bbbb")), List.of(), "2030-01-03T06:00:00Z");
        final OpenEvent event = status.event(EventType.BINDING_MISMATCH);
        assertEquals(Level.MINOR, event.level());
        assertTrue(event.cause().contains("license is for another hwid: license hwid bbbb, this host's hwid aaaa"),
            event.cause());
        assertEquals(0, status.licensedChannels());
    }

    @Test
    void shouldIgnoreConditionsObservedAfterTheInstant()
    {
        final List<Condition> conditions = List.of(new Condition(EventType.CLOCK_INVALID, "backwards",
            Instant.parse("2030-01-05T00:00:00Z")));
        assertEquals(Level.OK, at(peaks(), List.of(license(100, "aaaa")), conditions, "2030-01-04T00:00:00Z").level());
    }

    @Test
    void shouldFollowAConfiguredSchedule()
    {
        final Schedule schedule = Schedule.parse("WARNING:1, LOCKED:2");
        assertEquals(Level.OK, schedule.levelOn(0));
        assertEquals(Level.WARNING, schedule.levelOn(1));
        assertEquals(Level.LOCKED, schedule.levelOn(9));
        assertEquals(new Schedule.Step(Level.LOCKED, 2), schedule.after(1));
        assertNull(schedule.after(2));
        assertEquals("WARNING:1,LOCKED:2", schedule.toString());
    }
}
