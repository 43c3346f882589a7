package io.sipsensor.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The license alerts by e-mail through a real SMTP server started by the test (Debian's python3-aiosmtpd, storing
 * what it receives in a maildir): one mail a day while an event is open, one for the change to LOCKED and none while
 * locked, one when the level changes (here back to OK, the same day, when a temporary increase unlocks); a server
 * that is down or cannot do the STARTTLS asked for is one line and changes nothing else.
 */
class LicenseMailTest
{
    @TempDir
    Path dir;

    private Process smtp;

    /** Starts aiosmtpd on a free loopback port, delivering into {@code dir/maildir}; returns the port. */
    private int startSmtp() throws IOException, InterruptedException
    {
        final int port;
        try (ServerSocket reserved = new ServerSocket(0))
        {
            port = reserved.getLocalPort();
        }
        final String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        smtp = new ProcessBuilder(python, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + port, "-c",
            "aiosmtpd.handlers.Mailbox", dir.resolve("maildir").toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("smtp.log").toFile()).start();
        final long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline)
        {
            try (Socket socket = new Socket())
            {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return port;
            }
            catch (final IOException ex)
            {
                if (!smtp.isAlive())
                {
                    throw new AssertionError("aiosmtpd did not start (is python3-aiosmtpd installed?): " +
                        Files.readString(dir.resolve("smtp.log")));
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("aiosmtpd did not listen within a minute");
    }

    @AfterEach
    void stopSmtp() throws InterruptedException
    {
        if (smtp != null)
        {
            smtp.destroy();
            if (!smtp.waitFor(30, TimeUnit.SECONDS))
            {
                smtp.destroyForcibly();
            }
        }
    }

    /** @return the mails received, oldest first. */
    private List<String> mails() throws IOException
    {
        final Path received = dir.resolve("maildir").resolve("new");
        if (!Files.isDirectory(received))
        {
            return List.of();
        }
        final List<Path> files;
        try (Stream<Path> list = Files.list(received))
        {
            files = new ArrayList<>(list.toList());
        }
        final List<String> texts = new ArrayList<>();
        for (final Path file : files)
        {
            texts.add(Files.readString(file, StandardCharsets.UTF_8));
        }
        return texts;
    }

    @Test
    void shouldMailOncePerDayOnceForTheLockNoneWhileLockedAndOnceWhenTheLevelChanges() throws Exception
    {
        final int port = startSmtp();
        final LicenseSpool spool = new LicenseSpool(dir, "alert_email_to = ops@example.com, noc@example.com",
            "alert_email_from = sensor-7@example.com", "smtp_host = 127.0.0.1", "smtp_port = " + port);
        spool.install(spool.license("L-1", 100, "2024-12-01", "2025-12-31"), "2024-12-15T00:00:00Z");
        spool.importDays(LocalDate.parse("2025-01-01"), 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120,
            120, 120, 120);

        Corpus.Result check = spool.run("license", "check", "--as-of", "2025-01-02T12:00:00Z");
        assertEquals(0, check.status(), check.err());
        assertEquals(1, mails().size(), check.err());
        final String first = mails().getFirst();
        assertTrue(first.contains("Subject: sipsensor license alert: level WARNING"), first);
        assertTrue(first.contains("From: sensor-7@example.com"), first);
        assertTrue(first.contains("To: ops@example.com, noc@example.com"), first);
        assertTrue(first.contains("OVER_ALLOCATION WARNING"), first);

        spool.run("license", "check", "--as-of", "2025-01-02T18:00:00Z");
        assertEquals(1, mails().size(), "the same day is not mailed twice");
        spool.run("license", "check", "--as-of", "2025-01-03T12:00:00Z");
        assertEquals(2, mails().size(), "the next day is mailed again");

        check = spool.run("license", "check", "--as-of", "2025-01-14T12:00:00Z");
        assertTrue(check.out().startsWith("license level LOCKED"), check.out());
        assertEquals(3, mails().size(), "the change to LOCKED is announced");
        assertTrue(mails().stream().anyMatch(mail -> mail.contains("level LOCKED (was WARNING)")), check.err());

        spool.run("license", "check", "--as-of", "2025-01-14T18:00:00Z");
        check = spool.run("license", "check", "--as-of", "2025-01-15T12:00:00Z");
        assertTrue(check.out().startsWith("license level LOCKED"), check.out());
        assertEquals(3, mails().size(), "no mail while LOCKED");

        spool.install(spool.vendor("temp-increase", "--id", "T-1", "--license-id", "L-1", "--channels", "50",
            "--from", "2025-01-15T13:00:00Z"), "2025-01-15T13:00:00Z");
        check = spool.run("license", "check", "--as-of", "2025-01-15T14:00:00Z");
        assertTrue(check.out().startsWith("license level OK"), check.out());
        assertEquals(4, mails().size(), "the level change is mailed the same day: " + check.err());
        assertTrue(mails().stream().anyMatch(mail -> mail.contains("level OK (was LOCKED)")), check.err());
        spool.run("license", "check", "--as-of", "2025-01-15T18:00:00Z");
        assertEquals(4, mails().size(), "no change, no mail");
    }

    @Test
    void shouldSayInOneLineWhenTheServerIsDownOrCannotStartTls() throws Exception
    {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0))
        {
            closedPort = socket.getLocalPort();
        }
        final LicenseSpool spool = new LicenseSpool(dir, "alert_email_to = ops@example.com", "smtp_host = 127.0.0.1",
            "smtp_port = " + closedPort, "license_alert_timeout_s = 5");
        spool.importDays(LocalDate.parse("2025-01-01"), 5);
        Corpus.Result check = spool.run("license", "check", "--as-of", "2025-01-01T12:00:00Z");
        assertEquals(0, check.status(), check.err());
        assertTrue(check.out().startsWith("license level WARNING"), check.out());
        assertTrue(check.err().contains("sipsensor: license alert mail through smtp://127.0.0.1:" + closedPort +
            " to ops@example.com failed: "), check.err());
        assertTrue(!check.err().contains("\tat "), "no stack trace: " + check.err());

        final int port = startSmtp();
        spool.writeConfig(spool.config, "alert_email_to = ops@example.com", "smtp_host = 127.0.0.1",
            "smtp_port = " + port, "smtp_starttls = yes");
        check = spool.run("license", "check", "--as-of", "2025-01-02T12:00:00Z");
        assertEquals(0, check.status(), check.err());
        assertTrue(check.err().contains("(STARTTLS) to ops@example.com failed: "), check.err());
        assertEquals(0, mails().size(), "nothing goes out in plain text when STARTTLS is required");

        spool.writeConfig(spool.config, "alert_email_to = ops@example.com");
        check = spool.run("license", "check", "--as-of", "2025-01-03T12:00:00Z");
        assertEquals(Main.EXIT_USAGE, check.status(), check.err());
        assertEquals(1, check.err().strip().lines().count(), check.err());
        assertTrue(check.err().contains("alert_email_to is set but smtp_host is not"), check.err());
    }
}
