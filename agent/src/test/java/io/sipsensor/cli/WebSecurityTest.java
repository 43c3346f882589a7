package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web interface's security against a real server on loopback, with the JDK's HTTP client: nothing is served
 * without a user, nothing but health and metrics without a session, the cookie is HttpOnly and SameSite=Strict,
 * POSTs need the session's CSRF token, a viewer cannot do what an admin does, log-ins are throttled, and path
 * traversal reaches nothing.
 */
class WebSecurityTest
{
    private static final List<String> API = List.of("/api/v1/session", "/api/v1/channels/live",
        "/api/v1/counters", "/api/v1/stats/hourly", "/api/v1/stats/daily", "/api/v1/cdrs", "/api/v1/cdrs.csv",
        "/api/v1/license", "/api/v1/users");

    @TempDir
    Path dir;

    private Path spool() throws IOException
    {
        return Files.createDirectories(dir.resolve("spool"));
    }

    @Test
    void shouldServeNothingButHealthAndMetricsUntilAUserExists() throws IOException
    {
        try (WebClient web = new WebClient(spool(), null))
        {
            assertTrue(web.log.toString(StandardCharsets.UTF_8).contains("sipsensor user add NAME --role admin"),
                web.log.toString(StandardCharsets.UTF_8));
            for (final String path : List.of("/", "/login", "/api/v1/license", "/api/v1/cdrs"))
            {
                final HttpResponse<String> response = web.get(path);
                assertEquals(503, response.statusCode(), path);
                assertTrue(response.body().contains("sipsensor user add"), response.body());
            }
            assertEquals(200, web.get("/healthz").statusCode());
            assertEquals(200, web.get("/metrics").statusCode());

            web.addUser("admin", "admin");
            assertEquals(200, web.get("/login").statusCode(), "served once a user exists");
        }
    }

    @Test
    void shouldAnswer401ToTheApiAndSendPagesToTheLogInWithoutASession() throws IOException
    {
        try (WebClient web = new WebClient(spool(), null))
        {
            web.addUser("admin", "admin");
            for (final String path : API)
            {
                final HttpResponse<String> response = web.get(path);
                assertEquals(401, response.statusCode(), path);
                assertFalse(response.body().contains("\"legs\""), path);
            }
            final HttpResponse<String> page = web.get("/");
            assertEquals(303, page.statusCode());
            assertEquals("/login", page.headers().firstValue("Location").orElseThrow());
            web.cookie = "sipsensor_session=forged";
            assertEquals(401, web.get("/api/v1/license").statusCode(), "an unknown token is no session");
        }
    }

    @Test
    void shouldLogInWithAnHttpOnlySameSiteStrictCookieAndRefuseAWrongPassword() throws IOException
    {
        try (WebClient web = new WebClient(spool(), null))
        {
            web.addUser("admin", "admin");
            final HttpResponse<String> wrong = web.postForm("/login", Map.of("user", "admin", "password",
                "not the password"), false);
            assertEquals(401, wrong.statusCode());
            assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());

            final HttpResponse<String> right = web.postForm("/login", Map.of("user", "admin", "password",
                WebClient.PASSWORD), false);
            assertEquals(303, right.statusCode());
            final String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.startsWith("sipsensor_session="), cookie);
            assertTrue(cookie.contains("; HttpOnly"), cookie);
            assertTrue(cookie.contains("; SameSite=Strict"), cookie);

            web.logIn("admin");
            assertEquals(200, web.get("/api/v1/license").statusCode());
            final HttpResponse<String> dashboard = web.get("/");
            assertEquals(200, dashboard.statusCode());
            assertTrue(dashboard.headers().firstValue("Content-Security-Policy").isPresent());

