package io.sipsensor.run;

/**
 * POSIX signals for the live agent through {@code sun.misc.Signal} (module jdk.unsupported, still present and
 * working on JDK 25): SIGTERM and SIGINT ask for a graceful stop, SIGHUP for a reload. Handling TERM and INT here,
 * rather than in a shutdown hook, lets the agent finish its work and exit with status 0; the JVM's own handlers
 * are replaced only for these signals and only in a live run. Handlers run on a JVM signal thread and just call the
 * given action, which must only set a flag.
 */
final class Signals
{
    private Signals()
    {
    }

    /**
     * @param name   signal name without "SIG", e.g. "TERM".
     * @param action what to do (set a flag).
     * @return true if the handler is installed; false if this JVM does not allow it (e.g. started with -Xrs).
     */
    @SuppressWarnings("removal")
    static boolean handle(final String name, final Runnable action)
    {
        try
        {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
            return true;
        }
        catch (final IllegalArgumentException | UnsupportedOperationException ex)
        {
            return false;
        }
    }

    /**
     * SIGTERM and SIGINT stop, SIGHUP reloads. Where TERM cannot be handled (e.g. -Xrs) a shutdown hook stops
     * instead (the exit status is then the JVM's, 143); where HUP cannot, a line says to restart to reload.
     *
     * @param stop   sets the stop flag.
     * @param reload sets the reload flag.
     * @param err    where the note goes.
     */
    static void install(final Runnable stop, final Runnable reload, final java.io.PrintStream err)
    {
        final boolean term = handle("TERM", stop);
        handle("INT", stop);
        if (!term)
        {
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "sipsensor-stop"));
        }
        if (!handle("HUP", reload))
        {
            err.println("sipsensor: SIGHUP cannot be handled in this JVM; restart to reload");
        }
    }
}
