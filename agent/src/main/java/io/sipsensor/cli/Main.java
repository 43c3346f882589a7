package io.sipsensor.cli;

import picocli.CommandLine;

import java.io.PrintStream;

/**
 * Entry point of {@code ./sipsensor}. Exit status (the README's table): 0 done, 1 the work failed (input unreadable,
 * journal unwritable), 2 bad command line or configuration, 3 refused by the license lock, 4 done but CDR legs were
 * lost (not journaled for lack of disk space, or unreadable in a damaged journal; a line says how many), 5 a license
 * file or token refused by {@code license install}. Errors reach the operator as one line starting with
 * {@code sipsensor:}; set {@code SIPSENSOR_DEBUG=1} for stack traces.
 */
public final class Main
{
    /** Exit status when the work failed. */
    public static final int EXIT_FAILED = 1;
    /** Exit status for a bad command line or configuration. */
    public static final int EXIT_USAGE = 2;
    /** Exit status when the license lock refuses the command. */
    public static final int EXIT_LOCKED = 3;
    /** Exit status when the work was done but CDR legs were lost (a line says how many). */
    public static final int EXIT_LEGS_LOST = 4;
    /** Exit status when {@code license install} refuses the file (it does not verify, bind, fit, or would make
     *  things worse without {@code --force}). */
    public static final int EXIT_LICENSE_REFUSED = 5;

    private Main()
    {
    }

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        Console.main(args, (arguments, out) -> run(arguments, out, System.err));
    }

    /**
     * Runs a command in this JVM (tests use this).
     *
     * @param args command line.
     * @param out  standard output.
     * @param err  standard error.
     * @return exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        // Building a subcommand's model costs start-up time; a capture run (the common case) needs none.
        return Console.configure(commandLine(out, err, needsSubcommands(args)), "sipsensor", out, err).execute(args);
    }

    /**
     * @param withSubcommands whether to add the subcommands (help, man pages and every command but a plain run).
     * @return the command line model.
     */
    static CommandLine commandLine(final PrintStream out, final PrintStream err, final boolean withSubcommands)
    {
        final CommandLine commandLine = new CommandLine(new SipsensorCommand(out, err));
        if (withSubcommands)
        {
            commandLine.addSubcommand(new CdrCommand());
            commandLine.addSubcommand(new CentralCommand());
            commandLine.addSubcommand(new ChannelsCommand());
            commandLine.addSubcommand(new LicenseCommand());
            commandLine.addSubcommand(new StatusCommand());
            commandLine.addSubcommand(new UserCommand());
            commandLine.addSubcommand(new TokenCommand());
            commandLine.addSubcommand(new WebCommand());
            commandLine.addSubcommand(new JournalCommand());
            commandLine.addSubcommand(new CommandLine.HelpCommand());
        }
        return commandLine;
    }

    /**
     * @param args command line.
     * @return true unless it is a plain run (options only) that needs no subcommand or the full help.
     */
    static boolean needsSubcommands(final String[] args)
    {
        if (args.length == 0)
        {
            return true;
        }
        for (final String arg : args)
        {
            if ("-h".equals(arg) || "--help".equals(arg))
            {
                return true;
            }
        }
        return !args[0].startsWith("-");
    }
}
