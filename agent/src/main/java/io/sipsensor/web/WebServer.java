package io.sipsensor.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.sipsensor.channel.ChannelReport;
import io.sipsensor.channel.ChannelStatsUpdate;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.export.ChannelStatsReport;
import io.sipsensor.json.JsonWriter;
import io.sipsensor.license.LicenseStatus;
import io.sipsensor.license.StatusReport;
import io.sipsensor.spool.Spool;
import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The web interface and HTTP API of a sensor (Javalin on Jetty 12, in its own bounded thread pool named
 * {@code sipsensor-web}): it reads only what the command line reads (the counters file, the channel statistics
 * file, the CDR journal, the license evaluator), so serving a request never touches a capture thread.
 * <p>
 * Security: nothing but {@code /healthz}, {@code /metrics} and the log-in page is served without a session; with no
 * user in {@code <spool>/users.json} every other request answers 503 saying how to create one. Sessions are a
 * random token in an {@code HttpOnly}, {@code SameSite=Strict} cookie; every POST other than the log-in carries the
 * session's CSRF token (header {@code X-CSRF-Token} or form field {@code csrf}); failed log-ins are throttled per
 * address and per user name ({@link LoginThrottle}). At license level LOCKED (as last evaluated, see
 * {@link LicenseView}) the reports and exports answer 423; {@code /metrics}, {@code /healthz}, the license status
 * and the live counters never do.
 */
public final class WebServer implements AutoCloseable
{
    private static final long MAX_REQUEST_BYTES = 64 * 1024;
    private static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/metrics", "/login");
    private static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION_KEY = "sipsensor.session";

    private final WebSources sources;
    private final Spool spool;
    private final Users users;
    private final ApiTokens tokens;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final LicenseView license;
    private final PrintStream log;
    private final PageRoutes pages;
    private final Javalin app;
    private final String host;
    private final boolean tls;

    private WebServer(final WebSettings settings, final WebSources sources, final LongSupplier clockMs,
        final PrintStream log)
    {
        this.sources = sources;
        this.spool = new Spool(sources.spoolRoot());
        this.users = new Users(sources.spoolRoot());
        this.tokens = new ApiTokens(sources.spoolRoot());
        this.sessions = new Sessions(clockMs);
        this.throttle = new LoginThrottle(clockMs);
        this.license = new LicenseView(sources.license(), clockMs, log);
        this.log = log;
        this.pages = new PageRoutes(spool, sources, license, clockMs, log);
        this.host = settings.host();
        this.tls = settings.tls() != null;
        final java.security.KeyStore tlsKeys = tls ? settings.tls().load() : null;
        final QueuedThreadPool pool = new QueuedThreadPool(settings.threads(), Math.min(2, settings.threads()));
        pool.setName("sipsensor-web");
        pool.setDaemon(true);
        this.app = Javalin.create(config ->
        {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.threadPool = pool;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            if (tlsKeys != null)
            {
                config.jetty.addConnector((server, http) ->
                    TlsConnector.create(server, http, tlsKeys, settings.host(), settings.port()));
            }
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.http.generateEtags = false;
            config.routes.before(this::guard);
            config.routes.get("/healthz", this::healthz);
            config.routes.get("/metrics", this::metrics);
            config.routes.get("/login", ctx -> html(ctx, 200, Pages.login(null)));
            config.routes.post("/login", this::login);
            config.routes.post("/logout", this::logout);
            config.routes.get("/static/{name}", pages::asset);
            config.routes.get("/", pages::dashboard);
            config.routes.get("/stats", pages::stats);
            config.routes.get("/stats/explain", pages::explain);
            config.routes.get("/cdrs", pages::cdrs);
            config.routes.get("/cdrs/leg", pages::leg);
            config.routes.get("/license", pages::licensePage);
            config.routes.post("/license/install", pages::install);
            config.routes.post("/license/fetch", pages::fetch);
            config.routes.get("/api/v1/session", this::session);
            config.routes.get("/api/v1/channels/live", this::liveChannels);
            config.routes.get("/api/v1/counters", this::counters);
            config.routes.get("/api/v1/stats/hourly", ctx -> stats(ctx, true));
            config.routes.get("/api/v1/stats/daily", ctx -> stats(ctx, false));
            config.routes.get("/api/v1/stats/explain", pages::explainJson);
            config.routes.get("/api/v1/cdrs", this::cdrs);
            config.routes.get("/api/v1/cdrs.csv", this::cdrsCsv);
            config.routes.get("/api/v1/license", this::licenseStatus);
            config.routes.post("/api/v1/license/fetch", ctx ->
                GetLicenseKey.handle(ctx, session(ctx, false), sources.license(), log));
            config.routes.get("/api/v1/users", this::listUsers);
            config.routes.post("/api/v1/users", this::addUser);
            config.routes.post("/api/v1/users/{name}/remove", this::removeUser);
            config.routes.exception(IllegalArgumentException.class, (ex, ctx) ->
                error(ctx, 400, ex.getMessage()));
            config.routes.exception(Exception.class, (ex, ctx) ->
            {
                log.println("sipsensor: web: " + ctx.method() + " " + ctx.path() + " failed: " + ex);
                error(ctx, 500, "internal error; see the agent's log");
            });
            config.routes.error(404, ctx ->
            {
                if (ctx.result() == null || ctx.result().isEmpty())
                {
                    error(ctx, 404, "not found");
                }
            });
        });
    }

