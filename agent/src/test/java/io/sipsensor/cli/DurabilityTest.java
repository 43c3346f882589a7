package io.sipsensor.cli;

import io.sipsensor.spool.SpoolLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reprocessing, re-importing, purging and recomputing keep exactly one copy of every leg, and the channel
 * statistics and license state follow the journal.
 */
class DurabilityTest
{
    @TempDir
    Path dir;

    @Test
    void shouldGiveSameJournalWhenSameCapturesAreProcessedTwice()
    {
        final Path spool = dir.resolve("spool");
        final Corpus.Result first = capture(spool, "s2_failures", "s3_reinvite");
        final String export = export(spool);
        final Corpus.Result second = capture(spool, "s2_failures", "s3_reinvite");

        assertEquals(160L, Corpus.number(first.json().get("legs_journaled")));
        assertEquals(0L, Corpus.number(second.json().get("legs_journaled")));
        assertEquals(160L, Corpus.number(counters(second).get("legs_duplicate")));
        assertEquals(export, export(spool));
        assertTrue(second.err().contains("160 CDRs journaled"), second.err());
    }

    @Test
    void shouldReplaceLegsOfReprocessedRange()
    {
        final Path spool = dir.resolve("spool");
        capture(spool, "s2_failures");
        final String before = export(spool);
        final Corpus.Result again = Corpus.run("-r", Corpus.pcap("s2_failures").toString(), "--spool",
            spool.toString(), "--progress", "none", "--reprocess");
        assertEquals(0, again.status(), again.err());
        assertEquals(100L, Corpus.number(again.json().get("legs_journaled")), "every leg written again");
        assertEquals(before, export(spool), "and the old copies no longer count");
    }

    @Test
    void shouldNotImportSameCdrsTwice() throws IOException
    {
        final Path source = dir.resolve("source");
        capture(source, "s1_basic_udp");
        final Path csv = dir.resolve("legs.csv");
        Files.writeString(csv, export(source));

        final Path spool = dir.resolve("spool");
        final Corpus.Result first = Corpus.run("cdr", "import", "--spool", spool.toString(), csv.toString());
        final Corpus.Result second = Corpus.run("cdr", "import", "--spool", spool.toString(), csv.toString());
        assertEquals(0, first.status(), first.err());
        assertEquals(0, second.status(), second.err());
        assertTrue(first.err().contains("imported 200 of 200"), first.err());
        assertTrue(second.err().contains("imported 0 of 200") && second.err().contains("200 already journaled"),
            second.err());
        assertEquals(export(source), export(spool));
    }

    @Test
    void shouldGiveSameStatsAndLicenseStateAfterPurgeAndRecomputeAsCleanRun()
    {
        final Path clean = dir.resolve("clean");
        capture(clean, "s1_basic_udp", "s8_b2bua");

        final Path spool = dir.resolve("spool");
        capture(spool, "s1_basic_udp", "s8_b2bua", "s2_failures");
        final Corpus.Result refused = Corpus.run("cdr", "purge", "--spool", spool.toString(), "--all");
        assertNotEquals(0, refused.status(), "no purge without --yes");
        assertTrue(refused.err().contains("would purge 500 legs"), refused.err());

        final Corpus.Result purge = Corpus.run("cdr", "purge", "--spool", spool.toString(), "--all", "--yes");
        assertEquals(0, purge.status(), purge.err());
        assertEquals("", body(export(spool)), "nothing left after purge --all");
        capture(spool, "s1_basic_udp", "s8_b2bua");

        assertEquals(channels(clean), channels(spool));
        assertEquals(licenseWindow(clean), licenseWindow(spool));
        assertEquals(export(clean), export(spool));
    }

