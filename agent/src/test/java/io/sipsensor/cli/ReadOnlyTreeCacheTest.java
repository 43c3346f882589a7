package io.sipsensor.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The tree's launcher under the unit's {@code ProtectSystem=strict}: the tree is read-only, so the start-up cache
 * the build did not leave is made once in the unit's cache directory ({@code CacheDirectory=},
 * {@code $CACHE_DIRECTORY}) and used by every later start, instead of being prepared again at each start.
 * Runs the built launcher, so it is in the {@code package} group ({@code ./mvnw -B verify -Ppackage-test}).
 */
@Tag("package")
class ReadOnlyTreeCacheTest
{
    private static final Path TREE = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void shouldMakeTheCacheOnceInTheCacheDirectoryAndUseItAfterwards(@TempDir final Path cache) throws Exception
    {
        assumeTrue(new File("/usr/bin/unshare").canExecute() && "root".equals(System.getProperty("user.name")),
            "needs root and unshare (a private read-only mount of the tree)");
        assertTrue(Files.isRegularFile(TREE.resolve("agent/target/agent.jar")), "run in the verify phase");
        assumeTrue(!Files.exists(TREE.resolve("agent/target/sipsensor.aot")) ||
            Files.getLastModifiedTime(TREE.resolve("agent/target/sipsensor.aot")).compareTo(
                Files.getLastModifiedTime(TREE.resolve("agent/target/agent.jar"))) < 0,
            "the build left a fresh cache in the tree: nothing to test");

        final String first = run(cache, "");
        assertTrue(first.contains("sipsensor: preparing the start-up cache"), first);
        assertTrue(Files.size(cache.resolve("sipsensor.aot")) > 0);
        final String second = run(cache, "-Xlog:aot=info");
        assertFalse(second.contains("preparing the start-up cache"), "made once: " + second);
        assertTrue(second.contains("Opened AOT cache " + cache.resolve("sipsensor.aot")), second);
    }

    private static String run(final Path cache, final String javaOptions) throws Exception
    {
        final String tree = TREE.toString();
        final String script = "mount --make-rprivate / && mount --bind '" + tree + "' '" + tree + "' && " +
            "mount -o remount,bind,ro '" + tree + "' && exec '" + tree + "/sipsensor' --version";
        final Process process = new ProcessBuilder(List.of("env", "CACHE_DIRECTORY=" + cache,
            "SIPSENSOR_NO_BUILD=1", "SIPSENSOR_JAVA_OPTS=" + javaOptions, "unshare", "--mount", "sh", "-c", script))
            .redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.matches("(?s).*sipsensor \\d+\\.\\d+\\.\\d+.*"), output);
        return output;
    }
}
