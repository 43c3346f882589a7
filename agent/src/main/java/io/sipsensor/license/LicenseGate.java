package io.sipsensor.license;


import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The license check in front of the reporting side (reports, exports, the channels command):
 * evaluates the spool's license state now and says whether to go on. From MINOR it prints one warning line first;
 * at LOCKED it prints one line naming the cause and the ways out, and the command exits with status 3. Capture and
 * journaling never call it.
 */
public final class LicenseGate
{
    /** What the caller does. */
    public enum Decision
    {
        /** Go on. */
        ALLOW,
        /** A warning line was printed; go on. */
        WARN,
        /** The refusal line was printed; exit with status 3. */
        REFUSE;

        /** @return true when the caller must stop. */
        public boolean refused()
        {
            return this == REFUSE;
        }
    }

    private LicenseGate()
    {
    }

    /**
     * Evaluates at the system clock's now (recording what it saw, like any evaluation) and decides.
     *
     * @param evaluator the spool's license evaluator.
     * @param what      what is being done, e.g. "cdr export".
     * @param err     where the warning or refusal line goes.
     * @return the decision.
     * @throws IOException if the license state cannot be recorded.
     */
    public static Decision check(final LicenseEvaluator evaluator, final String what, final PrintStream err)
        throws IOException
    {
        return decide(evaluator.evaluate(LicenseEvaluator.now(), true), what, err);
    }

    /**
     * @param status the license state.
     * @param what   what is being done.
     * @param err    where the line goes.
     * @return the decision.
     */
    public static Decision decide(final LicenseStatus status, final String what, final PrintStream err)
    {
        if (status.level().locks())
        {
            err.println("sipsensor: " + what + " refused: license " + status.level() + " by " + causes(status) +
                ". Ways out: " + waysOut(status) + ". Capture and journaling go on; see 'sipsensor license status'");
            return Decision.REFUSE;
        }
        if (status.level().warns())
        {
            final OpenEvent worst = status.worst();
            err.println("sipsensor: license warning: level " + status.level() + " by " + causes(status) +
                (worst.nextLevel() != null ? "; next: " + StatusReport.next(worst, status.asOf(),
                    status.policy().zone()) : "") + "; see 'sipsensor license status'");
            return Decision.WARN;
        }
        return Decision.ALLOW;
    }

    private static String causes(final LicenseStatus status)
    {
        final StringBuilder text = new StringBuilder();
        for (final OpenEvent event : status.events())
        {
            if (event.level() == status.level())
            {
                text.append(text.isEmpty() ? "" : " and ").append(event.type()).append(" since ")
                    .append(event.since()).append(" (").append(event.cause()).append(')');
            }
        }
        return text.toString();
    }

    private static String waysOut(final LicenseStatus status)
    {
        final Set<String> ways = new LinkedHashSet<>();
        for (final OpenEvent event : status.events())
        {
            if (event.level() != status.level())
            {
                continue;
            }
            switch (event.type())
            {
                case OVER_ALLOCATION ->
                {
                    ways.add("install a larger license ('sipsensor license install FILE', takes effect at once)");
                    ways.add("install a temporary increase from the vendor");
                    ways.add("correct the data (purge the CDRs and recompute them from captures)");
                }
                case LICENSE_EXPIRED -> ways.add("install the renewed license ('sipsensor license install FILE')");
                case KEY_INVALID -> ways.add("install the license file exactly as the vendor sent it, and check " +
                    "license_public_key");
                case BINDING_MISMATCH -> ways.add("install a license for this host's hwid " +
                    status.identity().hwid() + " or set gui_domain to the licensed domain");
                case CLOCK_INVALID -> ways.add("correct the system clock; if it was ahead once and is right " +
                    "now, install a clock reset from the vendor (sipsensor-vendor clock-reset --license-id " +
                    (status.license() != null ? status.license().license().id() : "ID") + " --hwid " +
                    status.identity().hwid() + ")");
                default -> ways.add("resolve " + event.type() + " on the central");
            }
        }
        return String.join(", or ", ways);
    }
}
