package io.sipsensor.cli;

import io.sipsensor.agent.ConfigException;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Entry point of {@code ./sipsensor}. Exit status: 0 done, 1 the work failed (input unreadable, journal
 * unwritable), 2 bad command line or configuration, 3 refused by the license lock. Errors reach the operator as one
 * line starting with {@code sipsensor:}; set {@code SIPSENSOR_DEBUG=1} for stack traces.
 */
public final class Main
{
    /** Exit status when the work failed. */
    public static final int EXIT_FAILED = 1;
    /** Exit status for a bad command line or configuration. */
    public static final int EXIT_USAGE = 2;
    /** Exit status when the license lock refuses the command. */
    public static final int EXIT_LOCKED = 3;

    private Main()
    {
    }

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
            StandardCharsets.UTF_8);
        final int status = run(args, out, System.err);
        out.flush();
        System.exit(status);
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
        final SipsensorCommand root = new SipsensorCommand(out, err);
        final CommandLine commandLine = new CommandLine(root);
        if (needsSubcommands(args))
        {
            // Building a subcommand's model costs start-up time; a capture run (the common case) needs none.
            commandLine.addSubcommand(new CdrCommand());
            commandLine.addSubcommand(new ChannelsCommand());
            commandLine.addSubcommand(new LicenseCommand());
            commandLine.addSubcommand(new CommandLine.HelpCommand());
        }
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((ex, ignored) ->
        {
            err.println("sipsensor: " + ex.getMessage() + " (see: sipsensor " + commandPath(ex.getCommandLine()) +
                "--help)");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, ignored, parseResult) ->
        {
            if (System.getenv("SIPSENSOR_DEBUG") != null)
            {
                ex.printStackTrace(err);
            }
            err.println("sipsensor: " + describe(ex));
            return ex instanceof ConfigException || ex instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILED;
        });
        return commandLine.execute(args);
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

    private static String commandPath(final CommandLine commandLine)
    {
        final StringBuilder path = new StringBuilder();
        CommandLine current = commandLine;
        final java.util.ArrayDeque<String> names = new java.util.ArrayDeque<>();
        while (current != null && current.getParent() != null)
        {
            names.push(current.getCommandName());
            current = current.getParent();
        }
        for (final String name : names)
        {
            path.append(name).append(' ');
        }
        return path.toString();
    }

    private static String describe(final Throwable error)
    {
        if (error instanceof ConfigException || error instanceof IllegalArgumentException ||
            error instanceof IllegalStateException)
        {
            return error.getMessage();
        }
        final String message = error.getMessage();
        return error.getClass().getSimpleName() + (message != null ? ": " + message : "");
    }
}
