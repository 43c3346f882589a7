package io.sipsensor.cli;

import io.sipsensor.testing.FileDamage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded, seeded fuzzing of what reaches the agent from outside: mutated capture files and damaged spools. Every
 * case must end without a stack trace, within a time bound, with an exit status from the README's table, and either
 * with every leg in the journal or with a line and exit status 4 saying legs did not make it. The default run
 * (part of {@code mvn verify}) tries a few hundred cases; {@code -Psoak} thousands ({@code sipsensor.fuzz.cases}
 * changes the count, {@code sipsensor.fuzz.seed} the seed).
 */
class ReliabilityFuzzTest
{
    private static final String[] CAPTURES = {"s1_basic_udp", "s2_failures", "s3_reinvite", "s4_tcp",
        "s5_frag_vlan", "s8_b2bua"};
    private static final Duration CASE_BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldSurviveMutatedCapturesAndDamagedSpools() throws Exception
    {
        final long seed = Long.getLong("sipsensor.fuzz.seed", 19);
        final int cases = Integer.getInteger("sipsensor.fuzz.cases", 150);
        mutatedCaptures(new Random(seed), cases);
        damagedSpools(new Random(seed + 1), cases);
    }

    @Test
    @Tag("soak")
    void shouldSurviveThousandsOfCases() throws Exception
    {
        final long seed = Long.getLong("sipsensor.fuzz.seed", System.nanoTime());
        final int cases = Integer.getInteger("sipsensor.fuzz.cases", 2000);
        mutatedCaptures(new Random(seed), cases);
        damagedSpools(new Random(seed + 1), cases);
    }

    private void mutatedCaptures(final Random random, final int cases) throws IOException
    {
        final Set<Integer> allowed = ExitStatusTest.readmeTable().keySet();
        for (int c = 0; c < cases; c++)
        {
            final String capture = CAPTURES[random.nextInt(CAPTURES.length)];
            final byte[] bytes = Files.readAllBytes(Corpus.pcap(capture));
            final String how = mutate(random, bytes);
            final Path file = dir.resolve("case-" + c + ".pcap");
            Files.write(file, bytes);
            final Path spool = dir.resolve("spool-capture-" + c);
            final String label = "case " + c + " (" + capture + ", " + how + ")";
            final Corpus.Result run = assertTimeoutPreemptively(CASE_BOUND, () -> Corpus.run("-r", file.toString(),
                "--spool", spool.toString(), "--progress", "none"), label + " hangs");
            assertClean(run, label);
            assertTrue(allowed.contains(run.status()) && run.status() != Main.EXIT_LOCKED &&
                run.status() != Main.EXIT_USAGE, label + ": exit status " + run.status() + "\n" + run.err());
            if (run.status() == 0)
            {
                // every leg the run reported is in the journal
                final long journaled = Corpus.number(run.json().get("legs_journaled"));
                final Corpus.Result export = Corpus.run("cdr", "export", "--spool", spool.toString());
                assertEquals(0, export.status(), label + ": " + export.err());
                assertEquals(journaled, JournalDamageCliTest.rows(export.out()).size(), label);
            }
            delete(spool);
            Files.delete(file);
        }
    }

    private void damagedSpools(final Random random, final int cases) throws IOException
    {
        final Path base = dir.resolve("base");
        assertEquals(0, JournalDamageCliTest.capture(base).status());
        final List<String> original = JournalDamageCliTest.rows(JournalDamageCliTest.export(base, 0).out());
        final Set<String> originalSet = new HashSet<>(original);
        for (int c = 0; c < cases; c++)
        {
            final Path spool = dir.resolve("spool-damage-" + c);
            copy(base, spool);
            final String how = damage(random, spool, original);
            final String label = "spool case " + c + " (" + how + ")";

            final Corpus.Result export = assertTimeoutPreemptively(CASE_BOUND,
                () -> Corpus.run("cdr", "export", "--spool", spool.toString()), label + " hangs");
            assertClean(export, label);
            final List<String> rows = JournalDamageCliTest.rows(export.out());
            assertTrue(originalSet.containsAll(rows), label + ": a leg was invented or altered");
            assertEquals(rows.size(), new HashSet<>(rows).size(), label + ": a leg exported twice");
            if (rows.size() < original.size())
            {
                assertEquals(Main.EXIT_LEGS_LOST, export.status(), label + ": legs missing without status 4\n" +
                    export.err());
                assertTrue(export.err().contains("CDR record(s) unreadable"), label + "\n" + export.err());
            }
            else
            {
                assertTrue(export.status() == 0 || export.status() == Main.EXIT_LEGS_LOST,
                    label + ": " + export.err());
            }

            // the same capture again: the journal ends up holding every leg exactly once
            final Corpus.Result again = assertTimeoutPreemptively(CASE_BOUND,
                () -> JournalDamageCliTest.capture(spool), label + ": the rerun hangs");
            assertClean(again, label + ", rerun");
            assertTrue(again.status() == 0 || again.status() == Main.EXIT_LEGS_LOST, label + ": rerun exit " +
                again.status() + "\n" + again.err());
            final Corpus.Result after = Corpus.run("cdr", "export", "--spool", spool.toString());
            assertEquals(0, after.status(), label + ": after the rerun\n" + after.err());
            assertEquals(JournalDamageCliTest.sorted(original),
                JournalDamageCliTest.sorted(JournalDamageCliTest.rows(after.out())), label + ": after the rerun");
            delete(spool);
        }
    }

