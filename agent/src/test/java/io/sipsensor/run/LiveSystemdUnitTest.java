package io.sipsensor.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped unit file: {@code systemd-analyze verify} accepts it (with the install path pointed at this tree, since
 * verify checks that ExecStart exists), and it runs the agent unprivileged with only the capabilities capture needs.
 */
class LiveSystemdUnitTest
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path UNIT = ROOT.resolve("systemd").resolve("sipsensor.service");

    @Test
    void shouldPassSystemdAnalyzeVerify(@TempDir final Path dir) throws Exception
    {
        final String analyze = executable("systemd-analyze");
        assumeTrue(analyze != null, "systemd-analyze is not installed (Debian: apt-get install systemd; .ci/run " +
            "installs it)");
        final Path unit = dir.resolve("sipsensor.service");
        Files.writeString(unit, Files.readString(UNIT, StandardCharsets.UTF_8)
            .replace("/opt/sipsensor/", ROOT.toAbsolutePath() + "/"), StandardCharsets.UTF_8);
        final Process process = new ProcessBuilder(analyze, "verify", unit.toString()).redirectErrorStream(true)
            .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assumeTrue(!output.contains("Failed to initialize manager") && !output.contains("Failed to setup"),
            "systemd-analyze cannot run here: " + output.strip());
        assertEquals(0, process.exitValue(), output);
        assertEquals("", output.strip(), "warnings from systemd-analyze verify");
    }

    @Test
    void shouldRunUnprivilegedWithOnlyTheCaptureCapabilities() throws Exception
    {
        final List<String> lines = Files.readAllLines(UNIT, StandardCharsets.UTF_8);
        assertTrue(lines.contains("User=sipsensor"));
        assertTrue(lines.contains("Group=sipsensor"));
        assertTrue(lines.contains("AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN"));
        assertTrue(lines.contains("CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN"));
        assertTrue(lines.contains("NoNewPrivileges=yes"));
        assertTrue(lines.contains("ProtectSystem=strict"));
        assertTrue(lines.contains("ReadWritePaths=/var/lib/sipsensor"));
        assertTrue(lines.contains("RestrictAddressFamilies=AF_PACKET AF_UNIX AF_INET AF_INET6 AF_NETLINK"));
        assertTrue(lines.contains("Restart=on-failure"));
        assertTrue(lines.contains("ExecReload=/bin/kill -HUP $MAINPID"));
    }

    private static String executable(final String name)
    {
        for (final String directory : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"))
        {
            final File file = new File(directory, name);
            if (file.canExecute())
            {
                return file.getPath();
            }
        }
        return null;
    }
}
