package io.sipsensor.cli;

import io.sipsensor.testing.FileDamage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.sipsensor.testing.FileDamage.offsetOf;
import static io.sipsensor.testing.FileDamage.zero;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damage made to a spool's journal on disk (a zeroed page, a cut file, flipped bits, a damaged store header, a stray
 * file): export says what it cannot read and exits 4, never 0 with legs missing; the next capture run repairs the
 * journal and, its identity index rebuilt from what is intact, journals the lost legs again.
 */
class JournalDamageCliTest
{
    @TempDir
    Path dir;

    @Test
    void shouldSayHowManyLegsAZeroedPageCostAndGetThemBackFromTheCapture() throws IOException
    {
        final Path spool = dir.resolve("spool");
        assertEquals(0, capture(spool).status());
        final List<String> original = rows(export(spool, 0).out());
        assertEquals(100, original.size());

        final Path day = dayFile(spool);
        final long at = offsetOf(day, callId(original.get(50)));
        zero(day, at & ~4095L, 4096);

        final Corpus.Result damaged = export(spool, Main.EXIT_LEGS_LOST);
        final List<String> left = rows(damaged.out());
        assertTrue(left.size() < 100 && left.size() > 50, damaged.err());
        assertTrue(original.containsAll(left), "no leg invented or altered");
        assertTrue(damaged.err().contains("journal damage: " + day.getFileName()), damaged.err());
        assertTrue(damaged.err().contains("the journal is damaged: " + (100 - left.size()) + " CDR record(s)"),
            damaged.err());
        final Corpus.Result verify = Corpus.run("journal", "verify", "--spool", spool.toString());
        assertEquals(Main.EXIT_LEGS_LOST, verify.status(), verify.err());
        try (io.sipsensor.status.CountersFile counters = io.sipsensor.status.CountersFile.create(spool, 0, "test"))
        {
            counters.markStopped();
        }
        final Corpus.Result status = Corpus.run("status", "--spool", spool.toString());
        assertTrue(status.out().contains("warning: journal damaged: 1 damaged range(s) in the newest day file, " +
            (100 - left.size()) + " record(s) unreadable"), status.out());

        final Corpus.Result again = capture(spool);
        assertEquals(Main.EXIT_LEGS_LOST, again.status(), again.err());
        assertTrue(again.err().contains("copied into a fresh journal"), again.err());
        assertEquals(100L - left.size(), Corpus.number(again.json().get("legs_journaled")), again.err());

        assertEquals(sorted(original), sorted(rows(export(spool, 0).out())));
        assertEquals(0, Corpus.run("journal", "verify", "--spool", spool.toString()).status());
        assertEquals(0, capture(spool).status(), "a clean journal again");
    }

    @Test
    void shouldCountLegsOfACutFile() throws IOException
    {
        final Path spool = dir.resolve("spool");
        capture(spool);
        final List<String> original = rows(export(spool, 0).out());
        final Path day = dayFile(spool);
        final long at = offsetOf(day, callId(original.get(60)));
        FileDamage.cut(day, at);
        final Corpus.Result damaged = export(spool, Main.EXIT_LEGS_LOST);
        assertEquals(60, rows(damaged.out()).size());
        assertTrue(damaged.err().contains("the journal is damaged: 40 CDR record(s)"), damaged.err());

        final Corpus.Result repair = Corpus.run("journal", "repair", "--spool", spool.toString());
        assertEquals(Main.EXIT_LEGS_LOST, repair.status(), repair.err());
        assertTrue(repair.err().contains("60 intact records copied"), repair.err());
        assertEquals(60, rows(export(spool, 0).out()).size());
        assertEquals(40L, Corpus.number(capture(spool).json().get("legs_journaled")));
        assertEquals(sorted(original), sorted(rows(export(spool, 0).out())));
    }

    @Test
    void shouldReadPastADamagedStoreHeaderAndAStrayFile() throws IOException
    {
        final Path spool = dir.resolve("spool");
        capture(spool);
        final List<String> original = rows(export(spool, 0).out());
        final Path day = dayFile(spool);
        zero(day, 0, 4096);
        Files.write(spool.resolve("journal").resolve("junk.cq4"), "not a queue".getBytes(StandardCharsets.UTF_8));

        final Corpus.Result export = export(spool, 0);
        assertEquals(sorted(original), sorted(rows(export.out())), "no record was in the damaged header");
        assertTrue(export.err().contains("store header damaged"), export.err());
        assertTrue(export.err().contains("junk.cq4"), export.err());

        final Corpus.Result again = capture(spool);
        assertEquals(0, again.status(), again.err());
        assertFalse(again.err().contains("Exception"), again.err());
        assertEquals(0L, Corpus.number(again.json().get("legs_journaled")), "every leg is still known");
        assertEquals(sorted(original), sorted(rows(export(spool, 0).out())));
    }