    private static String mutate(final Random random, final byte[] bytes)
    {
        final int kind = random.nextInt(4);
        switch (kind)
        {
            case 0 ->
            {
                final int flips = 1 + random.nextInt(64);
                for (int i = 0; i < flips; i++)
                {
                    bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
                }
                return flips + " bit flips";
            }
            case 1 ->
            {
                final int at = random.nextInt(bytes.length);
                final int length = Math.min(bytes.length - at, 1 + random.nextInt(4096));
                java.util.Arrays.fill(bytes, at, at + length, (byte)0);
                return "zeroed " + length + " at " + at;
            }
            case 2 ->
            {
                final int at = random.nextInt(bytes.length);
                final int length = Math.min(bytes.length - at, 1 + random.nextInt(512));
                for (int i = at; i < at + length; i++)
                {
                    bytes[i] = (byte)random.nextInt(256);
                }
                return "random " + length + " at " + at;
            }
            default ->
            {
                // a length field of a record header (pcap: bytes 8-15 of each 16-byte record header) set wild
                final int at = 24 + random.nextInt(Math.max(1, bytes.length - 40));
                final int value = random.nextInt();
                for (int i = 0; i < 4; i++)
                {
                    bytes[at + i] = (byte)(value >>> (8 * i));
                }
                return "wild int " + value + " at " + at;
            }
        }
    }

    private static String damage(final Random random, final Path spool, final List<String> original)
        throws IOException
    {
        final Path day = JournalDamageCliTest.dayFile(spool);
        final long first = FileDamage.offsetOf(day, JournalDamageCliTest.callId(original.get(0))) - 200;
        final long last = FileDamage.offsetOf(day, JournalDamageCliTest.callId(original.get(original.size() - 1))) +
            200;
        final int kind = random.nextInt(7);
        switch (kind)
        {
            case 0 ->
            {
                final long at = (first + (long)(random.nextDouble() * (last - first))) & ~4095L;
                FileDamage.zero(day, at, 4096);
                return "zeroed page at " + at;
            }
            case 1 ->
            {
                final long at = first + (long)(random.nextDouble() * (last - first));
                FileDamage.cut(day, at);
                return "cut at " + at;
            }
            case 2 ->
            {
                final int flips = 1 + random.nextInt(32);
                FileDamage.flipBits(day, random, flips, first, last);
                return flips + " bit flips";
            }
            case 3 ->
            {
                final long at = random.nextInt(65_536);
                final byte[] junk = new byte[1 + random.nextInt(256)];
                random.nextBytes(junk);
                try (RandomAccessFile file = new RandomAccessFile(day.toFile(), "rw"))
                {
                    file.seek(at);
                    file.write(junk);
                }
                return junk.length + " random bytes in the header/index at " + at;
            }
            case 4 ->
            {
                Files.write(spool.resolve("journal").resolve("stray" + random.nextInt(100) + ".cq4"),
                    "junk".getBytes(StandardCharsets.UTF_8));
                return "stray file";
            }
            case 5 ->
            {
                final Path table = spool.resolve("index").resolve("leg-identities.idx");
                final int flips = 1 + random.nextInt(64);
                FileDamage.flipBits(table, random, flips, 64, Files.size(table));
                return flips + " bit flips in the identity index";
            }
            default ->
            {
                Files.deleteIfExists(spool.resolve(".lock"));
                Files.deleteIfExists(spool.resolve("journal-purges.json"));
                return ".lock and purge list deleted";
            }
        }
    }

    private static void assertClean(final Corpus.Result run, final String label)
    {
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception in thread"),
            label + ": stack trace\n" + run.err());
    }

    private static void copy(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> walk = Files.walk(from))
        {
            for (final Path source : walk.toList())
            {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void delete(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path path : walk.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
