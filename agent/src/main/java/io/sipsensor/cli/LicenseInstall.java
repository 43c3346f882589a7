package io.sipsensor.cli;

import io.sipsensor.config.ConfigException;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.spool.Spool;
import io.sipsensor.license.ClockReset;
import io.sipsensor.license.InstalledEntry;
import io.sipsensor.license.Level;
import io.sipsensor.license.License;
import io.sipsensor.license.LicenseEvaluator;
import io.sipsensor.license.LicenseStatus;
import io.sipsensor.license.LicenseStore;
import io.sipsensor.license.LicenseVerifier;
import io.sipsensor.license.TemporaryIncrease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sipsensor license install FILE}: checks a license or temporary-increase token (signature with
 * {@code license_public_key}, fields, binding, for a token the license it adds to) and stores it unchanged in the
 * spool's license history. Nothing is written unless every check passes. The next evaluation of any process (a
 * report, an export, a running agent) uses it: no restart.
 */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Check a license file, a temporary-increase token or a clock reset from the vendor and install it into " +
            "the spool. It takes effect at once: a larger license unlocks at once; so does a temporary increase, " +
            "whose channels count for every day of the check window while it is valid (at most 14 days), and " +
            "which silences the daily over-allocation alert meanwhile; a clock reset forgives the clock readings " +
            "the spool holds.",
        "A file that does not verify, does not bind to this host, or (a token) is for another license is refused " +
            "and nothing is changed (exit status 4). So is a license that would replace the one in force by one " +
            "that has ended, has fewer channels or is older, unless --force is given: the line says what the " +
            "level would become."
    })
final class LicenseInstall implements Callable<Integer>
{
    @ParentCommand
    LicenseCommand license;

    @Mixin
    ContextOptions contextOptions = new ContextOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "The license or token file, as the vendor sent it.")
    Path file;

    @Option(names = "--as-of", paramLabel = "TIME",
        description = "Record the install as made at TIME instead of now (to rebuild a spool's license history).")
    String asOf;

    @Option(names = "--force",
        description = "Install a license even though it has ended, has fewer channels or is older than the one in " +
            "force.")
    boolean force;

    /** A refusal: one line, exit status 4, nothing changed. */
    static final class Refused extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Refused(final String message)
        {
            super(message, null, false, false);
        }
    }

    @Override
    public Integer call() throws IOException
    {
        try
        {
            return install();
        }
        catch (final Refused ex)
        {
            license.parent.err().println("sipsensor: " + ex.getMessage());
            return Main.EXIT_LICENSE_REFUSED;
        }
    }

    private int install() throws IOException
    {
        final PrintStream err = license.parent.err();
        final SensorContext context = contextOptions.context(err);
        if (context.licenseSettings().publicKey() == null)
        {
            throw new ConfigException("no license_public_key is configured, so " + file + " cannot be verified: " +
                "set it in the config file to the vendor's public key");
        }
        final String text = read(file);
        final Instant at = asOf != null ? LicenseCommand.instant(asOf) : LicenseEvaluator.now();
        final LicenseEvaluator evaluator = context.licenseEvaluator(err);
        final LicenseVerifier.Verdict verdict =
            LicenseVerifier.verify(text, context.licenseSettings().publicKey(), evaluator.identity());
        if (verdict.problem() != null)
        {
            throw new Refused(file + " not installed: " + verdict.problem() + ": " + verdict.cause());
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
            checkLicense(verdict.license(), evaluator, context.licenseSettings().policy().trialDays(), at, err);
            warnLicense(verdict.license(), at, err);
        }

        final Spool spool = new Spool(context.spoolDirectory());
        spool.prepare();
        final LicenseStore store = evaluator.store();
        final Path installed;
        try (LicenseStore.Lock ignored = store.lock())
        {
            installed = store.install(text, verdict.kind(), verdict.id(), at);
            if (verdict.clockReset() != null)
            {
                final Instant forgiven = evaluator.applyClockReset(verdict.clockReset(), at);
                err.println("sipsensor: clock reset " + verdict.id() + ": clock readings up to " +
                    (forgiven != null ? forgiven : at) + " no longer count in the clock check");
            }
        }
        final LicenseStatus status = evaluator.evaluate(at, asOf == null);
        err.println("sipsensor: installed " + describe(verdict) + " as " + installed + "; license level now " +
            status.level());
        return 0;
    }

    /**
     * A license that would replace the one in force by one that has ended, has fewer channels or is older is
     * refused unless --force, with what the level would become.
     */
    private void checkLicense(final License candidate, final LicenseEvaluator evaluator, final int trialDays,
        final Instant at, final PrintStream err) throws IOException
    {
        final InstalledEntry inForce = evaluator.licenseInForce(at);
        if (inForce == null)
        {
            return;
        }
        final License current = inForce.license();
        final List<String> worse = new ArrayList<>();
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
        final Level now = evaluator.preview(at, asOf == null, null).level();
        final Level after = evaluator.preview(at, asOf == null, new InstalledEntry(at, "(" + file + ")",
            InstalledEntry.Kind.LICENSE, candidate, null, null)).level();
        final String what = "license " + candidate.id() + " would replace license " + current.id() + " in force, " +
            "but " + String.join(", and ", worse) + "; installed, the license level would be " + after +
            " (now " + now + ")";
        if (!force)
        {
            throw new Refused(file + " not installed: " + what + ". Give --force to install it anyway");
        }
        err.println("sipsensor: warning: " + what + "; installing it as --force says");
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

    private static String read(final Path file)
    {
        try
        {
            if (Files.exists(file) && !Files.isRegularFile(file))
            {
                throw new ConfigException(file + " not installed: not a regular file");
            }
            if (Files.size(file) > 1 << 20)
            {
                throw new Refused(file + " not installed: larger than 1 MiB, not a license file");
            }
            final String text = Files.readString(file, StandardCharsets.UTF_8);
            // editors on some systems start UTF-8 files with a byte order mark; it is not part of the document
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException("cannot read " + file + ": no such file");
        }
        catch (final java.nio.charset.CharacterCodingException ex)
        {
            throw new Refused(file + " not installed: not a license file (not UTF-8 text)");
        }
        catch (final AccessDeniedException ex)
        {
            throw new ConfigException("cannot read " + file + ": permission denied");
        }
        catch (final IOException ex)
        {
            throw new ConfigException("cannot read " + file + ": " + ex.getMessage());
        }
    }
}
