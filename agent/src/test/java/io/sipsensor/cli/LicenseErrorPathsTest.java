package io.sipsensor.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every failing license or import command prints one line starting with "sipsensor:" (no stack trace), exits
 * non-zero, and leaves the spool as it was: same installed files, same journal, a status that still evaluates.
 */
class LicenseErrorPathsTest
{
    @TempDir
    Path dir;

    private LicenseSpool spool;
    private Path license;

    @BeforeEach
    void installOneLicense() throws IOException
    {
        spool = new LicenseSpool(dir);
        license = spool.license("L-1", 100, "2025-01-01", "2099-12-31");
        spool.install(license, "2025-01-01T00:00:00Z");
        spool.importDays(LocalDate.parse("2025-01-01"), 3, 4);
    }

    private void assertFailsCleanly(final Corpus.Result result, final String expected) throws IOException
    {
        assertNotEquals(0, result.status(), result.err());
        assertEquals(1, result.err().lines().count(), "one line: " + result.err());
        assertTrue(result.err().startsWith("sipsensor: "), result.err());
        assertTrue(!result.err().contains("Exception") && !result.err().contains("\tat "), result.err());
        assertTrue(result.err().contains(expected), "'" + expected + "' in: " + result.err());
        assertSpoolUnchanged();
    }

    private void assertSpoolUnchanged() throws IOException
    {
        assertEquals(1, spool.installedFiles().size(), "installed files");
        assertEquals(7, spool.journaledLegs(), "journaled legs");
        assertEquals("OK", spool.status("2025-01-02T12:00:00Z").get("level"));
    }

    private Path file(final String name, final String text) throws IOException
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldRefuseInstallsThatCannotBeTrustedWithOneLine() throws IOException
    {
        assertFailsCleanly(spool.run("license", "install", dir.resolve("missing.json").toString()), "no such file");
        assertFailsCleanly(spool.run("license", "install", "/dev/zero"), "/dev/zero not installed: not a regular file");
        assertFailsCleanly(spool.run("license", "install", file("garbage.json", "PK\u0003\u0004 not json").toString()),
            "not JSON");
        assertFailsCleanly(spool.run("license", "install", file("other.json", "{\"a\": 1}").toString()),
            "not a signed sipsensor document");

        final String text = Files.readString(license);
        assertFailsCleanly(spool.run("license", "install",
            file("tampered.json", text.replace("\"channels\": 100", "\"channels\": 900")).toString()),
            "signature does not verify");

        final Path token = spool.vendor("temp-increase", "--id", "T-1", "--license-id", "L-OTHER", "--channels", "10",
            "--from", "2025-01-02T00:00:00Z");
        final Corpus.Result wrongLicense = spool.run("license", "install", token.toString(), "--as-of",
            "2025-01-02T01:00:00Z");
        assertFailsCleanly(wrongLicense, "is for license L-OTHER, the license in force is L-1");

        assertFailsCleanly(spool.run("license", "install", license.toString(), "--as-of", "yesterday"),
            "cannot read time 'yesterday'");
    }

    @Test
    void shouldRefuseALicenseThatMakesThingsWorseUnlessForcedSayingWhatTheLevelWouldBecome() throws IOException
    {
        final Path smaller = spool.license("L-2", 2, "2025-01-02", "2099-12-31");
        Corpus.Result result = spool.run("license", "install", smaller.toString(), "--as-of", "2025-01-02T12:00:00Z");
        assertFailsCleanly(result, "fewer than the 100 of license L-1");
        assertEquals(Main.EXIT_LICENSE_REFUSED, result.status());
        assertTrue(result.err().contains("the license level would be WARNING (now OK)"), result.err());
        assertTrue(result.err().contains("--force"), result.err());

        final Path expired = spool.license("L-3", 100, "2024-01-01", "2024-12-31");
        result = spool.run("license", "install", expired.toString(), "--as-of", "2025-01-02T12:00:00Z");
        assertFailsCleanly(result, "it ended at 2025-01-01T00:00:00Z");
        assertEquals(Main.EXIT_LICENSE_REFUSED, result.status());
        assertTrue(result.err().contains("issued on 2024-01-01, before license L-1"), result.err());
        assertTrue(result.err().contains("the license level would be LOCKED (now OK)"), result.err());

        result = spool.run("license", "install", smaller.toString(), "--as-of", "2025-01-02T12:00:00Z", "--force");
        assertEquals(0, result.status(), result.err());
        assertTrue(result.err().contains("warning: license L-2 would replace license L-1"), result.err());
        assertEquals(2, spool.installedFiles().size());
    }

    @Test
    void shouldAcceptALicenseFileThatStartsWithAByteOrderMark() throws IOException
    {
        final Path larger = spool.license("L-2", 200, "2025-01-02", "2099-12-31");
        final Path withBom = file("bom.json", "\uFEFF" + Files.readString(larger));
        final Corpus.Result result = spool.run("license", "install", withBom.toString(), "--as-of",
            "2025-01-02T12:00:00Z");
        assertEquals(0, result.status(), result.err());
        assertEquals(BigDecimal.valueOf(200), spool.status("2025-01-02T13:00:00Z").get("licensed_channels"));
    }

    @Test
    void shouldRefuseToSignATemporaryIncreaseLongerThanSensorsAccept()
    {
        final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        final int status = VendorMain.run(new String[]{"temp-increase", "--key", spool.privateKey.toString(),
            "--id", "T-9", "--license-id", "L-1", "--channels", "10", "--days", "30"},
            new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.EXIT_USAGE, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("at most 14 days"), err.toString());
    }

