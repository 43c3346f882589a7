package io.sipsensor.cli;

import io.sipsensor.license.LicenseKeys;
import io.sipsensor.license.PortalRequest;
import io.sipsensor.vendor.PortalPolicy;
import io.sipsensor.vendor.VendorPortal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Get License Key end to end: a real {@code sipsensor-vendor serve} process on a loopback port, and
 * {@code sipsensor license fetch} (and the web interface's button) against it. The token lifts the limit at once;
 * the portal grants one per license per period; a portal that is down, a token signed with another key, a license
 * the portal does not know and a request not signed with the license file each end in one line and change nothing.
 */
class LicensePortalTest
{
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** A spool holding license L-PORTAL (10 channels) bound to this host, and the licenses folder of its vendor. */
    private LicenseSpool licensedSpool(final String... extraConfig) throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir, extraConfig);
        final Path license = spool.license("L-PORTAL", 10, TODAY.minusDays(30).toString(),
            TODAY.plusDays(300).toString());
        spool.install(license, TODAY.minusDays(30) + "T00:00:00Z");
        Files.createDirectories(dir.resolve("issued"));
        Files.copy(license, dir.resolve("issued").resolve("L-PORTAL.json"));
        return spool;
    }

    /** A portal process; its URL is what it prints. */
    private record Portal(Process process, String url) implements AutoCloseable
    {
        @Override
        public void close() throws InterruptedException
        {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
            }
        }
    }

    private Portal startPortal(final Path privateKey, final Path licenses, final String listen,
        final String... extra) throws IOException
    {
        final List<String> args = new ArrayList<>(List.of("serve", "--key", privateKey.toString(), "--licenses",
            licenses.toString(), "--state", dir.resolve("portal-state").toString(), "--listen", listen));
        args.addAll(List.of(extra));
        final List<String> command = LiveNetwork.agentCommand(args);
        command.set(command.indexOf(Main.class.getName()), VendorMain.class.getName());
        final Process process = new ProcessBuilder(command).redirectError(dir.resolve("portal.log").toFile())
            .start();
        final BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final String line = out.readLine();
        if (line == null || !line.contains(" at http://"))
        {
            process.destroyForcibly();
            throw new AssertionError("the portal did not start: " + line + " / " +
                Files.readString(dir.resolve("portal.log")));
        }
        final int start = line.indexOf("http://");
        return new Portal(process, line.substring(start, line.indexOf(' ', start)));
    }

    private static long effectiveLimit(final LicenseSpool spool)
    {
        final Corpus.Result result = spool.run("license", "status", "--json");
        assertEquals(0, result.status(), result.err());
        return ((Number)result.json().get("effective_limit")).longValue();
    }

    private static void assertOneLine(final Corpus.Result result, final int status, final String says)
    {
        assertEquals(status, result.status(), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
        assertTrue(result.err().contains(says), result.err());
    }

    @Test
    void shouldFetchATemporaryIncreaseFromThePortalProcessAndGrantOnlyOnePerPeriod() throws Exception
    {
        final int port;
        try (ServerSocket reserved = new ServerSocket(0))
        {
            // the portal's URL is in the sensor's config before the portal starts: a free port for it
            port = reserved.getLocalPort();
        }
        final LicenseSpool spool = licensedSpool("license_portal_url = http://127.0.0.1:" + port + "/");
        // 12 channels on each of the last 15 days against 10 licensed: locked
        spool.importDays(TODAY.minusDays(15), 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12);
        final Corpus.Result locked = spool.run("license", "status", "--json");
        assertEquals("LOCKED", locked.json().get("level"), locked.out());
        assertEquals(10, effectiveLimit(spool));
        try (Portal portal = startPortal(spool.privateKey, dir.resolve("issued"), "127.0.0.1:" + port,
            "--percent", "50");
            HttpClient http = HttpClient.newHttpClient())
        {
            final Corpus.Result fetched = spool.run("license", "fetch");
            assertEquals(0, fetched.status(), fetched.err());
            assertTrue(fetched.err().contains("installed temporary increase T-L-PORTAL-"), fetched.err());
            assertTrue(fetched.err().contains("license level now OK"), "a locked sensor unlocks at once: " +
                fetched.err());
            assertTrue(fetched.err().contains("+5 channels for license L-PORTAL"), "50 % of 10: " + fetched.err());
            assertEquals(15, effectiveLimit(spool), "the increase counts at once");

            final Corpus.Result again = spool.run("license", "fetch", "--portal", portal.url());
            assertOneLine(again, Main.EXIT_LICENSE_REFUSED, "one is granted per 14 days, the next from");
            assertEquals(15, effectiveLimit(spool));

            // nobody without the license file can ask: a request signed with any other key is refused
            final String hwid = io.sipsensor.license.HardwareId.local().value();
            final String body = new PortalRequest("L-PORTAL", hwid, "", Instant.now(), "00").body();
            final HttpResponse<String> forged = http.send(HttpRequest.newBuilder(
                    URI.create(portal.url()).resolve(PortalRequest.PATH.substring(1)))
                .header(PortalRequest.SIGNATURE_HEADER, PortalRequest.mac(PortalRequest.key(new byte[64]), body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, forged.statusCode(), forged.body());
            assertTrue(forged.body().contains("only its holder may ask"), forged.body());
            final HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(
                    URI.create(portal.url()).resolve(PortalRequest.PATH.substring(1)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"license_id\": 7}")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(400, garbage.statusCode(), garbage.body());
        }
        assertTrue(Files.readString(dir.resolve("portal.log")).contains("issued T-L-PORTAL-"));
    }

    @Test
    void shouldServeGetLicenseKeyInTheWebInterfaceToAdminsOnly() throws Exception
    {
        final LicenseSpool spool = licensedSpool();
        try (VendorPortal portal = inProcessPortal(spool.privateKey, dir.resolve("issued"));
            WebClient web = new WebClient(spool.spool, spool.writeConfig(dir.resolve("web.conf"),
                "license_portal_url = " + portal.url())))
        {
            web.addUser("vera", "viewer");
            web.addUser("adam", "admin");
            web.logIn("vera");
            final HttpResponse<String> viewer = web.postForm("/api/v1/license/fetch", Map.of(), true);
            assertEquals(403, viewer.statusCode(), viewer.body());
            web.logIn("adam");
            final HttpResponse<String> withoutCsrf = web.postForm("/api/v1/license/fetch", Map.of(), false);
            assertEquals(403, withoutCsrf.statusCode(), withoutCsrf.body());
            final HttpResponse<String> page = web.get("/license");
            assertTrue(page.body().contains("id=\"get-license-key\""), "the License page has the button");
            // the button: a form posting to /license/fetch, answered with the License page and the outcome line
            final HttpResponse<String> button = web.postForm("/license/fetch", Map.of(), true);
            assertEquals(200, button.statusCode(), button.body());
            assertTrue(button.body().contains("Got a license key: installed") && button.body().contains("+2 channels"),
                "20 % of 10: " + button.body());
            assertEquals(12, effectiveLimit(spool));
            final HttpResponse<String> again = web.postForm("/api/v1/license/fetch", Map.of(), true);
            assertEquals(422, again.statusCode(), again.body());
            assertTrue(WebClient.json(again).get("error").toString().contains("one is granted per 14 days"),
                again.body());
        }
    }

    @Test
    void shouldSayInOneLineThatThePortalIsDown() throws Exception
    {
        final LicenseSpool spool = licensedSpool();
        final int port;
        try (ServerSocket reserved = new ServerSocket(0))
        {
            port = reserved.getLocalPort();
        }
        final Corpus.Result result = spool.run("license", "fetch", "--portal", "http://127.0.0.1:" + port + "/");
        assertOneLine(result, Main.EXIT_FAILED, "cannot reach the license portal at http://127.0.0.1:" + port +
            "/v1/temporary-increase (connection refused)");
        final Corpus.Result unset = spool.run("license", "fetch");
        assertOneLine(unset, Main.EXIT_FAILED, "no license_portal_url is configured");
        assertEquals(10, effectiveLimit(spool));
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherKeyAndALicenseThePortalDoesNotKnow() throws Exception
    {
        final LicenseSpool spool = licensedSpool();
        final Path otherKeys = dir.resolve("other-keys");
        final Corpus.Result keygen = keygen(otherKeys);
        assertEquals(0, keygen.status(), keygen.err());
        try (VendorPortal portal = inProcessPortal(otherKeys.resolve("vendor-private.pem"), dir.resolve("issued")))
        {
            final Corpus.Result result = spool.run("license", "fetch", "--portal", portal.url());
            assertOneLine(result, Main.EXIT_LICENSE_REFUSED,
                "not installed: KEY_INVALID: its signature does not verify with the configured license_public_key");
        }
        final Path unknown = dir.resolve("unknown");
        Files.createDirectories(unknown);
        Files.copy(spool.license("L-OTHER", 10, TODAY.minusDays(30).toString(), TODAY.plusDays(300).toString()),
            unknown.resolve("L-OTHER.json"));
        try (VendorPortal portal = inProcessPortal(spool.privateKey, unknown))
        {
            final Corpus.Result result = spool.run("license", "fetch", "--portal", portal.url());
            assertOneLine(result, Main.EXIT_LICENSE_REFUSED,
                "the license portal refused: license L-PORTAL is not one this vendor issued");
        }
        assertEquals(10, effectiveLimit(spool), "nothing installed");
    }

    private VendorPortal inProcessPortal(final Path privateKey, final Path licenses)
    {
        return VendorPortal.start(LicenseKeys.readPrivateKey(privateKey), licenses, dir.resolve("portal-state"),
            PortalPolicy.DEFAULT, "127.0.0.1", 0, Clock.systemUTC(),
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    private static Corpus.Result keygen(final Path out)
    {
        final java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        final java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
        final int status = VendorMain.run(new String[]{"keygen", "--out", out.toString()},
            new java.io.PrintStream(stdout, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(stderr, true, StandardCharsets.UTF_8));
        return new Corpus.Result(status, stdout.toString(StandardCharsets.UTF_8),
            stderr.toString(StandardCharsets.UTF_8));
    }
}
