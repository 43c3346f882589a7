package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's offline commands work as written: every {@code ./sipsensor} line of the command blocks of its Quick
 * start, CDRs and Channels sections runs, in order, on the shipped samples, and succeeds. The commands run in this
 * JVM; the relative paths they use ({@code samples}, the default spool {@code ./spool}, output files) are pointed at
 * the project's samples and at a temporary folder. Lines that need something the project does not ship (a CSV of
 * another sensor to import, a config file) are left out and named here: {@code cdr import}, {@code --config-file}.
 */
class ReadmeCommandsTest
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern SECTION = Pattern.compile("(?ms)^## (Quick start|CDRs|Channels[^\\n]*)\\n(.*?)(?=^## )");
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```\\n(.*?)^```");

    @Test
    void shouldRunEveryOfflineCommandOfTheQuickStartAndTheReportsOnTheSamples(@TempDir final Path dir)
        throws IOException
    {
        final List<List<String>> commands = commands(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
        assertTrue(commands.size() >= 10, "README commands found: " + commands);
        assertEquals(List.of("--readpcapdir", "samples"), commands.get(0), "the quick start's first command");

        final Path spool = dir.resolve("spool");
        for (final List<String> command : commands)
        {
            final List<String> args = new ArrayList<>();
            for (int i = 0; i < command.size(); i++)
            {
                final String arg = command.get(i);
                if (arg.equals("samples"))
                {
                    args.add(ROOT.resolve("samples").toString());
                }
                else if ((arg.equals("--out") || arg.equals("--svg") || arg.equals("--summary-json")) &&
                    i + 1 < command.size())
                {
                    args.add(arg);
                    args.add(dir.resolve(Path.of(command.get(++i)).getFileName()).toString());
                }
                else if (arg.equals("--spool") && i + 1 < command.size())
                {
                    args.add(arg);
                    args.add(spool.toString());
                    i++;
                }
                else
                {
                    args.add(arg);
                }
            }
            if (!args.contains("--spool"))
            {
                args.add("--spool");
                args.add(spool.toString());
            }
            args.add("--progress");
            args.add("none");
            final Corpus.Result result = Corpus.run(stripProgressIfNotAccepted(args));
            assertEquals(0, result.status(), "./sipsensor " + String.join(" ", command) + "\n" + result.err());
            assertFalse(result.err().contains("skipped"), "the samples folder holds only captures: " + result.err());
            if (command.contains("explain"))
            {
                final Matcher active = Pattern.compile("License channels active at \\S+: (\\d+)").matcher(result.out());
                assertTrue(active.find() && Integer.parseInt(active.group(1)) > 0,
                    "the README's explain example finds channels on the samples: " + result.out());
            }
        }
    }

    private static String[] stripProgressIfNotAccepted(final List<String> args)
    {
        // --progress belongs to the runs over capture files; the reports do not take it.
        final boolean capture = args.contains("--readpcapdir") || args.contains("-r");
        final List<String> out = new ArrayList<>(args);
        if (!capture)
        {
            out.remove(out.size() - 1);
            out.remove(out.size() - 1);
        }
        return out.toArray(String[]::new);
    }

    /**
     * @param readme the README's text.
     * @return the arguments of each {@code ./sipsensor} line of the sections this test runs, in order.
     */
    static List<List<String>> commands(final String readme)
    {
        final List<List<String>> commands = new ArrayList<>();
        final Matcher section = SECTION.matcher(readme);
        while (section.find())
        {
            final Matcher block = BLOCK.matcher(section.group(2));
            while (block.find())
            {
                for (final String line : block.group(1).split("\n"))
                {
                    if (!line.startsWith("./sipsensor ") || line.contains(" import ") ||
                        line.contains("--config-file"))
                    {
                        continue;
                    }
                    String text = line.substring("./sipsensor ".length());
                    final int comment = text.indexOf("  #");
                    text = comment >= 0 ? text.substring(0, comment) : text;
                    final int pipe = text.indexOf(" | ");
                    text = pipe >= 0 ? text.substring(0, pipe) : text;
                    commands.add(List.of(text.trim().split("\\s+")));
                }
            }
        }
        return commands;
    }
}
