package io.sipsensor.cli;

import io.sipsensor.license.HardwareId;
import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON API against a real server on loopback over a spool filled through the command line (license issued by
 * the vendor tool, CDRs imported): CDR search pages through the journal with a cursor and filters, the CSV export
 * and the stats are what the command line prints, the license status is the command's, the live gauges come from
 * the counters file, and at LOCKED the reports and exports answer 423 while the metrics do not.
 */
class WebApiTest
{
    @TempDir
    Path dir;

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    /** 20, 25 and 30 legs on the three days before today, and a 1,000-channel license: level OK. */
    private LicenseSpool licensedSpool() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        spool.importDays(TODAY.minusDays(3), 20, 25, 30);
        spool.install(spool.license("L-WEB", 1000, TODAY.minusDays(30).toString(), TODAY.plusDays(300).toString()),
            TODAY.minusDays(30) + "T00:00:00Z");
        return spool;
    }

    private static WebClient loggedIn(final LicenseSpool spool) throws IOException
    {
        final WebClient web = new WebClient(spool.spool, spool.config);
        web.addUser("vera", "viewer");
        web.logIn("vera");
        return web;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> legs(final Map<String, Object> page)
    {
        return (List<Map<String, Object>>)page.get("legs");
    }

    @SuppressWarnings("unchecked")
    private static String callId(final Map<String, Object> entry)
    {
        return (String)((Map<String, Object>)entry.get("leg")).get("call_id");
    }

    @Test
    void shouldPageThroughTheJournalWithACursorAndFilterByTimeTextAndCode() throws IOException
    {
        final LicenseSpool spool = licensedSpool();
        try (WebClient web = loggedIn(spool))
        {
            final List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do
            {
                final HttpResponse<String> response = web.get("/api/v1/cdrs?limit=20" +
                    (cursor != null ? "&cursor=" + cursor : ""));
                assertEquals(200, response.statusCode(), response.body());
                final Map<String, Object> page = WebClient.json(response);
                legs(page).forEach(entry -> seen.add(callId(entry)));
                cursor = (String)page.get("next_cursor");
                pages++;
            }
            while (cursor != null && pages < 10);
            assertEquals(75, seen.size());
            assertEquals(75, new HashSet<>(seen).size(), "no leg twice across pages");
            assertEquals(4, pages, "20 + 20 + 20 + 15");
            assertEquals("call-1@test", seen.getFirst());
            assertEquals("call-75@test", seen.getLast());

            assertEquals(List.of("call-7@test"), ids(web, "/api/v1/cdrs?q=CALL-7@"), "Call-ID, any case");
            assertEquals(List.of("call-12@test"), ids(web, "/api/v1/cdrs?q=%2B421900000012"), "caller number");
            assertEquals(75, ids(web, "/api/v1/cdrs?code=200&limit=1000").size());
            assertEquals(0, ids(web, "/api/v1/cdrs?code=486").size());
            final String day2 = TODAY.minusDays(2).toString();
            assertEquals(55, ids(web, "/api/v1/cdrs?limit=1000&from=" + day2).size());
            assertEquals(20, ids(web, "/api/v1/cdrs?limit=1000&to=" + day2).size());

            for (final String bad : List.of("limit=0", "limit=1001", "code=abc", "from=yesterday", "cursor=-1"))
            {
                final HttpResponse<String> response = web.get("/api/v1/cdrs?" + bad);
                assertEquals(400, response.statusCode(), bad + ": " + response.body());
                assertTrue(WebClient.json(response).get("error") instanceof String, response.body());
            }
        }
    }

    private static List<String> ids(final WebClient web, final String path)
    {
        final HttpResponse<String> response = web.get(path);
        assertEquals(200, response.statusCode(), response.body());
        final Map<String, Object> page = WebClient.json(response);
        assertNull(page.get("next_cursor"), path);
        return legs(page).stream().map(WebApiTest::callId).toList();
    }

    @Test
    void shouldExportTheSameCsvAsTheCommandLineAndAnswerStatsAndLicenseAsItsCommands() throws IOException
    {
        final LicenseSpool spool = licensedSpool();
        try (WebClient web = loggedIn(spool))
        {
            final HttpResponse<String> csv = web.get("/api/v1/cdrs.csv");
            assertEquals(200, csv.statusCode());
            assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
            final Corpus.Result export = spool.run("cdr", "export");
            assertEquals(0, export.status(), export.err());
            assertEquals(export.out(), csv.body());
            assertEquals(76, Corpus.csv(csv.body()).size());
            assertEquals(2, Corpus.csv(web.get("/api/v1/cdrs.csv?q=call-75@").body()).size());

            final HttpResponse<String> hourly = web.get("/api/v1/stats/hourly?days=14");
            assertEquals(200, hourly.statusCode(), hourly.body());
            final Corpus.Result channels = spool.run("channels", "--format", "json", "--days", "14");
            assertEquals(0, channels.status(), channels.err());
            assertEquals(channels.out(), hourly.body(), "the API answers from the command's code");
            final Map<String, Object> daily = WebClient.json(web.get("/api/v1/stats/daily"));
            assertEquals(List.of(), daily.get("hours"));
            assertEquals(3, ((List<?>)daily.get("days")).size());
            assertEquals(BigDecimal.valueOf(1000), daily.get("license_limit"));

            final Map<String, Object> license = WebClient.json(web.get("/api/v1/license"));
            final Map<String, Object> command = spool.run("license", "status", "--json").json();
            assertEquals("OK", license.get("level"));
            for (final String key : List.of("level", "hwid", "licensed_channels", "effective_limit", "license"))
            {
                assertEquals(command.get(key), license.get(key), key);
            }
            assertEquals(HardwareId.local().value(), license.get("hwid"));
        }
    }

    @Test
    void shouldExplainAPeakAndAnInstantAsTheExplainCommandDoes() throws IOException
    {
        final LicenseSpool spool = licensedSpool();
        try (WebClient web = loggedIn(spool))
        {
            final String day = TODAY.minusDays(1).toString();
            final HttpResponse<String> peak = web.get("/api/v1/stats/explain?day=" + day);
            assertEquals(200, peak.statusCode(), peak.body());
            final Corpus.Result command = spool.run("channels", "explain", "--peak", day, "--json");
            assertEquals(0, command.status(), command.err());
            assertEquals(command.out(), peak.body(), "the API answers from the command's code");
            assertEquals(BigDecimal.valueOf(30), WebClient.json(peak).get("license_channels"));

            final String at = (String)WebClient.json(peak).get("at");
            assertEquals(peak.body(), web.get("/api/v1/stats/explain?at=" + at).body());
            assertEquals(404, web.get("/api/v1/stats/explain?day=" + TODAY.minusDays(10)).statusCode(),
                "no peak that day");
            for (final String bad : List.of("day=yesterday", "at=soon", ""))
            {
                assertEquals(400, web.get("/api/v1/stats/explain?" + bad).statusCode(), bad);
            }
        }
    }

    @Test
    void shouldServeTheLiveGaugesAndCountersFromTheCountersFile() throws IOException
    {
        final LicenseSpool spool = licensedSpool();
        try (CountersFile counters = CountersFile.create(spool.spool, 0, "sipsensor test");
            WebClient web = loggedIn(spool))
        {
            counters.counters().get(SensorCounter.CHANNELS_LICENSE).set(7);
            counters.counters().get(SensorCounter.CHANNELS_ALL).set(9);
            counters.counters().get(SensorCounter.CALLS_ACTIVE).set(11);
            counters.counters().get(SensorCounter.PACKETS).set(12345);
            counters.heartbeat();

            final Map<String, Object> live = WebClient.json(web.get("/api/v1/channels/live"));
            assertEquals("running", live.get("agent"));
            assertEquals(BigDecimal.valueOf(11), live.get("calls_active"));
            @SuppressWarnings("unchecked")
            final Map<String, Object> channels = (Map<String, Object>)live.get("channels");
            assertEquals(BigDecimal.valueOf(7), channels.get("license"));
            assertEquals(BigDecimal.valueOf(9), channels.get("all"));
            assertEquals(BigDecimal.valueOf(1000), live.get("license_limit"));
            assertEquals("OK", live.get("license_level"));

            final Map<String, Object> status = WebClient.json(web.get("/api/v1/counters"));
            @SuppressWarnings("unchecked")
            final Map<String, Object> values = (Map<String, Object>)status.get("counters");
            assertEquals(BigDecimal.valueOf(12345), values.get("packets"));
            assertEquals(spool.run("status", "--json").json().get("counters"), values, "what status --json says");

            final HttpResponse<String> metrics = web.get("/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
            assertMetric(metrics.body(), "sipsensor_channels_license", 7);
            assertMetric(metrics.body(), "sipsensor_packets_total", 12345);
            assertMetric(metrics.body(), "sipsensor_agent_running", 1);
            assertMetric(metrics.body(), "sipsensor_license_effective_limit", 1000);
            assertMetric(metrics.body(), "sipsensor_license_level", 0);
            assertTrue(metrics.body().contains("# TYPE sipsensor_packets_total counter"), metrics.body());

            final String dashboard = web.get("/").body();
            assertTrue(dashboard.replaceAll("<[^>]+>", "").contains("Active channels 7 / License limit 1000"),
                dashboard);
            assertTrue(!dashboard.contains("http://") && !dashboard.contains("https://") &&
                dashboard.replace("<script src=\"/static/app.js\" defer>", "").indexOf("<script") < 0,
                "nothing from another site, no inline script: " + dashboard);
            assertEquals(200, web.get("/static/app.js").statusCode());
        }
    }

    private static void assertMetric(final String text, final String name, final long value)
    {
        assertTrue(Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{id_sensor=\"0\"\\} " + value + "(\\.0)?$")
            .matcher(text).find(), name + " " + value + " in\n" + text);
    }

    @Test
    void shouldAnswer423ToReportsAndExportsAtLockedButServeMetricsLicenseAndHealth() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        final int[] peaks = new int[14];
        java.util.Arrays.fill(peaks, 3);
        spool.importDays(TODAY.minusDays(14), peaks);
        try (WebClient web = loggedIn(spool))
        {
            for (final String path : List.of("/api/v1/cdrs", "/api/v1/cdrs.csv", "/api/v1/stats/hourly",
                "/api/v1/stats/daily", "/api/v1/stats/explain?day=" + TODAY.minusDays(1)))
            {
                final HttpResponse<String> response = web.get(path);
                assertEquals(423, response.statusCode(), path + ": " + response.body());
                assertEquals("LOCKED", WebClient.json(response).get("level"));
                assertTrue(!response.body().contains("call-"), "no CDR leaks out");
            }
            assertEquals("LOCKED", WebClient.json(web.get("/api/v1/license")).get("level"));
            assertEquals(200, web.get("/healthz").statusCode());
            final HttpResponse<String> metrics = web.get("/metrics");
            assertEquals(200, metrics.statusCode());
            assertMetric(metrics.body(), "sipsensor_license_level", 5);
            final HttpResponse<String> dashboard = web.get("/");
            assertEquals(423, dashboard.statusCode(), "the lock page");
            assertTrue(dashboard.body().contains("class=\"banner LOCKED\""), dashboard.body());
            assertTrue(dashboard.body().contains("<h1 id=\"locked\">Locked</h1>"), dashboard.body());

            final Path larger = spool.license("L-BIG", 1000, TODAY.minusDays(30).toString(),
                TODAY.plusDays(300).toString());
            assertEquals(0, spool.run("license", "install", larger.toString()).status());
            web.server.close(); // the next server evaluates afresh (the running one shows an evaluation 2 s old)
        }
        try (WebClient web = new WebClient(spool.spool, spool.config))
        {
            web.logIn("vera");
            assertEquals(200, web.get("/api/v1/cdrs").statusCode(), "unlocked by the larger license");
            assertEquals(14 * 3 + 1, Corpus.csv(web.get("/api/v1/cdrs.csv").body()).size());
        }
    }
}
