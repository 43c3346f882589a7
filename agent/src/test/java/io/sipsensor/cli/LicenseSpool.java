package io.sipsensor.cli;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.export.CdrCsv;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.Journal;
import io.sipsensor.json.JsonReader;
import io.sipsensor.license.LicenseKeys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A test spool with a vendor key pair, a sensor config trusting it, and helpers that go through the real command
 * lines: the vendor tool issues, {@code license install} installs, {@code cdr import} loads multi-day CDR CSV data,
 * {@code license status --json} reads the state.
 */
final class LicenseSpool
{
    private static final KeyPair KEYS = LicenseKeys.generate();

    final Path dir;
    final Path spool;
    final Path config;
    final Path privateKey;
    private int legSequence;
    private int fileSequence;

    /**
     * @param dir          a temporary folder.
     * @param extraConfig  further config lines ("key = value").
     */
    LicenseSpool(final Path dir, final String... extraConfig) throws IOException
    {
        this.dir = dir;
        this.spool = dir.resolve("spool");
        Files.createDirectories(spool);
        this.privateKey = dir.resolve("vendor-private.pem");
        Files.writeString(privateKey, LicenseKeys.pem(KEYS.getPrivate()));
        this.config = dir.resolve("sensor.conf");
        writeConfig(config, extraConfig);
    }

    /**
     * Writes a config file trusting the test key.
     */
    Path writeConfig(final Path file, final String... extraConfig) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        lines.add("license_public_key = " + LicenseKeys.base64(KEYS.getPublic()));
        lines.addAll(List.of(extraConfig));
        Files.write(file, lines);
        return file;
    }

    /** Runs the vendor tool; returns the file it wrote. */
    Path vendor(final String... args)
    {
        final Path out = dir.resolve("vendor-" + (++fileSequence) + ".json");
        final List<String> all = new ArrayList<>(List.of(args));
        all.add(1, privateKey.toString());
        all.add(1, "--key");
        all.add("--out");
        all.add(out.toString());
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = VendorMain.run(all.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return out;
    }

    /** A license bound to this host's hardware id. */
    Path license(final String id, final long channels, final String issued, final String ends, final String... flags)
    {
        final List<String> args = new ArrayList<>(List.of("issue", "--id", id, "--customer", "Test Customer",
            "--channels", Long.toString(channels), "--issued", issued, "--ends", ends, "--hwid",
            io.sipsensor.license.HardwareId.local().value()));
        args.addAll(List.of(flags));
        return vendor(args.toArray(String[]::new));
    }

    Corpus.Result run(final String... args)
    {
        final List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--spool", spool.toString(), "--config-file", config.toString()));
        return Corpus.run(all.toArray(String[]::new));
    }

    /** Installs a file, recording the install at asOf. */
    void install(final Path file, final String asOf)
    {
        final Corpus.Result result = run("license", "install", file.toString(), "--as-of", asOf);
        assertEquals(0, result.status(), result.err());
    }

    /** {@code license status --json --as-of}. */
    Map<String, Object> status(final String asOf)
    {
        final Corpus.Result result = run("license", "status", "--json", "--as-of", asOf);
        assertEquals(0, result.status(), result.err());
        return result.json();
    }

    /**
     * Imports, for each day, {@code peak} legs with distinct dedup keys, starting one a second from 10:00 UTC and
     * all ending at 11:00, so that day's license peak is exactly {@code peak}.
     */
    void importDays(final LocalDate first, final int... peaks) throws IOException
    {
        final StringBuilder csv = new StringBuilder(CdrCsv.header()).append('\n');
        for (int d = 0; d < peaks.length; d++)
        {
            final Instant tenOClock = first.plusDays(d).atTime(10, 0).toInstant(ZoneOffset.UTC);
            for (int i = 0; i < peaks[d]; i++)
            {
                final int n = ++legSequence;
                final long start = ns(tenOClock.plusSeconds(i));
                final long end = ns(tenOClock.plusSeconds(3600));
                csv.append(CdrCsv.row(new CdrLeg(0, "call-" + n + "@test",
                    String.format("+42190%07d", n),
                    String.format("+42191%07d", n), "", "192.0.2.1", 5060, "192.0.2.2", 5060,
                    start, start + 1_000_000_000L, end, CallState.NO_TIME, CallState.NO_TIME, end, end, 200,
                    EndReason.BYE, CallState.BYE_BY_CALLER, 0))).append('\n');
            }
        }
        final Path file = dir.resolve("legs-" + (++fileSequence) + ".csv");
        Files.writeString(file, csv);
        final Corpus.Result result = run("cdr", "import", file.toString());
        assertEquals(0, result.status(), result.err());
    }

    /** @return records in the CDR journal. */
    long journaledLegs()
    {
        long count = 0;
        try (Journal journal = Journal.openExisting(spool.resolve("journal"));
            Journal.Reader reader = journal.reader())
        {
            final CdrDecoder decoder = new CdrDecoder();
            while (reader.next(decoder))
            {
                count++;
            }
        }
        return count;
    }

    /** @return the events journal as JSON objects. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> events()
    {
        final Corpus.Result result = run("license", "events", "--json");
        assertEquals(0, result.status(), result.err());
        final List<Map<String, Object>> events = new ArrayList<>();
        for (final String line : result.out().split("\n"))
        {
            if (!line.isBlank())
            {
                events.add((Map<String, Object>)JsonReader.parse(line));
            }
        }
        return events;
    }

    /** @return the installed files' names. */
    List<String> installedFiles() throws IOException
    {
        final Path installed = spool.resolve("license").resolve("installed");
        if (!Files.isDirectory(installed))
        {
            return List.of();
        }
        try (var list = Files.list(installed))
        {
            return list.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> event(final Map<String, Object> status, final String type)
    {
        for (final Object event : (List<Object>)status.get("events"))
        {
            if (type.equals(((Map<String, Object>)event).get("type")))
            {
                return (Map<String, Object>)event;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(final Map<String, Object> status, final String name)
    {
        return (List<Object>)status.get(name);
    }

    static long ns(final Instant instant)
    {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
