package io.sipsensor.license;

import io.sipsensor.json.JsonException;
import io.sipsensor.json.JsonReader;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Get License Key: asks the vendor's portal ({@code license_portal_url}) for a temporary increase of the license in
 * force, with a request only the license's holder can sign ({@link PortalRequest}), and installs the token it
 * answers through the one install path ({@link LicenseInstaller}), which verifies its signature with
 * {@code license_public_key} and that it is for the license in force. Used by {@code sipsensor license fetch} and
 * the web interface's button; any thread, never a capture thread (it waits on the network).
 */
public final class LicensePortal
{
    /** The portal could not be asked or answered nonsense: one line; nothing installed. */
    public static final class Unreachable extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Unreachable(final String message)
        {
            super(message, null, false, false);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_ANSWER_CHARS = 1 << 20;

    private final LicenseEvaluator evaluator;
    private final PrintStream log;

    /**
     * @param evaluator the spool's evaluator (its settings give the portal, the key and the timeout).
     * @param log       where warnings of the install go.
     */
    public LicensePortal(final LicenseEvaluator evaluator, final PrintStream log)
    {
        this.evaluator = evaluator;
        this.log = log;
    }

    /**
     * @param portal the portal's base URL (null: {@code license_portal_url}).
     * @return what was installed.
     * @throws LicenseInstaller.Refused when the portal refuses or its token is not installed (one line).
     * @throws Unreachable              when the portal cannot be reached or answers nonsense (one line).
     * @throws IOException              if the spool cannot be written.
     */
    public LicenseInstaller.Installed fetchAndInstall(final URI portal) throws IOException
    {
        final URI base = portal != null ? portal : evaluator.settings().portal();
        if (base == null)
        {
            throw new Unreachable("no license_portal_url is configured: set it to the vendor's license portal " +
                "(the vendor tells its URL), or ask the vendor for a token and install it with 'license install'");
        }
        if (evaluator.settings().publicKey() == null)
        {
            throw new LicenseInstaller.Refused("no license_public_key is configured, so a token from the portal " +
                "cannot be verified: set it in the config file to the vendor's public key");
        }
        final Instant now = LicenseEvaluator.now();
        final InstalledEntry inForce = evaluator.licenseInForce(now);
        if (inForce == null)
        {
            throw new LicenseInstaller.Refused("no valid license is installed, so there is nothing to increase: " +
                "install the license first");
        }
        final byte[] licenseSignature = licenseSignature(inForce);
        final byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        final Identity identity = evaluator.identity();
        final PortalRequest request = new PortalRequest(inForce.license().id(), identity.hwid(), identity.domain(),
            now, HexFormat.of().formatHex(nonce));
        final String body = request.body();
        final URI target = base.resolve(base.getPath().endsWith("/") ? PortalRequest.PATH.substring(1) :
            base.getPath() + PortalRequest.PATH);
        final String answer = post(target, body, PortalRequest.mac(PortalRequest.key(licenseSignature), body));
        // installed as of when it arrived: the token is valid from the request's time, so it counts at once
        return new LicenseInstaller(evaluator, log).install(answer, "the token from the license portal " + base,
            LicenseEvaluator.now(), true, false);
    }

    private byte[] licenseSignature(final InstalledEntry inForce)
    {
        for (final LicenseStore.StoredFile file : evaluator.store().files())
        {
            if (file.name().equals(inForce.name()) && file.text() != null)
            {
                return SignedDocument.parse(file.text()).signature();
            }
        }
        throw new LicenseInstaller.Refused("the file of license " + inForce.license().id() + " (" + inForce.name() +
            ") cannot be read from the spool, so the request to the portal cannot be signed");
    }

    private String post(final URI target, final String body, final String mac) throws IOException
    {
        final Duration timeout = evaluator.settings().alertTimeout();
        final HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER).build())
        {
            final HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(PortalRequest.SIGNATURE_HEADER, mac)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (final ConnectException ex)
        {
            throw new Unreachable("cannot reach the license portal at " + target + " (connection refused); try " +
                "again later, or ask the vendor for a token and install it with 'license install'");
        }
        catch (final HttpTimeoutException ex)
        {
            throw new Unreachable("the license portal at " + target + " did not answer within " +
                timeout.toSeconds() + " s (license_alert_timeout_s); try again later");
        }
        catch (final IOException ex)
        {
            throw new Unreachable("cannot reach the license portal at " + target + " (" +
                (ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName()) + ")");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while asking the license portal at " + target);
        }
        final String answer = response.body();
        if (answer.length() > MAX_ANSWER_CHARS)
        {
            throw new Unreachable("the license portal at " + target + " answered more than 1 MiB; not a token");
        }
        if (response.statusCode() == 200)
        {
            return answer;
        }
        final String reason = errorOf(answer);
        if (response.statusCode() / 100 == 4 && reason != null)
        {
            throw new LicenseInstaller.Refused("the license portal refused: " + reason);
        }
        throw new Unreachable("the license portal at " + target + " answered HTTP " + response.statusCode() +
            (reason != null ? ": " + reason : "") + "; try again later");
    }

    private static String errorOf(final String answer)
    {
        try
        {
            if (JsonReader.parse(answer) instanceof Map<?, ?> map && map.get("error") instanceof String error)
            {
                return error.replaceAll("[^\\x20-\\x7e]", "?");
            }
        }
        catch (final JsonException ex)
        {
            // not the portal's JSON: said as a status only
        }
        return null;
    }
}
