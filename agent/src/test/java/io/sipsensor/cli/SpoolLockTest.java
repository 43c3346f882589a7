package io.sipsensor.cli;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.spool.SpoolLock;
import io.sipsensor.journal.CdrEncoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.CdrRecordDescriptor;
import io.sipsensor.journal.JournalSettings;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One writer per spool and per journal, whatever is done to the {@code .lock} file: the locks are on the
 * directories themselves, and a writer whose journal folder is replaced under it stops writing there.
 */
class SpoolLockTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondWriterAfterTheLockFileIsDeleted() throws IOException
    {
        final Path spool = dir.resolve("spool");
        try (SpoolLock held = SpoolLock.acquire(spool, "a test"))
        {
            Files.delete(spool.resolve(".lock"));
            final Corpus.Result run = Corpus.run("-r", Corpus.pcap("s2_failures").toString(), "--spool",
                spool.toString(), "--progress", "none");
            assertEquals(Main.EXIT_USAGE, run.status(), run.err());
            assertTrue(run.err().contains("is in use by another sipsensor process"), run.err());
            assertTrue(held.stillHeld());
        }
        assertEquals(0, Corpus.run("-r", Corpus.pcap("s2_failures").toString(), "--spool", spool.toString(),
            "--progress", "none").status(), "free again once the holder is gone");
    }

    @Test
    void shouldRefuseASecondJournalWriter() throws IOException
    {
        final Path spool = dir.resolve("spool");
        final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (JournalWriter first = JournalWriter.open(spool, JournalSettings.defaults(), false, new Counters(), log))
        {
            final IOException refused = assertThrows(IOException.class,
                () -> JournalWriter.open(spool, JournalSettings.defaults(), false, new Counters(), log));
            assertTrue(refused.getMessage().contains("being written by another process"), refused.getMessage());
        }
    }

    @Test
    void shouldStopWritingWhenTheJournalFolderIsReplacedUnderIt() throws IOException
    {
        final Path spool = dir.resolve("spool");
        final ByteArrayOutputStream lines = new ByteArrayOutputStream();
        final PrintStream log = new PrintStream(lines, true, StandardCharsets.UTF_8);
        final Counters counters = new Counters();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final JournalSettings settings = new JournalSettings(0, 0, 1 << 20, 0);
        try (JournalWriter writer = JournalWriter.open(spool, settings, false, counters, log))
        {
            writer.write(buffer, 0, CdrEncoder.encode(buffer, 0, leg(0)));
            Files.move(spool.resolve("journal"), spool.resolve("journal-moved"));
            Files.createDirectories(spool.resolve("journal"));
            int i = 1;
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (!writer.blocked() && System.nanoTime() < deadline)
            {
                writer.write(buffer, 0, CdrEncoder.encode(buffer, 0, leg(i++)));
            }
            assertTrue(writer.blocked(), "writing stops once the folder is found replaced");
            writer.drainHeld();
        }
        assertTrue(counters.value(SensorCounter.LEGS_LOST) > 0);
        final String text = lines.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("was moved or replaced"), text);
        assertTrue(text.contains("journal folder replaced"), text);
    }

    private static CdrLeg leg(final int i)
    {
        final long start = 1_795_343_581_759_434_000L + i * 1_000_000L;
        return new CdrLeg(7, i + "-lock@127.0.2.10", "0605" + (788613 + i), "0246296364", "0246296364",
            "127.0.2.10", 5070, "127.0.2.20", 5060, start, CallState.NO_TIME, start + 1_000_000L, start + 1_000L,
            CallState.NO_TIME, CallState.NO_TIME, start + 1_000_000L, 486, EndReason.BYE, 0, 0);
    }
}
