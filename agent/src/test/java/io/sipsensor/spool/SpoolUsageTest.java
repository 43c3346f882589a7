package io.sipsensor.spool;

import io.sipsensor.ffi.FileBlocks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolUsageTest
{
    private static final int MB = 1 << 20;

    @TempDir
    Path root;

    @Test
    void shouldCountTheBlocksASparseDayFileTakesBesideItsSize() throws Exception
    {
        final Spool spool = new Spool(root);
        Files.createDirectories(spool.journal());
        // A day file as Chronicle makes it: its full size at once, only the start written.
        try (RandomAccessFile day = new RandomAccessFile(spool.journal().resolve("20261125F.cq4").toFile(), "rw"))
        {
            day.setLength(64L * MB);
            day.write(new byte[8192]);
        }
        Files.write(Files.createDirectories(root.resolve("index")).resolve("leg-identities.idx"), new byte[MB]);

        assertTrue(FileBlocks.available(), "stat(2) through the FFM API on Linux");
        final Spool.Usage usage = spool.usage();

        assertEquals(64L * MB, usage.journalBytes());
        assertEquals(65L * MB, usage.totalBytes());
        assertEquals(1, usage.journalFiles());
        assertTrue(usage.journalDiskBytes() >= 8192 && usage.journalDiskBytes() < MB,
            "the sparse day file takes its written blocks, not its size: " + usage.journalDiskBytes());
        assertTrue(usage.totalDiskBytes() >= MB + 8192 && usage.totalDiskBytes() < 2L * MB,
            "the dense index file counts in full: " + usage.totalDiskBytes());
    }

    @Test
    void shouldSayAFileThatIsNotThereCannotBeMeasured()
    {
        assertEquals(-1, FileBlocks.allocatedBytes(root.resolve("missing")));
    }
}
