package io.sipsensor.cli;

import io.sipsensor.agent.ConfigException;
import io.sipsensor.agent.SensorContext;
import io.sipsensor.agent.Spool;
import io.sipsensor.license.InstalledEntry;
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
        "Check a license file or a temporary-increase token from the vendor and install it into the spool. It " +
            "takes effect at once: a larger license unlocks at once; a temporary increase adds its channels " +
            "to the days it is valid on and silences the daily over-allocation alert meanwhile.",
        "A file that does not verify, does not bind to this host, or (a token) is for another license is refused " +
            "and nothing is changed."
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

    @Override
    public Integer call() throws IOException
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
        final LicenseEvaluator evaluator = LicenseEvaluator.of(context, err);
        final LicenseVerifier.Verdict verdict =
            LicenseVerifier.verify(text, context.licenseSettings().publicKey(), evaluator.identity());
        if (verdict.problem() != null)
        {
            throw new ConfigException(file + " not installed: " + verdict.problem() + ": " + verdict.cause());
        }
        if (verdict.increase() != null)
        {
            checkIncrease(verdict.increase(), evaluator.licenseInForce(at), at);
        }
        else
        {
            warnLicense(verdict.license(), at, err);
        }

        final Spool spool = new Spool(context.spoolDirectory());
        spool.prepare();
        final LicenseStore store = evaluator.store();
        final Path installed;
        try (LicenseStore.Lock ignored = store.lock())
        {
            installed = store.install(text, verdict.kind(), verdict.id(), at);
        }
        final LicenseStatus status = evaluator.evaluate(at, asOf == null);
        err.println("sipsensor: installed " + describe(verdict) + " as " + installed + "; license level now " +
            status.level());
        return 0;
    }

    private static void checkIncrease(final TemporaryIncrease increase, final InstalledEntry inForce, final Instant at)
    {
        if (inForce == null)
        {
            throw new ConfigException("temporary increase " + increase.id() + " not installed: it adds to license " +
                increase.licenseId() + ", and no valid license is installed; install the license first");
        }
        if (!inForce.license().id().equals(increase.licenseId()))
        {
            throw new ConfigException("temporary increase " + increase.id() + " not installed: it is for license " +
                increase.licenseId() + ", the license in force is " + inForce.license().id());
        }
        if (!increase.until().isAfter(at))
        {
            throw new ConfigException("temporary increase " + increase.id() + " not installed: it ended at " +
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
                throw new ConfigException(file + " not installed: larger than 1 MiB, not a license file");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException("cannot read " + file + ": no such file");
        }
        catch (final java.nio.charset.CharacterCodingException ex)
        {
            throw new ConfigException(file + " not installed: not a license file (not UTF-8 text)");
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
