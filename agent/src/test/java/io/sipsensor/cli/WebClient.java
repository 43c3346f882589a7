package io.sipsensor.cli;

import io.sipsensor.json.JsonReader;
import io.sipsensor.web.WebServer;
import io.sipsensor.web.WebSettings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real web server of the agent on a free loopback port, serving a test spool, and a JDK HTTP client that keeps
 * the session cookie by hand (no redirects followed, so tests see the 303s).
 */
final class WebClient implements AutoCloseable
{
    static final String PASSWORD = "correct horse battery";

    final WebServer server;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
    private final Path spool;
    private final Path configFile;
    String cookie;
    String csrf;

    /**
     * @param spool      the spool to serve.
     * @param configFile its config file, or null.
     */
    WebClient(final Path spool, final Path configFile)
    {
        this.spool = spool;
        this.configFile = configFile;
        final ContextOptions options = new ContextOptions();
        options.spool = spool;
        options.configFile = configFile;
        final PrintStream err = new PrintStream(log, true, StandardCharsets.UTF_8);
        server = WebServer.start(WebSettings.at("127.0.0.1", 0), options.context(err).webSources(err), err);
    }

    /** Adds a user through the command line, as an operator would. */
    void addUser(final String name, final String role) throws IOException
    {
        final Path file = Files.createTempFile(spool.getParent(), "password", ".txt");
        Files.writeString(file, PASSWORD + "\n");
        final Corpus.Result result = cli("user", "add", name, "--role", role, "--password-file", file.toString());
        assertEquals(0, result.status(), result.err());
        Files.delete(file);
    }

    Corpus.Result cli(final String... args)
    {
        final java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        all.addAll(java.util.List.of("--spool", spool.toString()));
        if (configFile != null)
        {
            all.addAll(java.util.List.of("--config-file", configFile.toString()));
        }
        return Corpus.run(all.toArray(String[]::new));
    }

    /** Logs in and keeps the cookie and the CSRF token. */
    void logIn(final String name)
    {
        final HttpResponse<String> response = postForm("/login", Map.of("user", name, "password", PASSWORD), false);
        assertEquals(303, response.statusCode(), response.body());
        final String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
        final HttpResponse<String> session = get("/api/v1/session");
        assertEquals(200, session.statusCode(), session.body());
        csrf = (String)json(session).get("csrf");
    }

    HttpResponse<String> get(final String path)
    {
        return send(request(path).GET().build());
    }

    HttpResponse<String> postForm(final String path, final Map<String, String> form, final boolean withCsrf)
    {
        final Map<String, String> fields = new LinkedHashMap<>(form);
        final HttpRequest.Builder request = request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" +
                    URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"))));
        if (withCsrf && csrf != null)
        {
            request.header("X-CSRF-Token", csrf);
        }
        return send(request.build());
    }

    HttpRequest.Builder request(final String path)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(Duration.ofSeconds(60));
        if (cookie != null)
        {
            request.header("Cookie", cookie);
        }
        return request;
    }

    String base()
    {
        return "http://127.0.0.1:" + server.port();
    }

    HttpResponse<String> send(final HttpRequest request)
    {
        try
        {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(final HttpResponse<String> response)
    {
        return (Map<String, Object>)JsonReader.parse(response.body());
    }

    @Override
    public void close()
    {
        server.close();
        http.close();
    }
}
