package io.sipsensor.vendor;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.sipsensor.config.ConfigException;
import io.sipsensor.json.JsonWriter;
import io.sipsensor.license.Binding;
import io.sipsensor.license.LicenseFormatException;
import io.sipsensor.license.PortalRequest;
import io.sipsensor.license.SignedDocument;
import io.sipsensor.license.TemporaryIncrease;
import io.sipsensor.spool.AtomicFiles;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The vendor's license portal ({@code sipsensor-vendor serve}): answers a sensor's signed request
 * ({@link PortalRequest}) for a license it issued with a signed temporary-increase token, as its {@link PortalPolicy}
 * allows. Javalin on its own small thread pool; requests are answered one at a time (the policy's "one per period" is
 * checked and recorded under one lock). What it issued is kept in its state folder, one file per license (the last
 * token), so a restart keeps the policy.
 * <pre>
 *   POST /v1/temporary-increase   200 token | 400 bad request | 403 signature, binding or clock | 404 unknown license
 *                                 | 429 one per period (the answer says from when)
 *   GET  /healthz                 200 {"status":"ok"}
 * </pre>
 * Every refusal is {@code {"error": "one line"}} and a log line.
 */
public final class VendorPortal implements AutoCloseable
{
    private static final DateTimeFormatter TOKEN_TIME =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final PrivateKey key;
    private final IssuedLicenses licenses;
    private final Path state;
    private final PortalPolicy policy;
    private final Clock clock;
    private final PrintStream log;
    private final Javalin app;
    private final String host;

    private VendorPortal(final PrivateKey key, final Path licenses, final Path state, final PortalPolicy policy,
        final String host, final int port, final Clock clock, final PrintStream log)
    {
        this.key = key;
        this.licenses = new IssuedLicenses(licenses, log);
        this.state = state;
        this.policy = policy;
        this.clock = clock;
        this.log = log;
        this.host = host;
        final QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        pool.setName("sipsensor-portal");
        pool.setDaemon(true);
        this.app = Javalin.create(config ->
        {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.threadPool = pool;
            config.jetty.host = host;
            config.jetty.port = port;
            config.http.maxRequestSize = PortalRequest.MAX_BODY_BYTES;
            config.routes.get("/healthz", ctx -> answer(ctx, 200, "status", "ok"));
            config.routes.post(PortalRequest.PATH, this::temporaryIncrease);
            config.routes.exception(Exception.class, (ex, ctx) ->
            {
                log.println("sipsensor-vendor: portal: " + ctx.path() + " failed: " + ex);
                answer(ctx, 500, "error", "internal error; see the portal's log");
            });
        });
    }

    /**
     * Starts serving.
     *
     * @param key      the vendor's private key (signs the tokens).
     * @param licenses the folder of issued license files.
     * @param state    the folder where issued tokens are recorded (created).
     * @param policy   what is granted.
     * @param host     address to listen on.
     * @param port     port (0: any free one).
     * @param clock    the clock.
     * @param log      where the start line and each answer go.
     * @return the running portal.
     * @throws ConfigException with one line when a folder is missing or the address cannot be bound.
     */
    public static VendorPortal start(final PrivateKey key, final Path licenses, final Path state,
        final PortalPolicy policy, final String host, final int port, final Clock clock, final PrintStream log)
    {
        if (!Files.isDirectory(licenses))
        {
            throw new ConfigException("--licenses " + licenses + ": no such folder (the license files you issued)");
        }
        try
        {
            Files.createDirectories(state);
        }
        catch (final IOException ex)
        {
            throw new ConfigException("--state " + state + ": cannot create it (" + ex.getMessage() + ")");
        }
        final VendorPortal portal = new VendorPortal(key, licenses, state, policy, host, port, clock, log);
        try
        {
            portal.app.start();
        }
        catch (final RuntimeException ex)
        {
            portal.close();
            throw new ConfigException("--listen " + host + ":" + port + ": cannot serve the portal there (" +
                ex.getMessage() + ")");
        }
        return portal;
    }

    /** @return the port served. */
    public int port()
    {
        return app.port();
    }

