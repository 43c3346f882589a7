package io.sipsensor.cli;

import io.sipsensor.config.ConfigException;
import io.sipsensor.license.LicenseKeys;
import io.sipsensor.vendor.PortalPolicy;
import io.sipsensor.vendor.VendorPortal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sipsensor-vendor serve}: the vendor's license portal, until SIGTERM or SIGINT.
 */
@Command(name = "serve", aliases = "portal", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Run the vendor's license portal: sensors' 'sipsensor license fetch' and the web interface's Get License " +
            "Key ask it for a temporary increase of a license you issued, with a request signed by the license " +
            "file they hold; it answers a token signed with your key, as its policy allows (by default +20 % of " +
            "the license's channels for 14 days, one per license per 14 days). It knows the licenses whose files " +
            "are in --licenses (read at each request) and records what it issued in --state.",
        "Serve it behind an HTTPS reverse proxy when sensors reach it over the internet."
    })
final class VendorServe implements Callable<Integer>
{
    @ParentCommand
    VendorMain.Vendor vendor;

    @Option(names = "--key", paramLabel = "FILE", required = true, description = "The vendor's private key.")
    Path key;

    @Option(names = "--licenses", paramLabel = "DIR", required = true,
        description = "Folder of the license files you issued (sipsensor-vendor issue --out).")
    Path licenses;

    @Option(names = "--state", paramLabel = "DIR", required = true,
        description = "Folder where the portal records the tokens it issued (created).")
    Path state;

    @Option(names = "--listen", paramLabel = "ADDRESS:PORT", defaultValue = "127.0.0.1:5040",
        description = "Where to listen (127.0.0.1:5040; port 0 takes a free one).")
    String listen;

    @Option(names = "--percent", paramLabel = "N", defaultValue = "20",
        description = "Channels a token adds, percent of the license's (20; rounded up, at least 1).")
    int percent;

    @Option(names = "--days", paramLabel = "N", defaultValue = "14", description = "Life of a token, days (14).")
    int days;

    @Option(names = "--every-days", paramLabel = "N", defaultValue = "14",
        description = "One token per license per this many days (14).")
    int everyDays;

    @Option(names = "--clock-tolerance-s", paramLabel = "N", defaultValue = "300",
        description = "How far a request's time may be from this clock, seconds (300).")
    int clockToleranceSeconds;

    @Override
    public Integer call() throws InterruptedException
    {
        if (percent < 1 || percent > 1000 || days < 1 || days > 366 || everyDays < 0 || everyDays > 3660 ||
            clockToleranceSeconds < 1 || clockToleranceSeconds > 86_400)
        {
            throw new ConfigException("--percent 1..1000, --days 1..366, --every-days 0..3660 and " +
                "--clock-tolerance-s 1..86400, please");
        }
        final int colon = listen.lastIndexOf(':');
        final int port;
        try
        {
            port = colon > 0 ? Integer.parseInt(listen.substring(colon + 1)) : -1;
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException("--listen '" + listen + "' is not ADDRESS:PORT");
        }
        if (port < 0 || port > 65535)
        {
            throw new ConfigException("--listen '" + listen + "' is not ADDRESS:PORT");
        }
        final String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        final PrivateKey privateKey = LicenseKeys.readPrivateKey(key);
        final VendorPortal portal = VendorPortal.start(privateKey, licenses, state,
            new PortalPolicy(percent, days, everyDays, Duration.ofSeconds(clockToleranceSeconds)), host, port,
            Clock.systemUTC(), vendor.err);
        vendor.out.println("sipsensor-vendor: license portal at " + portal.url() + " (licenses from " + licenses +
            ", +" + percent + " % for " + days + " days, one per " + everyDays + " days)");
        vendor.out.flush();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            portal.close();
            stopped.countDown();
        }, "sipsensor-portal-stop"));
        stopped.await();
        return 0;
    }
}
