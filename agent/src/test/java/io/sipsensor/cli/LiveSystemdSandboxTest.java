package io.sipsensor.cli;

import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped unit as systemd would run it, where no systemd runs this machine's services (a container): the agent
 * starts with the unit's {@code User=}/{@code Group=} (an unused uid standing for the {@code sipsensor} system user),
 * only the unit's capabilities (ambient and bounding set, no new privileges), its umask, the whole file system
 * read-only except the state directory ({@code ProtectSystem=strict}, {@code ReadWritePaths}) and a private
 * {@code /tmp}; the config file installed as the README and the package install it ({@code root:sipsensor 0640}).
 * It must read its config, capture SIPp calls on a veth and journal them.
 */
class LiveSystemdSandboxTest
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path UNIT = ROOT.resolve("systemd").resolve("sipsensor.service");
    /** Stands for the sipsensor system user: not in /etc/passwd, so nothing on this machine owns it. */
    private static final int UID = 64_917;

    @Test
    void shouldReadItsConfigAndCaptureAsTheUnitsUserInTheUnitsSandbox() throws Exception
    {
        LiveNetwork.assumeUsable("sipp", "unshare", "setpriv", "findmnt");
        final Map<String, String> unit = unitSettings();
        assertEquals("sipsensor", unit.get("User"), "a fixed system user whose group reads the config file");
        assertEquals("sipsensor", unit.get("Group"));
        assertFalse(unit.containsKey("DynamicUser"), "a dynamic user cannot read a root:sipsensor 0640 file");
        assumeTrue(!Files.readString(Path.of("/etc/passwd")).contains(":" + UID + ":"), "uid " + UID + " is taken");

        // Under target/ (not /tmp, which the sandbox replaces with its own): an install tree, /etc and a state dir.
        final Path dir = Files.createTempDirectory(Path.of(System.getProperty("user.dir"), "target"), "unit-");
        try
        {
            run(dir);
        }
        finally
        {
            try (Stream<Path> paths = Files.walk(dir))
            {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void shouldNameTheCauseAndTheFixWhenTheUnitsUserCannotWriteTheSpool() throws Exception
    {
        LiveNetwork.assumeUsable("unshare", "setpriv", "findmnt");
        assumeTrue(!Files.readString(Path.of("/etc/passwd")).contains(":" + UID + ":"), "uid " + UID + " is taken");
        final Path dir = Files.createTempDirectory(Path.of(System.getProperty("user.dir"), "target"), "unit-");
        try
        {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            final String classpath = stageClasspath(Files.createDirectories(dir.resolve("opt")));
            final Path state = Files.createDirectories(dir.resolve("state"));
            // a spool in a folder root owns: what a hand-edited spooldir outside the state directory gives
            final Path spool = state.resolve("root-only").resolve("spool");
            Files.createDirectories(spool.getParent());
            Files.setPosixFilePermissions(spool.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            final Path config = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("sipsensor.conf"),
                "interface = lo\nspooldir = " + spool + "\n");
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));

            final Process agent = new ProcessBuilder(sandboxed(state, classpath, config)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
            assertTrue(agent.waitFor(120, TimeUnit.SECONDS), "agent did not stop");
            final String log = Files.readString(dir.resolve("agent.log"), StandardCharsets.UTF_8);
            assertEquals(1, agent.exitValue(), "the run failed (the documented status), not a usage error: " + log);
            assertEquals("sipsensor: spool folder " + spool + " cannot be written: permission denied; give the " +
                "user sipsensor runs as (under systemd: sipsensor) write access to it, or choose another with " +
                "--spool or spooldir\n", log);
        }
        finally
        {
            try (Stream<Path> paths = Files.walk(dir))
            {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static void run(final Path dir) throws Exception
    {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path tree = Files.createDirectories(dir.resolve("opt"));
        final String classpath = stageClasspath(tree);
        final Path etc = Files.createDirectories(dir.resolve("etc"));
        final Path state = Files.createDirectories(dir.resolve("state"));
        Files.setAttribute(state, "unix:uid", UID);
        Files.setAttribute(state, "unix:gid", UID);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString(
            modeString(unit("StateDirectoryMode", "0755"))));
        final Path spool = state.resolve("spool");

        try (LiveNetwork network = LiveNetwork.create())
        {
            // The shipped config with this test's interface and spool, installed as the README says.
            final Path config = etc.resolve("sipsensor.conf");
            Files.writeString(config, Files.readString(ROOT.resolve("systemd").resolve("sipsensor.conf"))
                .replaceFirst("(?m)^interface = \\S+", "interface = " + network.vethA)
                .replaceFirst("(?m)^spooldir = \\S+", "spooldir = " + spool)
                .replaceFirst("(?m)^capture_engine = \\S+", "capture_engine = afpacket")
                .replaceFirst("(?m)^ringbuffer = \\S+", "ringbuffer = 4"));
            Files.setAttribute(config, "unix:uid", 0);
            Files.setAttribute(config, "unix:gid", UID);
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
            assertTrue(readme().contains("install -D -m 0640 -o root -g sipsensor systemd/sipsensor.conf " +
                "/etc/sipsensor/sipsensor.conf"), "the README installs the config file as this test does");

            final Path log = dir.resolve("agent.log");
            network.start(network.namespaceB, dir.resolve("uas.log"), List.of("sipp", "-sf",
                LiveCaptureSippTest.scenario("uas.xml"), "-i", LiveNetwork.ADDRESS_B, "-p", "5060", "-nostdin"));
            final Process agent = network.start(network.namespaceA, log, sandboxed(state, classpath, config));
            LiveNetwork.awaitCounters(spool, agent, log,
                snapshot -> snapshot.state() == CountersFile.State.RUNNING && !snapshot.description().isEmpty(),
                60_000);
            final int status = network.run(network.namespaceA, dir.resolve("uac.log"), 60, List.of("sipp",
                LiveNetwork.ADDRESS_B + ":5060", "-sn", "uac", "-i", LiveNetwork.ADDRESS_A, "-p", "5070",
                "-m", "3", "-r", "10", "-d", "100", "-nostdin"));
            assertEquals(0, status, Files.readString(dir.resolve("uac.log")));
            LiveNetwork.awaitCounters(spool, agent, log,
                snapshot -> snapshot.value(SensorCounter.LEGS_JOURNALED) == 3, 20_000);

            agent.destroy(); // SIGTERM, the unit's KillSignal
            assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "agent did not stop");
            assertEquals(0, agent.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            assertEquals(UID, Files.getAttribute(spool.resolve("journal"), "unix:uid"), "written as the unit's user");
        }
    }

    /**
     * @return the agent's command line inside the unit's sandbox: a private mount namespace where every file system
     * but the state directory, /proc, /sys and /dev is read-only and /tmp is private, then the unit's user, group,
     * capabilities and umask, and the arguments of its ExecStart.
     */
    private static List<String> sandboxed(final Path state, final String classpath, final Path config)
        throws IOException
    {
        final String caps = capabilities(unit("AmbientCapabilities", ""));
        assertEquals(caps, capabilities(unit("CapabilityBoundingSet", "")));
        assertEquals("yes", unit("NoNewPrivileges", ""));
        assertEquals("strict", unit("ProtectSystem", ""));
        assertEquals("yes", unit("PrivateTmp", ""));
        final String execStart = unit("ExecStart", "");
        assertTrue(execStart.startsWith("/opt/sipsensor/sipsensor --config-file /etc/sipsensor/sipsensor.conf"),
            execStart);

        final List<String> java = new ArrayList<>(LiveNetwork.agentCommand(List.of(execStart.split(" "))));
        java.set(java.indexOf("-cp") + 1, classpath);
        java.remove("/opt/sipsensor/sipsensor");
        java.set(java.indexOf("/etc/sipsensor/sipsensor.conf"), config.toString());
        java.add(java.indexOf("-cp"), "-Duser.home=" + state);

        final String script = String.join("\n",
            "set -e",
            "mount --make-rprivate /",
            "mount --bind \"$STATE\" \"$STATE\"",
            "findmnt -rn -o TARGET | while read -r m; do",
            "  case \"$m\" in /proc*|/sys*|/dev*|/mnt*|\"$STATE\") ;; *) mount -o remount,bind,ro \"$m\" ;; esac",
            "done",
            "mount -t tmpfs -o mode=1777 tmpfs /tmp",
            "umask " + unit("UMask", "0022"),
            "exec setpriv --reuid " + UID + " --regid " + UID + " --clear-groups --no-new-privs" +
                " --inh-caps=-all" + caps + " --ambient-caps=-all" + caps + " --bounding-set=-all" + caps +
                " \"$@\"");
        final List<String> command = new ArrayList<>(List.of("env", "STATE=" + state, "unshare", "--mount",
            "sh", "-c", script, "sandbox"));
        command.addAll(java);
        return command;
    }

    private static String capabilities(final String unitValue)
    {
        final StringBuilder caps = new StringBuilder();
        for (final String cap : unitValue.split(" "))
        {
            caps.append(",+").append(cap.toLowerCase().replace("cap_", ""));
        }
        return caps.toString();
    }

    /**
     * Copies the class path (the agent's classes and libraries, nothing of the test's) to a tree the unit's user
     * can read, as /opt/sipsensor is.
     */
    private static String stageClasspath(final Path tree) throws IOException
    {
        final List<String> staged = new ArrayList<>();
        int n = 0;
        for (final String entry : System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path")).split(File.pathSeparator))
        {
            final Path source = Path.of(entry);
            if (!Files.exists(source) || entry.contains("test-classes"))
            {
                continue;
            }
            final Path target = tree.resolve((n++) + "-" + source.getFileName());
            try (Stream<Path> paths = Files.walk(source))
            {
                for (final Path path : (Iterable<Path>)paths::iterator)
                {
                    final Path copy = target.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path))
                    {
                        Files.createDirectories(copy);
                    }
                    else
                    {
                        Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            staged.add(target.toString());
        }
        try (Stream<Path> paths = Files.walk(tree))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, staged);
    }

    private static String modeString(final String octal)
    {
        final int mode = Integer.parseInt(octal, 8);
        final StringBuilder text = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3)
        {
            final int bits = (mode >> shift) & 7;
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-')
                .append((bits & 1) != 0 ? 'x' : '-');
        }
        return text.toString();
    }

    private static String unit(final String key, final String fallback) throws IOException
    {
        return unitSettings().getOrDefault(key, fallback);
    }

    private static Map<String, String> unitSettings() throws IOException
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        for (final String line : Files.readAllLines(UNIT, StandardCharsets.UTF_8))
        {
            final int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0)
            {
                settings.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        assertNotNull(settings.get("ExecStart"));
        return settings;
    }

    private static String readme() throws IOException
    {
        return Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    }
}
