package io.sipsensor.cli;

import io.sipsensor.pipeline.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manual pages come from the tables {@code --help} and the config reader use, so every option of every command
 * and every setting with its default is in them; groff formats them without a warning; the settings tables of the
 * README and of {@code docs/} give the same defaults.
 */
class ManPagesTest
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void shouldListEveryOptionOfEveryCommand()
    {
        final String page = ManPages.program("1.2.3");
        final PrintStream nowhere = new PrintStream(PrintStream.nullOutputStream());
        final List<String> missing = new ArrayList<>();
        check(Main.commandLine(nowhere, nowhere, true), "sipsensor", page, missing);
        assertEquals(List.of(), missing);
        assertTrue(page.contains(".TH SIPSENSOR 8 \"\" \"sipsensor 1.2.3\""), page);
        assertTrue(page.contains("\\fBsipsensor.conf\\fR(5)"));
    }

    @Test
    void shouldListEverySettingWithItsDefaultAndWhetherReloadApplies()
    {
        final String page = ManPages.configFile("1.2.3");
        for (final io.sipsensor.config.Setting setting : Configuration.ALL)
        {
            final String entry = ".TP\n.B " + ManPages.escape(setting.key()) + "\n" +
                ManPages.escape(setting.description()) + (setting.defaultValue().isEmpty() ? " (default: empty)" :
                " (default: " + ManPages.escape(setting.defaultValue()) + ")") +
                (Configuration.RELOADABLE.contains(setting.key()) ? " \\fI(reloadable)\\fR" : "") + "\n";
            assertTrue(page.contains(entry), "missing or different: " + entry);
        }
    }

    @Test
    void shouldFormatWithoutWarnings(@TempDir final Path dir) throws Exception
    {
        final File groff = new File("/usr/bin/groff");
        org.junit.jupiter.api.Assumptions.assumeTrue(groff.canExecute(), "groff is not installed");
        ManPages.main(new String[]{dir.toString(), "1.2.3"});
        for (final String name : List.of("sipsensor.8", "sipsensor.conf.5"))
        {
            final Process process = new ProcessBuilder(groff.getPath(), "-man", "-Tutf8", "-ww", "-z",
                dir.resolve(name).toString()).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), output);
            assertEquals("", output, name + ": groff warnings");
        }
    }

    @Test
    void shouldAgreeWithTheDocumentedSettingsTables() throws Exception
    {
        final StringBuilder docs = new StringBuilder(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
        try (var files = Files.list(ROOT.resolve("docs")))
        {
            for (final Path file : files.filter(path -> path.toString().endsWith(".md")).sorted().toList())
            {
                docs.append('\n').append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        final String readme = docs.toString();
        final Matcher rows = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\| `([^`]*)` \\|").matcher(readme);
        int checked = 0;
        while (rows.find())
        {
            final io.sipsensor.config.Setting setting = Configuration.find(rows.group(1));
            if (setting != null)
            {
                assertEquals(setting.defaultValue(), rows.group(2), "documented default of " + rows.group(1));
                checked++;
            }
        }
        assertTrue(checked > 30, "documented settings rows found: " + checked);
        final List<String> undocumented = new ArrayList<>();
        for (final io.sipsensor.config.Setting setting : Configuration.ALL)
        {
            if (!readme.contains("`" + setting.key() + "`") && !setting.key().startsWith("license_schedule_"))
            {
                undocumented.add(setting.key());
            }
        }
        assertEquals(List.of(), undocumented, "settings in no table of the README or docs/");
    }

    private static void check(final CommandLine command, final String name, final String page,
        final List<String> missing)
    {
        if (!name.equals("sipsensor") && !page.contains(".SS \"" + ManPages.escape(name) + "\"\n"))
        {
            missing.add(name);
        }
        for (final CommandLine.Model.OptionSpec option : command.getCommandSpec().options())
        {
            if (!option.usageHelp() && !option.versionHelp() &&
                !page.contains("\\fB" + ManPages.escape(option.longestName()) + "\\fR"))
            {
                missing.add(name + " " + option.longestName());
            }
        }
        command.getSubcommands().forEach((sub, subCommand) ->
        {
            if (!(subCommand.getCommand() instanceof CommandLine.HelpCommand))
            {
                check(subCommand, name + " " + sub, page, missing);
            }
        });
    }
}