            final String users = Files.readString(dir.resolve("spool").resolve("users.json"));
            assertFalse(users.contains(WebClient.PASSWORD), "only the hash is stored");
            assertTrue(users.contains("pbkdf2-sha512$210000$"), users);
            assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("spool").resolve("users.json"))));
        }
    }

    @Test
    void shouldRefuseAPostWithoutTheSessionsCsrfToken() throws IOException
    {
        try (WebClient web = new WebClient(spool(), null))
        {
            web.addUser("admin", "admin");
            web.logIn("admin");
            final Map<String, String> form = Map.of("name", "eve", "role", "admin", "password", "long enough pw");
            assertEquals(403, web.postForm("/api/v1/users", form, false).statusCode(), "no token");
            final String token = web.csrf;
            web.csrf = "wrong";
            assertEquals(403, web.postForm("/api/v1/users", form, true).statusCode(), "wrong token");
            final java.util.Map<String, String> withField = new java.util.HashMap<>(form);
            withField.put("csrf", "also wrong");
            assertEquals(403, web.postForm("/api/v1/users", withField, false).statusCode(), "wrong form field");
            assertFalse(web.cli("user", "list").out().contains("eve"), "nothing was added");

            web.csrf = token;
            assertEquals(201, web.postForm("/api/v1/users", form, true).statusCode());
            assertTrue(web.cli("user", "list").out().contains("eve  admin"));
            assertEquals(403, web.postForm("/logout", Map.of(), false).statusCode(), "log-out needs it too");
        }
    }

    @Test
    void shouldNotLetAViewerDoWhatOnlyAnAdminDoes() throws IOException
    {
        try (WebClient web = new WebClient(spool(), null))
        {
            web.addUser("admin", "admin");
            web.addUser("vera", "viewer");
            web.logIn("vera");
            assertEquals(200, web.get("/api/v1/license").statusCode(), "a viewer reads");
            assertEquals(403, web.get("/api/v1/users").statusCode());
            assertEquals(403, web.postForm("/api/v1/users",
                Map.of("name", "mallory", "role", "admin", "password", "long enough pw"), true).statusCode());
            assertEquals(403, web.postForm("/api/v1/users/admin/remove", Map.of(), true).statusCode());
            final String users = web.cli("user", "list").out();
            assertFalse(users.contains("mallory"), users);
            assertTrue(users.contains("admin  admin"), users);
        }
    }

    @Test
    void shouldThrottleLogInsAfterFiveFailures() throws IOException
    {
        try (WebClient web = new WebClient(spool(), null))
        {
            web.addUser("admin", "admin");
            for (int i = 0; i < 5; i++)
            {
                assertEquals(401, web.postForm("/login", Map.of("user", "admin", "password", "guess " + i),
                    false).statusCode());
            }
            final HttpResponse<String> throttled = web.postForm("/login", Map.of("user", "admin", "password",
                WebClient.PASSWORD), false);
            assertEquals(429, throttled.statusCode(), "even the right password waits");
            assertTrue(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()) > 0);
            assertTrue(throttled.headers().firstValue("Set-Cookie").isEmpty());
        }
    }

    @Test
    void shouldEndTheSessionsOfARemovedUserAndAfterAPasswordChange() throws IOException
    {
        try (WebClient web = new WebClient(spool(), null))
        {
            web.addUser("admin", "admin");
            web.addUser("vera", "viewer");
            web.logIn("vera");
            assertEquals(200, web.get("/api/v1/license").statusCode());
            final Path file = Files.writeString(dir.resolve("new-password"), "another long password\n");
            assertEquals(0, web.cli("user", "passwd", "vera", "--password-file", file.toString()).status());
            assertEquals(401, web.get("/api/v1/license").statusCode(), "password changed: session over");

            web.logIn("admin");
            assertEquals(200, web.get("/api/v1/license").statusCode());
            assertEquals(0, web.cli("user", "remove", "admin").status());
            assertEquals(401, web.get("/api/v1/license").statusCode(), "user removed: session over");
        }
    }

    @Test
    void shouldReachNoFileThroughPathTraversal() throws IOException
    {
        final Path spool = spool();
        Files.writeString(dir.resolve("secret.txt"), "root:x:0:0:secret\n");
        try (WebClient web = new WebClient(spool, null))
        {
            web.addUser("admin", "admin");
            web.logIn("admin");
            for (final String path : List.of("/../secret.txt", "/api/v1/../../secret.txt",
                "/%2e%2e/%2e%2e/secret.txt", "/api/v1/..%2f..%2fsecret.txt", "/api/v1/stats/hourly?days=../../x",
                "/api/v1/cdrs?cursor=../../secret.txt", "/api/v1/cdrs?from=../../secret.txt",
                "/..;/..;/secret.txt", "/api/v1/users/..%2f..%2fsecret.txt/remove"))
            {
                final String answer = raw(web, "GET", path);
                assertFalse(answer.contains("root:x"), path + " -> " + answer);
                assertFalse(answer.startsWith("HTTP/1.1 200"), path + " -> " + answer);
            }
            final HttpResponse<String> remove = web.postForm("/api/v1/users/..%2F..%2Fsecret.txt/remove", Map.of(),
                true);
            assertNotEquals(200, remove.statusCode());
            assertTrue(Files.exists(dir.resolve("secret.txt")));
            assertEquals(400, web.postForm("/api/v1/users", Map.of("name", "../../secret", "role", "viewer",
                "password", "long enough pw"), true).statusCode(), "a name with a path is refused");
        }
    }

    /** Sends a request line as given (no client-side normalisation) and returns the whole answer. */
    private static String raw(final WebClient web, final String method, final String target) throws IOException
    {
        try (Socket socket = new Socket("127.0.0.1", web.server.port()))
        {
            socket.setSoTimeout(30_000);
            final String request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + web.cookie +
                "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            final InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
