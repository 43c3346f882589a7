package io.sipsensor.cli;

import com.sun.net.httpserver.HttpServer;
import io.sipsensor.json.JsonReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daily alert posts JSON to a real HTTP server on loopback: once per day while over the limit, not again the
 * same day, exactly once for the change to LOCKED and then nothing while locked; a webhook that cannot be reached is logged and changes nothing else.
 */
class LicenseWebhookTest
{
    @TempDir
    Path dir;

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private String startServer() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/alert", exchange ->
        {
            try (InputStream body = exchange.getRequestBody())
            {
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                bodies.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alert";
    }

    @AfterEach
    void stopServer()
    {
        if (server != null)
        {
            server.stop(0);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPostOneAlertPerDayWhileOverTheLimitOneForTheLockAndNoneAfter() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir, "license_alert_webhook = " + startServer());
        spool.install(spool.license("L-1", 100, "2024-12-01", "2025-12-31"), "2024-12-15T00:00:00Z");
        spool.importDays(LocalDate.parse("2025-01-01"), 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120,
            120, 120);

        Corpus.Result check = spool.run("license", "check", "--as-of", "2025-01-02T12:00:00Z");
        assertEquals(0, check.status(), check.err());
        assertTrue(check.err().contains("sipsensor: license alert: level WARNING"), check.err());
        assertEquals(1, bodies.size());
        assertEquals("application/json", contentTypes.getFirst());
        final Map<String, Object> body = (Map<String, Object>)JsonReader.parse(bodies.getFirst());
        assertEquals("sipsensor.license.alert", body.get("type"));
        assertEquals("WARNING", body.get("level"));
        assertEquals("2025-01-02", body.get("day"));
        final Map<String, Object> event = (Map<String, Object>)((List<Object>)body.get("events")).getFirst();
        assertEquals("OVER_ALLOCATION", event.get("type"));
        assertEquals("MINOR", event.get("next_level"));
        assertEquals("2025-01-04T00:00:00Z", event.get("next_escalation_at"));

        check = spool.run("license", "check", "--as-of", "2025-01-02T18:00:00Z");
        assertEquals(0, check.status(), check.err());
        assertEquals(1, bodies.size(), "the same day is not alerted twice");
        assertTrue(!check.err().contains("license alert"), check.err());

        spool.run("license", "check", "--as-of", "2025-01-03T12:00:00Z");
        assertEquals(2, bodies.size(), "the next day is alerted again");

        check = spool.run("license", "check", "--as-of", "2025-01-14T12:00:00Z");
        assertTrue(check.out().startsWith("license level LOCKED"), check.out());
        assertEquals(3, bodies.size(), "the change to LOCKED is announced");
        final Map<String, Object> lock = (Map<String, Object>)JsonReader.parse(bodies.getLast());
        assertEquals("LOCKED", lock.get("level"));
        assertEquals(true, lock.get("lock"));
        assertTrue(check.err().contains("license alert: level LOCKED"), check.err());

        spool.run("license", "check", "--as-of", "2025-01-14T18:00:00Z");
        check = spool.run("license", "check", "--as-of", "2025-01-15T12:00:00Z");
        assertTrue(check.out().startsWith("license level LOCKED"), check.out());
        assertEquals(3, bodies.size(), "then the lock blocks alerts");
        assertTrue(!check.err().contains("license alert"), check.err());
    }

    @Test
    void shouldLogAndGoOnWhenTheWebhookCannotBeReached() throws IOException
    {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            closedPort = socket.getLocalPort();
        }
        final LicenseSpool spool = new LicenseSpool(dir, "license_alert_webhook = http://127.0.0.1:" + closedPort +
            "/alert", "license_alert_timeout_s = 2");
        spool.importDays(LocalDate.parse("2025-01-01"), 5);

        final Corpus.Result check = spool.run("license", "check", "--as-of", "2025-01-01T12:00:00Z");
        assertEquals(0, check.status(), check.err());
        assertTrue(check.err().contains("license alert webhook http://127.0.0.1:" + closedPort + "/alert failed"),
            check.err());
        assertTrue(!check.err().contains("\tat "), "no stack trace: " + check.err());
        assertTrue(check.out().startsWith("license level WARNING"), check.out());
    }
}