    /**
     * Starts serving.
     *
     * @param settings where to listen and how many threads.
     * @param sources  what to read.
     * @param log      where the start line, the hint to create a user and request failures go.
     * @return the running server.
     * @throws io.sipsensor.config.ConfigException with one line when the address cannot be bound.
     */
    public static WebServer start(final WebSettings settings, final WebSources sources, final PrintStream log)
    {
        return start(settings, sources, System::currentTimeMillis, log);
    }

    static WebServer start(final WebSettings settings, final WebSources sources, final LongSupplier clockMs,
        final PrintStream log)
    {
        final WebServer server = new WebServer(settings, sources, clockMs, log);
        try
        {
            server.app.start();
        }
        catch (final RuntimeException ex)
        {
            server.close();
            throw new io.sipsensor.config.ConfigException("http_listen = " + settings.host() + ":" +
                settings.port() + ": cannot serve the web interface there (" + rootMessage(ex) + ")");
        }
        log.println("sipsensor: web interface at " + server.url());
        if (server.users.current().isEmpty())
        {
            log.println("sipsensor: the web interface has no user yet and serves nothing until one exists; " +
                "create one with: sipsensor user add NAME --role admin --spool " + sources.spoolRoot());
        }
        return server;
    }

    private static String rootMessage(final Throwable ex)
    {
        Throwable cause = ex;
        while (cause.getCause() != null)
        {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /** @return the port served (the one bound when 0 was asked). */
    public int port()
    {
        return app.port();
    }

    /** @return the base URL, e.g. {@code http://127.0.0.1:5030/}. */
    public String url()
    {
        final String shown = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "https://" : "http://") + ("0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : shown) + ":" + port() + "/";
    }

    @Override
    public void close()
    {
        app.stop();
        license.close();
    }

    // ---- security -------------------------------------------------------------------------------------------------

    private void guard(final Context ctx)
    {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with the log-in form, which
        // the same-origin check must refuse (found by the browser tests: no browser could log in)
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
        ctx.header("Cache-Control", "no-store");
        if (tls)
        {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
        final String path = ctx.path();
        if (PageRoutes.isAsset(path) ||
            PUBLIC_PATHS.contains(path) && (!"/login".equals(path) || !users.current().isEmpty()))
        {
            return;
        }
        final Map<String, Users.User> known = users.current();
        if (known.isEmpty())
        {
            stop(ctx, 503, "no user exists yet: create one with 'sipsensor user add NAME --role admin --spool " +
                sources.spoolRoot() + "'");
            return;
        }
        final String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            final Sessions.Session bearer = BearerAuth.session(tokens, authorization.substring(7).strip());
            if (bearer == null || !path.startsWith("/api/"))
            {
                stop(ctx, 401, bearer == null ? "unknown or revoked API token" :
                    "API tokens are for /api/ only; pages need a log-in");
                return;
            }
            ctx.attribute(SESSION_KEY, bearer);
            return;
        }
        final Sessions.Session session = sessions.find(ctx.cookie(Sessions.COOKIE), known);
        if (session == null)
        {
            if (path.startsWith("/api/"))
            {
                stop(ctx, 401, "log-in required");
            }
            else
            {
                ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
                ctx.skipRemainingHandlers();
            }
            return;
        }
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD && !csrfMatches(ctx, session))
        {
            stop(ctx, 403, "missing or wrong CSRF token (send the session's token in the " + CSRF_HEADER +
                " header or the csrf form field)");
            return;
        }
        ctx.attribute(SESSION_KEY, session);
    }

    private static boolean csrfMatches(final Context ctx, final Sessions.Session session)
    {
        String given = ctx.header(CSRF_HEADER);
        if (given == null && ctx.contentType() != null &&
            ctx.contentType().startsWith("application/x-www-form-urlencoded"))
        {
            given = ctx.formParam("csrf");
        }
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
            session.csrf().getBytes(StandardCharsets.UTF_8));
    }

