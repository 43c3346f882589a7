package io.sipsensor.web;

import io.sipsensor.license.LicenseEvaluator;
import io.sipsensor.license.LicenseStatus;

import java.io.IOException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The license state as the web interface shows it: evaluated with the same {@link LicenseEvaluator} the
 * {@code license status} command uses, at most once per {@link #MAX_AGE_MS} (a page and its API calls share one
 * evaluation), on whichever request thread asks first.
 */
final class LicenseView
{
    /** How long one evaluation is shown. */
    static final long MAX_AGE_MS = 2_000;

    private final Supplier<LicenseEvaluator> evaluators;
    private final LongSupplier clockMs;
    private LicenseEvaluator evaluator;
    private LicenseStatus status;
    private long evaluatedMs;

    LicenseView(final Supplier<LicenseEvaluator> evaluators, final LongSupplier clockMs)
    {
        this.evaluators = evaluators;
        this.clockMs = clockMs;
    }

    /** The evaluation and the evaluator that made it (for the hardware id). */
    record Result(LicenseStatus status, LicenseEvaluator evaluator)
    {
    }

    synchronized Result current() throws IOException
    {
        final long now = clockMs.getAsLong();
        if (status == null || now - evaluatedMs >= MAX_AGE_MS || now < evaluatedMs)
        {
            evaluator = evaluators.get();
            status = evaluator.evaluate(LicenseEvaluator.now(), true);
            evaluatedMs = now;
        }
        return new Result(status, evaluator);
    }

    /** Forgets the last evaluation (after a change the next request must see). */
    synchronized void invalidate()
    {
        status = null;
    }
}
