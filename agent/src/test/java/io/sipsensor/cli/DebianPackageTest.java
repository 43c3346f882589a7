package io.sipsensor.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Debian package as an operator installs it: built by {@code packaging/build-deb} from the packaged agent,
 * installed with dpkg into a clean root (its own dpkg database, passwd and group; the maintainer scripts run
 * chrootless and honour {@code $DPKG_ROOT}, so nothing outside that root is touched), then {@code sipsensor
 * --version} and a capture file run on the package's own Java runtime with no JDK in the environment, the start-up
 * cache built with the package is used, and removal and purge leave nothing of it behind but the spool.
 * <p>
 * Needs the built agent.jar, so it runs in the verify phase: {@code ./mvnw -B verify -Ppackage-test}. Tagged
 * {@code package} and left out of the default build (jlink, the cache's training run and compression take minutes).
 */
@Tag("package")
class DebianPackageTest
{
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final Path TREE = MODULE.getParent();

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void shouldInstallRunACaptureAndRemoveCleanlyOnAMachineWithoutAJdk() throws Exception
    {
        assumeTrue(new File("/usr/bin/dpkg").canExecute() && new File("/usr/bin/dpkg-deb").canExecute(),
            "dpkg is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "installing into a root needs root (chown)");
        assertTrue(Files.isRegularFile(MODULE.resolve("target/agent.jar")), "run in the verify phase");

        final Path work = MODULE.resolve("target/deb-test");
        delete(work);
        Files.createDirectories(work);
        final Result build = run(List.of(TREE.resolve("packaging/build-deb").toString(), work.toString()), 900);
        assertEquals(0, build.status(), build.output());
        final Path deb = Path.of(build.stdout().strip());
        assertTrue(deb.getFileName().toString().matches("sipsensor_[0-9.]+(~snapshot)?_amd64\\.deb"), deb.toString());

        final Path root = cleanRoot(work.resolve("root"));
        final Result install = dpkg(root, "-i", deb.toString());
        assertEquals(0, install.status(), install.output());

        // what the package installed, with the owners and modes the unit needs
        final Path opt = root.resolve("opt/sipsensor");
        assertTrue(Files.isExecutable(opt.resolve("runtime/bin/java")), "its own Java runtime");
        assertEquals(Path.of("/opt/sipsensor/sipsensor"), Files.readSymbolicLink(root.resolve("usr/bin/sipsensor")));
        assertTrue(Files.isRegularFile(root.resolve("lib/systemd/system/sipsensor.service")));
        assertTrue(Files.isRegularFile(root.resolve("usr/share/man/man8/sipsensor.8.gz")));
        assertTrue(Files.isRegularFile(root.resolve("usr/share/man/man5/sipsensor.conf.5.gz")));
        final int uid = id(root.resolve("etc/passwd"));
        final int gid = id(root.resolve("etc/group"));
        assertTrue(uid > 0 && gid > 0, "a sipsensor system user and group");
        final Path config = root.resolve("etc/sipsensor/sipsensor.conf");
        assertEquals(0, Files.getAttribute(config, "unix:uid"));
        assertEquals(gid, Files.getAttribute(config, "unix:gid"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        final Path state = root.resolve("var/lib/sipsensor");
        assertEquals(uid, Files.getAttribute(state, "unix:uid"));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));

        // no JDK in the environment: the launcher uses the package's runtime
        final String launcher = opt.resolve("sipsensor").toString();
        final Result version = run(List.of("env", "-i", "PATH=/usr/bin:/bin", launcher, "--version"), 120);
        assertEquals(0, version.status(), version.output());
        assertTrue(version.stdout().matches("sipsensor \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java 25.*\\)\\n"),
            version.output());
        final Result cache = run(List.of("env", "-i", "PATH=/usr/bin:/bin", "SIPSENSOR_JAVA_OPTS=-Xlog:aot=info",
            launcher, "--version"), 120);
        assertTrue(cache.output().contains("Opened AOT cache " + opt.resolve("sipsensor.aot")), cache.output());
        assertTrue(cache.output().contains("Mapped static"), "the cache built with the package is used: " +
            cache.output());

        final Path spool = work.resolve("spool");
        final Result capture = run(List.of("env", "-i", "PATH=/usr/bin:/bin", launcher, "-r",
            TREE.resolve("samples/sipsensor-sample-1.pcap").toString(), "--spool", spool.toString(),
            "--progress", "none"), 300);
        assertEquals(0, capture.status(), capture.output());
        final Corpus.Result reference = Corpus.run("-r", TREE.resolve("samples/sipsensor-sample-1.pcap").toString(),
            "--spool", work.resolve("reference-spool").toString(), "--progress", "none");
        final Map<String, Object> summary = new Corpus.Result(0, capture.stdout(), "").json();
        assertEquals(((BigDecimal)reference.json().get("legs_total")).intValue(),
            ((BigDecimal)summary.get("legs_total")).intValue());

        final Result remove = dpkg(root, "-r", "sipsensor");
        assertEquals(0, remove.status(), remove.output());
        assertFalse(Files.exists(opt), "the program is gone");
        assertFalse(Files.exists(root.resolve("usr/bin/sipsensor"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(config), "remove keeps the config file, as Debian does");
        final Result purge = dpkg(root, "--purge", "sipsensor");
        assertEquals(0, purge.status(), purge.output());
        assertFalse(Files.exists(config), "purge removes it");
        assertTrue(Files.isDirectory(state), "the spool is the operator's data and stays");
        final List<String> left = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root))
        {
            files.filter(Files::isRegularFile).map(root::relativize).map(Path::toString)
                .filter(name -> !name.startsWith("var/lib/dpkg/") && !name.startsWith("etc/")).forEach(left::add);
        }
        assertEquals(List.of(), left, "files of the package left behind");
        delete(work);
    }

    /** A root with an empty dpkg database and only root in passwd and group. */
    private static Path cleanRoot(final Path root) throws IOException
    {
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), "");
        Files.writeString(root.resolve("var/lib/dpkg/available"), "");
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(root.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(root.resolve("etc/gshadow"), "root:*::\n");
        return root;
    }

    private static Result dpkg(final Path root, final String... args) throws Exception
    {
        // the host's dpkg database knows nothing of this root: its dependencies (libc6, zlib1g) are the host's
        final List<String> command = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-script-chrootless",
            "--force-depends", "--log=" + root.resolve("var/lib/dpkg/test.log")));
        command.addAll(List.of(args));
        return run(command, 300);
    }

    private static int id(final Path table) throws IOException
    {
        for (final String line : Files.readAllLines(table))
        {
            final String[] fields = line.split(":");
            if (fields[0].equals("sipsensor"))
            {
                return Integer.parseInt(fields[2]);
            }
        }
        return -1;
    }

    /** Exit status, stdout, and stdout with stderr after it (for messages). */
    private record Result(int status, String stdout, String output)
    {
    }

    private static Result run(final List<String> command, final long timeoutSeconds) throws Exception
    {
        final File errors = File.createTempFile("deb-test", ".err");
        try
        {
            final Process process = new ProcessBuilder(command).redirectError(errors).start();
            final byte[] output = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), String.join(" ", command));
            final String stdout = new String(output, StandardCharsets.UTF_8);
            return new Result(process.exitValue(), stdout,
                stdout + Files.readString(errors.toPath(), StandardCharsets.UTF_8));
        }
        finally
        {
            Files.deleteIfExists(errors.toPath());
        }
    }

    private static void delete(final Path dir) throws IOException
    {
        if (Files.exists(dir))
        {
            try (Stream<Path> paths = Files.walk(dir))
            {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
