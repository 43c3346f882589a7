package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without CAP_NET_RAW (dropped from the bounding set with setpriv) the AF_PACKET socket is refused: the default
 * engine says so in one line and tries libpcap, which needs the same permission, so the start fails with one line
 * naming the interface and the reason, exit status 1, no stack trace.
 */
class LiveEngineFallbackTest
{
    @Test
    void shouldSayWhyItFallsBackToLibpcapAndFailInOneLineWithoutCapNetRaw(@TempDir final Path dir) throws Exception
    {
        LiveNetwork.assumeUsable("setpriv");
        final List<String> command = new ArrayList<>(List.of("setpriv", "--bounding-set", "-net_raw"));
        command.addAll(LiveNetwork.agentCommand(List.of("-i", "lo", "--spool", dir.resolve("spool").toString())));
        final Path log = dir.resolve("agent.log");
        final Process agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "agent did not exit");
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(1, agent.exitValue(), output);
        assertTrue(output.contains("sipsensor: capture engine: libpcap, because the AF_PACKET ring is not available " +
            "here (cannot capture on lo: socket(AF_PACKET) failed: Operation not permitted (needs root or " +
            "CAP_NET_RAW"), output);
        assertTrue(output.contains("sipsensor: cannot capture on lo with libpcap: "), output);
        assertFalse(output.contains("\tat "), "no stack trace: " + output);
    }
}
