package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A FIFO given as a capture file is refused with one line instead of waiting forever for a writer; a capture folder's
 * FIFOs, subdirectories and dangling links each get a line instead of vanishing.
 */
class NonRegularCaptureFileTest
{
    @TempDir
    Path work;

    @Test
    void shouldRefuseAFifoAndSayWhatItSkipsInAFolder() throws Exception
    {
        final Path folder = Files.createDirectories(work.resolve("captures"));
        final Path fifo = folder.resolve("live.pcap");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        Files.copy(Corpus.pcap("s3_reinvite"), folder.resolve("s3.pcap"));
        Files.createDirectories(folder.resolve("old"));
        Files.createSymbolicLink(folder.resolve("gone.pcap"), folder.resolve("nowhere.pcap"));
        final Path spool = work.resolve("spool");

        final Corpus.Result named = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Corpus.run("-r",
            fifo.toString(), "--spool", spool.toString(), "--progress", "none"), "a FIFO must not hang the run");
        assertEquals(Main.EXIT_FAILED, named.status(), named.err());
        assertTrue(named.err().contains(fifo + ": not a capture file (a FIFO (named pipe), not read)"), named.err());

        final Corpus.Result listed = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Corpus.run(
            "--readpcapdir", folder.toString(), "--spool", spool.toString(), "--progress", "none"));
        assertEquals(0, listed.status(), listed.err());
        assertEquals(60L, Corpus.number(listed.json().get("legs_total")));
        assertTrue(listed.err().contains("live.pcap: not a capture file (a FIFO"), listed.err());
        assertTrue(listed.err().contains("old: not a capture file (a directory)"), listed.err());
        assertTrue(listed.err().contains("gone.pcap: not a capture file (a broken symbolic link)"), listed.err());
    }
}
