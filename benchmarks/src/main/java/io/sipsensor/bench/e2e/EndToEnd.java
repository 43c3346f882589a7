package io.sipsensor.bench.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end benchmark behind {@code benchmarks/run-e2e.sh}: generated captures (made once, kept), the agent
 * run on each through its real launcher (fresh spool, {@code --progress none}) several times, {@code tshark -r FILE
 * -q -z sip,stat} timed on the same file in the same session, alternating with the agent's runs so that both see
 * the same machine; then the 600,000-concurrent-calls harness, the paced journal append, the JMH benchmarks of the
 * hot-path classes, and the capacity report with the targets. Every figure is a median over the runs; the load
 * average at each run's start is shown (other work on the host slows the runs down).
 * <p>
 * Options: {@code --quick} (3 agent runs, 1 tshark run, 10 s of paced journal, 1-second JMH iterations: about 4
 * minutes once the captures exist), {@code --dir DIR} (captures and work files; default
 * {@code /tmp/sipsensor-bench}), {@code --runs N} (agent runs per capture, default 5), {@code --tshark-runs N}
 * (default 3; 0 skips tshark), {@code --hold SECONDS} (mean hold time for the concurrent-calls line of the report,
 * default 180), {@code --jmh REGEX} (which JMH benchmarks; default all), {@code --skip
 * mixed,profile,concurrent,journal,jmh} (parts to leave out; "profile" is the JFR run that says where the time goes),
 * {@code --root DIR} (the repository).
 */
public final class EndToEnd
{
    static final List<String> SIP_ONLY = List.of("--calls", "150000", "--rate", "500", "--hold-mean", "60",
        "--seed", "7");
    static final List<String> MIXED = List.of("--calls", "20000", "--rate", "200", "--hold-mean", "60", "--rtp",
        "500", "--seed", "3");
    static final List<String> CONCURRENT = List.of("--calls", "900000", "--rate", "5000", "--hold", "FIXED",
        "--hold-mean", "120", "--failures", "0", "--reinvites", "0", "--seed", "11");
    private static final Pattern RESULT = Pattern.compile("^RESULT (\\{.*})$", Pattern.MULTILINE);

    private final Path root;
    private final Path dir;
    private final int runs;
    private final int tsharkRuns;
    private final List<String> skip;
    private final boolean quick;
    private final double holdSeconds;
    private final String jmhInclude;
    private final PrintStream out = System.out;

    private EndToEnd(final Path root, final Path dir, final int runs, final int tsharkRuns, final List<String> skip,
        final boolean quick, final double holdSeconds, final String jmhInclude)
    {
        this.root = root;
        this.dir = dir;
        this.runs = runs;
        this.tsharkRuns = tsharkRuns;
        this.skip = skip;
        this.quick = quick;
        this.holdSeconds = holdSeconds;
        this.jmhInclude = jmhInclude;
    }

