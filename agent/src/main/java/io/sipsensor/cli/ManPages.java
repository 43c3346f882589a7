package io.sipsensor.cli;

import io.sipsensor.pipeline.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the manual pages {@code sipsensor(8)} and {@code sipsensor.conf(5)} from the tables {@code --help} and the
 * config file reader use: the picocli model of every command (options, parameters, descriptions, examples) and
 * {@link Configuration#ALL} (key, default, meaning, whether SIGHUP applies it). The package build runs it, so the
 * pages never drift from the program.
 * <p>
 * {@code java -cp ... io.sipsensor.cli.ManPages OUTDIR [VERSION]}.
 */
public final class ManPages
{
    private ManPages()
    {
    }

    /**
     * @param args output folder, then optionally the version printed in the page footers.
     * @throws IOException if a page cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length < 1)
        {
            System.err.println("usage: ManPages OUTDIR [VERSION]");
            System.exit(Main.EXIT_USAGE);
        }
        final Path dir = Files.createDirectories(Path.of(args[0]));
        final String version = args.length > 1 ? args[1] : "development";
        Files.writeString(dir.resolve("sipsensor.8"), program(version), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("sipsensor.conf.5"), configFile(version), StandardCharsets.UTF_8);
    }

    /**
     * @param version shown in the footer.
     * @return {@code sipsensor(8)} in man(7) markup.
     */
    public static String program(final String version)
    {
        final PrintStream nowhere = new PrintStream(PrintStream.nullOutputStream());
        final CommandLine root = Main.commandLine(nowhere, nowhere, true);
        final CommandSpec spec = root.getCommandSpec();
        final StringBuilder man = new StringBuilder(32 * 1024);
        header(man, "SIPSENSOR", 8, version, "System Administration");
        man.append(".SH NAME\nsipsensor \\- SIP packet-capture sensor: CDR legs, concurrent channels, license\n");
        man.append(".SH SYNOPSIS\n.B sipsensor\n[\\fIOPTIONS\\fR] \\fB\\-i\\fR \\fIIF\\fR | \\fB\\-r\\fR \\fIFILE\\fR" +
            "[,\\fIFILE\\fR...] | \\fB\\-\\-readpcapdir\\fR \\fIDIR\\fR\n.br\n.B sipsensor\n\\fICOMMAND\\fR " +
            "[\\fIOPTIONS\\fR]\n");
        man.append(".SH DESCRIPTION\n");
        paragraphs(man, spec.usageMessage().description());
        man.append(".SH OPTIONS\n");
        options(man, spec);
        man.append(".SH COMMANDS\n");
        commands(man, root, "sipsensor");
        man.append(".SH EXAMPLES\n.nf\n");
        boolean examples = false;
        for (final String line : spec.usageMessage().footer())
        {
            if (line.startsWith("Examples:"))
            {
                examples = true;
                continue;
            }
            if (line.startsWith("Exit status:"))
            {
                break;
            }
            if (examples)
            {
                man.append(escape(line)).append('\n');
            }
        }
        man.append(".fi\n");
        man.append(".SH EXIT STATUS\n.TP\n0\ndone (a live capture: stopped by SIGTERM or Ctrl-C)\n.TP\n1\nfailed: no " +
            "readable input, the spool or journal cannot be written, a capture thread ended\n.TP\n2\nbad command " +
            "line or configuration\n.TP\n3\nrefused by the license lock (reporting commands only; capture never is)\n");
        man.append(".SH SIGNALS\n.TP\nSIGTERM, SIGINT\nstop capture, close the calls in progress, finish " +
            "journaling, exit 0\n.TP\nSIGHUP\nre-read the license files and the reloadable settings of the config " +
            "file (see \\fBsipsensor.conf\\fR(5))\n");
        man.append(".SH FILES\n.TP\n/etc/sipsensor/sipsensor.conf\nthe config file of the systemd unit, " +
            "\\fBroot:sipsensor\\fR mode 0640\n.TP\n/var/lib/sipsensor\nthe spool of the systemd unit: CDR " +
            "journal, channel statistics, license state, counters file\n.TP\n/lib/systemd/system/sipsensor.service\n" +
            "the unit: \\fBsystemctl enable \\-\\-now sipsensor\\fR\n");
        man.append(".SH SEE ALSO\n\\fBsipsensor.conf\\fR(5), \\fBsystemctl\\fR(1), \\fBtcpdump\\fR(8)\n");
        return man.toString();
    }

    /**
     * @param version shown in the footer.
     * @return {@code sipsensor.conf(5)} in man(7) markup.
     */
    public static String configFile(final String version)
    {
        final StringBuilder man = new StringBuilder(16 * 1024);
        header(man, "SIPSENSOR.CONF", 5, version, "File Formats");
        man.append(".SH NAME\nsipsensor.conf \\- configuration of the sipsensor capture agent\n");
        man.append(".SH SYNOPSIS\n/etc/sipsensor/sipsensor.conf\n");
        man.append(".SH DESCRIPTION\nLines of \\fIkey\\fR = \\fIvalue\\fR (VoIPmonitor names where they exist); " +
            "\\fB#\\fR and \\fB;\\fR start comments, \\fB[section]\\fR lines are ignored. Every value is checked at " +
            "start; a bad one stops the start with one line naming the file, the line and the key. An unknown key is " +
            "reported with the nearest known one and ignored. Options on the command line win over the file.\n.PP\n" +
            "Settings marked \\fI(reloadable)\\fR are applied by SIGHUP (\\fBsystemctl reload sipsensor\\fR) " +
            "together with the license files; the others take effect at the next start.\n");
        man.append(".SH SETTINGS\n");
        for (final io.sipsensor.config.Setting setting : Configuration.ALL)
        {
            man.append(".TP\n.B ").append(escape(setting.key())).append('\n');
            man.append(escape(setting.description()));
            man.append(setting.defaultValue().isEmpty() ? " (default: empty)" :
                " (default: " + escape(setting.defaultValue()) + ")");
            if (Configuration.RELOADABLE.contains(setting.key()))
            {
                man.append(" \\fI(reloadable)\\fR");
            }
            man.append('\n');
        }
        man.append(".SH EXAMPLE\n.nf\n[general]\ninterface = eth1\nspooldir = /var/lib/sipsensor\n" +
            "id_sensor = 3\nfilter = udp or (ip[6:2] & 0x1fff) != 0\n.fi\n");
        man.append(".SH SEE ALSO\n\\fBsipsensor\\fR(8)\n");
        return man.toString();
    }

    private static void header(final StringBuilder man, final String title, final int section, final String version,
        final String manual)
    {
        man.append(".\\\" Generated by io.sipsensor.cli.ManPages from the --help and settings tables; do not edit.\n");
        man.append(".TH ").append(title).append(' ').append(section).append(" \"\" \"sipsensor ")
            .append(escape(version)).append("\" \"").append(manual).append("\"\n");
    }

    private static void commands(final StringBuilder man, final CommandLine command, final String path)
    {
        for (final Map.Entry<String, CommandLine> entry : command.getSubcommands().entrySet())
        {
            final CommandLine sub = entry.getValue();
            if (sub.getCommand() instanceof CommandLine.HelpCommand)
            {
                continue;
            }
            final String name = path + " " + entry.getKey();
            man.append(".SS \"").append(escape(name)).append("\"\n");
            paragraphs(man, sub.getCommandSpec().usageMessage().description());
            for (final PositionalParamSpec parameter : sub.getCommandSpec().positionalParameters())
            {
                man.append(".TP\n.I ").append(escape(parameter.paramLabel())).append('\n')
                    .append(escape(String.join(" ", parameter.description()))).append('\n');
            }
            options(man, sub.getCommandSpec());
            commands(man, sub, name);
        }
    }

    private static void options(final StringBuilder man, final CommandSpec spec)
    {
        for (final OptionSpec option : spec.options())
        {
            if (option.hidden() || option.usageHelp() || option.versionHelp())
            {
                continue;
            }
            man.append(".TP\n");
            final String[] names = option.names();
            for (int i = 0; i < names.length; i++)
            {
                man.append(i == 0 ? "" : ", ").append("\\fB").append(escape(names[i])).append("\\fR");
            }
            if (option.arity().max() > 0)
            {
                man.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
            }
            man.append('\n').append(escape(String.join(" ", option.description()))).append('\n');
        }
    }

    private static void paragraphs(final StringBuilder man, final String[] lines)
    {
        boolean first = true;
        for (final String line : lines)
        {
            if (line.isEmpty())
            {
                continue;
            }
            man.append(first ? "" : ".PP\n").append(escape(line)).append('\n');
            first = false;
        }
    }

    /**
     * @return text safe in man(7) markup: backslashes and hyphens escaped, no line starting with a control character.
     */
    static String escape(final String text)
    {
        final String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
