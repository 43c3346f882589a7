package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values that cannot apply are refused with one line and exit status 2, not ignored.
 */
class RefusedValuesTest
{
    @TempDir
    Path work;

    @Test
    void shouldRefuseLiveOnlyOptionsInOfflineRunsAndANegativeLimit()
    {
        final String spool = work.resolve("spool").toString();
        final String capture = Corpus.pcap("s3_reinvite").toString();
        for (final String[] option : new String[][] {{"--capture-threads", "0"}, {"--capture-threads", "17"},
            {"--capture-threads", "x"}, {"--capture-engine", "bogus"}, {"--filter", "garbage (("}})
        {
            final Corpus.Result run = Corpus.run("-r", capture, "--spool", spool, "--progress", "none", option[0],
                option[1]);
            assertEquals(Main.EXIT_USAGE, run.status(), option[0] + " " + option[1] + ": " + run.err());
            assertTrue(run.err().contains(option[0] + " applies to live capture (-i) only"), run.err());
        }
        final Corpus.Result channels = Corpus.run("channels", "--spool", spool, "--limit", "-5");
        assertEquals(Main.EXIT_USAGE, channels.status(), channels.err());
        assertTrue(channels.err().contains("--limit -5"), channels.err());
    }
}
