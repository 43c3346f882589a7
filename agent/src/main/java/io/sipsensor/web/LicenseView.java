package io.sipsensor.web;

import io.sipsensor.license.LicenseEvaluator;
import io.sipsensor.license.LicenseStatus;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The license state as the web interface shows it, evaluated with the same {@link LicenseEvaluator} the
 * {@code license status} command uses. An evaluation reads the daily peaks of the journal and can take seconds on a
 * large spool, so requests are answered from the last one: the first request waits for it, later ones get it at once
 * and, when it is older than {@link #MAX_AGE_MS}, start a new one on this view's own thread
 * ({@code sipsensor-web-license}), one at a time. What a request sees is at most {@link #MAX_AGE_MS} plus one
 * evaluation old.
 */
final class LicenseView implements AutoCloseable
{
    /** Age after which a request starts a new evaluation. */
    static final long MAX_AGE_MS = 2_000;

    /** The evaluation and the evaluator that made it (for the hardware id). */
    record Result(LicenseStatus status, LicenseEvaluator evaluator, long evaluatedMs)
    {
    }

    private final Supplier<LicenseEvaluator> evaluators;
    private final LongSupplier clockMs;
    private final PrintStream log;
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(task ->
    {
        final Thread thread = new Thread(task, "sipsensor-web-license");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Result last;
    private boolean refreshing;

    LicenseView(final Supplier<LicenseEvaluator> evaluators, final LongSupplier clockMs, final PrintStream log)
    {
        this.evaluators = evaluators;
        this.clockMs = clockMs;
        this.log = log;
    }

    Result current() throws IOException
    {
        final Result result = last;
        if (result == null)
        {
            return evaluateNow();
        }
        final long age = clockMs.getAsLong() - result.evaluatedMs();
        if (age >= MAX_AGE_MS || age < 0)
        {
            refreshInBackground();
        }
        return result;
    }

    private synchronized Result evaluateNow() throws IOException
    {
        if (last == null)
        {
            last = evaluate();
        }
        return last;
    }

    /**
     * Evaluates now, on the caller's thread, and keeps the result: after an install, so the next page shows it.
     */
    synchronized void reevaluate() throws IOException
    {
        last = evaluate();
    }

    private Result evaluate() throws IOException
    {
        final LicenseEvaluator evaluator = evaluators.get();
        final long now = clockMs.getAsLong();
        return new Result(evaluator.evaluate(LicenseEvaluator.now(), true), evaluator, now);
    }

    private synchronized void refreshInBackground()
    {
        if (refreshing)
        {
            return;
        }
        refreshing = true;
        refresher.execute(() ->
        {
            try
            {
                last = evaluate();
            }
            catch (final IOException | RuntimeException ex)
            {
                log.println("sipsensor: web: license evaluation failed (" + ex.getMessage() + "); showing the last");
            }
            finally
            {
                synchronized (this)
                {
                    refreshing = false;
                }
            }
        });
    }

    @Override
    public void close()
    {
        refresher.shutdownNow();
    }
}
