package io.sipsensor.cli;

import io.sipsensor.config.ConfigException;
import io.sipsensor.license.LicenseInstaller;
import io.sipsensor.license.LicensePortal;
import io.sipsensor.pipeline.SensorContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.Callable;

/**
 * {@code sipsensor license fetch}: Get License Key from the command line. Asks the vendor's license portal for a
 * temporary increase of the license in force and installs it (as {@code license install} would).
 */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Get License Key: ask the vendor's license portal (license_portal_url) for a temporary increase of the " +
            "license in force (by default +20 % for 14 days, one per 14 days, as the vendor decides) and install " +
            "it. The request is signed with the installed license file, so only its holder can ask. The token " +
            "is checked like 'license install' checks a file (signature with license_public_key, the license it " +
            "adds to) and takes effect at once.",
        "Exit status 1 when the portal cannot be reached, 5 when it refuses or its token is not installed; " +
            "either way one line says why and nothing changes."
    })
final class LicenseFetch implements Callable<Integer>
{
    @ParentCommand
    LicenseCommand license;

    @Mixin
    ContextOptions contextOptions = new ContextOptions();

    @Option(names = "--portal", paramLabel = "URL",
        description = "The portal's URL (default: license_portal_url from the config file).")
    String portal;

    @Override
    public Integer call() throws IOException
    {
        final PrintStream err = license.parent.err();
        final SensorContext context = contextOptions.context(err);
        LicenseCommand.requireSpool(context);
        try
        {
            final LicenseInstaller.Installed installed =
                new LicensePortal(context.licenseEvaluator(err), err).fetchAndInstall(portalUri());
            err.println("sipsensor: " + installed.line());
            return 0;
        }
        catch (final LicenseInstaller.Refused ex)
        {
            err.println("sipsensor: license fetch: " + ex.getMessage());
            return Main.EXIT_LICENSE_REFUSED;
        }
        catch (final LicensePortal.Unreachable ex)
        {
            err.println("sipsensor: license fetch: " + ex.getMessage());
            return Main.EXIT_FAILED;
        }
    }

    private URI portalUri()
    {
        if (portal == null)
        {
            return null;
        }
        try
        {
            final URI uri = new URI(portal);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) &&
                uri.getHost() != null)
            {
                return uri;
            }
        }
        catch (final URISyntaxException ex)
        {
            // said below
        }
        throw new ConfigException("--portal '" + portal + "' is not an http:// or https:// URL");
    }
}
