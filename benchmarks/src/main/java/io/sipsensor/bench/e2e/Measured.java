package io.sipsensor.bench.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command run under {@code /usr/bin/time -v} (when the host has it): wall time measured around the process,
 * peak resident set size as the kernel reports it, and the load average just before it started.
 *
 * @param wallMs     wall time, ms.
 * @param rssBytes   maximum resident set size, 0 if unknown.
 * @param cpuMs      user + system CPU time, ms (0 if unknown).
 * @param load1      one-minute load average when the run started.
 * @param exitStatus the command's exit status.
 * @param stderr     what it wrote on stderr (the time report removed).
 */
record Measured(double wallMs, long rssBytes, double cpuMs, double load1, int exitStatus, String stderr)
{
    private static final Path TIME = Path.of("/usr/bin/time");
    private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    private static final Pattern USER = Pattern.compile("User time \\(seconds\\): ([0-9.]+)");
    private static final Pattern SYSTEM = Pattern.compile("System time \\(seconds\\): ([0-9.]+)");

    /**
     * @param command     the command.
     * @param environment extra environment variables.
     * @param stdout      where its standard output goes.
     * @return the measurement.
     * @throws IOException if it cannot be started.
     */
    static Measured run(final List<String> command, final Map<String, String> environment, final Path stdout)
        throws IOException
    {
        final Path timeReport = Files.createTempFile("sipsensor-e2e-time", ".txt");
        final Path errors = Files.createTempFile("sipsensor-e2e-stderr", ".txt");
        try
        {
            final List<String> full = new ArrayList<>();
            final boolean timed = Files.isExecutable(TIME);
            if (timed)
            {
                full.addAll(List.of(TIME.toString(), "-v", "-o", timeReport.toString()));
            }
            full.addAll(command);
            final ProcessBuilder builder = new ProcessBuilder(full)
                .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(
                    stdout.toFile()))
                .redirectError(errors.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            final double load = currentLoad();
            final long begin = System.nanoTime();
            final Process process = builder.start();
            final int status;
            try
            {
                status = process.waitFor();
            }
            catch (final InterruptedException ex)
            {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ex);
            }
            final double wallMs = (System.nanoTime() - begin) / 1e6;
            final String report = timed ? Files.readString(timeReport) : "";
            return new Measured(wallMs, kilobytes(report), cpuMs(report), load, status, Files.readString(errors));
        }
        finally
        {
            Files.deleteIfExists(timeReport);
            Files.deleteIfExists(errors);
        }
    }

    /**
     * @return the one-minute load average, or NaN where /proc/loadavg is missing.
     */
    static double currentLoad()
    {
        try
        {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        }
        catch (final IOException | RuntimeException ex)
        {
            return Double.NaN;
        }
    }

    private static long kilobytes(final String report)
    {
        final Matcher m = RSS.matcher(report);
        return m.find() ? Long.parseLong(m.group(1)) << 10 : 0;
    }

    private static double cpuMs(final String report)
    {
        final Matcher user = USER.matcher(report);
        final Matcher system = SYSTEM.matcher(report);
        if (!user.find() || !system.find())
        {
            return 0;
        }
        return (Double.parseDouble(user.group(1)) + Double.parseDouble(system.group(1))) * 1000;
    }
}
