package io.sipsensor.journal;

import io.sipsensor.ffi.FileBlocks;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.sipsensor.journal.JournalTest.leg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JournalPretoucherTest
{
    @TempDir
    Path spool;

    @Test
    void shouldAllocateThePagesAheadOfTheAppenderWithoutChangingARecord() throws InterruptedException
    {
        assumeTrue(FileBlocks.available(), "st_blocks is needed to see the pages allocated");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final List<CdrLeg> written = new ArrayList<>();
        try (Journal journal = Journal.open(spool.resolve("journal"));
            JournalPretoucher pretoucher = new JournalPretoucher(journal).start())
        {
            written.add(leg(0));
            journal.append(buffer, 0, CdrEncoder.encode(buffer, 0, leg(0)));
            final File file = journal.currentFile();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            final long wanted = journal.writePosition() + JournalPretoucher.AHEAD_BYTES / 2;
            while (FileBlocks.allocatedBytes(file.toPath()) < wanted ||
                pretoucher.touchedPages() < JournalPretoucher.AHEAD_BYTES / 2 / 4096)
            {
                assertTrue(System.nanoTime() < deadline, "the pages ahead of the appender were never allocated");
                Thread.sleep(10);
            }

            // the appender writes through the touched pages (and past them) while the pretoucher keeps going
            for (int i = 1; i < 30_000; i++)
            {
                written.add(leg(i));
                journal.append(buffer, 0, CdrEncoder.encode(buffer, 0, leg(i)));
            }
        }

        final List<CdrLeg> read = new ArrayList<>();
        try (Journal journal = Journal.openExisting(spool.resolve("journal"));
            Journal.Reader reader = journal.reader())
        {
            final CdrDecoder decoder = new CdrDecoder();
            while (reader.next(decoder))
            {
                read.add(decoder.toLeg());
            }
        }
        assertEquals(written, read);
    }
}
