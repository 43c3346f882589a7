package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small things an operator reads: the spool's disk use from {@code status --json} also where no live agent ran,
 * counts in words that agree ("1 hour"), help text that an 80-column terminal shows without breaking an example or
 * a word in two.
 */
class OperatorOutputTest
{
    private static final Path SAMPLES = Path.of(System.getProperty("user.dir")).resolveSibling("samples");

    @Test
    void shouldShowDiskUseAsJsonForASpoolOnlyFileRunsWrote(@TempDir final Path dir)
    {
        final String spool = dir.resolve("spool").toString();
        assertEquals(0, Corpus.run("-r", SAMPLES.resolve("sipsensor-sample-1.pcap").toString(), "--spool", spool,
            "--progress", "none").status());
        final Corpus.Result status = Corpus.run("status", "--spool", spool, "--json");
        assertEquals(2, status.status(), "no counters file: the documented status");
        assertEquals("never_run", status.json().get("state"));
        final Map<?, ?> usage = (Map<?, ?>)status.json().get("spool");
        assertEquals(spool, usage.get("path"));
        assertEquals(1, ((BigDecimal)usage.get("journal_days")).intValue());
        assertTrue(((BigDecimal)usage.get("journal_bytes")).longValue() > 0, usage.toString());
    }

    @Test
    void shouldCountInWordsThatAgree(@TempDir final Path dir)
    {
        final String spool = dir.resolve("spool").toString();
        assertEquals(0, Corpus.run("-r", SAMPLES.resolve("sipsensor-sample-1.pcap").toString(), "--spool", spool,
            "--progress", "none").status());
        final Corpus.Result rebuild = Corpus.run("channels", "rebuild", "--spool", spool);
        assertEquals(0, rebuild.status(), rebuild.err());
        assertTrue(rebuild.err().startsWith("sipsensor: rebuilt 1 hour and 1 daily peak from the journal"),
            rebuild.err());
    }

    @Test
    void shouldRefuseToRebuildChannelStatsWhereThereIsNoJournal(@TempDir final Path dir) throws IOException
    {
        final Path spool = Files.createDirectories(dir.resolve("not-a-spool"));
        final Corpus.Result rebuild = Corpus.run("channels", "rebuild", "--spool", spool.toString());
        assertEquals(Main.EXIT_FAILED, rebuild.status(), rebuild.err());
        assertEquals(List.of("sipsensor: no CDR journal at " + spool.resolve("journal") +
            " (run a capture with this --spool)"), rebuild.err().lines().toList());
        try (var files = Files.list(spool))
        {
            assertEquals(List.of(), files.toList(), "nothing written");
        }
    }

    @Test
    void shouldFitHelpInEightyColumnsWithoutBreakingAnExampleOrAWord()
    {
        final PrintStream nowhere = new PrintStream(PrintStream.nullOutputStream());
        final CommandLine root = Main.commandLine(nowhere, nowhere, true);
        final List<String> problems = new ArrayList<>();
        check(root, "sipsensor", problems);
        assertEquals(List.of(), problems);

        final String help = root.getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (final String line : root.getCommandSpec().usageMessage().footer())
        {
            assertTrue(help.contains(line + "\n"), "footer line shown whole: '" + line + "'");
        }
    }

    private static void check(final CommandLine command, final String name, final List<String> problems)
    {
        command.getCommandSpec().usageMessage().width(80);
        final String[] lines = command.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\n");
        for (int i = 0; i < lines.length; i++)
        {
            if (lines[i].length() > 80)
            {
                problems.add(name + ": wider than 80: " + lines[i]);
            }
            if (i > 0 && lines[i - 1].matches(".*\\b[a-z]\\.$") && lines[i].matches("^ *[a-z]\\..*"))
            {
                problems.add(name + ": abbreviation broken in two: " + lines[i - 1].strip() + " / " + lines[i].strip());
            }
        }
        command.getSubcommands().forEach((sub, subCommand) -> check(subCommand, name + " " + sub, problems));
    }
}
