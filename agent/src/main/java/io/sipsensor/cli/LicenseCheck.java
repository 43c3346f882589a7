package io.sipsensor.cli;

import io.sipsensor.license.LicenseGate;
import io.sipsensor.pipeline.SensorContext;

import java.io.IOException;
import java.io.PrintStream;

/**
 * The license check in front of a reporting command. A standalone sensor (and a central) checks the license of its
 * own spool ({@link LicenseGate}); a sensor with {@code server_destination} belongs to its central's group, whose
 * license the central owns and evaluates over every sensor's legs, so it does not enforce a license of its own:
 * it says so in one line and goes on.
 */
final class LicenseCheck
{
    private LicenseCheck()
    {
    }

    /**
     * @param context the command's settings.
     * @param what    what is being done, e.g. "cdr export".
     * @param err     where the line goes.
     * @return true when the command must stop (exit status {@link Main#EXIT_LOCKED}).
     * @throws IOException if the license state cannot be recorded.
     */
    static boolean refused(final SensorContext context, final String what, final PrintStream err)
        throws IOException
    {
        if (licensedAtCentral(context, what, err))
        {
            return false;
        }
        return LicenseGate.check(context.licenseEvaluator(err), what, err).refused();
    }

    /**
     * @param context the command's settings.
     * @param what    what is being done.
     * @param err     where the line goes when the sensor reports to a central.
     * @return true if the license is the central's (the line was printed).
     */
    static boolean licensedAtCentral(final SensorContext context, final String what, final PrintStream err)
    {
        final String central = context.link().destination();
        if (central == null)
        {
            return false;
        }
        err.println("sipsensor: " + what + ": this sensor reports to the central " + central + ", which owns the " +
            "group's license; not checked here");
        return true;
    }
}
