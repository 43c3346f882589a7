package io.sipsensor.run;

import io.sipsensor.config.ConfigException;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.web.WebServer;
import io.sipsensor.web.WebSettings;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sipsensor web}: the web interface of a spool without capturing (an offline spool, or beside a live agent
 * run with {@code http_listen = 0}), until SIGTERM or SIGINT. It reads the spool and never locks it.
 */
public final class WebRun
{
    /**
     * The web interface beside a live run: off when {@code http_listen = 0}; a failure to listen is one line and
     * capture goes on.
     *
     * @param context the run's settings.
     * @param err     where the line goes.
     * @return the server, or null.
     */
    static WebServer startBeside(final SensorContext context, final PrintStream err)
    {
        try
        {
            // the TLS settings are checked here: a bad pair is one line, and capture goes on
            final WebSettings settings = context.webSettings();
            return settings.enabled() ? WebServer.start(settings, context.webSources(err), err) : null;
        }
        catch (final ConfigException ex)
        {
            err.println("sipsensor: " + ex.getMessage() + "; capture goes on without the web interface");
            return null;
        }
    }

    private final SensorContext context;
    private final PrintStream err;
    private final CountDownLatch stop = new CountDownLatch(1);

    /**
     * @param context validated settings.
     * @param err     where the start line and problems go.
     */
    public WebRun(final SensorContext context, final PrintStream err)
    {
        this.context = context;
        this.err = err;
    }

    /** Asks a running {@link #run} to stop. Any thread. */
    public void requestStop()
    {
        stop.countDown();
    }

    /**
     * Serves until a stop is requested.
     *
     * @param installSignals true to stop on SIGTERM and SIGINT (the command line).
     * @return exit status 0.
     * @throws ConfigException with one line when there is no spool, the web interface is off, or the address
     *                         cannot be bound.
     */
    public int run(final boolean installSignals)
    {
        if (!Files.isDirectory(context.spoolDirectory()))
        {
            throw new ConfigException("no spool at " + context.spoolDirectory() + " (give --spool DIR)");
        }
        final WebSettings settings = context.webSettings();
        if (!settings.enabled())
        {
            throw new ConfigException("http_listen is 0 (the web interface is off); give --listen ADDRESS:PORT");
        }
        try (WebServer ignored = WebServer.start(settings, context.webSources(err), err))
        {
            if (installSignals)
            {
                Signals.install(this::requestStop, () -> { }, err);
            }
            stop.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
