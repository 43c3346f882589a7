package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live run ({@code -i}) given a value that cannot apply, on the command line or in the config file, stops before
 * it captures or creates anything: one line naming the option or setting and the value, exit status 2, no spool.
 * The interface is the loopback, which every host has, so only the bad value can stop the run (a run that is not
 * stopped would capture until the deadline fails the test).
 */
class LiveRefusedValuesTest
{
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void shouldRefuseBadLiveOptionsOnTheCommandLineWithOneLineAndNothingCreated()
    {
        final List<String> problems = new ArrayList<>();
        for (final String[] option : new String[][] {
            {"--capture-threads", "0"}, {"--capture-threads", "17"}, {"--capture-threads", "-1"},
            {"--capture-threads", "x"}, {"--capture-engine", "bogus"}, {"--filter", "garbage (("},
            {"--filter", "udp port 5060\nor tcp"}, {"-i", "no-such-if0"}, {"-i", "lo;reboot"}, {"-i", "lo,any"}})
        {
            final Path spool = work.resolve("spool-" + problems.size());
            final List<String> args = new ArrayList<>(List.of("--spool", spool.toString()));
            if (!"-i".equals(option[0]))
            {
                args.addAll(List.of("-i", "lo"));
            }
            args.addAll(List.of(option));
            refused(String.join(" ", option), option[0], option[1], spool, args, problems);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void shouldRefuseBadLiveSettingsInTheConfigFileWithOneLineAndNothingCreated() throws IOException
    {
        final List<String> problems = new ArrayList<>();
        for (final String[] setting : new String[][] {
            {"capture_threads", "0"}, {"capture_threads", "17"}, {"capture_threads", "x"},
            {"capture_engine", "bogus"}, {"filter", "garbage (("}, {"snaplen", "63"}, {"snaplen", "262145"},
            {"ringbuffer", "0"}, {"ringbuffer", "8193"}, {"promisc", "sometimes"}, {"interface", "no-such-if0"},
            {"interface", "lo;reboot"}})
        {
            final Path spool = work.resolve("spool-" + problems.size() + "-" + setting[0]);
            final Path config = work.resolve(setting[0] + "-" + problems.size() + ".conf");
            final String interfaceLine = "interface".equals(setting[0]) ? "" : "interface = lo\n";
            Files.writeString(config, interfaceLine + "spooldir = " + spool + "\n" + setting[0] + " = " +
                setting[1] + "\n", StandardCharsets.UTF_8);
            refused(setting[0] + " = " + setting[1], setting[0], setting[1], spool,
                List.of("--config-file", config.toString()), problems);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void refused(final String what, final String name, final String value, final Path spool,
        final List<String> args, final List<String> problems)
    {
        final Corpus.Result run = assertTimeoutPreemptively(DEADLINE, () -> Corpus.run(args.toArray(String[]::new)),
            what + " was not refused: the live run started");
        final List<String> lines = run.err().lines().filter(line -> !line.isBlank()).toList();
        final String shown = value.lines().findFirst().orElse(value);
        if (run.status() != Main.EXIT_USAGE)
        {
            problems.add(what + ": exit " + run.status() + " (wanted " + Main.EXIT_USAGE + "): " + run.err());
        }
        else if (lines.size() != 1 || !lines.get(0).contains(name) || !lines.get(0).contains(shown))
        {
            problems.add(what + ": not one line naming " + name + " and " + shown + ": " + run.err());
        }
        if (Files.exists(spool))
        {
            problems.add(what + ": the spool " + spool + " was created");
        }
    }
}
