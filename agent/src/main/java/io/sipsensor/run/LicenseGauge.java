package io.sipsensor.run;

import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;

import io.sipsensor.license.LicenseEvaluator;
import io.sipsensor.license.LicenseStatus;

import java.io.PrintStream;

/**
 * The license as the running agent shows it: evaluated at start and on each reload (SIGHUP), which re-reads the
 * installed license files, so a license installed with {@code license install} counts without a restart. Puts the
 * effective channel limit and the level (0 OK .. 5 LOCKED) into counters and prints one line when they change (a
 * reload that changes nothing repeats nothing). Capture and
 * journaling never depend on it. Main thread.
 */
final class LicenseGauge
{
    private final SensorContext context;
    private final Counters counters;
    private final PrintStream err;
    private String lastLine;

    LicenseGauge(final SensorContext context, final Counters counters, final PrintStream err)
    {
        this.context = context;
        this.counters = counters;
        this.err = err;
    }

    /**
     * Evaluates now; a failure is reported in one line and leaves the gauges as they were.
     */
    void evaluate()
    {
        try
        {
            final LicenseStatus status = context.licenseEvaluator(err).evaluate(LicenseEvaluator.now(), true);
            counters.get(SensorCounter.LICENSE_LIMIT).setRelease(status.effectiveLimit());
            counters.get(SensorCounter.LICENSE_LEVEL).setRelease(status.level().ordinal());
            final String line = "sipsensor: license " + status.level() + ", limit " + status.effectiveLimit() +
                " channels" + (status.license() == null ? " (no license installed)" : "") +
                (status.level().locks() ? "; reporting is locked, capture and journaling go on" : "");
            if (!line.equals(lastLine))
            {
                err.println(line);
                lastLine = line;
            }
        }
        catch (final Exception ex)
        {
            err.println("sipsensor: license not evaluated: " + ex.getMessage());
        }
    }
}
