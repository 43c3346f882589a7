package io.sipsensor.cli;

import io.sipsensor.config.ConfigException;
import io.sipsensor.license.Binding;
import io.sipsensor.license.ClockReset;
import io.sipsensor.license.License;
import io.sipsensor.license.LicenseKeys;
import io.sipsensor.license.SignedDocument;
import io.sipsensor.license.TemporaryIncrease;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/**
 * The subcommands of {@code sipsensor-vendor}.
 */
final class VendorCommands
{
    private VendorCommands()
    {
    }

    /**
     * {@code sipsensor-vendor keygen}.
     */
    @Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Make an Ed25519 key pair: DIR/vendor-private.pem (keep it secret; mode 600) and " +
            "DIR/vendor-public.pem. Prints the line to put into the sensors' config file.")
    static final class Keygen implements Callable<Integer>
    {
        @ParentCommand
        VendorMain.Vendor vendor;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder for the two key files.")
        Path out;

        @Override
        public Integer call() throws IOException
        {
            Files.createDirectories(out);
            final KeyPair pair = LicenseKeys.generate();
            final Path privateFile = out.resolve("vendor-private.pem");
            final Path publicFile = out.resolve("vendor-public.pem");
            if (Files.exists(privateFile) || Files.exists(publicFile))
            {
                throw new ConfigException("keys already exist in " + out + "; not overwritten");
            }
            write(privateFile, LicenseKeys.pem(pair.getPrivate()));
            try
            {
                Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
            }
            catch (final UnsupportedOperationException ex)
            {
                vendor.err.println("sipsensor-vendor: warning: cannot restrict " + privateFile + " to its owner");
            }
            write(publicFile, LicenseKeys.pem(pair.getPublic()));
            vendor.out.println("license_public_key = " + LicenseKeys.base64(pair.getPublic()));
            vendor.err.println("sipsensor-vendor: wrote " + privateFile + " and " + publicFile);
            return 0;
        }
    }

    /**
     * {@code sipsensor-vendor issue}.
     */
    @Command(name = "issue", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sign a license: channels, validity, renewal and trial flags, binding, optional temporary " +
            "increase. Writes the license file (stdout without --out).")
    static final class Issue implements Callable<Integer>
    {
        @ParentCommand
        VendorMain.Vendor vendor;

        @Option(names = "--key", paramLabel = "FILE", required = true, description = "The vendor's private key.")
        Path key;

        @Option(names = "--id", paramLabel = "ID", required = true, description = "License id, e.g. L-1001.")
        String id;

        @Option(names = "--customer", paramLabel = "NAME", required = true, description = "Customer name.")
        String customer;

        @Option(names = "--channels", paramLabel = "N", required = true, description = "Licensed channels.")
        long channels;

        @Option(names = "--issued", paramLabel = "DATE", description = "Issue date (default today, UTC).")
        String issued;

        @Option(names = "--ends", paramLabel = "DATE",
            description = "Formal end date, the last valid day (default: a year after issue; trial: the trial's " +
                "last day).")
        String ends;

        @Option(names = "--auto-renewal", description = "Keeps working past the formal end while the renewal is " +
            "awaited.")
        boolean autoRenewal;

        @Option(names = "--trial", description = "A trial license.")
        boolean trial;

        @Option(names = "--trial-days", paramLabel = "N", defaultValue = "30",
            description = "Trial length for the default end date (default 30).")
        int trialDays;

        @ArgGroup(exclusive = true, multiplicity = "1")
        BindingOptions binding;

        @Option(names = "--temp-channels", paramLabel = "N",
            description = "A temporary increase carried by the license: channels added ...")
        Long tempChannels;

        @Option(names = "--temp-until", paramLabel = "TIME", description = "... until TIME (UTC).")
        String tempUntil;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the license here.")
        Path out;

        @Override
        public Integer call() throws IOException
        {
            final PrivateKey privateKey = LicenseKeys.readPrivateKey(key);
            if (channels < 0)
            {
                throw new ConfigException("--channels must not be negative");
            }
            final LocalDate issuedDate = issued != null ? date("--issued", issued) :
                LocalDate.now(java.time.ZoneOffset.UTC);
            final LocalDate endDate = ends != null ? date("--ends", ends) :
                trial ? issuedDate.plusDays(trialDays - 1) : issuedDate.plusYears(1).minusDays(1);
            if (endDate.isBefore(issuedDate))
            {
                throw new ConfigException("--ends " + endDate + " is before --issued " + issuedDate);
            }
            if ((tempChannels == null) != (tempUntil == null))
            {
                throw new ConfigException("give both --temp-channels and --temp-until, or neither");
            }
            final TemporaryIncrease increase = tempChannels == null ? null : new TemporaryIncrease(id, id,
                tempChannels, issuedDate.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                LicenseCommand.instant(tempUntil));
            final License license = new License(id, customer, channels, issuedDate, endDate, autoRenewal, trial,
                binding.binding(), increase);
            emit(vendor, out, SignedDocument.sign(license.toPayload(), privateKey));
            return 0;
        }
    }

    /**
     * {@code sipsensor-vendor temp-increase}.
     */
    @Command(name = "temp-increase", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sign a temporary increase for one license: extra channels for up to 14 days. Writes the " +
            "token (stdout without --out); the customer installs it with 'sipsensor license install'.")
    static final class TempIncrease implements Callable<Integer>
    {
        @ParentCommand
        VendorMain.Vendor vendor;

        @Option(names = "--key", paramLabel = "FILE", required = true, description = "The vendor's private key.")
        Path key;

        @Option(names = "--id", paramLabel = "ID", required = true, description = "Token id, e.g. T-17.")
        String id;

        @Option(names = "--license-id", paramLabel = "ID", required = true, description = "The license it adds to.")
        String licenseId;

        @Option(names = "--channels", paramLabel = "N", required = true, description = "Channels added.")
        long channels;

        @Option(names = "--from", paramLabel = "TIME", description = "Start of validity (default now).")
        String from;

        @Option(names = "--days", paramLabel = "N", defaultValue = "14", description = "Days of validity (14).")
        int days;

        @Option(names = "--max-days", paramLabel = "N", defaultValue = "14",
            description = "The customer's license_temp_increase_days (14): sensors cap a token at that many days, " +
                "so a longer one is refused here rather than shortened there.")
        int maxDays;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the token here.")
        Path out;

        @Override
        public Integer call() throws IOException
        {
            final PrivateKey privateKey = LicenseKeys.readPrivateKey(key);
            if (channels <= 0 || days <= 0)
            {
                throw new ConfigException("--channels and --days must be positive");
            }
            if (days > maxDays)
            {
                throw new ConfigException("--days " + days + ": a temporary increase lasts at most " + maxDays +
                    " days (sensors cap it at license_temp_increase_days); give --max-days N if the customer's " +
                    "sensors set it higher");
            }
            final Instant start = from != null ? LicenseCommand.instant(from) : Instant.now();
            final TemporaryIncrease increase =
                new TemporaryIncrease(id, licenseId, channels, start, start.plus(Duration.ofDays(days)));
            emit(vendor, out, SignedDocument.sign(increase.toPayload(), privateKey));
            return 0;
        }
    }

    /**
     * {@code sipsensor-vendor clock-reset}.
     */
    @Command(name = "clock-reset", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sign a clock reset for one host and license: the way out of CLOCK_INVALID left by a clock " +
            "that was once ahead and is right again. Installed with 'sipsensor license install', it makes every " +
            "clock reading the spool holds then no longer count; it works once, and only until --valid-days " +
            "after now.")
    static final class ClockResetCommand implements Callable<Integer>
    {
        @ParentCommand
        VendorMain.Vendor vendor;

        @Option(names = "--key", paramLabel = "FILE", required = true, description = "The vendor's private key.")
        Path key;

        @Option(names = "--id", paramLabel = "ID", required = true, description = "Token id, e.g. C-3.")
        String id;

        @Option(names = "--license-id", paramLabel = "ID", required = true,
            description = "The license in force on the host.")
        String licenseId;

        @Option(names = "--hwid", paramLabel = "HWID", required = true,
            description = "The host's hardware id ('sipsensor license status' prints it).")
        String hwid;

        @Option(names = "--valid-days", paramLabel = "N", defaultValue = "7",
            description = "Days from now within which it must be installed (7).")
        int validDays;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the token here.")
        Path out;

        @Override
        public Integer call() throws IOException
        {
            final PrivateKey privateKey = LicenseKeys.readPrivateKey(key);
            if (validDays <= 0 || validDays > 366)
            {
                throw new ConfigException("--valid-days must be from 1 to 366");
            }
            final Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            final ClockReset reset = new ClockReset(id, licenseId, hwid.toLowerCase(), now,
                now.plus(Duration.ofDays(validDays)));
            emit(vendor, out, SignedDocument.sign(reset.toPayload(), privateKey));
            return 0;
        }
    }

    /** Exactly one binding. */
    static final class BindingOptions
    {
        @Option(names = "--hwid", paramLabel = "HWID", required = true,
            description = "Bind to this hardware id ('sipsensor license status' prints it).")
        String hwid;

        @Option(names = "--domain", paramLabel = "DOMAIN", required = true,
            description = "Bind to this GUI domain (the sensor's gui_domain).")
        String domain;

        Binding binding()
        {
            return hwid != null ? new Binding(Binding.HWID, hwid) : new Binding(Binding.DOMAIN, domain);
        }
    }

    private static LocalDate date(final String option, final String text)
    {
        try
        {
            return LocalDate.parse(text);
        }
        catch (final DateTimeParseException ex)
        {
            throw new ConfigException(option + " '" + text + "' is not a date like 2030-01-31");
        }
    }

    private static void emit(final VendorMain.Vendor vendor, final Path out, final String document) throws IOException
    {
        if (out == null)
        {
            vendor.out.print(document);
            vendor.out.flush();
            return;
        }
        write(out, document);
        vendor.err.println("sipsensor-vendor: wrote " + out);
    }

    private static void write(final Path file, final String text) throws IOException
    {
        try
        {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new ConfigException(file + " already exists; not overwritten");
        }
    }
}
