package io.sipsensor.generator;

import io.sipsensor.export.TimeFormat;
import io.sipsensor.json.JsonWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Command line of the traffic generator:
 * {@code java -cp benchmarks/target/benchmarks.jar io.sipsensor.generator.GeneratorMain --calls 1000 --out x.pcap}.
 * {@code --samples DIR} rewrites the project's sample captures, and their ground truth when {@code --expected FILE}
 * is given too ({@code benchmarks/samples-expected.json}: the sample folder holds captures only).
 */
@Command(name = "sipsensor-generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Writes a synthetic SIP (and optional RTP) capture, deterministic by seed, and its expected legs.")
public final class GeneratorMain implements Callable<Integer>
{
    @Option(names = "--out", split = ",", paramLabel = "FILE",
        description = "Capture file(s); several files split the capture by time; a .gz name is gzip-compressed.")
    List<Path> out;

    @Option(names = "--samples", paramLabel = "DIR", description = "Write the project's sample captures into DIR.")
    Path samples;

    @Option(names = "--expected", paramLabel = "FILE", description = "Write the expected legs and counts as JSON.")
    Path expected;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--calls", defaultValue = "1000", description = "Calls (default ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--rate", defaultValue = "20", description = "Calls per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--start", defaultValue = "2026-11-22T10:00:00Z", description = "First INVITE time.")
    String start;

    @Option(names = "--hold", defaultValue = "EXPONENTIAL",
        description = "Hold time distribution: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    GeneratorSettings.HoldDistribution hold;

    @Option(names = "--hold-mean", defaultValue = "30", description = "Mean hold time, s (default ${DEFAULT-VALUE}).")
    double holdMean;

    @Option(names = "--failures", defaultValue = "0.25", description = "Share of failed calls (486/404/603/487).")
    double failures;

    @Option(names = "--compact", defaultValue = "0.2", description = "Share of calls with compact headers.")
    double compact;

    @Option(names = "--duplicates", defaultValue = "0", description = "Share of packets duplicated (mirror).")
    double duplicates;

    @Option(names = "--reinvites", defaultValue = "0.1", description = "Share of answered calls with re-INVITEs.")
    double reinvites;

    @Option(names = "--bye-by-callee", defaultValue = "0.2", description = "Share of calls the callee hangs up.")
    double byeByCallee;

    @Option(names = "--rtp", defaultValue = "0", description = "RTP packets per answered call (default 0).")
    int rtp;

    @Option(names = "--vlan", defaultValue = "-1", description = "802.1Q VLAN id on every frame (-1: none).")
    int vlan;

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new GeneratorMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws IOException
    {
        if (samples != null)
        {
            final TrafficGenerator.Result result = writeSamples(samples, expected);
            System.err.println("wrote " + result.files() + ": " + result.packets() + " packets, " +
                result.legs().size() + " calls");
            return 0;
        }
        if (out == null || out.isEmpty())
        {
            System.err.println("sipsensor-generate: give --out FILE or --samples DIR");
            return 2;
        }
        final GeneratorSettings settings = new GeneratorSettings(seed, calls, rate, TimeFormat.parse(start), hold,
            (long)(holdMean * TimeUnit.SECONDS.toNanos(1)), failures, compact, duplicates, reinvites, byeByCallee,
            rtp, vlan, out.size());
        final TrafficGenerator.Result result = TrafficGenerator.generate(settings, out);
        if (expected != null)
        {
            writeExpected(result, expected);
        }
        System.err.println("wrote " + out + ": " + result.packets() + " packets (" + result.sipMessages() +
            " SIP, " + result.rtpPackets() + " RTP), " + result.legs().size() + " calls");
        return 0;
    }

    /**
     * The settings of the project's sample captures: 80 calls over about a minute, a realistic mix of outcomes,
     * compact headers, re-INVITEs and mirror duplicates, cut into two rotated files, the second gzip-compressed.
     *
     * @return the settings.
     */
    public static GeneratorSettings sampleSettings()
    {
        return new GeneratorSettings(2026, 80, 2.0, 1_795_341_600_000_000_000L + TimeUnit.MINUTES.toNanos(30),
            GeneratorSettings.HoldDistribution.EXPONENTIAL, TimeUnit.SECONDS.toNanos(20), 0.25, 0.2, 0.02, 0.2, 0.2,
            0, -1, 2);
    }

    /**
     * @param directory where the sample captures go.
     * @param expected  where their ground truth goes, or {@code null} for none.
     * @return what was written.
     * @throws IOException if a file cannot be written.
     */
    public static TrafficGenerator.Result writeSamples(final Path directory, final Path expected) throws IOException
    {
        Files.createDirectories(directory);
        final List<Path> files = List.of(
            directory.resolve("sipsensor-sample-1.pcap"), directory.resolve("sipsensor-sample-2.pcap.gz"));
        final TrafficGenerator.Result result = TrafficGenerator.generate(sampleSettings(), files);
        if (expected != null)
        {
            writeExpected(result, expected);
        }
        return result;
    }

    /**
     * Writes the ground truth: legs total, by final code, and every leg.
     *
     * @param result what the generator wrote.
     * @param file   where to write.
     * @throws IOException if the file cannot be written.
     */
    public static void writeExpected(final TrafficGenerator.Result result, final Path file) throws IOException
    {
        final Map<Integer, Integer> byFinalCode = new TreeMap<>();
        for (final ExpectedLeg leg : result.legs())
        {
            byFinalCode.merge(leg.finalCode(), 1, Integer::sum);
        }
        try (Writer writer = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8)))
        {
            final JsonWriter json = new JsonWriter(writer, true);
            json.beginObject();
            json.name("generator").value("sipsensor benchmarks TrafficGenerator");
            final List<String> names = new ArrayList<>();
            result.files().forEach(path -> names.add(path.getFileName().toString()));
            json.name("files").beginArray();
            names.forEach(json::value);
            json.endArray();
            json.name("packets").value(result.packets());
            json.name("sip_messages").value(result.sipMessages());
            json.name("legs_total").value(result.legs().size());
            json.name("by_final_code").beginObject();
            byFinalCode.forEach((code, count) -> json.name(Integer.toString(code)).value(count));
            json.endObject();
            json.name("legs").beginArray();
            for (final ExpectedLeg leg : result.legs())
            {
                json.beginObject();
                json.name("call_id").value(leg.callId());
                json.name("caller").value(leg.caller());
                json.name("called").value(leg.called());
                json.name("start").value(TimeFormat.iso(leg.startNs()));
                json.name("connect").value(leg.connectNs() == Long.MIN_VALUE ? null : TimeFormat.iso(leg.connectNs()));
                json.name("end").value(TimeFormat.iso(leg.endNs()));
                json.name("final_code").value(leg.finalCode());
                json.name("end_reason").value(leg.endReason());
                json.name("bye_by").value(leg.byeBy());
                json.name("reinvites").value(leg.reinvites());
                json.endObject();
            }
            json.endArray();
            json.endObject();
        }
    }
}
