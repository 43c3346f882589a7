package io.sipsensor.bench.e2e;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time goes: one more agent run on a capture with Java Flight Recorder sampling the threads every
 * millisecond, then the packet thread's samples summed by stage (the package of the innermost sipsensor frame, so a
 * JDK method counts for the stage that called it) and by method, and the JIT compilers' work in the same run. The
 * packet thread also starts the run and computes the channel statistics at its end ("channel"). The recording slows
 * the run a little; its shares are what matter, not its times.
 *
 * @param samples       packet-thread samples.
 * @param byStage       samples per stage.
 * @param byMethod      samples per innermost frame ({@code Class.method}).
 * @param compileMs     C1 + C2 compilation time (CPU on the compiler threads).
 * @param c2CompileMs   of which C2.
 */
record Profile(long samples, Map<String, Long> byStage, Map<String, Long> byMethod, double compileMs,
    double c2CompileMs)
{
    private static final String PACKET_THREAD = "main";

    /**
     * @param root    the repository.
     * @param capture the input.
     * @param work    folder for the spool and the recording (emptied first).
     * @return the profile.
     * @throws IOException if the run or the recording fails.
     */
    static Profile record(final Path root, final Capture capture, final Path work) throws IOException
    {
        AgentRun.delete(work);
        Files.createDirectories(work);
        final Path recording = work.resolve("agent.jfr");
        final Measured measured = Measured.run(
            List.of(root.resolve("sipsensor").toString(), "-r", capture.file().toString(), "--spool",
                work.resolve("spool").toString(), "--progress", "none"),
            Map.of("SIPSENSOR_JAVA_OPTS", "-XX:StartFlightRecording=filename=" + recording +
                    ",settings=profile,jdk.ExecutionSample#period=1ms,jdk.Compilation#threshold=0ms",
                "SIPSENSOR_NO_BUILD", "1"),
            null);
        if (measured.exitStatus() != 0 || !Files.exists(recording))
        {
            throw new IOException("the profiled run failed: " + measured.stderr());
        }
        final Profile profile = read(recording);
        AgentRun.delete(work.resolve("spool"));
        return profile;
    }

    static Profile read(final Path recording) throws IOException
    {
        long samples = 0;
        final Map<String, Long> byStage = new HashMap<>();
        final Map<String, Long> byMethod = new HashMap<>();
        double compileMs = 0;
        double c2Ms = 0;
        try (RecordingFile file = new RecordingFile(recording))
        {
            while (file.hasMoreEvents())
            {
                final RecordedEvent event = file.readEvent();
                final String type = event.getEventType().getName();
                if ("jdk.Compilation".equals(type))
                {
                    final double ms = event.getDuration().toNanos() / 1e6;
                    compileMs += ms;
                    if (event.getInt("compileLevel") == 4)
                    {
                        c2Ms += ms;
                    }
                }
                else if ("jdk.ExecutionSample".equals(type) && event.getThread("sampledThread") != null &&
                    PACKET_THREAD.equals(event.getThread("sampledThread").getJavaName()))
                {
                    final RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty())
                    {
                        continue;
                    }
                    samples++;
                    final RecordedFrame top = stack.getFrames().get(0);
                    byMethod.merge(name(top), 1L, Long::sum);
                    byStage.merge(stage(stack), 1L, Long::sum);
                }
            }
        }
        return new Profile(samples, byStage, byMethod, compileMs, c2Ms);
    }

    void print(final PrintStream out, final String captureName)
    {
        out.printf(Locale.ROOT, "%nWhere the time goes (%s capture, one run under JFR, %,d samples of the packet " +
            "thread; JIT compilers worked %.0f ms in the same run, %.0f ms of it C2)%n", captureName, samples,
            compileMs, c2CompileMs);
        out.println("  by stage (innermost sipsensor frame's package):");
        byStage.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
            .forEach(entry -> out.printf(Locale.ROOT, "    %5.1f %%  %-10s %,7d samples (about as many ms)%n",
                100.0 * entry.getValue() / samples, entry.getKey(), entry.getValue()));
        out.println("  hottest methods (self time):");
        byMethod.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
            .forEach(entry -> out.printf(Locale.ROOT, "    %5.1f %%  %s%n", 100.0 * entry.getValue() / samples,
                entry.getKey()));
    }

    private static String name(final RecordedFrame frame)
    {
        final String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    /**
     * @return the package below io.sipsensor of the innermost sipsensor frame ("capture", "net", "sip", "call",
     *         "journal", "channel", "agent", ...), or "other".
     */
    private static String stage(final RecordedStackTrace stack)
    {
        for (final RecordedFrame frame : stack.getFrames())
        {
            final String type = frame.getMethod().getType().getName();
            if (type.startsWith("io.sipsensor."))
            {
                final String rest = type.substring("io.sipsensor.".length());
                final int dot = rest.indexOf('.');
                return dot < 0 ? rest : rest.substring(0, dot);
            }
        }
        return "other";
    }
}
