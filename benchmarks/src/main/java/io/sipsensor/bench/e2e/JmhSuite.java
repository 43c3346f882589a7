package io.sipsensor.bench.e2e;

import io.sipsensor.json.JsonReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JMH benchmarks of the hot-path classes, run as a child JVM ({@code java -jar benchmarks.jar}) with
 * {@code -prof gc}, results read back from JMH's JSON: ns per operation with its error, and bytes allocated per
 * operation (which must be about 0). Quick mode shortens warm-up and measurement to one-second iterations; the
 * figures are then rougher, the allocation figure just as telling.
 *
 * @param results one row per benchmark and parameter set, in JMH's order.
 */
record JmhSuite(List<Row> results)
{
    /** Every benchmark of the module: one per hot-path class. */
    static final String ALL = "SipParserBenchmark|DecodeBenchmark|RtpClassifyBenchmark|TcpReassemblyBenchmark|" +
        "CallTrackerBenchmark|ChannelTrackerBenchmark|JournalAppendBenchmark";

    /**
     * One benchmark result.
     *
     * @param name        {@code Class.method}, with parameters in brackets.
     * @param nsPerOp     average time per operation.
     * @param errorNs     JMH's 99.9 % confidence half-width (NaN with too few iterations).
     * @param bytesPerOp  {@code gc.alloc.rate.norm}, NaN if not measured.
     */
    record Row(String name, double nsPerOp, double errorNs, double bytesPerOp)
    {
    }

    /**
     * @param java    the java command with the project's JVM flags.
     * @param jar     benchmarks.jar.
     * @param dir     where the JSON and the log go.
     * @param include JMH include pattern.
     * @param quick   short iterations.
     * @param out     where progress is said.
     * @return the results.
     * @throws IOException if JMH fails.
     */
    static JmhSuite run(final List<String> java, final String jar, final Path dir, final String include,
        final boolean quick, final PrintStream out) throws IOException
    {
        final Path json = dir.resolve("jmh.json");
        final Path log = dir.resolve("jmh.log");
        Files.deleteIfExists(json);
        final List<String> command = new ArrayList<>(java);
        command.addAll(List.of("-jar", jar, include, "-prof", "gc", "-rf", "json", "-rff", json.toString()));
        if (quick)
        {
            command.addAll(List.of("-wi", "1", "-w", "1s", "-i", "3", "-r", "1s"));
        }
        out.printf(Locale.ROOT, "%nJMH benchmarks (%s, -prof gc; log %s)%n", quick ?
            "quick: 1 x 1 s warm-up, 3 x 1 s measured" : "each benchmark's own settings", log);
        final Measured measured = Measured.run(command, Map.of(), log);
        if (measured.exitStatus() != 0 || !Files.exists(json))
        {
            throw new IOException("JMH failed (exit " + measured.exitStatus() + "), see " + log + ": " +
                measured.stderr());
        }
        final JmhSuite suite = parse(Files.readString(json));
        suite.print(out);
        return suite;
    }

    static JmhSuite parse(final String json)
    {
        final List<Row> rows = new ArrayList<>();
        for (final Object item : (List<?>)JsonReader.parse(json))
        {
            final Map<?, ?> result = (Map<?, ?>)item;
            String name = String.valueOf(result.get("benchmark"));
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            if (result.get("params") instanceof Map<?, ?> params && !params.isEmpty())
            {
                name += params.toString().replace('{', '[').replace('}', ']').replace(" ", "");
            }
            final Map<?, ?> primary = (Map<?, ?>)result.get("primaryMetric");
            double bytes = Double.NaN;
            if (result.get("secondaryMetrics") instanceof Map<?, ?> secondary &&
                secondary.get("gc.alloc.rate.norm") instanceof Map<?, ?> norm)
            {
                bytes = number(norm.get("score"));
            }
            rows.add(new Row(name, number(primary.get("score")), number(primary.get("scoreError")), bytes));
        }
        return new JmhSuite(rows);
    }

    void print(final PrintStream out)
    {
        out.println("  benchmark                                                  ns/op     +/-     B/op");
        for (final Row row : results)
        {
            out.printf(Locale.ROOT, "  %-55s %9.1f %7.1f %8.2f%n", row.name(), row.nsPerOp(), row.errorNs(),
                row.bytesPerOp());
        }
    }

    /**
     * @param prefix start of a row's name, e.g. {@code SipParserBenchmark.parseOnly}.
     * @return the first row whose name starts with it, or null.
     */
    Row find(final String prefix)
    {
        for (final Row row : results)
        {
            if (row.name().startsWith(prefix))
            {
                return row;
            }
        }
        return null;
    }

    private static double number(final Object value)
    {
        if (value instanceof Number n)
        {
            return n.doubleValue();
        }
        return Double.NaN; // JMH writes "NaN" as a string when it cannot compute an error
    }
}
