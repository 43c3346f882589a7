package io.sipsensor.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A tailing journal reader keeps its place at the end and reads what the writer appends afterwards, in the same
 * day file and, after the writer rolled, in the next one; opened on a journal without any file yet, it finds the
 * first one when it appears.
 */
class JournalTailTest
{
    private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);

    @TempDir
    Path spool;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
    private final CdrDecoder decoder = new CdrDecoder();

    @Test
    void shouldReadWhatIsAppendedAfterItReachedTheEnd()
    {
        final Path directory = spool.resolve("journal");
        try (Journal journal = Journal.open(directory))
        {
            append(journal, 0, 10);
            try (Journal.Reader tail = Journal.tail(directory))
            {
                assertEquals(ids(0, 10), read(tail));
                assertFalse(tail.next(decoder));
                append(journal, 10, 15);
                assertEquals(ids(10, 15), read(tail));
                assertFalse(tail.next(decoder));
                append(journal, 15, 16);
                assertEquals(ids(15, 16), read(tail));
            }
        }
    }

    @Test
    void shouldFollowTheWriterIntoTheNextDayFile()
    {
        final Path directory = spool.resolve("journal");
        final AtomicLong nowMs = new AtomicLong(1_795_343_581_000L);
        try (Journal journal = Journal.open(directory, nowMs::get))
        {
            append(journal, 0, 3);
            try (Journal.Reader tail = Journal.tail(directory))
            {
                assertEquals(ids(0, 3), read(tail));
                nowMs.addAndGet(DAY_MS);
                append(journal, 3, 5);
                assertEquals(ids(3, 5), read(tail));
                nowMs.addAndGet(DAY_MS);
                append(journal, 5, 6);
                assertEquals(ids(5, 6), read(tail));
            }
        }
    }

    @Test
    void shouldFindTheFirstDayFileOfAnEmptyJournal()
    {
        final Path directory = spool.resolve("journal");
        try (Journal.Reader tail = Journal.tail(directory))
        {
            assertFalse(tail.next(decoder));
            try (Journal journal = Journal.open(directory))
            {
                append(journal, 0, 4);
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                final List<String> seen = new ArrayList<>();
                // the folder is looked at again at most once a second while no file is known
                while (seen.size() < 4 && System.nanoTime() < deadline)
                {
                    seen.addAll(read(tail));
                    Thread.onSpinWait();
                }
                assertEquals(ids(0, 4), seen);
            }
        }
    }

    private void append(final Journal journal, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            journal.append(buffer, 0, CdrEncoder.encode(buffer, 0, JournalTest.leg(i)));
        }
    }

    private List<String> read(final Journal.Reader reader)
    {
        final List<String> ids = new ArrayList<>();
        while (reader.next(decoder))
        {
            ids.add(decoder.toLeg().callId());
        }
        return ids;
    }

    private static List<String> ids(final int from, final int to)
    {
        final List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++)
        {
            ids.add(JournalTest.leg(i).callId());
        }
        return ids;
    }
}
