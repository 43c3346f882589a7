package io.sipsensor.license;

import io.sipsensor.spool.Spool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one install path of the license history, shared by {@code license install FILE}, {@code license fetch} and the
 * web interface: checks a license, temporary-increase token or clock reset (signature with {@code license_public_key},
 * fields, binding, for a token the license it adds to) and stores it unchanged in the spool's license history.
 * Nothing is written unless every check passes; a refusal is one line ({@link Refused}). Any thread; installs of one
 * spool are serialised by the store's lock.
 */
public final class LicenseInstaller
{
    /** A refusal: one line, nothing changed. */
    public static final class Refused extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        /**
         * @param message the line.
         */
        public Refused(final String message)
        {
            super(message, null, false, false);
        }
    }

    /**
     * What an install did.
     *
     * @param file        where the document was stored.
     * @param description what it is, in words.
     * @param verdict     the checked document.
     * @param status      the license state just after.
     */
    public record Installed(Path file, String description, LicenseVerifier.Verdict verdict, LicenseStatus status)
    {
        /** @return the line an operator reads. */
        public String line()
        {
            return "installed " + description + " as " + file + "; license level now " + status.level();
        }
    }

    private final LicenseEvaluator evaluator;
    private final PrintStream log;

    /**
     * @param evaluator the spool's evaluator (its settings give the public key).
     * @param log       where warnings go.
     */
    public LicenseInstaller(final LicenseEvaluator evaluator, final PrintStream log)
    {
        this.evaluator = evaluator;
        this.log = log;
    }

    /**
     * @param text      the document as the vendor sent it.
     * @param source    what it came from (a file name, a portal URL), for the lines.
     * @param at        when the install counts as made.
     * @param realClock true when {@code at} is now (not a rebuild of a spool's history).
     * @param force     install a license even though it has ended, has fewer channels or is older.
     * @return what was installed.
     * @throws Refused     saying why nothing was installed.
     * @throws IOException if the spool cannot be written.
     */
    public Installed install(final String text, final String source, final Instant at, final boolean realClock,
        final boolean force) throws IOException
    {
        if (evaluator.settings().publicKey() == null)
        {
            throw new Refused(source + " not installed: no license_public_key is configured, so it cannot be " +
                "verified: set it in the config file to the vendor's public key");
        }
        final LicenseVerifier.Verdict verdict =
            LicenseVerifier.verify(text, evaluator.settings().publicKey(), evaluator.identity());
        if (verdict.problem() != null)
        {
            throw new Refused(source + " not installed: " + verdict.problem() + ": " + verdict.cause());
        }
        if (verdict.increase() != null)
        {
            checkIncrease(verdict.increase(), evaluator.licenseInForce(at), at);
        }
        else if (verdict.clockReset() != null)
        {
            checkClockReset(verdict.clockReset(), evaluator, at);
        }
        else
        {
            checkLicense(verdict.license(), source, at, realClock, force);
            warnLicense(verdict.license(), at, log);
        }

        final Spool spool = new Spool(evaluator.store().spool());
        spool.prepare();
        final LicenseStore store = evaluator.store();
        final Path installed;
        try (LicenseStore.Lock ignored = store.lock())
        {
            installed = store.install(text, verdict.kind(), verdict.id(), at);
            if (verdict.clockReset() != null)
            {
                final Instant forgiven = evaluator.applyClockReset(verdict.clockReset(), at);
                log.println("sipsensor: clock reset " + verdict.id() + ": clock readings up to " +
                    (forgiven != null ? forgiven : at) + " no longer count in the clock check");
            }
        }
        return new Installed(installed, describe(verdict), verdict, evaluator.evaluate(at, realClock));
    }

    /**
     * A license that would replace the one in force by one that has ended, has fewer channels or is older is
     * refused unless forced, with what the level would become.
     */
    private void checkLicense(final License candidate, final String source, final Instant at, final boolean realClock,
        final boolean force) throws IOException
    {
        final InstalledEntry inForce = evaluator.licenseInForce(at);
        if (inForce == null)
        {
            return;
        }
        final License current = inForce.license();
        final List<String> worse = new ArrayList<>();
        final int trialDays = evaluator.settings().policy().trialDays();
        final Instant ends = candidate.trial() ? candidate.trialEnd(trialDays) : candidate.formalEnd();
        if (!at.isBefore(ends))
        {
            worse.add("it ended at " + ends);
        }
        if (candidate.channels() < current.channels())
        {
            worse.add("it has " + candidate.channels() + " channel" + (candidate.channels() == 1 ? "" : "s") +
                ", fewer than the " + current.channels() + " of license " + current.id());
        }
        if (candidate.issued().isBefore(current.issued()))
        {
            worse.add("it was issued on " + candidate.issued() + ", before license " + current.id() + " (" +
                current.issued() + ")");
        }
        if (worse.isEmpty())
        {
            return;
        }
        final Level now = evaluator.preview(at, realClock, null).level();
        final Level after = evaluator.preview(at, realClock, new InstalledEntry(at, "(" + source + ")",
            InstalledEntry.Kind.LICENSE, candidate, null, null)).level();
        final String what = "license " + candidate.id() + " would replace license " + current.id() + " in force, " +
            "but " + String.join(", and ", worse) + "; installed, the license level would be " + after +
            " (now " + now + ")";
        if (!force)
        {
            throw new Refused(source + " not installed: " + what + ". Give --force to install it anyway");
        }
        log.println("sipsensor: warning: " + what + "; installing it as --force says");
    }

    private static void checkClockReset(final ClockReset reset, final LicenseEvaluator evaluator, final Instant at)
    {
        final InstalledEntry inForce = evaluator.licenseInForce(at);
        if (inForce == null || !inForce.license().id().equals(reset.licenseId()))
        {
            throw new Refused("clock reset " + reset.id() + " not installed: it is for license " + reset.licenseId() +
                ", the license in force is " + (inForce == null ? "none" : inForce.license().id()));
        }
        if (!at.isBefore(reset.validUntil()))
        {
            throw new Refused("clock reset " + reset.id() + " not installed: it had to be installed before " +
                reset.validUntil() + "; ask the vendor for a new one");
        }
        for (final LicenseStore.StoredFile stored : evaluator.store().files())
        {
            if (stored.kind() == InstalledEntry.Kind.CLOCK_RESET &&
                stored.name().endsWith("-clockreset-" + reset.id().replaceAll("[^A-Za-z0-9._-]", "_") + ".json"))
            {
                throw new Refused("clock reset " + reset.id() + " not installed: it was already installed (" +
                    stored.name() + "); a clock reset works once");
            }
        }
    }

    private static void checkIncrease(final TemporaryIncrease increase, final InstalledEntry inForce, final Instant at)
    {
        if (inForce == null)
        {
            throw new Refused("temporary increase " + increase.id() + " not installed: it adds to license " +
                increase.licenseId() + ", and no valid license is installed; install the license first");
        }
        if (!inForce.license().id().equals(increase.licenseId()))
        {
            throw new Refused("temporary increase " + increase.id() + " not installed: it is for license " +
                increase.licenseId() + ", the license in force is " + inForce.license().id());
        }
        if (!increase.until().isAfter(at))
        {
            throw new Refused("temporary increase " + increase.id() + " not installed: it ended at " +
                increase.until());
        }
    }

    private static void warnLicense(final License license, final Instant at, final PrintStream err)
    {
        if (at.isBefore(license.validFrom()))
        {
            err.println("sipsensor: warning: the clock (" + at + ") is before the license's issue date " +
                license.issued() + "; it raises CLOCK_INVALID until then (check the system clock)");
        }
        if (!at.isBefore(license.formalEnd()))
        {
            err.println("sipsensor: warning: license " + license.id() + " is past its formal end date " +
                license.ends() + "; it raises LICENSE_EXPIRED");
        }
    }

    private static String describe(final LicenseVerifier.Verdict verdict)
    {
        if (verdict.license() != null)
        {
            final License license = verdict.license();
            return "license " + license.id() + " (" + license.channels() + " channels, " + license.issued() + " to " +
                license.ends() + ", bound to " + license.binding() + ")";
        }
        if (verdict.clockReset() != null)
        {
            return "clock reset " + verdict.clockReset().id() + " (for license " + verdict.clockReset().licenseId() +
                ", hwid " + verdict.clockReset().hwid() + ")";
        }
        final TemporaryIncrease increase = verdict.increase();
        return "temporary increase " + increase.id() + " (+" + increase.channels() + " channels for license " +
            increase.licenseId() + ", " + increase.from() + " to " + increase.until() + ")";
    }
}
