package io.sipsensor.bench;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.call.CallTracker;
import io.sipsensor.call.CallTrackerSettings;
import io.sipsensor.call.LegListener;
import io.sipsensor.call.SipDatagramHandler;
import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.PacketSource;
import io.sipsensor.net.PacketDecoder;
import io.sipsensor.sip.SipParser;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much heap a tracked call costs and how long the collector pauses while hundreds of thousands of calls are in
 * progress. Reads a capture through the agent's own packet path (decoder, SIP parser, call tracker; legs are only
 * counted, the journal is measured apart) and, the first time the calls in progress reach {@code --target}, stops
 * to measure the live heap after a full collection against the heap before the first packet:
 * {@code (live heap at target - live heap before) / Call-IDs tracked}. Then it reads on to the end.
 * <p>
 * GC pauses: run the JVM with {@code -Xlog:gc:file=LOG} and pass {@code --gc-log LOG}; every pause while packets
 * were read is listed (the two explicit collections of the heap measurement are left out, and said so).
 * <pre>
 *   benchmarks/generate --calls 900000 --rate 5000 --hold FIXED --hold-mean 120 --failures 0 --reinvites 0 \
 *       --out /tmp/concurrent.pcap
 *   java -Xlog:gc:file=/tmp/gc.log -cp benchmarks/target/benchmarks.jar io.sipsensor.bench.ConcurrentCallsHarness \
 *       --capture /tmp/concurrent.pcap --target 600000 --gc-log /tmp/gc.log
 * </pre>
 * The last line is {@code RESULT} followed by the figures as JSON.
 */
public final class ConcurrentCallsHarness
{
    private static final Pattern PAUSE = Pattern.compile(
        "\\[([0-9.]+)s].*\\bPause (Young|Full|Remark|Cleanup).* ([0-9.]+)ms$");

    private ConcurrentCallsHarness()
    {
    }

    /**
     * @param args {@code --capture FILE [--target CALLS] [--gc-log FILE]}.
     * @throws IOException if the GC log cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        Path capture = null;
        Path gcLog = null;
        long target = 600_000;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--capture" -> capture = Path.of(args[i + 1]);
                case "--target" -> target = Long.parseLong(args[i + 1]);
                case "--gc-log" -> gcLog = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (capture == null)
        {
            throw new IllegalArgumentException("give --capture FILE");
        }

        final Counters counters = new Counters();
        final long[] legs = new long[1];
        final LegListener listener = leg -> legs[0]++;
        final CallTracker tracker = new CallTracker(CallTrackerSettings.defaults(), counters, listener);
        final SipDatagramHandler sip =
            new SipDatagramHandler(new int[]{5060}, SipParser.DEFAULT_MAX_HEADERS, tracker, counters);
        final PacketDecoder decoder = new PacketDecoder(sip, counters);

        final long baseline = liveHeap();
        double measuredAtSeconds = -1;
        double readFromSeconds = uptimeSeconds();
        double readToSeconds;
        long heapAtTarget = -1;
        long trackedAtTarget = 0;
        long stateBytesAtTarget = 0;
        long inProgressAtTarget = 0;
        long peakInProgress = 0;
        final long begin = System.nanoTime();
        try (PacketSource source = CaptureFiles.open(List.of(capture), message -> System.err.println(message),
            counters))
        {
            while (!source.isExhausted())
            {
                source.poll(decoder, 1024);
                final long inProgress = counters.value(SensorCounter.CALLS_STARTED) -
                    counters.value(SensorCounter.LEGS_COMPLETED);
                peakInProgress = Math.max(peakInProgress, inProgress);
                if (heapAtTarget < 0 && inProgress >= target)
                {
                    final double before = uptimeSeconds();
                    heapAtTarget = liveHeap();
                    measuredAtSeconds = uptimeSeconds();
                    trackedAtTarget = tracker.trackedCalls();
                    stateBytesAtTarget = tracker.stateBytes();
                    inProgressAtTarget = inProgress;
                    System.out.printf(Locale.ROOT, "heap measured at %.3f..%.3f s uptime%n", before,
                        measuredAtSeconds);
                }
            }
            tracker.flush();
        }
        readToSeconds = uptimeSeconds();
        final double readSeconds = (System.nanoTime() - begin) / 1e9;

        final long messages = counters.value(SensorCounter.SIP_MESSAGES);
        System.out.printf(Locale.ROOT, "read %,d SIP messages in %.2f s; legs %,d; calls in progress at most %,d%n",
            messages, readSeconds, legs[0], peakInProgress);
        double bytesPerCall = Double.NaN;
        double bytesPerCallInProgress = Double.NaN;
        if (heapAtTarget >= 0)
        {
            bytesPerCall = (double)(heapAtTarget - baseline) / trackedAtTarget;
            bytesPerCallInProgress = (double)(heapAtTarget - baseline) / inProgressAtTarget;
            System.out.printf(Locale.ROOT, "at %,d calls in progress (%,d Call-IDs tracked, lingering ones " +
                    "included): live heap %,d MB above the start, %.0f bytes per tracked Call-ID, %.0f bytes per " +
                    "call in progress%n", inProgressAtTarget, trackedAtTarget, (heapAtTarget - baseline) >> 20,
                bytesPerCall, bytesPerCallInProgress);
            System.out.printf(Locale.ROOT, "of which the tracker's records and index: %,d MB (%.0f bytes per tracked " +
                    "Call-ID; chunks are allocated ahead, the index has room for twice the calls)%n",
                stateBytesAtTarget >> 20, (double)stateBytesAtTarget / trackedAtTarget);
        }
        else
        {
            System.out.printf(Locale.ROOT, "the capture never had %,d calls in progress (peak %,d)%n", target,
                peakInProgress);
        }

        final List<double[]> pauses = new ArrayList<>();
        int explicit = 0;
        if (gcLog != null && Files.exists(gcLog))
        {
            for (final String line : Files.readAllLines(gcLog))
            {
                final Matcher m = PAUSE.matcher(line);
                if (!m.find())
                {
                    continue;
                }
                final double at = Double.parseDouble(m.group(1));
                if (line.contains("System.gc()"))
                {
                    explicit++;
                    continue;
                }
                if (at >= readFromSeconds && at <= readToSeconds + 0.5)
                {
                    pauses.add(new double[]{at, Double.parseDouble(m.group(3))});
                }
            }
        }
        double maxPause = 0;
        double totalPause = 0;
        for (final double[] pause : pauses)
        {
            maxPause = Math.max(maxPause, pause[1]);
            totalPause += pause[1];
        }
        System.out.printf(Locale.ROOT, "GC pauses while reading: %d, longest %.2f ms, total %.1f ms " +
                "(%d explicit collections for the heap measurement not counted)%n", pauses.size(), maxPause,
            totalPause, explicit);
        System.out.printf(Locale.ROOT, "RESULT {\"messages\": %d, \"read_seconds\": %.3f, \"peak_in_progress\": %d, " +
                "\"in_progress_at_target\": %d, \"tracked_at_target\": %d, \"heap_bytes_per_tracked_call\": %.1f, " +
                "\"heap_bytes_per_call_in_progress\": %.1f, \"gc_pauses\": %d, \"gc_pause_max_ms\": %.3f, " +
                "\"gc_pause_total_ms\": %.3f}%n",
            messages, readSeconds, peakInProgress, inProgressAtTarget, trackedAtTarget, bytesPerCall,
            bytesPerCallInProgress, pauses.size(), maxPause, totalPause);
    }

    private static double uptimeSeconds()
    {
        return ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    }

    private static long liveHeap()
    {
        final var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