    /**
     * @param args see the class comment.
     * @throws IOException if a run fails.
     */
    public static void main(final String[] args) throws IOException
    {
        Path root = Path.of(System.getProperty("sipsensor.root", ".")).toAbsolutePath().normalize();
        Path dir = Path.of("/tmp/sipsensor-bench");
        int runs = -1;
        int tsharkRuns = -1;
        double hold = 180;
        String jmh = JmhSuite.ALL;
        boolean quick = false;
        List<String> skip = List.of();
        for (int i = 0; i < args.length; i++)
        {
            if ("--quick".equals(args[i]))
            {
                quick = true;
                continue;
            }
            if (i + 1 == args.length)
            {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            final String value = args[++i];
            switch (args[i - 1])
            {
                case "--root" -> root = Path.of(value).toAbsolutePath().normalize();
                case "--dir" -> dir = Path.of(value).toAbsolutePath();
                case "--runs" -> runs = Integer.parseInt(value);
                case "--tshark-runs" -> tsharkRuns = Integer.parseInt(value);
                case "--hold" -> hold = Double.parseDouble(value);
                case "--jmh" -> jmh = value;
                case "--skip" -> skip = List.of(value.split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
            }
        }
        runs = runs >= 0 ? runs : quick ? 3 : 5;
        tsharkRuns = tsharkRuns >= 0 ? tsharkRuns : quick ? 1 : 3;
        Files.createDirectories(dir);
        new EndToEnd(root, dir, runs, tsharkRuns, skip, quick, hold, jmh).run();
    }

    private void run() throws IOException
    {
        out.printf(Locale.ROOT, "sipsensor end-to-end benchmark%s on %s, %d cores; load average at start %.2f%n",
            quick ? " (quick)" : "", HostInfo.cpuModel(), Runtime.getRuntime().availableProcessors(),
            Measured.currentLoad());
        warmLauncher();

        final Capture sip = Capture.obtain(root, dir, "sip", SIP_ONLY);
        final CaptureResult sipResult = measure(sip);
        profile(sip);
        CaptureResult mixedResult = null;
        if (!skip.contains("mixed"))
        {
            final Capture mixed = Capture.obtain(root, dir, "mixed", MIXED);
            mixedResult = measure(mixed);
            profile(mixed);
        }
        Map<String, Object> concurrent = null;
        if (!skip.contains("concurrent"))
        {
            concurrent = concurrentCalls(Capture.obtain(root, dir, "concurrent", CONCURRENT));
        }
        Map<String, Object> journal = null;
        if (!skip.contains("journal"))
        {
            journal = journalAppend();
        }
        JmhSuite jmh = null;
        if (!skip.contains("jmh"))
        {
            jmh = JmhSuite.run(java(), benchmarksJar(), dir, jmhInclude, quick, out);
        }
        new CapacityReport(out, sipResult, mixedResult, concurrent, journal, jmh, holdSeconds).print();
    }

    private void profile(final Capture capture) throws IOException
    {
        if (!skip.contains("profile"))
        {
            Profile.record(root, capture, dir.resolve("profile")).print(out, capture.name());
        }
    }

    /** Runs the launcher once on the samples so that the build and its start-up cache exist before timing. */
    private void warmLauncher() throws IOException
    {
        final Path spool = dir.resolve("warm-spool");
        AgentRun.delete(spool);
        final Measured warm = Measured.run(List.of(root.resolve("sipsensor").toString(), "--readpcapdir",
            root.resolve("samples").toString(), "--spool", spool.toString(), "--progress", "none"), Map.of(), null);
        AgentRun.delete(spool);
        if (warm.exitStatus() != 0)
        {
            throw new IOException("the agent does not run: " + warm.stderr());
        }
    }

    private CaptureResult measure(final Capture capture) throws IOException
    {
        out.printf(Locale.ROOT, "%ncapture %s: %s%n  %,d packets (%,d SIP messages, %,d other), %,d calls, %,d MB%n",
            capture.name(), capture.file(), capture.packets(), capture.sipMessages(), capture.otherPackets(),
            capture.legs(), capture.bytes() >> 20);
        out.println("  run  load  | sipsensor wall   start    read   close   stats  msg/s(read)  ns/pkt(read)" +
            "  heap MB  RSS MB  GC n  GC max ms  journaled | tshark wall  RSS MB");
        final List<AgentRun> agentRuns = new ArrayList<>();
        final List<Measured> tsharkRuns = new ArrayList<>();
        final int total = Math.max(runs, tsharkRuns());
        for (int i = 0; i < total; i++)
        {
            Measured tshark = null;
            if (i < tsharkRuns())
            {
                tshark = Measured.run(List.of("tshark", "-r", capture.file().toString(), "-q", "-z", "sip,stat"),
                    Map.of(), null);
                if (tshark.exitStatus() != 0)
                {
                    throw new IOException("tshark failed: " + tshark.stderr());
                }
                tsharkRuns.add(tshark);
            }
            AgentRun agent = null;
            if (i < runs)
            {
                agent = AgentRun.run(root, capture, dir.resolve("run"));
                if (agent.legsJournaled() != capture.legs())
                {
                    throw new IOException("journaled " + agent.legsJournaled() + " legs, the generator placed " +
                        capture.legs());
                }
                agentRuns.add(agent);
            }
            printRow(Integer.toString(i + 1), agent, tshark);
        }
        final CaptureResult result = new CaptureResult(capture, agentRuns, tsharkRuns);
        result.printMedians(out);
        return result;
    }

    private int tsharkRuns()
    {
        return hasTshark() ? tsharkRuns : 0;
    }

    private static boolean hasTshark()
    {
        for (final String path : System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
        {
            if (Files.isExecutable(Path.of(path, "tshark")))
            {
                return true;
            }
        }
        return false;
    }

    private void printRow(final String label, final AgentRun agent, final Measured tshark)
    {
        final StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-4s %5.2f |", label,
            agent != null ? agent.measured().load1() : tshark.load1()));
        if (agent != null)
        {
            row.append(String.format(Locale.ROOT,
                " %11.0f ms %6.0f %7.0f %7.0f %7.0f %12.0f %13.1f %8.0f %7.0f %5d %10.2f %10d |",
                agent.measured().wallMs(), agent.startMs(), agent.readMs(), agent.closeMs(), agent.statsMs(),
                agent.sipMessages() / (agent.readMs() / 1000), agent.readMs() * 1e6 / agent.packets(),
                agent.gc().peakHeapBytes() / 1048576.0, agent.measured().rssBytes() / 1048576.0,
                agent.gc().pausesMs().size(), agent.gc().maxPauseMs(), agent.legsJournaled()));
        }
        else
        {
            row.append(" ".repeat(134)).append('|');
        }
        if (tshark != null)
        {
            row.append(String.format(Locale.ROOT, " %8.0f ms %7.0f", tshark.wallMs(), tshark.rssBytes() / 1048576.0));
        }
        out.println(row);
    }

    private Map<String, Object> concurrentCalls(final Capture capture) throws IOException
    {
        out.printf(Locale.ROOT, "%n600,000 concurrent calls: %s (%,d calls at 5,000/s, 120 s hold)%n",
            capture.file(), capture.legs());
        final Path gcLog = dir.resolve("concurrent-gc.log");
        Files.deleteIfExists(gcLog);
        final List<String> command = java();
        command.addAll(List.of("-Xlog:gc:file=" + gcLog, "-cp", benchmarksJar(),
            "io.sipsensor.bench.ConcurrentCallsHarness", "--capture", capture.file().toString(), "--target",
            "600000", "--gc-log", gcLog.toString()));
        return runForResult(command);
    }

    private Map<String, Object> journalAppend() throws IOException
    {
        out.printf(Locale.ROOT, "%njournal append (JournalWriter, Chronicle Queue) paced at 10,000 CDRs/s%n");
        final List<String> command = java();
        command.addAll(List.of("-cp", benchmarksJar(), "io.sipsensor.bench.JournalAppendBenchmark", "--rate",
            "10000", "--seconds", quick ? "10" : "30", "--warmup", quick ? "3" : "10", "--dir", dir.toString()));
        return runForResult(command);
    }

    private Map<String, Object> runForResult(final List<String> command) throws IOException
    {
        final Path output = dir.resolve("output.txt");
        final Measured measured = Measured.run(command, Map.of(), output);
        final String text = Files.readString(output);
        text.lines().filter(line -> !line.startsWith("RESULT ")).forEach(line -> out.println("  " + line));
        final Matcher result = RESULT.matcher(text);
        if (measured.exitStatus() != 0 || !result.find())
        {
            throw new IOException("failed: " + String.join(" ", command) + "\n" + text + measured.stderr());
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> values = (Map<String, Object>)io.sipsensor.json.JsonReader.parse(result.group(1));
        return values;
    }

    private List<String> java() throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String line : Files.readAllLines(root.resolve("bin/jvm.flags")))
        {
            if (!line.isBlank() && !line.strip().startsWith("#"))
            {
                command.add(line.strip());
            }
        }
        return command;
    }

    private String benchmarksJar()
    {
        return root.resolve("benchmarks/target/benchmarks.jar").toString();
    }
}