    /** @return the base URL sensors set as {@code license_portal_url}. */
    public String url()
    {
        final String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + ("0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : shown) + ":" + port() + "/";
    }

    @Override
    public void close()
    {
        app.stop();
    }

    private synchronized void temporaryIncrease(final Context ctx) throws IOException
    {
        final String body = ctx.body();
        final PortalRequest request;
        try
        {
            request = PortalRequest.parse(body);
        }
        catch (final LicenseFormatException ex)
        {
            refuse(ctx, 400, "not a temporary-increase request: " + ex.getMessage());
            return;
        }
        final IssuedLicenses.Issued issued = licenses.read().get(request.licenseId());
        if (issued == null)
        {
            refuse(ctx, 404, "license " + printable(request.licenseId()) + " is not one this vendor issued");
            return;
        }
        if (!PortalRequest.macMatches(PortalRequest.key(issued.signature()), body,
            ctx.header(PortalRequest.SIGNATURE_HEADER)))
        {
            refuse(ctx, 403, "the request is not signed with license " + request.licenseId() + "'s file: only its " +
                "holder may ask for an increase (install the license file the vendor sent)");
            return;
        }
        final Binding binding = issued.license().binding();
        final String bound = Binding.HWID.equals(binding.kind()) ? request.hwid() : request.domain();
        if (!binding.value().equalsIgnoreCase(bound))
        {
            refuse(ctx, 403, "license " + request.licenseId() + " is bound to " + binding.kind() + " " +
                binding.value() + ", the request came from " + binding.kind() + " " + printable(bound));
            return;
        }
        final Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (Duration.between(request.time(), now).abs().compareTo(policy.clockTolerance()) > 0)
        {
            refuse(ctx, 403, "the sensor's clock (" + request.time() + ") is more than " +
                policy.clockTolerance().toSeconds() + " s from the portal's (" + now + "): set the clock right");
            return;
        }
        final Path record = state.resolve(request.licenseId().replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
        final TemporaryIncrease last = lastIssued(record);
        if (last != null && now.isBefore(last.from().plus(Duration.ofDays(policy.everyDays()))))
        {
            final Instant next = last.from().plus(Duration.ofDays(policy.everyDays()));
            ctx.header("Retry-After", Long.toString(Duration.between(now, next).toSeconds()));
            refuse(ctx, 429, "license " + request.licenseId() + " had a temporary increase (" + last.id() + ") at " +
                last.from() + "; one is granted per " + policy.everyDays() + " days, the next from " + next);
            return;
        }
        // valid from the sensor's own time of asking (within the tolerance of this clock), so that it counts on the
        // sensor at once even when the sensor's clock is behind this one
        final Instant from = request.time().isBefore(now) ? request.time().truncatedTo(ChronoUnit.SECONDS) : now;
        final TemporaryIncrease increase = new TemporaryIncrease(
            "T-" + request.licenseId() + "-" + TOKEN_TIME.format(now), request.licenseId(),
            policy.channelsFor(issued.license().channels()), from, from.plus(Duration.ofDays(policy.days())));
        final String token = SignedDocument.sign(increase.toPayload(), key);
        AtomicFiles.write(record, token.getBytes(StandardCharsets.UTF_8));
        log.println("sipsensor-vendor: portal: issued " + increase.id() + " (+" + increase.channels() +
            " channels until " + increase.until() + ") to " + ctx.ip());
        ctx.status(200);
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(token);
    }

    private TemporaryIncrease lastIssued(final Path record) throws IOException
    {
        if (!Files.isRegularFile(record))
        {
            return null;
        }
        final Map<String, Object> payload =
            SignedDocument.parse(Files.readString(record, StandardCharsets.UTF_8)).payload();
        return TemporaryIncrease.fromPayload(payload);
    }

    private void refuse(final Context ctx, final int status, final String message)
    {
        log.println("sipsensor-vendor: portal: refused " + ctx.ip() + ": " + message);
        answer(ctx, status, "error", message);
    }

    private static void answer(final Context ctx, final int status, final String name, final String message)
    {
        final StringBuilder text = new StringBuilder(256);
        final JsonWriter json = new JsonWriter(text, false);
        json.beginObject();
        json.name(name).value(message);
        json.endObject();
        ctx.status(status);
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(text.toString());
    }

    private static String printable(final String text)
    {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