    @Test
    void shouldNeverExportAnAlteredLegOrExitZeroShortAfterBitFlips() throws IOException
    {
        final Path spool = dir.resolve("spool");
        capture(spool);
        final List<String> original = rows(export(spool, 0).out());
        final Path day = dayFile(spool);
        final long from = offsetOf(day, callId(original.get(0))) - 200;
        final long to = offsetOf(day, callId(original.get(99))) + 100;
        final Random random = new Random(1619);
        FileDamage.flipBits(day, random, 16, from, to);
        final Corpus.Result export = Corpus.run("cdr", "export", "--spool", spool.toString());
        final List<String> left = rows(export.out());
        assertTrue(new HashSet<>(original).containsAll(left), "no leg invented or altered");
        assertTrue(left.size() < 100, "16 flips across the records hit some");
        assertEquals(Main.EXIT_LEGS_LOST, export.status(), export.err());
    }

    @Test
    void shouldRebuildAFlippedIdentityIndexFromTheJournalNotJournalTwice() throws IOException
    {
        final Path spool = dir.resolve("spool");
        capture(spool);
        final Path table = spool.resolve("index").resolve("leg-identities.idx");
        final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(table))
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int flipped = 0;
        for (int offset = 64; offset + 16 <= bytes.capacity() && flipped < 40; offset += 16)
        {
            if (bytes.getLong(offset) != 0)
            {
                bytes.put(offset + (flipped % 8), (byte)(bytes.get(offset + (flipped % 8)) ^ 0x10));
                flipped++;
            }
        }
        assertEquals(40, flipped);
        Files.write(table, bytes.array());

        final Corpus.Result again = capture(spool);
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("is damaged (40 entries fail their check); rebuilding it from the journal"),
            again.err());
        assertEquals(0L, Corpus.number(again.json().get("legs_journaled")), "no leg journaled twice");
        assertEquals(100, rows(export(spool, 0).out()).size());
    }

    @Test
    void shouldKeepReplacedLegsPurgedWhenThePurgeListIsDeletedOrDamaged() throws IOException
    {
        final Path spool = dir.resolve("spool");
        capture(spool);
        final Corpus.Result reprocess = Corpus.run("-r", Corpus.pcap("s2_failures").toString(), "--spool",
            spool.toString(), "--progress", "none", "--reprocess");
        assertEquals(0, reprocess.status(), reprocess.err());
        final Corpus.Result purge = Corpus.run("cdr", "purge", "--before", "1795343590", "--yes",
            "--spool", spool.toString());
        assertEquals(0, purge.status(), purge.err());
        final List<String> expected = rows(export(spool, 0).out());
        assertTrue(expected.size() < 100 && !expected.isEmpty(), "some legs purged: " + expected.size());

        final Path list = spool.resolve("journal-purges.json");
        Files.delete(list);
        assertEquals(expected.size(), rows(export(spool, 0).out()).size(), "deleting the list brings nothing back");
        assertEquals(expected, rows(export(spool, 0).out()));
        Files.writeString(list, "{\"purges\": [ {\"before_index\": 1");
        assertEquals(expected.size(), rows(export(spool, 0).out()).size(), "nor does damaging it");

        final Corpus.Result again = capture(spool);
        assertTrue(again.err().contains("rebuilt from the journal (2 purge(s))"), again.err());
        // the run recomputes the purged legs from the capture, as 'cdr purge' says; nothing is doubled
        final List<String> all = rows(export(spool, 0).out());
        assertEquals(100, all.size(), "after a run");
        assertTrue(Files.readString(list).contains("before_index"), "the list is written again");

        // a repair renumbers records and keeps both purges applying
        zero(dayFile(spool), 0, 4096);
        final Corpus.Result repair = Corpus.run("journal", "repair", "--spool", spool.toString());
        assertEquals(0, repair.status(), repair.err());
        assertEquals(sorted(all), sorted(rows(export(spool, 0).out())), "after a repair");
        Files.delete(list);
        assertEquals(sorted(all), sorted(rows(export(spool, 0).out())), "after a repair, list deleted");
    }

    static Corpus.Result capture(final Path spool)
    {
        return Corpus.run("-r", Corpus.pcap("s2_failures").toString(), "--spool", spool.toString(), "--progress",
            "none");
    }

    static Corpus.Result export(final Path spool, final int status)
    {
        final Corpus.Result export = Corpus.run("cdr", "export", "--spool", spool.toString());
        assertEquals(status, export.status(), export.err());
        return export;
    }

    static List<String> rows(final String csv)
    {
        final List<String> rows = new ArrayList<>(List.of(csv.split("\n")));
        rows.remove(0);
        rows.removeIf(String::isEmpty);
        return rows;
    }

    static List<String> sorted(final List<String> rows)
    {
        final List<String> copy = new ArrayList<>(rows);
        Collections.sort(copy);
        return copy;
    }

    static String callId(final String row)
    {
        return row.split(",")[1];
    }

    static Path dayFile(final Path spool) throws IOException
    {
        return FileDamage.dayFile(spool.resolve("journal"));
    }



    static Set<String> set(final List<String> rows)
    {
        return new HashSet<>(rows);
    }
}
