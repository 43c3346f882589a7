package io.sipsensor.cli;

import io.sipsensor.status.CountersFile;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.Journal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two network namespaces joined by a veth pair, for live capture tests: side A ({@code 10.251.0.1}) and side B
 * ({@code 10.251.0.2}), with names unique to this JVM and test. Closing it kills every process started through it
 * and deletes both namespaces (which deletes the veth pair); a shutdown hook does the same if the JVM dies first.
 * Needs root and {@code ip}; {@link #assumeUsable} skips a test otherwise, naming what is missing.
 */
final class LiveNetwork implements AutoCloseable
{
    static final String ADDRESS_A = "10.251.0.1";
    static final String ADDRESS_B = "10.251.0.2";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final String namespaceA;
    final String namespaceB;
    final String vethA;
    final String vethB;
    private final List<Process> processes = new ArrayList<>();
    private final Thread cleanup = new Thread(this::deleteQuietly, "live-network-cleanup");
    private boolean closed;

    private LiveNetwork()
    {
        final long pid = ProcessHandle.current().pid();
        final int sequence = SEQUENCE.incrementAndGet();
        final String tag = Long.toString(pid % 100_000) + "x" + sequence;
        namespaceA = "sst" + tag + "a";
        namespaceB = "sst" + tag + "b";
        vethA = "sv" + tag + "a";
        vethB = "sv" + tag + "b";
    }

    /**
     * Skips the calling test unless it runs as root with the given tools installed.
     *
     * @param tools commands needed besides {@code ip}, e.g. "sipp".
     */
    static void assumeUsable(final String... tools)
    {
        assumeTrue("root".equals(System.getProperty("user.name")) || uid() == 0,
            "live capture tests need root (network namespaces, AF_PACKET); running as " +
                System.getProperty("user.name"));
        final List<String> missing = new ArrayList<>();
        final List<String> needed = new ArrayList<>(List.of("ip"));
        needed.addAll(List.of(tools));
        for (final String tool : needed)
        {
            if (which(tool) == null)
            {
                missing.add(tool);
            }
        }
        assumeTrue(missing.isEmpty(), "live capture tests need " + String.join(", ", missing) +
            " (Debian: iproute2 sip-tester tcpreplay; .ci/run installs them)");
    }

    /**
     * @return the two namespaces and the veth pair between them, up and addressed.
     */
    static LiveNetwork create() throws IOException, InterruptedException
    {
        return create(true);
    }

    /**
     * @param bothInNamespaces false to leave side B's veth end in this (the root) namespace, so this JVM can capture
     *                         on it; it goes when namespace A is deleted (a veth pair dies with either end).
     * @return the network.
     */
    static LiveNetwork create(final boolean bothInNamespaces) throws IOException, InterruptedException
    {
        final LiveNetwork network = new LiveNetwork();
        Runtime.getRuntime().addShutdownHook(network.cleanup);
        try
        {
            network.ip("netns", "add", network.namespaceA);
            network.ip("netns", "add", network.namespaceB);
            network.ip("link", "add", network.vethA, "type", "veth", "peer", "name", network.vethB);
            network.ip("link", "set", network.vethA, "netns", network.namespaceA);
            network.ip("-n", network.namespaceA, "addr", "add", ADDRESS_A + "/24", "dev", network.vethA);
            network.ip("-n", network.namespaceA, "link", "set", network.vethA, "up");
            if (bothInNamespaces)
            {
                network.ip("link", "set", network.vethB, "netns", network.namespaceB);
                network.ip("-n", network.namespaceB, "addr", "add", ADDRESS_B + "/24", "dev", network.vethB);
                network.ip("-n", network.namespaceB, "link", "set", network.vethB, "up");
            }
            else
            {
                network.ip("link", "set", network.vethB, "up");
            }
            network.ip("-n", network.namespaceA, "link", "set", "lo", "up");
            network.ip("-n", network.namespaceB, "link", "set", "lo", "up");
        }
        catch (final IOException | RuntimeException | InterruptedException ex)
        {
            network.close();
            throw ex;
        }
        return network;
    }

    /**
     * Starts a command inside a namespace; it is killed when this network closes.
     *
     * @param namespace where.
     * @param log       file receiving stdout and stderr.
     * @param command   the command.
     * @return the process (its pid is the command's: {@code ip netns exec} execs it).
     */
    Process start(final String namespace, final Path log, final List<String> command) throws IOException
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        final Process process = new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        synchronized (processes)
        {
            processes.add(process);
        }
        return process;
    }

    /**
     * Runs a command inside a namespace to its end.
     *
     * @return its exit status.
     */
    int run(final String namespace, final Path log, final long timeoutSeconds, final List<String> command)
        throws IOException, InterruptedException
    {
        final Process process = start(namespace, log, command);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s; log: " +
                Files.readString(log, StandardCharsets.UTF_8));
        }
        return process.exitValue();
    }

    /**
     * Starts the sensor agent in a namespace, as a separate JVM on the test class path.
     *
     * @param namespace where.
     * @param log       its stdout and stderr.
     * @param args      sipsensor arguments.
     * @return the agent's process.
     */
    Process startAgent(final String namespace, final Path log, final List<String> args) throws IOException
    {
        return start(namespace, log, agentCommand(args));
    }

    /**
     * @param args sipsensor arguments.
     * @return the command line that runs the sensor in a new JVM on the test class path.
     */
    static List<String> agentCommand(final List<String> args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Main.class.getName());
        command.addAll(args);
        return command;
    }

    /**
     * Waits until the agent of a spool reports running in its counters file (what {@code status} reads).
     *
     * @return the snapshot that satisfied the condition.
     */
    static CountersFile.Snapshot awaitCounters(final Path spool, final Process agent, final Path log,
        final Predicate<CountersFile.Snapshot> condition, final long timeoutMs) throws IOException,
        InterruptedException
    {
        // a deadline, not a delay: generous, because a loaded host (CI's may be slower than this one) can take many
        // times the usual start-up; a condition met returns at once
        final long patienceMs = Math.max(timeoutMs * 4, 120_000);
        final long deadline = System.currentTimeMillis() + patienceMs;
        CountersFile.Snapshot snapshot = null;
        while (System.currentTimeMillis() < deadline)
        {
            snapshot = CountersFile.read(spool);
            if (snapshot != null && condition.test(snapshot))
            {
                return snapshot;
            }
            assertTrue(agent.isAlive(), "the agent exited early: " + Files.readString(log, StandardCharsets.UTF_8));
            Thread.sleep(50);
        }
        throw new AssertionError("condition not reached in " + patienceMs + " ms; last counters: " +
            (snapshot == null ? "none" : snapshot.values()) + "; agent log: " +
            Files.readString(log, StandardCharsets.UTF_8));
    }

    /**
     * @return every leg in a spool's journal.
     */
    static List<CdrLeg> journaledLegs(final Path spool)
    {
        final List<CdrLeg> legs = new ArrayList<>();
        try (Journal journal = Journal.openExisting(spool.resolve("journal"));
            Journal.Reader reader = journal.reader())
        {
            final CdrDecoder decoder = new CdrDecoder();
            while (reader.next(decoder))
            {
                legs.add(decoder.toLeg());
            }
        }
        return legs;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            deleteQuietly();
            try
            {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
            catch (final IllegalStateException ex)
            {
                // the JVM is shutting down: the hook runs anyway
            }
        }
    }

    private void deleteQuietly()
    {
        synchronized (processes)
        {
            for (final Process process : processes)
            {
                process.destroyForcibly();
            }
            for (final Process process : processes)
            {
                try
                {
                    process.waitFor(5, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            processes.clear();
        }
        for (final String namespace : List.of(namespaceA, namespaceB))
        {
            try
            {
                new ProcessBuilder("ip", "netns", "del", namespace).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
            }
            catch (final IOException | InterruptedException ex)
            {
                // best effort
            }
        }
    }

    private void ip(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }

    private static List<String> jvmFlags() throws IOException
    {
        final Path flags = Path.of(System.getProperty("user.dir")).resolveSibling("bin").resolve("jvm.flags");
        final List<String> result = new ArrayList<>();
        for (final String line : Files.readAllLines(flags, StandardCharsets.UTF_8))
        {
            final String flag = line.strip();
            if (!flag.isEmpty() && !flag.startsWith("#"))
            {
                result.add(flag);
            }
        }
        return result;
    }

    private static String which(final String tool)
    {
        for (final String directory : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .split(File.pathSeparator))
        {
            final File file = new File(directory, tool);
            if (file.canExecute())
            {
                return file.getPath();
            }
        }
        for (final String directory : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"))
        {
            final File file = new File(directory, tool);
            if (file.canExecute())
            {
                return file.getPath();
            }
        }
        return null;
    }

    private static long uid()
    {
        try
        {
            final Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return ((Number)uid).longValue();
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }
}
