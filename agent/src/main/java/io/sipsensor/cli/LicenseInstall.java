package io.sipsensor.cli;

import io.sipsensor.config.ConfigException;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.license.LicenseEvaluator;
import io.sipsensor.license.LicenseInstaller;
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

    @Override
    public Integer call() throws IOException
    {
        try
        {
            return install();
        }
        catch (final LicenseInstaller.Refused ex)
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
        final LicenseInstaller.Installed installed = new LicenseInstaller(context.licenseEvaluator(err), err)
            .install(text, file.toString(), at, asOf == null, force);
        err.println("sipsensor: " + installed.line());
        return 0;
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
                throw new LicenseInstaller.Refused(file + " not installed: larger than 1 MiB, not a license file");
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
            throw new LicenseInstaller.Refused(file + " not installed: not a license file (not UTF-8 text)");
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
