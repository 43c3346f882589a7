package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls beyond {@code max_calls} get no CDR: a run says so in one line, not only in a counter.
 */
class CallsLimitTest
{
    @TempDir
    Path work;

    @Test
    @SuppressWarnings("unchecked")
    void shouldSayOnceThatCallsWentUntracked() throws IOException
    {
        final Path config = Files.writeString(work.resolve("small.conf"), "max_calls = 5\n");
        final Corpus.Result run = Corpus.run("-r", Corpus.pcap("s2_failures").toString(), "--spool",
            work.resolve("spool").toString(), "--progress", "none", "--config-file", config.toString());
        final long untracked = Corpus.number(((Map<String, Object>)run.json().get("counters"))
            .get("calls_limit_reached"));
        assertTrue(untracked > 0);
        final String line = "sipsensor: max_calls (5) reached: " + untracked + " call(s) not tracked";
        assertTrue(run.err().contains(line), run.err());
        assertEquals(run.err().indexOf("max_calls (5) reached"), run.err().lastIndexOf("max_calls (5) reached"),
            "once");
    }
}
