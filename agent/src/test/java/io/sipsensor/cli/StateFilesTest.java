package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files read whole are bounded and checked first ({@code /dev/zero} as a config or license file is one line, not an
 * out-of-memory error), and invalid UTF-8 in the spool's state files is reported naming the file.
 */
class StateFilesTest
{
    @TempDir
    Path work;

    @Test
    void shouldRefuseDevZeroAsConfigAndLicenseFileWithOneLine()
    {
        final Path spool = work.resolve("spool");
        final Corpus.Result config = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Corpus.run("-r",
            Corpus.pcap("s3_reinvite").toString(), "--spool", spool.toString(), "--config-file", "/dev/zero"));
        assertEquals(Main.EXIT_USAGE, config.status(), config.err());
        assertTrue(config.err().contains("cannot read config file /dev/zero: not a regular file"), config.err());

    }

    @Test
    void shouldNameTheFileWhenStateIsNotUtf8() throws IOException
    {
        final Path spool = work.resolve("spool");
        assertEquals(0, Corpus.run("-r", Corpus.pcap("s3_reinvite").toString(), "--spool", spool.toString(),
            "--progress", "none").status());
        Files.createDirectories(spool.resolve("license"));
        final byte[] bad = {'{', '"', (byte)0xC3, (byte)0x28, '"', '}'};
        Files.write(spool.resolve("license").resolve("state.json"), bad);
        final Corpus.Result status = Corpus.run("license", "status", "--spool", spool.toString());
        assertFalse(status.err().contains("MalformedInput"), status.err());
        assertTrue(status.err().contains("state.json: not valid UTF-8 text"), status.err());

        Files.write(spool.resolve("channels").resolve("stats.json"), bad);
        final Corpus.Result channels = Corpus.run("channels", "--spool", spool.toString());
        assertFalse(channels.err().contains("MalformedInput"), channels.err());
        assertTrue(channels.err().contains("stats.json is damaged (not valid UTF-8 text)"), channels.err());
    }
}
