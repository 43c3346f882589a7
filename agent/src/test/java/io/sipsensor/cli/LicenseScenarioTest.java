package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.sipsensor.cli.LicenseSpool.event;
import static io.sipsensor.cli.LicenseSpool.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The license model driven through time with imported multi-day CDR data, installs and {@code --as-of}, all
 * through the real command lines. Each step asserts the level, the events, the next escalation and what is blocked.
 * Days are January 2025, UTC; the licensed limit is 100 channels unless said otherwise.
 */
class LicenseScenarioTest
{
    private static final LocalDate JAN_1 = LocalDate.parse("2025-01-01");
    private static final List<Object> LOCKED_BLOCKS = List.of("reports", "alerts", "exports");

    @TempDir
    Path dir;

    private LicenseSpool licensed(final long channels, final String... config) throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir, config);
        spool.install(spool.license("L-1", channels, "2024-12-01", "2099-12-31"), "2024-12-15T00:00:00Z");
        return spool;
    }

    private static int[] days(final int count, final int peak)
    {
        final int[] peaks = new int[count];
        java.util.Arrays.fill(peaks, peak);
        return peaks;
    }

    private static int[] concat(final int[]... parts)
    {
        return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    private static void assertLevel(final Map<String, Object> status, final String level, final List<Object> blocked)
    {
        assertEquals(level, status.get("level"), "overall level at " + status.get("as_of"));
        assertEquals(blocked, list(status, "blocked"), "blocked at " + status.get("as_of"));
    }

    private static void assertEvent(final Map<String, Object> status, final String type, final String level,
        final long day, final String nextLevel, final String nextAt)
    {
        final Map<String, Object> event = event(status, type);
        assertNotNull(event, type + " open at " + status.get("as_of") + ": " + status.get("events"));
        assertEquals(level, event.get("level"), type + " level");
        assertEquals(BigDecimal.valueOf(day), event.get("day"), type + " day");
        assertEquals(nextLevel, event.get("next_level"), type + " next level");
        assertEquals(nextAt, event.get("next_escalation_at"), type + " next escalation");
    }

    @Test
    void shouldGraceThreeDaysThenLockdownOnDayFourAndLockOnDayFourteen() throws IOException
    {
        final LicenseSpool spool = licensed(100);
        spool.importDays(JAN_1, days(14, 120));

        Map<String, Object> status = spool.status("2025-01-01T12:00:00Z");
        assertLevel(status, "WARNING", List.of());
        assertEvent(status, "OVER_ALLOCATION", "WARNING", 1, "MINOR", "2025-01-04T00:00:00Z");
        final Corpus.Result text = spool.run("license", "status", "--as-of", "2025-01-01T12:00:00Z");
        assertTrue(text.out().contains("next:  MINOR if 2025-01-04 goes over the limit (it begins in 2d 12h)"),
            text.out());
        assertEquals(List.of(), list(status, "warned"));
        assertEquals(BigDecimal.valueOf(120), ((Map<?, ?>)list(status, "daily_peaks").getLast()).get("peak"));

        status = spool.status("2025-01-03T12:00:00Z");
        assertLevel(status, "WARNING", List.of());
        assertEvent(status, "OVER_ALLOCATION", "WARNING", 3, "MINOR", "2025-01-04T00:00:00Z");

        status = spool.status("2025-01-04T12:00:00Z");
        assertLevel(status, "MINOR", List.of());
        assertEquals(List.of("reports", "exports"), list(status, "warned"));
        assertEvent(status, "OVER_ALLOCATION", "MINOR", 4, "MAJOR", "2025-01-08T00:00:00Z");

        status = spool.status("2025-01-08T12:00:00Z");
        assertEvent(status, "OVER_ALLOCATION", "MAJOR", 8, "CRITICAL", "2025-01-11T00:00:00Z");
        status = spool.status("2025-01-11T12:00:00Z");
        assertEvent(status, "OVER_ALLOCATION", "CRITICAL", 11, "LOCKED", "2025-01-14T00:00:00Z");
        assertLevel(status, "CRITICAL", List.of());

        status = spool.status("2025-01-14T12:00:00Z");
        assertLevel(status, "LOCKED", LOCKED_BLOCKS);
        assertEvent(status, "OVER_ALLOCATION", "LOCKED", 14, null, null);
        assertEquals("2025-01-01T00:00:00Z", event(status, "OVER_ALLOCATION").get("since"));
        assertEquals(List.of("capture", "journaling", "cdr import"), list(status, "never_blocked"));

        spool.status("2025-01-10T12:00:00Z");
        spool.status("2025-01-14T12:00:00Z");
        final List<String> changes = spool.events().stream()
            .map(entry -> entry.get("at") + " " + entry.get("from") + "->" + entry.get("to")).toList();
        assertEquals(List.of(
            "2025-01-01T10:01:40Z OK->WARNING",
            "2025-01-04T10:01:40Z WARNING->MINOR",
            "2025-01-08T10:01:40Z MINOR->MAJOR",
            "2025-01-11T10:01:40Z MAJOR->CRITICAL",
            "2025-01-14T10:01:40Z CRITICAL->LOCKED"), changes, "each level change once, stamped with the instant " +
            "the day went over (the 101st channel began at 10:01:40), re-evaluation adds none");
        assertEquals("2025-01-14T10:01:40Z", event(status, "OVER_ALLOCATION").get("level_since"));
    }

    @Test
    void shouldRecordNothingWhenEvaluatingAForecast() throws IOException
    {
        final LicenseSpool spool = licensed(100);
        spool.importDays(JAN_1, days(4, 120));
        spool.status("2025-01-04T12:00:00Z");
        final Path state = spool.spool.resolve("license/state.json");
        final String before = java.nio.file.Files.readString(state);
        final int events = spool.events().size();

        final Map<String, Object> forecast = spool.status("2099-01-01T00:00:00Z");
        assertLevel(forecast, "OK", List.of());
        assertEquals(before, java.nio.file.Files.readString(state), "a forecast leaves the state as it was");
        assertEquals(events, spool.events().size(), "and journals nothing");
        assertEvent(spool.status("2025-01-05T12:00:00Z"), "OVER_ALLOCATION", "MINOR", 4, "MAJOR",
            "2025-01-08T00:00:00Z");
        assertEquals(events, spool.events().size(), "no new level change on 2025-01-05");
    }

    @Test
    void shouldAddChannelsAndSilenceAlertsWithTemporaryIncreaseMidWay() throws IOException
    {
        final LicenseSpool spool = licensed(100);
        spool.importDays(JAN_1, days(20, 120));
        assertEvent(spool.status("2025-01-05T12:00:00Z"), "OVER_ALLOCATION", "MINOR", 5, "MAJOR",
            "2025-01-08T00:00:00Z");

        spool.install(spool.vendor("temp-increase", "--id", "T-1", "--license-id", "L-1", "--channels", "30",
            "--from", "2025-01-06T00:00:00Z", "--days", "14"), "2025-01-06T08:00:00Z");

        Map<String, Object> status = spool.status("2025-01-06T12:00:00Z");
        assertLevel(status, "OK", List.of());
        assertEquals(List.of(), list(status, "events"), "the whole window is judged against 130 at once");
        assertEquals(BigDecimal.valueOf(130), status.get("effective_limit"));
        assertEquals(BigDecimal.valueOf(100), status.get("licensed_channels"));
        assertEquals(true, status.get("alerts_silenced"));
        final Corpus.Result check = spool.run("license", "check", "--as-of", "2025-01-06T12:00:00Z");
        assertEquals(0, check.status(), check.err());
        assertTrue(!check.err().contains("license alert"), "no daily alert during a temporary increase: " +
            check.err());

        status = spool.status("2025-01-07T12:00:00Z");
        assertLevel(status, "OK", List.of());
        assertEquals(List.of(), list(status, "events"));

        assertLevel(spool.status("2025-01-19T12:00:00Z"), "OK", List.of());

        status = spool.status("2025-01-20T12:00:00Z");
        assertEquals(BigDecimal.valueOf(100), status.get("effective_limit"), "increase over after 14 days");
        assertEvent(status, "OVER_ALLOCATION", "WARNING", 1, "MINOR", "2025-01-23T00:00:00Z");
        assertEquals("2025-01-20T00:00:00Z", event(status, "OVER_ALLOCATION").get("since"),
            "the 5 days before it count again, but their history (kept until 2025-01-16) is over");
    }

    @Test
    void shouldUnlockAtOnceWhenLargerLicenseIsInstalledAtLockAndLoseNothing() throws IOException
    {
        final LicenseSpool spool = licensed(100);
        spool.importDays(JAN_1, days(14, 120));
        assertLevel(spool.status("2025-01-14T12:00:00Z"), "LOCKED", LOCKED_BLOCKS);

        spool.importDays(JAN_1.plusDays(13), 5);
        spool.install(spool.license("L-2", 200, "2025-01-14", "2099-12-31"), "2025-01-14T13:00:00Z");

        Map<String, Object> status = spool.status("2025-01-14T13:30:00Z");
        assertLevel(status, "OK", List.of());
        assertEquals(List.of(), list(status, "events"));
        assertEquals(BigDecimal.valueOf(200), status.get("licensed_channels"));
        assertEquals("L-2", ((Map<?, ?>)status.get("license")).get("id"));

        status = spool.status("2025-01-14T12:30:00Z");
        assertLevel(status, "LOCKED", LOCKED_BLOCKS);
        assertEquals("L-1", ((Map<?, ?>)status.get("license")).get("id"), "the history keeps what was in force");

        assertEquals(14 * 120 + 5, spool.journaledLegs(), "legs imported while locked are journaled");
        final Corpus.Result export = spool.run("cdr", "export", "--format", "csv");
        assertEquals(0, export.status(), export.err());
        assertEquals(14 * 120 + 5 + 1, Corpus.csv(export.out()).size(), "every leg exported, header first");
    }

    @Test
    void shouldResumeAtDayElevenWhenOverAgainInsideTheHistory() throws IOException
    {
        final LicenseSpool spool = licensed(100);
        spool.importDays(JAN_1, concat(days(10, 120), days(5, 50), days(1, 120)));

        Map<String, Object> status = spool.status("2025-01-15T12:00:00Z");
        assertLevel(status, "OK", List.of());
        assertEquals("2025-01-31T00:00:00Z", ((Map<?, ?>)list(status, "history").getFirst()).get("kept_until"));

        status = spool.status("2025-01-16T12:00:00Z");
        assertLevel(status, "CRITICAL", List.of());
        assertEvent(status, "OVER_ALLOCATION", "CRITICAL", 11, "LOCKED", "2025-01-19T00:00:00Z");
        assertEquals("2025-01-01T00:00:00Z", event(status, "OVER_ALLOCATION").get("since"));
        assertTrue(((String)event(status, "OVER_ALLOCATION").get("cause")).contains("resumed"));
    }

    @Test
    void shouldStartAtDayOneWhenOverAgainAfterTheHistoryWindow() throws IOException
    {
        final LicenseSpool spool = licensed(100, "license_check_days = 42");
        spool.importDays(JAN_1, concat(days(10, 120), days(20, 50), days(1, 120)));
        final Map<String, Object> status = spool.status("2025-01-31T12:00:00Z");
        assertLevel(status, "WARNING", List.of());
        assertEvent(status, "OVER_ALLOCATION", "WARNING", 1, "MINOR", "2025-02-03T00:00:00Z");
        assertEquals("2025-01-31T00:00:00Z", event(status, "OVER_ALLOCATION").get("since"));

        final Path other = dir.resolve("inside");
        java.nio.file.Files.createDirectories(other);
        final LicenseSpool inside = new LicenseSpool(other, "license_check_days = 42");
        inside.install(inside.license("L-1", 100, "2024-12-01", "2025-12-31"), "2024-12-15T00:00:00Z");
        inside.importDays(JAN_1, concat(days(10, 120), days(19, 50), days(1, 120)));
        assertEvent(inside.status("2025-01-30T12:00:00Z"), "OVER_ALLOCATION", "CRITICAL", 11, "LOCKED",
            "2025-02-02T00:00:00Z");
    }

    @Test
    void shouldKeepHistoryForTwiceAsLongAsTheEventLastedWithTheDefaultWindow() throws IOException
    {
        final LicenseSpool inside = licensed(100);
        inside.importDays(JAN_1, concat(days(5, 120), days(9, 50), days(1, 120)));
        assertEvent(inside.status("2025-01-15T12:00:00Z"), "OVER_ALLOCATION", "MINOR", 6, "MAJOR",
            "2025-01-17T00:00:00Z");

        final Path other = dir.resolve("after");
        java.nio.file.Files.createDirectories(other);
        final LicenseSpool after = new LicenseSpool(other);
        after.install(after.license("L-1", 100, "2024-12-01", "2025-12-31"), "2024-12-15T00:00:00Z");
        after.importDays(JAN_1, concat(days(5, 120), days(10, 50), days(1, 120)));
        assertEvent(after.status("2025-01-16T12:00:00Z"), "OVER_ALLOCATION", "WARNING", 1, "MINOR",
            "2025-01-19T00:00:00Z");
    }

    @Test
    void shouldStayCriticalUnlessTheOverageExceedsLockMinOveragePercent() throws IOException
    {
        final LicenseSpool spool = licensed(100, "lock_min_overage_percent = 5");
        spool.importDays(JAN_1, concat(days(14, 105), days(1, 106)));

        Map<String, Object> status = spool.status("2025-01-14T12:00:00Z");
        assertLevel(status, "CRITICAL", List.of());
        assertEvent(status, "OVER_ALLOCATION", "CRITICAL", 14, "LOCKED", "2025-01-15T00:00:00Z");
        assertTrue(((String)event(status, "OVER_ALLOCATION").get("cause")).contains("5%"));

        status = spool.status("2025-01-15T12:00:00Z");
        assertLevel(status, "LOCKED", LOCKED_BLOCKS);
        assertEvent(status, "OVER_ALLOCATION", "LOCKED", 15, null, null);
    }

    @Test
    void shouldNoticeTheEndFourteenDaysAheadAndLockAtTheFormalEndWithoutAutomaticRenewal() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        spool.install(spool.license("L-1", 100, "2025-01-01", "2025-01-31"), "2025-01-01T00:00:00Z");
        assertLevel(spool.status("2025-01-17T23:00:00Z"), "OK", List.of());

        Map<String, Object> status = spool.status("2025-01-18T06:00:00Z");
        assertLevel(status, "WARNING", List.of());
        assertEvent(status, "LICENSE_ENDING", "WARNING", 1, "LOCKED", "2025-02-01T00:00:00Z");
        assertTrue(((String)event(status, "LICENSE_ENDING").get("cause")).contains("reporting locks then"));
        assertEvent(spool.status("2025-01-31T23:00:00Z"), "LICENSE_ENDING", "WARNING", 14, "LOCKED",
            "2025-02-01T00:00:00Z");

        status = spool.status("2025-02-01T00:00:00Z");
        assertLevel(status, "LOCKED", LOCKED_BLOCKS);
        assertEvent(status, "LICENSE_EXPIRED", "LOCKED", 1, null, null);
        assertNull(event(status, "LICENSE_ENDING"));
        final Corpus.Result check = spool.run("license", "check", "--as-of", "2025-01-20T12:00:00Z");
        assertEquals(0, check.status(), check.err());
        assertTrue(check.err().contains("LICENSE_ENDING"), "the notice is in the daily alert: " + check.err());
    }

    @Test
    void shouldKeepWorkingThroughTheRenewalGraceWithAutomaticRenewal() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        spool.install(spool.license("L-1", 100, "2025-01-01", "2025-01-31", "--auto-renewal"), "2025-01-01T00:00:00Z");

        Map<String, Object> status = spool.status("2025-02-10T06:00:00Z");
        assertLevel(status, "WARNING", List.of());
        assertEvent(status, "LICENSE_EXPIRED", "WARNING", 10, "MINOR", "2025-02-22T00:00:00Z");
        assertTrue(((String)event(status, "LICENSE_EXPIRED").get("cause")).contains("keeps working until " +
            "2025-02-21T00:00:00Z"));

        status = spool.status("2025-02-25T06:00:00Z");
        assertLevel(status, "LOCKED", LOCKED_BLOCKS);
        assertEvent(status, "LICENSE_EXPIRED", "LOCKED", 5, null, null);

        spool.install(spool.license("L-1R", 100, "2025-02-01", "2026-01-31", "--auto-renewal"),
            "2025-02-25T07:00:00Z");
        assertLevel(spool.status("2025-02-25T08:00:00Z"), "OK", List.of());
    }

    @Test
    void shouldEndATrialThirtyDaysAfterItsIssueDate() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        spool.install(spool.license("TRIAL-1", 50, "2025-01-01", "2025-12-31", "--trial"), "2025-01-01T00:00:00Z");
        assertLevel(spool.status("2025-01-16T23:00:00Z"), "OK", List.of());
        assertEvent(spool.status("2025-01-30T23:00:00Z"), "LICENSE_ENDING", "WARNING", 14, "LOCKED",
            "2025-01-31T00:00:00Z");

        final Map<String, Object> status = spool.status("2025-01-31T06:00:00Z");
        assertLevel(status, "LOCKED", LOCKED_BLOCKS);
        assertEvent(status, "LICENSE_EXPIRED", "LOCKED", 1, null, null);
        assertTrue(((String)event(status, "LICENSE_EXPIRED").get("cause")).contains("trial"));
    }

    @Test
    void shouldRaiseKeyInvalidWhenOneByteOfTheInstalledFileChanges() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        spool.install(spool.license("L-1", 100, "2025-01-01", "2025-12-31"), "2025-01-01T00:00:00Z");
        final Path installed = spool.spool.resolve("license/installed").resolve(spool.installedFiles().getFirst());
        final byte[] bytes = java.nio.file.Files.readAllBytes(installed);
        final int at = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).indexOf("\"channels\": 100") + 12;
        bytes[at] = '9';
        java.nio.file.Files.write(installed, bytes);

        Map<String, Object> status = spool.status("2025-01-05T12:00:00Z");
        assertLevel(status, "WARNING", List.of());
        assertEvent(status, "KEY_INVALID", "WARNING", 1, "MINOR", "2025-01-06T12:00:00Z");
        assertNull(status.get("license"), "an altered license is not trusted");
        assertEquals(BigDecimal.ZERO, status.get("licensed_channels"));

        status = spool.status("2025-01-09T13:00:00Z");
        assertLevel(status, "LOCKED", LOCKED_BLOCKS);
        assertEvent(status, "KEY_INVALID", "LOCKED", 5, null, null);
        assertEquals("2025-01-05T12:00:00Z", event(status, "KEY_INVALID").get("since"), "since first seen");
    }

    @Test
    void shouldRefuseALicenseForAnotherHwidAndRaiseBindingMismatchWhenTheDomainChanges() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir, "gui_domain = voip.example.com");
        final String otherHwid = "00000000000000000000000000000000";
        final Path foreign = spool.vendor("issue", "--id", "L-9", "--customer", "Other", "--channels", "100",
            "--issued", "2025-01-01", "--ends", "2025-12-31", "--hwid", otherHwid);
        final Corpus.Result refused = spool.run("license", "install", foreign.toString());
        assertEquals(Main.EXIT_LICENSE_REFUSED, refused.status());
        assertTrue(refused.err().contains("license is for another hwid"), refused.err());
        assertTrue(refused.err().contains(otherHwid), refused.err());
        assertTrue(refused.err().contains(io.sipsensor.license.HardwareId.local().value()), refused.err());
        assertEquals(List.of(), spool.installedFiles());

        spool.install(spool.vendor("issue", "--id", "L-D", "--customer", "Domain", "--channels", "100",
            "--issued", "2025-01-01", "--ends", "2025-12-31", "--domain", "VOIP.example.com"), "2025-01-01T00:00:00Z");
        assertLevel(spool.status("2025-01-02T00:00:00Z"), "OK", List.of());

        spool.writeConfig(spool.config, "gui_domain = other.example.com");
        final Map<String, Object> status = spool.status("2025-01-03T00:00:00Z");
        assertEvent(status, "BINDING_MISMATCH", "WARNING", 1, "MINOR", "2025-01-04T00:00:00Z");
        assertTrue(((String)event(status, "BINDING_MISMATCH").get("cause")).contains("license is for another domain"));
    }

    @Test
    void shouldRaiseClockInvalidWhileTheClockIsBeforeTheIssueDate() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        final Corpus.Result install = spool.run("license", "install",
            spool.license("L-1", 100, "2025-01-10", "2025-12-31").toString(), "--as-of", "2025-01-05T00:00:00Z");
        assertEquals(0, install.status(), install.err());
        assertTrue(install.err().contains("before the license's issue date"), install.err());

        Map<String, Object> status = spool.status("2025-01-05T12:00:00Z");
        assertLevel(status, "WARNING", List.of());
        assertEvent(status, "CLOCK_INVALID", "WARNING", 1, "MINOR", "2025-01-06T00:00:00Z");

        status = spool.status("2025-01-09T12:00:00Z");
        assertLevel(status, "LOCKED", LOCKED_BLOCKS);

        status = spool.status("2025-01-10T12:00:00Z");
        assertLevel(status, "OK", List.of());
    }
}
