package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.sipsensor.cli.LicenseSpool.event;
import static io.sipsensor.cli.LicenseSpool.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An over-allocation's history outlives the 21-day check window (it is the engine's own record, the events
 * journal), and temporary increases count as an interval of instants: while one is valid the whole window is judged
 * against the increased limit (so it unlocks at once), and when it ends the licensed limit applies again. All
 * through the real command lines on real spools, with {@code --as-of}.
 */
class LicenseHistoryTest
{
    private static final List<Object> LOCKED_BLOCKS = List.of("reports", "alerts", "exports");

    @TempDir
    Path dir;

    private LicenseSpool licensed(final long channels) throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        spool.install(spool.license("L-1", channels, "2024-12-01", "2099-12-31"), "2024-12-15T00:00:00Z");
        return spool;
    }

    private static int[] days(final int count, final int peak)
    {
        final int[] peaks = new int[count];
        Arrays.fill(peaks, peak);
        return peaks;
    }

    private static int[] concat(final int[]... parts)
    {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    private static Map<?, ?> history(final Map<String, Object> status)
    {
        final List<Object> history = list(status, "history");
        assertEquals(1, history.size(), "one kept history at " + status.get("as_of") + ": " + history);
        return (Map<?, ?>)history.getFirst();
    }

    private static void assertOver(final Map<String, Object> status, final String level, final long day)
    {
        final Map<String, Object> event = event(status, "OVER_ALLOCATION");
        assertNotNull(event, "OVER_ALLOCATION open at " + status.get("as_of") + ": " + status);
        assertEquals(level, event.get("level"), "level at " + status.get("as_of"));
        assertEquals(BigDecimal.valueOf(day), event.get("day"), "over-day at " + status.get("as_of"));
    }

    @Test
    void shouldResumeARunThatStartedBeforeTheCheckWindow() throws IOException
    {
        final LicenseSpool spool = licensed(10);
        spool.importDays(LocalDate.parse("2026-03-01"), concat(days(10, 12), days(15, 5), days(1, 12)));

        Map<String, Object> status = spool.status("2026-03-21T12:00:00Z");
        assertEquals("OK", status.get("level"));
        assertEquals("2026-03-31T00:00:00Z", history(status).get("kept_until"), "kept twice its 10 days");
        assertEquals(BigDecimal.valueOf(10), history(status).get("days"));
        status = spool.status("2026-03-24T12:00:00Z");
        assertEquals("2026-03-31T00:00:00Z", history(status).get("kept_until"),
            "the promise does not shrink as its first days leave the window");

        status = spool.status("2026-03-26T23:59:59Z");
        assertOver(status, "CRITICAL", 11);
        assertEquals("2026-03-01T00:00:00Z", event(status, "OVER_ALLOCATION").get("since"));
        assertTrue(((String)event(status, "OVER_ALLOCATION").get("cause")).contains("resumed"));
    }

    @Test
    void shouldLockOnTheFourteenthOverDayWithACheckWindowOfSevenDays() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir, "license_check_days = 7");
        spool.install(spool.license("L-1", 100, "2024-12-01", "2099-12-31"), "2024-12-15T00:00:00Z");
        spool.importDays(LocalDate.parse("2025-01-01"), days(14, 120));
        assertOver(spool.status("2025-01-11T12:00:00Z"), "CRITICAL", 11);
        final Map<String, Object> status = spool.status("2025-01-14T12:00:00Z");
        assertOver(status, "LOCKED", 14);
        assertEquals(7, list(status, "daily_peaks").size(), "the window is 7 days, the count is not bounded by it");
    }

    @Test
    void shouldKeepTheHistoryInTheEventsJournalWhenTheCallDataIsPurged() throws IOException
    {
        final LicenseSpool spool = licensed(10);
        spool.importDays(LocalDate.parse("2026-03-01"), concat(days(10, 12), days(15, 5), days(1, 12)));
        assertOver(spool.status("2026-03-26T23:59:59Z"), "CRITICAL", 11);

        final Corpus.Result purge = spool.run("cdr", "purge", "--before", "2026-03-06", "--yes");
        assertEquals(0, purge.status(), purge.err());
        assertOver(spool.status("2026-03-26T23:59:59Z"), "CRITICAL", 11);
    }

    @Test
    void shouldKeepTheHistoryOfARunThatATemporaryIncreaseEnded() throws IOException
    {
        final LicenseSpool spool = licensed(10);
        // 8 over-days, then within the increased limit while a +5 token is valid (04-08 12:00 to 04-22 12:00),
        // one clean day, and over again on 04-24
        spool.importDays(LocalDate.parse("2026-04-01"), concat(days(8, 12), days(14, 12), days(1, 5), days(1, 12)));
        assertOver(spool.status("2026-04-08T13:00:00Z"), "MAJOR", 8);
        spool.install(spool.vendor("temp-increase", "--id", "T-1", "--license-id", "L-1", "--channels", "5",
            "--from", "2026-04-08T12:00:00Z", "--days", "14"), "2026-04-08T12:00:00Z");

        Map<String, Object> status = spool.status("2026-04-08T13:00:00Z");
        assertEquals("OK", status.get("level"), "the token unlocks at once");
        status = spool.status("2026-04-15T12:00:00Z");
        assertEquals("OK", status.get("level"));

        status = spool.status("2026-04-23T12:00:00Z");
        assertEquals("OK", status.get("level"));
        assertEquals("2026-04-09T00:00:00Z", history(status).get("cleared_at"));
        assertEquals("2026-04-25T00:00:00Z", history(status).get("kept_until"));

        status = spool.status("2026-04-24T12:00:00Z");
        assertOver(status, "MAJOR", 9);
    }

    @Test
    void shouldUnlockAtOnceWithATemporaryIncreaseAndApplyTheLicensedLimitAgainWhenItEnds() throws IOException
    {
        final LicenseSpool spool = licensed(100);
        spool.importDays(LocalDate.parse("2025-01-01"), days(20, 120));
        Map<String, Object> status = spool.status("2025-01-14T12:00:00Z");
        assertEquals("LOCKED", status.get("level"));

        spool.install(spool.vendor("temp-increase", "--id", "T-1", "--license-id", "L-1", "--channels", "30",
            "--from", "2025-01-14T13:00:00Z", "--days", "5"), "2025-01-14T13:00:00Z");
        status = spool.status("2025-01-14T13:30:00Z");
        assertEquals("OK", status.get("level"), "unlocked at once, not when the covered day ends");
        assertEquals(List.of(), list(status, "blocked"));
        assertEquals(BigDecimal.valueOf(130), status.get("effective_limit"));
        assertTrue(list(status, "daily_peaks").stream().noneMatch(day -> (Boolean)((Map<?, ?>)day).get("over")),
            "every day of the window judged against 130");
        assertEquals(List.of(), list(status, "history"), "as with a larger license, no event while it is valid");

        status = spool.status("2025-01-19T14:00:00Z");
        assertEquals(BigDecimal.valueOf(100), status.get("effective_limit"), "ended at 2025-01-19T13:00:00Z");
        assertEquals("OK", status.get("level"), "the days it covered were within 130");
        assertEquals(BigDecimal.valueOf(14), history(status).get("days"), "the 14 days before it count again");
        assertEquals("2025-01-15T00:00:00Z", history(status).get("cleared_at"));

        status = spool.status("2025-01-20T12:00:00Z");
        assertOver(status, "LOCKED", 15);
        assertEquals(LOCKED_BLOCKS, list(status, "blocked"));
    }

    @Test
    void shouldEndATemporaryIncreaseAtItsInstantNotAtTheEndOfThatDay() throws IOException
    {
        final LicenseSpool spool = licensed(100);
        spool.install(spool.vendor("temp-increase", "--id", "T-1", "--license-id", "L-1", "--channels", "30",
            "--from", "2025-01-01T00:30:00Z", "--days", "14"), "2025-01-01T00:00:00Z");
        spool.importDays(LocalDate.parse("2025-01-01"), days(15, 120));

        Map<String, Object> status = spool.status("2025-01-14T12:00:00Z");
        assertEquals("OK", status.get("level"));
        assertNull(event(status, "OVER_ALLOCATION"));

        status = spool.status("2025-01-15T12:00:00Z");
        assertEquals(BigDecimal.valueOf(100), status.get("effective_limit"), "the token ended at 00:30");
        assertOver(status, "WARNING", 1);
        final Map<?, ?> today = (Map<?, ?>)list(status, "daily_peaks").getLast();
        assertEquals(true, today.get("over"), "10:00 on 2025-01-15 is after the token's last instant");
        assertEquals(BigDecimal.valueOf(100), today.get("limit"));
    }

    @Test
    void shouldRebuildTheStateFromTheEventsJournalWhenTheStateFileIsDeleted() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        spool.install(spool.license("L-1", 100, "2025-01-01", "2025-12-31"), "2025-01-01T00:00:00Z");
        final Path installed = spool.spool.resolve("license/installed").resolve(spool.installedFiles().getFirst());
        Files.writeString(installed, Files.readString(installed).replace("\"channels\": 100", "\"channels\": 900"));
        final Path statePath = spool.spool.resolve("license/state.json");
        final String beforeTampering = Files.exists(statePath) ? Files.readString(statePath) : null;
        assertEquals("WARNING", spool.status("2025-01-05T12:00:00Z").get("level"));
        assertEquals("LOCKED", spool.status("2025-01-09T13:00:00Z").get("level"));

        Files.writeString(statePath, beforeTampering);
        final Corpus.Result rolledBack = spool.run("license", "status", "--json", "--as-of", "2025-01-09T13:30:00Z");
        assertEquals("LOCKED", rolledBack.json().get("level"), "rolling the state file back resets no clock");
        assertTrue(rolledBack.err().contains("older than the events journal"), rolledBack.err());

        Files.delete(spool.spool.resolve("license/state.json"));
        final Corpus.Result result = spool.run("license", "status", "--json", "--as-of", "2025-01-09T14:00:00Z");
        assertEquals(0, result.status(), result.err());
        final Map<String, Object> status = result.json();
        assertEquals("LOCKED", status.get("level"), "deleting the state file resets no clock");
        assertEquals("2025-01-05T12:00:00Z", event(status, "KEY_INVALID").get("since"));
        assertEquals(BigDecimal.valueOf(5), event(status, "KEY_INVALID").get("day"));
        assertTrue(result.err().contains("state.json is missing or unreadable; rebuilt from the events journal"), result.err());
    }

    @Test
    void shouldReadTheClockFromTheNewestCallDataAndKeepItWhenTheStateFileIsDeleted() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        spool.importDays(LocalDate.now(java.time.ZoneOffset.UTC).plusYears(1), 1);

        Corpus.Result result = spool.run("license", "status", "--json");
        assertEquals(0, result.status(), result.err());
        final Map<String, Object> clock = event(result.json(), "CLOCK_INVALID");
        assertNotNull(clock, "call data a year ahead of the clock: " + result.out());
        assertTrue(((String)clock.get("cause")).contains("the spool holds call data up to"), clock.toString());

        Files.delete(spool.spool.resolve("license/state.json"));
        result = spool.run("license", "status", "--json");
        assertEquals(0, result.status(), result.err());
        assertEquals(clock.get("since"), event(result.json(), "CLOCK_INVALID").get("since"),
            "the event keeps its start");
    }

    @Test
    void shouldClearAClockOnceAheadWithAVendorSignedClockResetThatWorksOnce() throws IOException
    {
        final LicenseSpool spool = licensed(100);
        spool.importDays(LocalDate.now(java.time.ZoneOffset.UTC).plusYears(1), 1);
        assertNotNull(event(spool.run("license", "status", "--json").json(), "CLOCK_INVALID"),
            "call data a year ahead");

        final Path reset = spool.vendor("clock-reset", "--id", "C-1", "--license-id", "L-1", "--hwid",
            io.sipsensor.license.HardwareId.local().value());
        Corpus.Result result = spool.run("license", "install", reset.toString());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.err().contains("no longer count in the clock check"), result.err());

        result = spool.run("license", "status", "--json");
        assertEquals(0, result.status(), result.err());
        assertNull(event(result.json(), "CLOCK_INVALID"), result.out());
        assertEquals("OK", result.json().get("level"));

        result = spool.run("license", "install", reset.toString());
        assertEquals(Main.EXIT_LICENSE_REFUSED, result.status(), result.err());
        assertTrue(result.err().contains("a clock reset works once"), result.err());

        final Path foreign = spool.vendor("clock-reset", "--id", "C-2", "--license-id", "L-1", "--hwid",
            "00000000000000000000000000000000");
        result = spool.run("license", "install", foreign.toString());
        assertEquals(Main.EXIT_LICENSE_REFUSED, result.status(), result.err());
        assertTrue(result.err().contains("clock reset is for another hwid"), result.err());
    }

    @Test
    void shouldSayOneChannelInTheSingular() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        spool.importDays(LocalDate.parse("2025-01-01"), 1);
        final String cause = (String)event(spool.status("2025-01-01T12:00:00Z"), "OVER_ALLOCATION").get("cause");
        assertTrue(cause.contains("peak 1 channel on 2025-01-01 > limit 0"), cause);
    }

    @Test
    void shouldReportADamagedEventsJournal() throws IOException
    {
        final LicenseSpool spool = licensed(100);
        Files.createDirectories(spool.spool.resolve("license"));
        Files.writeString(spool.spool.resolve("license/events"), "not a journal");
        final Corpus.Result result = spool.run("license", "status", "--json", "--as-of", "2025-01-02T00:00:00Z");
        assertEquals(0, result.status(), result.err());
        assertTrue(result.err().contains("license events journal") && result.err().contains("is damaged"),
            result.err());
    }
}
