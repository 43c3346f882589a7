package io.sipsensor.cli;

import io.sipsensor.config.ConfigException;
import io.sipsensor.web.WebServer;
import io.sipsensor.web.WebSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web interface over TLS with a certificate made by openssl: from PEM files and from a PKCS#12 keystore, a real
 * HTTPS client that trusts that certificate logs in and gets a {@code Secure} cookie and HSTS; a client that does not
 * trust it, and plain HTTP to the port, get nothing; a key that is not the certificate's is one line at start.
 */
class WebTlsTest
{
    @TempDir
    Path dir;

    private void openssl(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "openssl finished");
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("openssl.log")));
    }

    /** A self-signed EC certificate for 127.0.0.1 and localhost, and its PKCS#8 key. */
    private void certificate(final String name) throws IOException, InterruptedException
    {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", dir.resolve(name + "-key.pem").toString(), "-out", dir.resolve(name + "-cert.pem").toString(),
            "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    }

    private HttpClient trusting(final Path cert) throws Exception
    {
        final KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert))
        {
            trust.setCertificateEntry("web", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        final TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30)).build();
    }

    private WebServer start(final Path spool, final String... config) throws IOException
    {
        final Path file = dir.resolve("sensor.conf");
        Files.write(file, List.of(config));
        final ContextOptions options = new ContextOptions();
        options.spool = spool;
        options.configFile = file;
        final PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        final var context = options.context(err);
        final WebSettings configured = context.webSettings();
        return WebServer.start(new WebSettings("127.0.0.1", 0, 8, configured.tls()), context.webSources(err), err);
    }

    @Test
    void shouldServeHttpsFromPemFilesAndAKeystoreWithASecureCookie() throws Exception
    {
        certificate("web");
        final Path spool = dir.resolve("spool");
        Files.createDirectories(spool);
        final Path password = dir.resolve("password.txt");
        Files.writeString(password, WebClient.PASSWORD + "\n");
        final Corpus.Result add = Corpus.run("user", "add", "adam", "--role", "admin", "--password-file",
            password.toString(), "--spool", spool.toString());
        assertEquals(0, add.status(), add.err());

        try (WebServer server = start(spool, "http_tls_cert = " + dir.resolve("web-cert.pem"),
            "http_tls_key = " + dir.resolve("web-key.pem"));
            HttpClient https = trusting(dir.resolve("web-cert.pem"));
            HttpClient plainTrust = HttpClient.newHttpClient())
        {
            assertTrue(server.url().startsWith("https://127.0.0.1:"), server.url());
            final HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(server.url() +
                "healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("max-age=31536000", health.headers().firstValue("Strict-Transport-Security").orElse(""));

            final HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(server.url() + "login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=adam&password=" +
                    URLEncoder.encode(WebClient.PASSWORD, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(303, login.statusCode(), login.body());
            final String cookie = login.headers().firstValue("Set-Cookie").orElse("");
            assertTrue(cookie.contains("; Secure") && cookie.contains("HttpOnly") &&
                cookie.contains("SameSite=Strict"), cookie);

            assertThrows(SSLHandshakeException.class, () -> plainTrust.send(HttpRequest.newBuilder(
                URI.create(server.url() + "healthz")).build(), HttpResponse.BodyHandlers.ofString()),
                "a client that does not trust the certificate gets nothing");
            final URI plain = URI.create("http://127.0.0.1:" + server.port() + "/healthz");
            final int status = statusOrMinusOne(plainTrust, plain);
            assertTrue(status != 200, "plain HTTP is not served: " + status);
        }

        openssl("pkcs12", "-export", "-in", dir.resolve("web-cert.pem").toString(), "-inkey",
            dir.resolve("web-key.pem").toString(), "-out", dir.resolve("web.p12").toString(), "-passout",
            "pass:keystore-secret");
        try (WebServer server = start(spool, "http_tls_keystore = " + dir.resolve("web.p12"),
            "http_tls_keystore_password = keystore-secret");
            HttpClient https = trusting(dir.resolve("web-cert.pem")))
        {
            final HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(server.url() +
                "healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
        }
    }

    private static int statusOrMinusOne(final HttpClient client, final URI uri) throws InterruptedException
    {
        try
        {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    @Test
    void shouldRefuseAKeyThatIsNotTheCertificatesAndHalfASettingInOneLine() throws Exception
    {
        certificate("one");
        certificate("two");
        final Path spool = dir.resolve("spool");
        Files.createDirectories(spool);
        final ConfigException wrongKey = assertThrows(ConfigException.class, () -> start(spool,
            "http_tls_cert = " + dir.resolve("one-cert.pem"), "http_tls_key = " + dir.resolve("two-key.pem")));
        assertTrue(wrongKey.getMessage().contains("is not the key of the certificate"), wrongKey.getMessage());

        final Corpus.Result half = Corpus.run("web", "--spool", spool.toString(), "--listen", "127.0.0.1:1",
            "--config-file", writeConfig("http_tls_cert = " + dir.resolve("one-cert.pem")).toString());
        assertEquals(Main.EXIT_USAGE, half.status(), half.err());
        assertEquals(1, half.err().strip().lines().count(), half.err());
        assertTrue(half.err().contains("http_tls_cert and http_tls_key go together"), half.err());

        final ConfigException missing = assertThrows(ConfigException.class, () -> start(spool,
            "http_tls_cert = " + dir.resolve("none.pem"), "http_tls_key = " + dir.resolve("two-key.pem")));
        assertEquals("http_tls_cert = " + dir.resolve("none.pem") + ": no such file", missing.getMessage());
    }

    private Path writeConfig(final String... lines) throws IOException
    {
        final Path file = Files.createTempFile(dir, "web", ".conf");
        Files.write(file, List.of(lines));
        return file;
    }
}
