package io.sipsensor.cli;

import io.sipsensor.web.ApiTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API tokens for scripts, made and revoked with {@code sipsensor token}, against a real server on loopback: the
 * token is printed once and only its SHA-256 is stored (mode 0600); a bearer token reaches the API with its role and
 * no CSRF token, never the pages; an unknown or revoked token is refused at once.
 */
class ApiTokenTest
{
    @TempDir
    Path dir;

    private static HttpResponse<String> get(final WebClient web, final String path, final String token)
    {
        return web.send(web.request(path).header("Authorization", "Bearer " + token).GET().build());
    }

    private static String create(final WebClient web, final String name, final String role)
    {
        final Corpus.Result result = web.cli("token", "create", name, "--role", role);
        assertEquals(0, result.status(), result.err());
        final String token = result.out().strip();
        assertTrue(token.startsWith(ApiTokens.PREFIX) && token.length() > 40, token);
        return token;
    }

    @Test
    void shouldServeTheApiToABearerTokenWithItsRoleUntilItIsRevoked() throws IOException
    {
        final Path spool = dir.resolve("spool");
        Files.createDirectories(spool);
        try (WebClient web = new WebClient(spool, null))
        {
            web.addUser("adam", "admin");
            final String viewer = create(web, "grafana", "viewer");
            final String admin = create(web, "provisioning", "admin");

            final Path file = spool.resolve(ApiTokens.FILE_NAME);
            final String stored = Files.readString(file);
            assertFalse(stored.contains(viewer) || stored.contains(admin), "only hashes at rest: " + stored);
            assertTrue(stored.contains("\"sha256\""), stored);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

            final HttpResponse<String> session = get(web, "/api/v1/session", viewer);
            assertEquals(200, session.statusCode(), session.body());
            final Map<String, Object> who = WebClient.json(session);
            assertEquals("token:grafana", who.get("user"));
            assertEquals("viewer", who.get("role"));
            assertEquals(403, get(web, "/api/v1/users", viewer).statusCode(), "a viewer token is a viewer");
            assertEquals(200, get(web, "/api/v1/users", admin).statusCode(), "an admin token is an admin");

            // a bearer request carries no cookie: it needs no CSRF token
            final HttpResponse<String> remove = web.send(web.request("/api/v1/users/nobody/remove")
                .header("Authorization", "Bearer " + admin).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
            assertEquals(404, remove.statusCode(), remove.body());

            assertEquals(401, get(web, "/", viewer).statusCode(), "tokens are for the API, not the pages");
            assertEquals(401, get(web, "/api/v1/session", viewer + "x").statusCode());
            assertEquals(401, get(web, "/api/v1/session", "sst_guess").statusCode());

            final Corpus.Result list = web.cli("token", "list");
            assertEquals(0, list.status(), list.err());
            assertTrue(list.out().contains("grafana  viewer  " + viewer.substring(0, 8) + "..."), list.out());
            assertFalse(list.out().contains(viewer), "the list never shows a token");

            final Corpus.Result revoke = web.cli("token", "revoke", "grafana");
            assertEquals(0, revoke.status(), revoke.err());
            assertEquals(401, get(web, "/api/v1/session", viewer).statusCode(), "revoked at once");
            assertEquals(200, get(web, "/api/v1/session", admin).statusCode(), "the other token still works");

            final Corpus.Result again = web.cli("token", "revoke", "grafana");
            assertEquals(Main.EXIT_USAGE, again.status(), again.err());
            assertTrue(again.err().contains("no token 'grafana'"), again.err());
        }
    }
}
