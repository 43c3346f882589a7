package io.sipsensor.cli;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.central.link.AckedIndex;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrEncoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.CdrRecordDescriptor;
import io.sipsensor.journal.Journal;
import io.sipsensor.journal.JournalSettings;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.status.Counters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code status} of a sensor that ships to a central shows what the central has not acknowledged yet: legs and the
 * end of the oldest, from the spool alone (also when no live agent runs).
 */
class StatusBacklogTest
{
    @TempDir
    Path dir;

    @Test
    void shouldShowTheLegsTheCentralHasNotAcknowledged() throws Exception
    {
        final Path spool = dir.resolve("spool");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalWriter writer = JournalWriter.open(spool, JournalSettings.defaults(), false, new Counters(),
            new PrintStream(PrintStream.nullOutputStream())))
        {
            for (int i = 0; i < 100; i++)
            {
                final long start = 1_700_000_000_000_000_000L + i * 1_000_000_000L;
                writer.write(buffer, 0, CdrEncoder.encode(buffer, 0, new CdrLeg(3, "call-" + i, "1", "2", "2",
                    "10.0.0.1", 5060, "10.0.0.2", 5060, start, start, start + 500_000_000L, start,
                    CallState.NO_TIME, start, start, 200, EndReason.BYE, CallState.BYE_BY_CALLER, 0)));
            }
        }
        final Path config = dir.resolve("sensor.conf");
        Files.writeString(config, "server_destination = 127.0.0.1:60999\n", StandardCharsets.UTF_8);

        Corpus.Result status = Corpus.run("status", "--spool", spool.toString(), "--config-file", config.toString());
        assertTrue(status.out().contains("central: 127.0.0.1:60999: nothing acknowledged yet; backlog 100 legs, " +
            "oldest ended "), status.out());

        long fortieth = -1;
        try (Journal journal = Journal.open(spool.resolve("journal"));
            Journal.Reader reader = journal.reader())
        {
            final CdrDecoder record = new CdrDecoder();
            for (int i = 0; i < 40 && reader.next(record); i++)
            {
                fortieth = reader.index();
            }
        }
        new AckedIndex(spool, "127.0.0.1:60999").store(fortieth);
        status = Corpus.run("status", "--spool", spool.toString());
        assertTrue(status.out().contains("central: 127.0.0.1:60999: acknowledged through journal index " + fortieth +
            "; backlog 60 legs, oldest ended "), status.out());
    }

    @Test
    void shouldSayNothingAboutACentralForAStandaloneSensor() throws Exception
    {
        final Path spool = dir.resolve("spool");
        Files.createDirectories(spool);
        final Corpus.Result status = Corpus.run("status", "--spool", spool.toString());
        assertTrue(!status.out().contains("central:"), status.out());
    }
}
