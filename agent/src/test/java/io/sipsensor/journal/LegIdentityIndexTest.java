package io.sipsensor.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leg identity table keeps every leg findable while it grows in the background: entries put and replaced while
 * a bigger table is being filled on another thread are all in the table it switches to, none twice, and all of it
 * survives a close and reopen.
 */
class LegIdentityIndexTest
{
    @TempDir
    Path spool;

    @Test
    void shouldFindEveryLegPutOrReplacedWhileTheTableGrowsAndAfterReopen() throws Exception
    {
        final int legs = 400_000; // from 65,536 slots through several growths
        final long[] identities = new long[legs];
        final long[] indexes = new long[legs];
        final SplittableRandom random = new SplittableRandom(7);
        final Path file = spool.resolve("index").resolve("leg-identities.idx");
        final long initialSize;
        try (LegIdentityIndex table = LegIdentityIndex.open(file))
        {
            initialSize = Files.size(file);
            long nextIndex = 1_000;
            for (int i = 0; i < legs; i++)
            {
                identities[i] = random.nextLong() | 1;
                indexes[i] = nextIndex++;
                table.put(identities[i], indexes[i], -1);
                table.covered(indexes[i]);
                if (i % 7 == 3)
                {
                    // a reprocessed leg: the entry of an earlier one now points at its new record
                    final int earlier = random.nextInt(i + 1);
                    final long replacement = nextIndex++;
                    table.put(identities[earlier], replacement, indexes[earlier]);
                    indexes[earlier] = replacement;
                }
                if (i % 50_000 == 0)
                {
                    assertAllFound(table, identities, indexes, i + 1);
                }
            }
            assertAllFound(table, identities, indexes, legs);
            assertEquals(legs, table.size(), "no leg counted twice");
        }
        // 400,000 legs fit only from 524,288 slots (8 times the first table); one more doubling depends on timing
        assertTrue(Files.size(file) > initialSize * 7, "the table grew");
        assertFalse(Files.exists(file.resolveSibling("leg-identities.idx.new")), "no copy left behind");
        try (LegIdentityIndex reopened = LegIdentityIndex.open(file))
        {
            assertEquals(legs, reopened.size());
            assertAllFound(reopened, identities, indexes, legs);
        }
    }

    private static void assertAllFound(final LegIdentityIndex table, final long[] identities, final long[] indexes,
        final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final long expected = indexes[i];
            assertEquals(expected, table.find(identities[i], index -> index == expected), "leg " + i);
        }
    }
}