    @Test
    void shouldRefuseInstallWithoutAPublicKey() throws IOException
    {
        final Path noKey = dir.resolve("nokey.conf");
        Files.writeString(noKey, "gui_domain = example.com\n");
        final Corpus.Result result = Corpus.run("license", "install", license.toString(), "--spool",
            spool.spool.toString(), "--config-file", noKey.toString());
        assertFailsCleanly(result, "no license_public_key is configured");
    }

    @Test
    void shouldReportBadSettingsAndMissingSpoolWithOneLine() throws IOException
    {
        final Path bad = spool.writeConfig(dir.resolve("bad.conf"), "license_check_days = 0");
        assertFailsCleanly(Corpus.run("license", "status", "--spool", spool.spool.toString(), "--config-file",
            bad.toString()), "license_check_days = '0' is not valid");
        final Path badSchedule = spool.writeConfig(dir.resolve("schedule.conf"),
            "license_schedule_over_allocation = MINOR:4,WARNING:1");
        assertFailsCleanly(Corpus.run("license", "status", "--spool", spool.spool.toString(), "--config-file",
            badSchedule.toString()), "license_schedule_over_allocation");
        assertFailsCleanly(Corpus.run("license", "status", "--spool", dir.resolve("nowhere").toString()),
            "no spool at");
        assertFailsCleanly(spool.run("license", "status", "--as-of", "2025-13-45"), "cannot read time");
    }

    @Test
    void shouldRejectABadImportByLineAndAppendNothing() throws IOException
    {
        final String header = io.sipsensor.export.CdrCsv.header();
        final String good = "0,a@x,+421900000001,+421910000001,,192.0.2.1,5060,192.0.2.2,5060," +
            "2025-01-01T10:00:00.000000Z,,2025-01-01T10:01:00.000000Z,486,final,,0,000001|000001";
        assertFailsCleanly(spool.run("cdr", "import", file("badtime.csv", header + "\n" + good + "\n" +
            good.replace("2025-01-01T10:01:00.000000Z", "soon") + "\n").toString()), "line 3: end: cannot read time");
        assertFailsCleanly(spool.run("cdr", "import", file("nocol.csv", "call_id,caller\nx,y\n").toString()),
            "line 1: no 'called' column");
        assertFailsCleanly(spool.run("cdr", "import", file("quote.csv", header + "\n" + good + "\n0,\"open\n")
            .toString()), "line 3: a quoted field never ends");
        assertFailsCleanly(spool.run("cdr", "import", file("fields.csv", header + "\n" + good + ",extra\n")
            .toString()), "line 2: 18 fields, the header has 17");
        assertFailsCleanly(spool.run("cdr", "import", file("ip.csv", header + "\n" + good.replace("192.0.2.2",
            "not-an-ip") + "\n").toString()), "line 2: called_ip 'not-an-ip' is not an IP address");
        assertFailsCleanly(spool.run("cdr", "import", dir.resolve("absent.csv").toString()), "no such file");
    }

    @Test
    void shouldImportQuotedFieldsWithCommasAndNewlines() throws IOException
    {
        final String header = io.sipsensor.export.CdrCsv.header();
        final Path csv = file("quoted.csv", header + "\r\n" +
            "0,\"a,\"\"b\"\"\nc@x\",+421900000009,+421910000009,,,0,,0,2025-01-01T10:00:00Z,," +
            "2025-01-01T10:01:00Z,,,,0,\r\n");
        final Corpus.Result result = spool.run("cdr", "import", csv.toString());
        assertEquals(0, result.status(), result.err());
        assertEquals(8, spool.journaledLegs());
        final Corpus.Result export = spool.run("cdr", "export", "--from", "2025-01-01T10:00:00Z", "--to",
            "2025-01-01T10:00:01Z", "--format", "json");
        assertTrue(export.out().contains("\"call_id\":\"a,\\\"b\\\"\\nc@x\""), export.out());
    }

    @Test
    void shouldStartAFreshStateWhenTheStateFileIsDamaged() throws IOException
    {
        final Path state = spool.spool.resolve("license/state.json");
        Files.writeString(state, "{\"last_seen\": ");
        final Corpus.Result status = spool.run("license", "status", "--as-of", "2025-01-02T12:00:00Z");
        assertEquals(0, status.status(), status.err());
        assertEquals(1, status.err().lines().count(), status.err());
        assertTrue(status.err().contains("is damaged"), status.err());
        io.sipsensor.license.LicenseState.parse(Files.readString(state));
        assertSpoolUnchanged();
    }

    @Test
    void shouldRaiseClockInvalidWhenTheRealClockGoesBackwards() throws IOException
    {
        final Path state = spool.spool.resolve("license/state.json");
        final String future = java.time.Instant.now().plus(java.time.Duration.ofDays(2))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Files.writeString(state, "{\"last_seen\": \"" + future + "\"}");
        final Corpus.Result status = spool.run("license", "status", "--json");
        assertEquals(0, status.status(), status.err());
        final var event = LicenseSpool.event(status.json(), "CLOCK_INVALID");
        assertTrue(event != null && ((String)event.get("cause")).contains("has gone backwards"), status.out());
        assertTrue(((String)event.get("cause")).contains(future), status.out());
        assertEquals(List.of(), LicenseSpool.list(status.json(), "blocked"));
    }
}
