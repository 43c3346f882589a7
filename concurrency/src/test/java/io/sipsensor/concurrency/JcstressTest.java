package io.sipsensor.concurrency;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the jcstress tests of this module in a child JVM (jcstress forks its own) and fails on any forbidden
 * outcome. Minutes long, so tagged: {@code ./mvnw -Psoak -pl concurrency -am verify}, or
 * {@code concurrency/run-jcstress.sh} for a longer run.
 */
@Tag("stress")
class JcstressTest
{
    private static final Pattern RESULTS =
        Pattern.compile("Results: (\\d+) planned; (\\d+) passed, (\\d+ failed, \\d+ soft errs, \\d+ hard errs)");

    @Test
    void shouldSeeNoForbiddenOutcomeInAnyRace() throws IOException, InterruptedException
    {
        final String classpath = System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path"));
        final Path results = Path.of(System.getProperty("sipsensor.jcstress.results", "target/jcstress-results"));
        Files.createDirectories(results);
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", classpath, "org.openjdk.jcstress.Main",
            "-m", System.getProperty("sipsensor.jcstress.mode", "quick"),
            "-r", results.toString(),
            "-t", "io.sipsensor"));
        final String flags = System.getProperty("sipsensor.jvm.flags", "").trim();
        if (!flags.isEmpty())
        {
            // the forked test JVMs need the same exports and native access as the agent (Agrona's Unsafe)
            command.addAll(List.of("-jvmArgsPrepend", flags));
        }
        final Path log = results.resolve("run.log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        final int exit = process.waitFor();
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, exit, "jcstress found a forbidden outcome or failed; see " + log);
        for (final String test : List.of("io.sipsensor.channel.ChannelSnapshotTornReadTest",
            "io.sipsensor.pipeline.SipHandoffRingTest"))
        {
            assertTrue(Files.exists(results.resolve(test + ".html")), test + " ran; see " + log);
        }
        final Matcher last = lastResults(output);
        assertTrue(last != null, "a results line; see " + log);
        assertEquals(last.group(1), last.group(2), "every planned run passed; see " + log);
        assertEquals("0 failed, 0 soft errs, 0 hard errs", last.group(3), "see " + log);
    }

    private static Matcher lastResults(final String output)
    {
        final Matcher matcher = RESULTS.matcher(output);
        Matcher last = null;
        while (matcher.find())
        {
            last = RESULTS.matcher(matcher.group());
            last.matches();
        }
        return last;
    }
}
