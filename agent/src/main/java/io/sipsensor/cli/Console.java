package io.sipsensor.cli;

import io.sipsensor.config.ConfigException;
import picocli.CommandLine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.BiFunction;

/**
 * How the command-line tools talk to the operator: UTF-8 standard output; every error one line starting with the
 * program's name (with the stack trace only when {@code SIPSENSOR_DEBUG} is set); a bad command line or
 * configuration exits 2, any other failure 1.
 */
final class Console
{
    private Console()
    {
    }

    /**
     * @return standard output as UTF-8, not flushed per line (the caller flushes before exiting).
     */
    static PrintStream standardOutput()
    {
        return new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    }

    /**
     * Runs a tool's main: executes, flushes and exits with the status.
     *
     * @param args   command line.
     * @param runner runs the command with (args, out) and returns its exit status.
     */
    static void main(final String[] args, final BiFunction<String[], PrintStream, Integer> runner)
    {
        final PrintStream out = standardOutput();
        final int status = runner.apply(args, out);
        out.flush();
        System.exit(status);
    }

    /**
     * Wires output, one-line errors and exit codes into a command line.
     *
     * @param commandLine the command line.
     * @param program     name printed before every error, e.g. "sipsensor".
     * @param out         standard output.
     * @param err         standard error.
     * @return the command line.
     */
    static CommandLine configure(
        final CommandLine commandLine, final String program, final PrintStream out, final PrintStream err)
    {
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((ex, ignored) ->
        {
            err.println(program + ": " + ex.getMessage() + suggestion(ex) + " (see: " + program + " " +
                commandPath(ex.getCommandLine()) + "--help)");
            return Main.EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, ignored, parseResult) ->
        {
            if (System.getenv("SIPSENSOR_DEBUG") != null)
            {
                ex.printStackTrace(err);
            }
            err.println(program + ": " + describe(ex));
            return ex instanceof ConfigException || ex instanceof IllegalArgumentException ?
                Main.EXIT_USAGE : Main.EXIT_FAILED;
        });
        return commandLine;
    }

    /**
     * @return " (did you mean '--spool'?)" for a mistyped option or subcommand close to a real one, else "".
     */
    private static String suggestion(final CommandLine.ParameterException ex)
    {
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty())
        {
            final String typed = unmatched.getUnmatched().getFirst();
            if (typed.startsWith("-") && !typed.startsWith("--"))
            {
                return ""; // a short option is one letter: any other is as near, so a guess would mislead
            }
            final java.util.List<String> names = new java.util.ArrayList<>(
                ex.getCommandLine().getCommandSpec().optionsMap().keySet());
            names.addAll(ex.getCommandLine().getSubcommands().keySet());
            final String nearest = io.sipsensor.pipeline.Configuration.nearest(
                typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed, names);
            if (nearest != null)
            {
                return " (did you mean '" + nearest + "'?)";
            }
        }
        return "";
    }

    /**
     * @return e.g. "1 hour", "2 hours".
     */
    static String count(final long n, final String singular, final String plural)
    {
        return n + " " + (n == 1 ? singular : plural);
    }

    private static String commandPath(final CommandLine commandLine)
    {
        final StringBuilder path = new StringBuilder();
        CommandLine current = commandLine;
        final ArrayDeque<String> names = new ArrayDeque<>();
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
