package io.sipsensor.cli;

import io.sipsensor.config.FileCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator reads when a run cannot start or has nothing to do: one line naming the cause and the fix, the
 * documented exit status (1: the run failed), and nothing created.
 */
class OperatorMessagesTest
{
    private static final Path SAMPLES = Path.of(System.getProperty("user.dir")).resolveSibling("samples");

    @Test
    void shouldSayOneLineCreateNothingAndExitOneForAMissingCaptureFile(@TempDir final Path dir)
    {
        final Path spool = dir.resolve("spool");
        final Corpus.Result result = Corpus.run("-r", dir.resolve("nothere.pcap").toString(),
            "--spool", spool.toString(), "--progress", "none");
        assertEquals(1, result.status(), result.err());
        assertEquals("", result.out(), "no summary");
        assertEquals("sipsensor: capture file " + dir.resolve("nothere.pcap") +
            ": cannot read (no such file or folder); nothing read, nothing written\n", result.err());
        assertFalse(Files.exists(spool), "no spool made for a run with nothing to read");
    }

    @Test
    void shouldSayOneLineCreateNothingAndExitOneForAnEmptyOrMissingFolder(@TempDir final Path dir) throws IOException
    {
        final Path spool = dir.resolve("spool");
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        final Corpus.Result emptyRun = Corpus.run("--readpcapdir", empty.toString(), "--spool", spool.toString(),
            "--progress", "none");
        assertEquals(1, emptyRun.status());
        assertEquals("", emptyRun.out());
        assertEquals("sipsensor: no capture file in " + empty + "; nothing read, nothing written\n", emptyRun.err());

        final Corpus.Result missing = Corpus.run("--readpcapdir", dir.resolve("nodir").toString(),
            "--spool", spool.toString(), "--progress", "none");
        assertEquals(1, missing.status());
        assertEquals("", missing.out());
        assertEquals("sipsensor: capture directory " + dir.resolve("nodir") +
            ": does not exist; nothing read, nothing written\n", missing.err());
        assertFalse(Files.exists(spool));
    }

    @Test
    void shouldNameTheCauseAndTheFixWhenTheSpoolIsAFile(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("spool"), "not a folder");
        for (final Path spool : new Path[]{file, file.resolve("inside")})
        {
            final Corpus.Result result = Corpus.run("--readpcapdir", SAMPLES.toString(), "--spool",
                spool.toString(), "--progress", "none");
            assertEquals(1, result.status(), "the run failed; the command line was fine: " + result.err());
            assertEquals("", result.out());
            final String[] lines = result.err().split("\n");
            assertEquals("sipsensor: spool folder " + spool + " cannot be written: a file is in the way where a " +
                "folder is needed; remove that file, or choose another with --spool or spooldir",
                lines[lines.length - 1], result.err());
        }
    }

    @Test
    void shouldDescribeFileProblemsByCauseNotByPathOrExceptionClass()
    {
        assertEquals("permission denied", FileCause.of(new AccessDeniedException("/var/lib/sipsensor/.lock")));
        assertEquals("read-only file system",
            FileCause.of(new FileSystemException("/var/lib/sipsensor", null, "Read-only file system")));
        assertEquals("no such file or folder", FileCause.of(new NoSuchFileException("/x")));
        assertEquals("no space left on device",
            FileCause.of(new FileSystemException("/x", null, "No space left on device")));
        assertEquals("permission denied", FileCause.of(new java.io.FileNotFoundException("/x (Permission denied)")));
        assertEquals(FileCause.Kind.READ_ONLY,
            FileCause.kind(new FileSystemException("/x", null, "Read-only file system")));
    }

    @Test
    void shouldNameTheCauseNotTheExceptionForAMissingFileBesideAReadableOne(@TempDir final Path dir)
        throws IOException
    {
        final Path capture;
        try (Stream<Path> files = Files.list(SAMPLES))
        {
            capture = files.filter(f -> f.toString().endsWith(".pcap")).findFirst().orElseThrow();
        }
        final Corpus.Result result = Corpus.run("-r", capture + "," + dir.resolve("gone.pcap"),
            "--spool", dir.resolve("spool").toString(), "--progress", "none");
        assertEquals(0, result.status(), result.err());
        assertTrue(result.err().contains("capture file " + dir.resolve("gone.pcap") +
            ": cannot read (no such file or folder), skipped"), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
    }
}
