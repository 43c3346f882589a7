package io.sipsensor.capture;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds the problems found while the inputs of a file run are probed, so that a run with nothing to read says so in
 * one line ({@link #nothingToRead}) instead of a line per file and then a summary; once {@link #released}, problems
 * go straight to the stream, as lines prefixed {@code sipsensor: }. Used by the thread that opens and polls the
 * source; allocates (problems are rare).
 */
public final class HeldProblems implements CaptureProblemListener
{
    private final PrintStream err;
    private final List<String> held = new ArrayList<>();
    private boolean released;

    /**
     * @param err where problems go once released.
     */
    public HeldProblems(final PrintStream err)
    {
        this.err = err;
    }

    @Override
    public void onProblem(final String message)
    {
        if (released)
        {
            err.println("sipsensor: " + message);
        }
        else
        {
            held.add(message);
        }
    }

    /**
     * Prints the held problems and passes every later one straight through.
     */
    public void release()
    {
        released = true;
        for (final String message : held)
        {
            err.println("sipsensor: " + message);
        }
        held.clear();
    }

    /**
     * @param files     the files given, or null.
     * @param directory the folder given, or null.
     * @return the one line for a run that found no capture to read: the one problem, or the first of several.
     */
    public String nothingToRead(final List<Path> files, final Path directory)
    {
        final String what = "nothing read, nothing written";
        if (held.isEmpty())
        {
            return directory != null ? "no capture file in " + directory + "; " + what :
                "no capture file given; " + what;
        }
        final String first = held.getFirst().replaceFirst(", skipped$", "");
        if (held.size() == 1)
        {
            return first + "; " + what;
        }
        return "no capture file could be read" + (directory != null ? " in " + directory : "") + " (" +
            held.size() + " problems, the first: " + first + "); " + what;
    }
}
