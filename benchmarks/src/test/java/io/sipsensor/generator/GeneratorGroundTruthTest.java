package io.sipsensor.generator;

import io.sipsensor.cli.Main;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The generator's ground truth against the agent: what the generator says it placed is what the agent reports,
 * leg by leg, over traffic with compact headers, mirror duplicates, VLAN tags, re-INVITEs, cancels and BYEs from
 * both sides, cut into rotated files.
 */
class GeneratorGroundTruthTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRegenerateTheShippedSamplesByteForByte() throws IOException
    {
        final Path root = Path.of(System.getProperty("sipsensor.root", ".."));
        final Path shipped = root.resolve("samples");
        GeneratorMain.writeSamples(dir, dir.resolve("samples-expected.json"));
        final String remake = "run benchmarks/generate --samples samples --expected benchmarks/samples-expected.json";
        for (final String name : List.of("sipsensor-sample-1.pcap", "sipsensor-sample-2.pcap.gz"))
        {
            assertArrayEquals(Files.readAllBytes(shipped.resolve(name)), Files.readAllBytes(dir.resolve(name)),
                name + " differs from what the generator makes: " + remake);
        }
        assertArrayEquals(Files.readAllBytes(root.resolve("benchmarks").resolve("samples-expected.json")),
            Files.readAllBytes(dir.resolve("samples-expected.json")),
            "benchmarks/samples-expected.json differs from what the generator makes: " + remake);
        try (var listing = Files.list(shipped))
        {
            assertEquals(List.of("sipsensor-sample-1.pcap", "sipsensor-sample-2.pcap.gz"),
                listing.map(path -> path.getFileName().toString()).sorted().toList(),
                "samples/ holds the two captures and nothing else, so the quick start reads no other file");
        }
    }

    @Test
    void shouldReportEveryGeneratedLegExactly() throws IOException
    {
        final GeneratorSettings settings = new GeneratorSettings(99, 600, 15, 1_795_343_000_000_000_000L,
            GeneratorSettings.HoldDistribution.EXPONENTIAL, TimeUnit.SECONDS.toNanos(40), 0.3, 0.5, 0.1, 0.3, 0.3,
            4, 42, 3);
        final List<Path> files = List.of(dir.resolve("a.pcap"), dir.resolve("b.pcap.gz"), dir.resolve("c.pcap"));
        final TrafficGenerator.Result generated = TrafficGenerator.generate(settings, files);

        final Path spool = dir.resolve("spool");
        final Map<String, Object> summary = json(run("--readpcapdir", dir.toString(), "--spool", spool.toString(),
            "--progress", "none"));
        assertEquals(600L, number(summary.get("legs_total")));
        assertEquals(generated.sipMessages(), number(summary.get("sip_messages")));
        assertEquals(0L, number(summary.get("malformed")));

        final String csv = run("cdr", "export", "--spool", spool.toString());
        final String[] lines = csv.split("\n");
        final List<String> header = List.of(lines[0].split(",", -1));
        final Map<String, Map<String, String>> rows = new HashMap<>();
        for (int i = 1; i < lines.length; i++)
        {
            final String[] fields = lines[i].split(",", -1);
            final Map<String, String> row = new HashMap<>();
            for (int f = 0; f < header.size(); f++)
            {
                row.put(header.get(f), fields[f]);
            }
            rows.put(row.get("call_id"), row);
        }
        for (final ExpectedLeg leg : generated.legs())
        {
            final Map<String, String> row = rows.get(leg.callId());
            assertNotNull(row, leg.callId());
            assertEquals(leg.caller(), row.get("caller"));
            assertEquals(leg.called(), row.get("called"));
            assertEquals(TimeFormat.iso(leg.startNs()), row.get("start"), leg.callId());
            assertEquals(TimeFormat.iso(leg.connectNs()), row.get("connect"), leg.callId());
            assertEquals(TimeFormat.iso(leg.endNs()), row.get("end"), leg.callId());
            assertEquals(Integer.toString(leg.finalCode()), row.get("final_code"), leg.callId());
            assertEquals(leg.endReason(), row.get("end_reason"), leg.callId());
            assertEquals(leg.byeBy() == null ? "" : leg.byeBy(), row.get("bye_by"), leg.callId());
            assertEquals(Integer.toString(leg.reinvites()), row.get("reinvites"), leg.callId());
        }

        // Peak of all legs, by brute force over the ground truth.
        long peak = 0;
        for (final ExpectedLeg at : generated.legs())
        {
            long count = 0;
            for (final ExpectedLeg leg : generated.legs())
            {
                if (leg.startNs() <= at.startNs() && at.startNs() < leg.endNs())
                {
                    count++;
                }
            }
            peak = Math.max(peak, count);
        }
        assertEquals(peak, number(summary.get("peak_all")));
    }

    private static String run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(final String text)
    {
        return (Map<String, Object>)JsonReader.parse(text);
    }

    private static long number(final Object value)
    {
        return ((BigDecimal)value).longValueExact();
    }
}
