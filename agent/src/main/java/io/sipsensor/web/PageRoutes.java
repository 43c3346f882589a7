package io.sipsensor.web;

import io.javalin.http.Context;
import io.sipsensor.channel.ChannelExplainer;
import io.sipsensor.channel.ChannelStatsUpdate;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.export.ExplanationReport;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.journal.Journal;
import io.sipsensor.license.LicenseEvaluator;
import io.sipsensor.license.LicenseInstaller;
import io.sipsensor.license.LicenseStatus;
import io.sipsensor.spool.Spool;
import io.sipsensor.status.CountersFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The pages' handlers, on the web server's threads: each reads what its page shows (the counters file, the channel
 * statistics, the journal, the license view) and renders it inside {@link Pages#page}. At LOCKED every page but
 * License answers 423 with the {@link LockPage}. The style sheet and the script are served from the agent's jar.
 */
final class PageRoutes
{
    /** The assets under {@code /static/}, read once: name to content type and bytes. */
    private static final Map<String, Asset> ASSETS = Map.of(
        "app.css", asset("app.css", "text/css; charset=utf-8"),
        "app.js", asset("app.js", "text/javascript; charset=utf-8"));

    private record Asset(String contentType, byte[] bytes)
    {
    }

    private final Spool spool;
    private final WebSources sources;
    private final LicenseView license;
    private final LongSupplier clockMs;
    private final PrintStream log;

    PageRoutes(final Spool spool, final WebSources sources, final LicenseView license, final LongSupplier clockMs,
        final PrintStream log)
    {
        this.spool = spool;
        this.sources = sources;
        this.license = license;
        this.clockMs = clockMs;
        this.log = log;
    }

    private static Asset asset(final String name, final String contentType)
    {
        try (InputStream in = PageRoutes.class.getResourceAsStream("static/" + name))
        {
            if (in == null)
            {
                throw new IllegalStateException("the agent's jar lacks io/sipsensor/web/static/" + name);
            }
            return new Asset(contentType, in.readAllBytes());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return true for the paths of the assets (served without a session: the log-in page uses them). */
    static boolean isAsset(final String path)
    {
        return path.startsWith("/static/") && ASSETS.containsKey(path.substring("/static/".length()));
    }

    void asset(final Context ctx)
    {
        final Asset asset = ASSETS.get(ctx.pathParam("name"));
        if (asset == null)
        {
            ctx.status(404).result("not found");
            return;
        }
        ctx.status(200);
        ctx.contentType(asset.contentType());
        ctx.result(asset.bytes());
    }

    private Pages.Frame frame(final Context ctx) throws IOException
    {
        return new Pages.Frame(WebServer.sessionOf(ctx), license.current().status(), CountersFile.read(spool.root()),
            "login".equals(ctx.queryParam("notice")));
    }

    /**
     * @return false (after answering 423 with the lock page) when the license is LOCKED.
     */
    private static boolean open(final Context ctx, final Pages.Frame frame, final String path)
    {
        if (!frame.license().level().locks())
        {
            return true;
        }
        html(ctx, 423, Pages.page(frame, "Locked", path, LockPage.body(frame.license())));
        return false;
    }

    void dashboard(final Context ctx) throws IOException
    {
        final Pages.Frame frame = frame(ctx);
        if (open(ctx, frame, "/"))
        {
            html(ctx, 200, Pages.page(frame, "Dashboard", "/", DashboardPage.body(frame.snapshot())));
        }
    }

    void stats(final Context ctx) throws IOException
    {
        final Pages.Frame frame = frame(ctx);
        if (open(ctx, frame, "/stats"))
        {
            final long nowHour = Math.floorDiv(clockMs.getAsLong(), 3_600_000L);
            html(ctx, 200, Pages.page(frame, "Concurrent Calls Stats", "/stats",
                StatsPage.body(ChannelStatsUpdate.load(spool), frame.license().effectiveLimit(), nowHour)));
        }
    }

    void explain(final Context ctx) throws IOException
    {
        final Pages.Frame frame = frame(ctx);
        if (!open(ctx, frame, "/stats"))
        {
            return;
        }
        final long atNs = instant(ctx.queryParam("at"));
        final ChannelExplainer.Explanation explanation = explain(atNs);
        if (explanation == null)
        {
            html(ctx, 404, Pages.page(frame, "Explanation", "/stats", "<p class=\"error\">No CDR journal in this " +
                "spool.</p>"));
            return;
        }
        html(ctx, 200, Pages.page(frame, "Explanation", "/stats", StatsPage.explanation(explanation)));
    }

    /**
     * {@code GET /api/v1/stats/explain?at=TIME} or {@code ?day=YYYY-MM-DD} (that day's license peak): what
     * {@code channels explain --format json} prints for the instant; 423 at LOCKED.
     */
    void explainJson(final Context ctx) throws IOException
    {
        final LicenseStatus status = license.current().status();
        if (status.level().locks())
        {
            jsonError(ctx, 423, "explanation refused: license LOCKED; install a larger license or a temporary " +
                "increase (GET /api/v1/license says why). Capture and journaling go on", status.level().name());
            return;
        }
        final String day = ctx.queryParam("day");
        final long atNs;
        if (day != null && !day.isBlank())
        {
            final long epochDay;
            try
            {
                epochDay = java.time.LocalDate.parse(day.strip()).toEpochDay();
            }
            catch (final java.time.format.DateTimeParseException ex)
            {
                throw new IllegalArgumentException("day must be a date such as 2026-03-29");
            }
            final ConcurrentCallsStats.DayPeak peak = ChannelStatsUpdate.load(spool).days().get(epochDay);
            if (peak == null || peak.atNs() == Long.MIN_VALUE)
            {
                jsonError(ctx, 404, "no license peak on " + day.strip() + " in the channel statistics", null);
                return;
            }
            atNs = peak.atNs();
        }
        else
        {
            atNs = instant(ctx.queryParam("at"));
        }
        final ChannelExplainer.Explanation explanation = explain(atNs);
        if (explanation == null)
        {
            jsonError(ctx, 404, "no CDR journal in this spool", null);
            return;
        }
        final java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream(16_384);
        ExplanationReport.json(new PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8), explanation);
        ctx.status(200);
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(text.toByteArray());
    }

    private static long instant(final String at)
    {
        if (at == null || at.isBlank() || at.length() > 64)
        {
            throw new IllegalArgumentException("at: give the instant to explain, e.g. 2026-03-29T10:00:00Z");
        }
        try
        {
            return TimeFormat.parse(at.strip());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("at: " + ex.getMessage());
        }
    }

    /** @return the license channels active at the instant and their legs, or null without a journal. */
    private ChannelExplainer.Explanation explain(final long atNs)
    {
        if (!Files.isDirectory(spool.journal()))
        {
            return null;
        }
        try (Journal journal = Journal.openExisting(spool.journal()))
        {
            return ChannelExplainer.at(journal, atNs, sources.channels().get());
        }
    }

    private static void jsonError(final Context ctx, final int status, final String message, final String level)
    {
        final StringBuilder text = new StringBuilder(256);
        final io.sipsensor.json.JsonWriter json = new io.sipsensor.json.JsonWriter(text, false);
        json.beginObject();
        json.name("error").value(message);
        if (level != null)
        {
            json.name("level").value(level);
        }
        json.endObject();
        ctx.status(status);
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(text.toString());
    }

    void cdrs(final Context ctx) throws IOException
    {
        final Pages.Frame frame = frame(ctx);
        if (!open(ctx, frame, "/cdrs"))
        {
            return;
        }
        final CdrPage.Search search = new CdrPage.Search(ctx.queryParam("from"), ctx.queryParam("to"),
            ctx.queryParam("q"), ctx.queryParam("code"), ctx.queryParam("sensor"), ctx.queryParam("limit"));
        final CdrQuery query;
        try
        {
            query = CdrQuery.parse(search.from(), search.to(), search.q(), search.code(), search.sensor(),
                search.limit(), ctx.queryParam("cursor"));
        }
        catch (final IllegalArgumentException ex)
        {
            html(ctx, 400, Pages.page(frame, "CDRs", "/cdrs", CdrPage.body(search, null, ex.getMessage())));
            return;
        }
        html(ctx, 200, Pages.page(frame, "CDRs", "/cdrs", CdrPage.body(search, query.read(spool.journal()), null)));
    }

    void leg(final Context ctx) throws IOException
    {
        final Pages.Frame frame = frame(ctx);
        if (!open(ctx, frame, "/cdrs"))
        {
            return;
        }
        final String text = ctx.queryParam("index");
        if (text == null || text.isEmpty() || text.length() > 19 || !text.chars().allMatch(Character::isDigit))
        {
            throw new IllegalArgumentException("index must be a journal index (a whole number)");
        }
        final long index = Long.parseLong(text);
        final io.sipsensor.journal.CdrLeg leg = CdrQuery.leg(spool.journal(), index);
        html(ctx, leg == null ? 404 : 200, Pages.page(frame, "CDR leg", "/cdrs", CdrPage.leg(index, leg)));
    }

    void licensePage(final Context ctx) throws IOException
    {
        renderLicense(ctx, frame(ctx), 200, null);
    }

    private void renderLicense(final Context ctx, final Pages.Frame frame, final int status,
        final LicensePage.Outcome outcome) throws IOException
    {
        final LicenseView.Result result = license.current();
        final Sessions.Session session = frame.session();
        html(ctx, status, Pages.page(frame, "License", "/license", LicensePage.body(frame.license(),
            result.evaluator().hardwareId(), session.role() == Role.ADMIN, session.csrf(), outcome)));
    }

    /**
     * POST {@code /license/fetch}: the License page's Get License Key button. An admin asks the vendor's portal
     * ({@code license_portal_url}) for a temporary increase, installed as {@code sipsensor license fetch} does; the
     * page shows the outcome in one line. Served at LOCKED too: that is when it is needed.
     */
    void fetch(final Context ctx) throws IOException
    {
        final Sessions.Session session = WebServer.sessionOf(ctx);
        if (session.role() != Role.ADMIN)
        {
            renderLicense(ctx, frame(ctx), 403, new LicensePage.Outcome(false, "Only an admin can get a license key."));
            return;
        }
        LicensePage.Outcome outcome;
        int status = 200;
        try
        {
            final LicenseInstaller.Installed installed =
                new io.sipsensor.license.LicensePortal(sources.license().get(), log).fetchAndInstall(null);
            log.println("sipsensor: web: " + session.user() + " got a license key: " + installed.line());
            outcome = new LicensePage.Outcome(true, "Got a license key: installed " + installed.description() +
                "; the license level is now " + installed.status().level() + ".");
        }
        catch (final LicenseInstaller.Refused | io.sipsensor.license.LicensePortal.Unreachable ex)
        {
            log.println("sipsensor: web: Get License Key for " + session.user() + ": " + ex.getMessage());
            outcome = new LicensePage.Outcome(false, ex.getMessage());
            status = ex instanceof LicenseInstaller.Refused ? 422 : 502;
        }
        license.reevaluate();
        renderLicense(ctx, frame(ctx), status, outcome);
    }

    /** POST {@code /license/install}: an admin installs the pasted or chosen text; the page shows the outcome. */
    void install(final Context ctx) throws IOException
    {
        final Sessions.Session session = WebServer.sessionOf(ctx);
        if (session.role() != Role.ADMIN)
        {
            renderLicense(ctx, frame(ctx), 403, new LicensePage.Outcome(false, "Only an admin can install a " +
                "license."));
            return;
        }
        String text = ctx.formParam("license");
        text = text == null ? "" : text.startsWith("\uFEFF") ? text.substring(1) : text;
        LicensePage.Outcome outcome;
        int status = 200;
        if (text.isBlank())
        {
            outcome = new LicensePage.Outcome(false, "Nothing to install: choose the file or paste its text.");
            status = 400;
        }
        else
        {
            final LicenseEvaluator evaluator = sources.license().get();
            try
            {
                final LicenseInstaller.Installed installed = new LicenseInstaller(evaluator, log)
                    .install(text, "the uploaded text", LicenseEvaluator.now(), true, false);
                log.println("sipsensor: web: " + session.user() + " installed " + installed.description() + " as " +
                    installed.file() + "; license level now " + installed.status().level());
                outcome = new LicensePage.Outcome(true, "Installed " + installed.description() +
                    "; the license level is now " + installed.status().level() + ".");
            }
            catch (final LicenseInstaller.Refused ex)
            {
                outcome = new LicensePage.Outcome(false, ex.getMessage());
                status = 400;
            }
        }
        license.reevaluate();
        renderLicense(ctx, frame(ctx), status, outcome);
    }

    private static void html(final Context ctx, final int status, final String page)
    {
        ctx.status(status);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(page);
    }
}
