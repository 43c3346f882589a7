package io.sipsensor.cli;

import io.sipsensor.status.CountersFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged counters file is said to be damaged, not shown as if valid (a flipped byte in the version text used to
 * show as {@code version sipsensor develmpmejt}).
 */
class CountersFileDamageTest
{
    @TempDir
    Path spool;

    @Test
    void shouldSayTheCountersFileIsDamagedInsteadOfShowingGarbage() throws IOException
    {
        Files.createDirectories(spool);
        try (CountersFile file = CountersFile.create(spool, 7, "sipsensor develop"))
        {
            file.markStopped();
        }
        final Corpus.Result good = Corpus.run("status", "--spool", spool.toString());
        assertTrue(good.out().contains("sipsensor develop") || good.err().isEmpty(), good.out() + good.err());

        try (RandomAccessFile raf = new RandomAccessFile(spool.resolve(CountersFile.FILE_NAME).toFile(), "rw"))
        {
            raf.seek(64 + 4 + 12); // inside the version text
            raf.write('m');
        }
        final Corpus.Result damaged = Corpus.run("status", "--spool", spool.toString());
        assertEquals(Main.EXIT_USAGE, damaged.status(), damaged.out() + damaged.err());
        assertFalse(damaged.out().contains("develmp"), damaged.out());
        assertTrue(damaged.err().contains("counters.dat is damaged"), damaged.err());
    }
}
