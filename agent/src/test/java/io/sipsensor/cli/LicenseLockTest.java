package io.sipsensor.cli;

import io.sipsensor.license.HardwareId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock on the real clock: a spool whose last 14 days were over the limit refuses exports with exit status 3 and
 * one line, yet a capture run journals every CDR; a larger license unlocks at once and every leg exports.
 */
class LicenseLockTest
{
    @TempDir
    Path dir;

    private static int[] days(final int count, final int peak)
    {
        final int[] peaks = new int[count];
        java.util.Arrays.fill(peaks, peak);
        return peaks;
    }

    @Test
    void shouldJournalEveryCdrOfACaptureWhileLockedAndRefuseExportWithExitThree() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        spool.importDays(today.minusDays(14), days(14, 3));
        final Corpus.Result locked = spool.run("license", "status", "--json");
        assertEquals(0, locked.status(), locked.err());
        assertEquals("LOCKED", locked.json().get("level"), "no license: limit 0, 14 over-days");

        Corpus.Result export = spool.run("cdr", "export");
        assertEquals(Main.EXIT_LOCKED, export.status());
        assertEquals("", export.out());
        assertEquals(1, export.err().lines().count(), export.err());
        assertTrue(export.err().startsWith("sipsensor: cdr export refused: license LOCKED by OVER_ALLOCATION"),
            export.err());
        assertTrue(export.err().contains("install a larger license"), export.err());
        assertTrue(export.err().contains("Capture and journaling go on"), export.err());

        final Corpus.Result capture = spool.run("-r", Corpus.pcap("s1_basic_udp").toString(), "--progress", "none");
        assertEquals(0, capture.status(), capture.err());
        final Map<String, Object> summary = capture.json();
        assertEquals(summary.get("legs_total"), summary.get("legs_journaled"));
        assertEquals(BigDecimal.valueOf(200), summary.get("legs_journaled"));
        assertEquals(14 * 3 + 200, spool.journaledLegs(), "every CDR of the capture journaled while locked");

        export = spool.run("cdr", "export");
        assertEquals(Main.EXIT_LOCKED, export.status(), "still locked after the capture");

        final LocalDate issued = today.minusDays(30);
        final Path larger = spool.vendor("issue", "--id", "L-BIG", "--customer", "Test", "--channels", "1000",
            "--issued", issued.toString(), "--ends", today.plusDays(300).toString(), "--hwid",
            HardwareId.local().value());
        final Corpus.Result install = spool.run("license", "install", larger.toString());
        assertEquals(0, install.status(), install.err());
        assertTrue(install.err().contains("license level now OK"), install.err());

        export = spool.run("cdr", "export");
        assertEquals(0, export.status(), export.err());
        assertEquals(14 * 3 + 200 + 1, Corpus.csv(export.out()).size(), "every leg, nothing lost");
    }

    @Test
    void shouldPrintAWarningLineBeforeExportingFromMinor() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        spool.importDays(today.minusDays(5), days(5, 2));

        final Corpus.Result export = spool.run("cdr", "export");
        assertEquals(0, export.status(), export.err());
        assertEquals(1, export.err().lines().count(), export.err());
        assertTrue(export.err().startsWith("sipsensor: license warning: level MINOR by OVER_ALLOCATION"),
            export.err());
        assertEquals(5 * 2 + 1, Corpus.csv(export.out()).size());
    }
}