    /** @return the session the guard found for this request (every route but the public ones has one). */
    static Sessions.Session sessionOf(final Context ctx)
    {
        return session(ctx, false);
    }

    private static Sessions.Session session(final Context ctx, final boolean admin)
    {
        final Sessions.Session session = ctx.attribute(SESSION_KEY);
        if (session == null)
        {
            throw new IllegalStateException("no session on an authenticated route");
        }
        if (admin && session.role() != Role.ADMIN)
        {
            return null;
        }
        return session;
    }

    private static boolean sameOrigin(final Context ctx)
    {
        final String origin = ctx.header("Origin");
        if (origin == null || "null".equals(origin))
        {
            return origin == null;
        }
        try
        {
            final URI uri = URI.create(origin);
            final String hostHeader = ctx.header("Host");
            return hostHeader != null && (uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""))
                .equalsIgnoreCase(hostHeader);
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    private void login(final Context ctx)
    {
        if (!sameOrigin(ctx))
        {
            error(ctx, 403, "log-in from another origin refused");
            return;
        }
        final String name = ctx.formParam("user");
        final String password = ctx.formParam("password");
        final String address = ctx.ip();
        final String shownName = name == null ? "" : name;
        final long wait = throttle.retryAfterSeconds(address, shownName);
        if (wait > 0)
        {
            ctx.header("Retry-After", Long.toString(wait));
            html(ctx, 429, Pages.login("Too many failed log-ins; try again in " + wait + " s."));
            return;
        }
        final char[] secret = password == null ? new char[0] : password.toCharArray();
        final Users.User user;
        try
        {
            user = users.authenticate(name, secret);
        }
        finally
        {
            PasswordHash.clear(secret);
        }
        if (user == null)
        {
            throttle.failed(address, shownName);
            log.println("sipsensor: web: failed log-in for '" + printable(shownName) + "' from " + address);
            html(ctx, 401, Pages.login("Wrong user name or password."));
            return;
        }
        throttle.succeeded(address, shownName);
        final Sessions.Session session = sessions.start(user);
        ctx.header("Set-Cookie", Sessions.COOKIE + "=" + session.token() +
            "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + Sessions.ABSOLUTE_MS / 1000 + (tls ? "; Secure" : ""));
        ctx.redirect("/?notice=login", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void logout(final Context ctx)
    {
        sessions.end(ctx.cookie(Sessions.COOKIE));
        ctx.header("Set-Cookie", Sessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
            (tls ? "; Secure" : ""));
        ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private static String printable(final String text)
    {
        final String cut = text.length() > 64 ? text.substring(0, 64) : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    // ---- handlers -------------------------------------------------------------------------------------------------

    private void healthz(final Context ctx)
    {
        final CountersFile.Snapshot snapshot = CountersFile.read(spool.root());
        final StringBuilder text = new StringBuilder(128);
        final JsonWriter json = new JsonWriter(text, false);
        json.beginObject();
        json.name("status").value("ok");
        json.name("id_sensor").value(sources.idSensor());
        json.name("agent").value(snapshot == null ? "none" : snapshot.state().name().toLowerCase());
        json.endObject();
        json(ctx, 200, text);
    }

    private void metrics(final Context ctx) throws IOException
    {
        LicenseStatus status = null;
        try
        {
            status = license.current().status();
        }
        catch (final IOException | RuntimeException ex)
        {
            // the counters still go out; the license series are left out
        }
        ctx.status(200);
        ctx.contentType(PrometheusMetrics.contentType());
        PrometheusMetrics.write(CountersFile.read(spool.root()), status, sources.idSensor(), ctx.outputStream());
    }

    private void session(final Context ctx)
    {
        final Sessions.Session session = session(ctx, false);
        final StringBuilder text = new StringBuilder(256);
        final JsonWriter json = new JsonWriter(text, false);
        json.beginObject();
        json.name("user").value(session.user());
        json.name("role").value(session.role().text());
        json.name("csrf").value(session.csrf());
        json.endObject();
        json(ctx, 200, text);
    }

    private void liveChannels(final Context ctx) throws IOException
    {
        final CountersFile.Snapshot snapshot = CountersFile.read(spool.root());
        final LicenseStatus status = license.current().status();
        final StringBuilder text = new StringBuilder(512);
        final JsonWriter json = new JsonWriter(text, true);
        json.beginObject();
        json.name("agent").value(snapshot == null ? "none" : snapshot.state().name().toLowerCase());
        if (snapshot != null)
        {
            json.name("as_of").value(Instant.ofEpochMilli(snapshot.heartbeatMs()).toString());
            json.name("calls_active").value(snapshot.value(SensorCounter.CALLS_ACTIVE));
            json.name("channels").beginObject();
            json.name("all").value(snapshot.value(SensorCounter.CHANNELS_ALL));
            json.name("all_dedup").value(snapshot.value(SensorCounter.CHANNELS_ALL_DEDUP));
            json.name("answered").value(snapshot.value(SensorCounter.CHANNELS_ANSWERED));
            json.name("answered_dedup").value(snapshot.value(SensorCounter.CHANNELS_ANSWERED_DEDUP));
            json.name("license").value(snapshot.value(SensorCounter.CHANNELS_LICENSE));
            json.endObject();
            json.name("health").beginObject();
            json.name("kernel_drops").value(snapshot.value(SensorCounter.KERNEL_DROPS));
            json.name("malformed").value(snapshot.value(SensorCounter.MALFORMED));
            json.name("journal_lag").value(snapshot.value(SensorCounter.JOURNAL_LAG));
            json.name("legs_lost").value(snapshot.value(SensorCounter.LEGS_LOST));
            json.endObject();
        }
        json.name("license_limit").value(status.effectiveLimit());
        json.name("license_level").value(status.level().name());
        json.endObject();
        json(ctx, 200, text);
    }

    private void counters(final Context ctx)
    {
        final CountersFile.Snapshot snapshot = CountersFile.read(spool.root());
        if (snapshot == null)
        {
            error(ctx, 404, "no counters: no live agent has run on this spool");
            return;
        }
        final StringBuilder text = new StringBuilder(8192);
        final JsonWriter json = new JsonWriter(text, true);
        json.beginObject();
        json.name("state").value(snapshot.state().name().toLowerCase());
        json.name("pid").value(snapshot.pid());
        json.name("started").value(Instant.ofEpochMilli(snapshot.startMs()).toString());
        json.name("heartbeat").value(Instant.ofEpochMilli(snapshot.heartbeatMs()).toString());
        if (snapshot.stopMs() != 0)
        {
            json.name("stopped").value(Instant.ofEpochMilli(snapshot.stopMs()).toString());
        }
        json.name("id_sensor").value(snapshot.idSensor());
        json.name("version").value(snapshot.version());
        json.name("capture").value(snapshot.description());
        json.name("counters").beginObject();
        for (final Map.Entry<String, Long> entry : snapshot.values().entrySet())
        {
            json.name(entry.getKey()).value(entry.getValue());
        }
        json.endObject();
        json.endObject();
        json(ctx, 200, text);
    }

    /** @return true (after answering 423) when the license is LOCKED. */
    private boolean locked(final Context ctx, final String what) throws IOException
    {
        final LicenseStatus status = license.current().status();
        if (!status.level().locks())
        {
            return false;
        }
        final StringBuilder text = new StringBuilder(256);
        final JsonWriter json = new JsonWriter(text, false);
        json.beginObject();
        json.name("error").value(what + " refused: license LOCKED; install a larger license or a temporary " +
            "increase (GET /api/v1/license says why). Capture and journaling go on");
        json.name("level").value(status.level().name());
        json.endObject();
        json(ctx, 423, text);
        return true;
    }

    private void stats(final Context ctx, final boolean hourly) throws IOException
    {
        if (locked(ctx, hourly ? "hourly stats" : "daily stats"))
        {
            return;
        }
        final String daysText = ctx.queryParam("days");
        final int days = daysText == null ? 14 : parseDays(daysText);
        final ConcurrentCallsStats stats = ChannelStatsUpdate.load(spool);
        final List<ChannelReport.HourRow> rows = new ArrayList<>();
        if (hourly && !stats.hours().isEmpty())
        {
            rows.addAll(stats.hours().tailMap(stats.hours().lastKey() - days * 24L + 1, true).values());
        }
        final LicenseStatus status = license.current().status();
        json(ctx, 200, ChannelStatsReport.jsonText(stats, rows, status.effectiveLimit()));
    }

    private static int parseDays(final String text)
    {
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit) ||
            Integer.parseInt(text) < 1 || Integer.parseInt(text) > 3650)
        {
            throw new IllegalArgumentException("days must be a whole number from 1 to 3650");
        }
        return Integer.parseInt(text);
    }

    private CdrQuery query(final Context ctx)
    {
        return CdrQuery.parse(ctx.queryParam("from"), ctx.queryParam("to"), ctx.queryParam("q"),
            ctx.queryParam("code"), ctx.queryParam("sensor"), ctx.queryParam("limit"), ctx.queryParam("cursor"));
    }

    private void cdrs(final Context ctx) throws IOException
    {
        final CdrQuery query = query(ctx);
        if (locked(ctx, "CDR search"))
        {
            return;
        }
        final StringBuilder text = new StringBuilder(16_384);
        query.page(spool.journal(), new JsonWriter(text, false));
        json(ctx, 200, text);
    }

    private void cdrsCsv(final Context ctx) throws IOException
    {
        final CdrQuery query = query(ctx);
        if (locked(ctx, "CDR export"))
        {
            return;
        }
        ctx.status(200);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"cdrs.csv\"");
        final Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8),
            65_536);
        query.csv(spool.journal(), out);
    }

    private void licenseStatus(final Context ctx) throws IOException
    {
        final LicenseView.Result result = license.current();
        final StringBuilder text = new StringBuilder(4096);
        StatusReport.json(result.status(), result.evaluator().hardwareId(), new JsonWriter(text, true));
        json(ctx, 200, text);
    }

    private void listUsers(final Context ctx)
    {
        if (session(ctx, true) == null)
        {
            error(ctx, 403, "only an admin may list users");
            return;
        }
        final StringBuilder text = new StringBuilder(1024);
        final JsonWriter json = new JsonWriter(text, true);
        json.beginObject();
        json.name("users").beginArray();
        for (final Users.User user : users.current().values())
        {
            json.beginObject();
            json.name("name").value(user.name());
            json.name("role").value(user.role().text());
            json.name("created").value(user.created());
            json.endObject();
        }
        json.endArray();
        json.endObject();
        json(ctx, 200, text);
    }

    private void addUser(final Context ctx) throws IOException
    {
        if (session(ctx, true) == null)
        {
            error(ctx, 403, "only an admin may add users");
            return;
        }
        final String name = ctx.formParam("name");
        final Role role = Role.parse(String.valueOf(ctx.formParam("role")));
        final String password = ctx.formParam("password");
        if (role == null)
        {
            error(ctx, 400, "role must be admin or viewer");
            return;
        }
        final char[] secret = password == null ? new char[0] : password.toCharArray();
        try
        {
            users.add(name, role, secret);
        }
        catch (final io.sipsensor.config.ConfigException ex)
        {
            error(ctx, 400, ex.getMessage());
            return;
        }
        finally
        {
            PasswordHash.clear(secret);
        }
        log.println("sipsensor: web: " + session(ctx, true).user() + " added user '" + name + "' (" + role.text() +
            ")");
        error(ctx, 201, "user '" + name + "' added");
    }

    private void removeUser(final Context ctx) throws IOException
    {
        final Sessions.Session session = session(ctx, true);
        if (session == null)
        {
            error(ctx, 403, "only an admin may remove users");
            return;
        }
        final String name = ctx.pathParam("name");
        if (!Users.NAME.matcher(name).matches())
        {
            error(ctx, 400, "not a user name");
            return;
        }
        if (name.equals(session.user()))
        {
            error(ctx, 400, "an admin cannot remove their own user here (use 'sipsensor user remove')");
            return;
        }
        try
        {
            users.remove(name);
        }
        catch (final io.sipsensor.config.ConfigException ex)
        {
            error(ctx, 404, ex.getMessage());
            return;
        }
        log.println("sipsensor: web: " + session.user() + " removed user '" + name + "'");
        error(ctx, 200, "user '" + name + "' removed");
    }

    // ---- answers --------------------------------------------------------------------------------------------------

    private static void json(final Context ctx, final int status, final CharSequence text)
    {
        ctx.status(status);
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(text.toString());
    }

    private static void html(final Context ctx, final int status, final String page)
    {
        ctx.status(status);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(page);
    }

    private static void error(final Context ctx, final int status, final String message)
    {
        final StringBuilder text = new StringBuilder(128);
        final JsonWriter json = new JsonWriter(text, false);
        json.beginObject();
        json.name(status < 400 ? "message" : "error").value(message);
        json.endObject();
        json(ctx, status, text);
    }

    private static void stop(final Context ctx, final int status, final String message)
    {
        error(ctx, status, message);
        ctx.skipRemainingHandlers();
    }
}
