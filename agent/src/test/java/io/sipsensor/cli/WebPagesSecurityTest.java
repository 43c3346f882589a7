package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages of the web interface as an attacker meets them, over a real server on loopback: without a session every
 * page sends to the log-in and the new API answers 401; only the style sheet and the script are served without
 * one; a viewer cannot install a license, nor can a POST without the CSRF token; an oversized license text is
 * refused before it is read; no parameter reaches a file; and what a CDR carries from the wire is escaped.
 */
class WebPagesSecurityTest
{
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final List<String> PAGES = List.of("/", "/stats", "/stats/explain?at=2026-01-01T00:00:00Z",
        "/cdrs", "/cdrs/leg?index=1", "/license");

    @TempDir
    Path dir;

    @Test
    void shouldSendEveryPageToTheLogInAndServeOnlyTheAssetsWithoutASession() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        try (WebClient web = new WebClient(spool.spool, spool.config))
        {
            web.addUser("ada", "admin");
            for (final String page : PAGES)
            {
                final HttpResponse<String> response = web.get(page);
                assertEquals(303, response.statusCode(), page);
                assertEquals("/login", response.headers().firstValue("Location").orElseThrow(), page);
            }
            assertEquals(401, web.get("/api/v1/stats/explain?day=2026-01-01").statusCode());
            assertEquals(303, web.postForm("/license/install", Map.of("license", "x"), false).statusCode());
            assertEquals(200, web.get("/static/app.css").statusCode());
            assertEquals(200, web.get("/static/app.js").statusCode());
            assertTrue(web.get("/static/app.js").headers().firstValue("Content-Type").orElseThrow()
                .startsWith("text/javascript"));
            assertEquals(303, web.get("/static/users.json").statusCode(), "nothing else under /static/");
        }
    }

    @Test
    void shouldLetNeitherAViewerNorAPostWithoutTheTokenInstallALicense() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        final String license = Files.readString(spool.license("L-EVE", 1000, TODAY.minusDays(1).toString(),
            TODAY.plusDays(300).toString()), StandardCharsets.UTF_8);
        try (WebClient web = new WebClient(spool.spool, spool.config))
        {
            web.addUser("ada", "admin");
            web.addUser("vera", "viewer");
            web.logIn("vera");
            final HttpResponse<String> viewer = web.postForm("/license/install", Map.of("license", license), true);
            assertEquals(403, viewer.statusCode(), viewer.body());
            assertFalse(web.get("/license").body().contains("install-form"), "a viewer gets no form");

            web.logIn("ada");
            assertEquals(403, web.postForm("/license/install", Map.of("license", license), false).statusCode(),
                "no CSRF token");
            final HttpResponse<String> huge = web.postForm("/license/install", Map.of("license",
                "x".repeat(200_000)), true);
            assertEquals(413, huge.statusCode(), "larger than a request may be");
            assertEquals(List.of(), spool.installedFiles(), "nothing installed");

            final HttpResponse<String> admin = web.postForm("/license/install", Map.of("license", license), true);
            assertEquals(200, admin.statusCode(), admin.body());
            assertTrue(admin.body().contains("Installed license L-EVE"), admin.body());
            assertEquals(1, spool.installedFiles().size());
        }
    }

    @Test
    void shouldReachNoFileThroughAnyParameterAndEscapeWhatComesFromTheWire() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        spool.importDays(TODAY.minusDays(2), 3);
        Files.writeString(dir.resolve("secret.txt"), "root:x:0:0:secret\n");
        final Path csv = dir.resolve("xss.csv");
        Files.writeString(csv, io.sipsensor.export.CdrCsv.header() + "\n" +
            "0,<script>alert(1)</script>@evil,\"<img src=x onerror=alert(2)>\",+421900000001,,192.0.2.1,5060," +
            "192.0.2.2,5060," + TODAY.minusDays(1) + "T10:00:00.000000Z," + TODAY.minusDays(1) +
            "T10:00:01.000000Z," + TODAY.minusDays(1) + "T10:05:00.000000Z,200,bye,caller,0,\n");
        assertEquals(0, spool.run("cdr", "import", csv.toString()).status());
        spool.install(spool.license("L-WEB", 1000, TODAY.minusDays(30).toString(), TODAY.plusDays(300).toString()),
            TODAY.minusDays(30) + "T00:00:00Z");
        try (WebClient web = new WebClient(spool.spool, spool.config))
        {
            web.addUser("ada", "admin");
            web.logIn("ada");
            for (final String path : List.of("/static/../../secret.txt", "/static/..%2f..%2fsecret.txt",
                "/cdrs/leg?index=../../secret.txt", "/stats/explain?at=../../secret.txt",
                "/cdrs?from=../../secret.txt", "/cdrs?sensor=../x", "/api/v1/stats/explain?day=../../secret.txt"))
            {
                final HttpResponse<String> response = web.get(path);
                assertFalse(response.body().contains("root:x"), path);
                assertTrue(response.statusCode() >= 400, path + " -> " + response.statusCode());
            }
            final String page = web.get("/cdrs?q=evil").body();
            assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;@evil"), page);
            assertFalse(page.contains("<script>alert") || page.contains("<img src=x"), page);
        }
    }
}