    @Test
    void shouldPurgeLegsStartingBeforeTimeAndLetThemBeRecomputed()
    {
        final Path spool = dir.resolve("spool");
        capture(spool, "s1_basic_udp");
        final String full = export(spool);
        final String channelsBefore = channels(spool);

        final Corpus.Result purge = Corpus.run("cdr", "purge", "--spool", spool.toString(), "--before",
            "2030-01-01", "--yes");
        assertEquals(0, purge.status(), purge.err());
        assertEquals("", body(export(spool)));
        assertNotEquals(channelsBefore, channels(spool), "channel stats follow the journal");

        final Corpus.Result recompute = capture(spool, "s1_basic_udp");
        assertEquals(200L, Corpus.number(recompute.json().get("legs_journaled")), "purged legs are journaled again");
        assertEquals(full, export(spool));
        assertEquals(channelsBefore, channels(spool));
    }

    @Test
    void shouldRebuildLostIdentityTableFromJournal() throws IOException
    {
        final Path spool = dir.resolve("spool");
        capture(spool, "s3_reinvite");
        Files.delete(spool.resolve("index").resolve("leg-identities.idx"));
        final Corpus.Result again = capture(spool, "s3_reinvite");
        assertEquals(0L, Corpus.number(again.json().get("legs_journaled")));
        assertTrue(again.err().contains("60 of them after an interrupted run") || again.err().contains("60 CDRs"),
            again.err());
    }

    @Test
    void shouldRemoveJournalDaysOlderThanRetention() throws IOException
    {
        final Path spool = dir.resolve("spool");
        capture(spool, "s2_failures");
        final Path journal = spool.resolve("journal");
        final Path today = Files.list(journal).filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        final String old = LocalDate.now(ZoneOffset.UTC).minusDays(120).toString().replace("-", "") + "F.cq4";
        Files.copy(today, journal.resolve(old));

        final Path config = dir.resolve("sensor.conf");
        Files.writeString(config, "journal_retention_days = 90\n");
        final Corpus.Result run = Corpus.run("-r", Corpus.pcap("s3_reinvite").toString(), "--spool",
            spool.toString(), "--progress", "none", "--config-file", config.toString());
        assertEquals(0, run.status(), run.err());
        assertFalse(Files.exists(journal.resolve(old)), "a day older than 90 days is removed");
        assertTrue(Files.exists(today), "today's file is kept");
        assertTrue(run.err().contains("retention"), run.err());
    }

    @Test
    void shouldRefuseSecondWriterOnSameSpool()
    {
        final Path spool = dir.resolve("spool");
        try (SpoolLock held = SpoolLock.acquire(spool, "a test"))
        {
            final Corpus.Result run = capture(spool, "s2_failures");
            assertEquals(2, run.status());
            assertTrue(run.err().contains("in use by another sipsensor process (pid " +
                ProcessHandle.current().pid() + ")"), run.err());
        }
    }

    private static Corpus.Result capture(final Path spool, final String... captures)
    {
        final StringBuilder files = new StringBuilder();
        for (final String capture : captures)
        {
            files.append(files.length() > 0 ? "," : "").append(Corpus.pcap(capture));
        }
        return Corpus.run("-r", files.toString(), "--spool", spool.toString(), "--progress", "none");
    }

    private static String export(final Path spool)
    {
        final Corpus.Result export = Corpus.run("cdr", "export", "--spool", spool.toString());
        assertEquals(0, export.status(), export.err());
        return export.out();
    }

    private static String body(final String csv)
    {
        return csv.substring(csv.indexOf('\n') + 1);
    }

    private static String channels(final Path spool)
    {
        final Corpus.Result channels = Corpus.run("channels", "--spool", spool.toString(), "--format", "csv");
        assertEquals(0, channels.status(), channels.err());
        return channels.out();
    }

    private static Object licenseWindow(final Path spool)
    {
        final Corpus.Result status = Corpus.run("license", "status", "--spool", spool.toString(), "--json",
            "--as-of", "2026-11-23T00:00:00Z");
        assertEquals(0, status.status(), status.err());
        final Map<String, Object> json = status.json();
        return Map.of("level", json.get("level"), "window", String.valueOf(json.get("daily_peaks")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> counters(final Corpus.Result run)
    {
        return (Map<String, Object>)run.json().get("counters");
    }
}
