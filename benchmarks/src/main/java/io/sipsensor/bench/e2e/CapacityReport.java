package io.sipsensor.bench.e2e;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * The figures a person sizing a sniffer host needs, derived from the measured medians: what one packet thread
 * (one core) of this host sustains in SIP messages, call attempts, concurrent calls at a hold time, and RTP packets
 * classified and dropped, with the assumptions said next to each figure; then each target of the project against
 * what was measured in this run.
 */
final class CapacityReport
{
    private static final double LINGER_SECONDS = 32;
    private static final long MAX_CALLS_DEFAULT = 1_000_000;

    private final PrintStream out;
    private final CaptureResult sip;
    private final CaptureResult mixed;
    private final Map<String, Object> concurrent;
    private final Map<String, Object> journal;
    private final JmhSuite jmh;
    private final double holdSeconds;

    CapacityReport(final PrintStream out, final CaptureResult sip, final CaptureResult mixed,
        final Map<String, Object> concurrent, final Map<String, Object> journal, final JmhSuite jmh,
        final double holdSeconds)
    {
        this.out = out;
        this.sip = sip;
        this.mixed = mixed;
        this.concurrent = concurrent;
        this.journal = journal;
        this.jmh = jmh;
        this.holdSeconds = holdSeconds;
    }

    void print()
    {
        final double messagesPerSecond = sip.messagesPerSecondRead();
        final double nsPerMessage = 1e9 / messagesPerSecond;
        final double messagesPerCall = (double)sip.capture().sipMessages() / sip.capture().legs();
        final double attemptsPerSecond = messagesPerSecond / messagesPerCall;
        final double heapPerCall = concurrent != null ? number(concurrent, "heap_bytes_per_tracked_call") : Double.NaN;
        final long maxHeap = Runtime.getRuntime().maxMemory();

        out.printf(Locale.ROOT, "%nCapacity report: one core of this host (%s), from the medians above%n",
            HostInfo.cpuModel());
        out.printf(Locale.ROOT, "  SIP messages/s            %,12.0f   processing phase of the SIP-only capture " +
            "(read, decode, parse, track, count, journal hand-off: %.0f ns per message)%n", messagesPerSecond,
            nsPerMessage);
        out.printf(Locale.ROOT, "  call attempts/s           %,12.0f   at %.2f SIP messages per call (the generated " +
            "mix: 75 %% answered with 7 messages, 10 %% of them with a re-INVITE pair, 25 %% failed)%n",
            attemptsPerSecond, messagesPerCall);
        final double cpuBound = attemptsPerSecond * holdSeconds;
        String line = String.format(Locale.ROOT, "  concurrent calls, %.0f s   %,12.0f   Little's law: call " +
                "attempts/s x mean hold time (a call costs no CPU while it holds)", holdSeconds,
            Math.min(cpuBound, MAX_CALLS_DEFAULT));
        if (!Double.isNaN(heapPerCall))
        {
            final double tracked = Math.min(cpuBound, MAX_CALLS_DEFAULT) + attemptsPerSecond * LINGER_SECONDS;
            line += String.format(Locale.ROOT, "; capped by max_calls (default %,d, configurable); memory: %.0f " +
                    "bytes of heap per tracked Call-ID, so %,.0f tracked Call-IDs (%.0f s linger included) need " +
                    "%,.0f MB of heap", MAX_CALLS_DEFAULT, heapPerCall, tracked, LINGER_SECONDS,
                tracked * heapPerCall / 1048576.0);
        }
        out.println(line);
        if (mixed != null)
        {
            out.printf(Locale.ROOT, "  RTP packets/s, file, cold %,12.0f   from a file: the mixed capture's %,d RTP " +
                    "packets over (its processing time %.0f ms - its %,d SIP messages at the SIP-only rate, %.0f ms);" +
                    " all packets of the mixed capture: %,.0f/s%n", rtpPerSecond(nsPerMessage),
                mixed.capture().otherPackets(), mixed.readMs(), mixed.capture().sipMessages(),
                mixed.capture().sipMessages() * nsPerMessage / 1e6, mixed.packetsPerSecondRead());
        }
        final JmhSuite.Row rtpFromFile = jmh != null ? jmh.find("RtpClassifyBenchmark.fromFile") : null;
        if (rtpFromFile != null)
        {
            out.printf(Locale.ROOT, "  RTP packets/s, file, warm %,12.0f   RtpClassifyBenchmark.fromFile: %.1f ns per " +
                "packet read from a 230 MB pcap in the page cache, decoded, rejected and counted, with the JIT warmed " +
                "up as on a sensor that has been running (the line above includes the JIT's warm-up)%n",
                1e9 / rtpFromFile.nsPerOp(), rtpFromFile.nsPerOp());
        }
        final JmhSuite.Row rtp = jmh != null ? jmh.find("RtpClassifyBenchmark.classify") : null;
        if (rtp != null)
        {
            out.printf(Locale.ROOT, "  RTP packets/s, in memory  %,12.0f   RtpClassifyBenchmark: %.1f ns per packet " +
                "(decode, reject on the first byte, count), frames already in the cache%n", 1e9 / rtp.nsPerOp(),
                rtp.nsPerOp());
        }
        if (journal != null)
        {
            out.printf(Locale.ROOT, "  CDRs journaled/s          %,12.0f   journal thread at full speed; it runs " +
                    "beside the packet thread, on the second core%n", number(journal, "max_per_second"));
        }
        out.printf(Locale.ROOT, "  Assumptions: one packet thread per capture source; the journal thread needs a " +
            "second core (or hyper-thread) to itself at these rates; figures are for UDP SIP on this CPU, from a " +
            "memory-mapped file in the page cache (a live interface adds the kernel's capture cost); the JVM's heap " +
            "(here max %,d MB) must hold the tracked Call-IDs; the load average column above says how busy the host " +
            "was.%n", maxHeap >> 20);
        printTargets(nsPerMessage);
    }

    private double rtpPerSecond(final double nsPerMessage)
    {
        final double sipShareMs = mixed.capture().sipMessages() * nsPerMessage / 1e6;
        return mixed.capture().otherPackets() / ((mixed.readMs() - sipShareMs) / 1000);
    }

    private void printTargets(final double nsPerMessage)
    {
        out.printf(Locale.ROOT, "%nTargets (issue 7), this run%n");
        final JmhSuite.Row parser = jmh != null ? jmh.find("SipParserBenchmark.parseOnly") : null;
        if (parser != null)
        {
            target("parser <= 250 ns/message, 0 B/op", parser.nsPerOp() <= 250 && parser.bytesPerOp() < 1,
                String.format(Locale.ROOT, "%.0f ns, %.2f B/op (SipParserBenchmark.parseOnly)", parser.nsPerOp(),
                    parser.bytesPerOp()));
        }
        if (!sip.tshark().isEmpty())
        {
            final double ratio = sip.tsharkWallMs() / sip.wallMs();
            target("end-to-end SIP-only >= 25x tshark sip,stat", ratio >= 25, String.format(Locale.ROOT,
                "%.1fx (%.0f ms against %.0f ms; %,.0f messages/s while processing)", ratio, sip.wallMs(),
                sip.tsharkWallMs(), 1e9 / nsPerMessage));
        }
        final JmhSuite.Row rtpFromFile = jmh != null ? jmh.find("RtpClassifyBenchmark.fromFile") : null;
        if (mixed != null || rtpFromFile != null)
        {
            // Per-core capacity is a property of the running sensor, so the warm figure decides; a one-second run
            // of a fresh JVM spends much of its time before the JIT has compiled the path, and is shown beside it.
            final double cold = mixed != null ? rtpPerSecond(nsPerMessage) : Double.NaN;
            final double warm = rtpFromFile != null ? 1e9 / rtpFromFile.nsPerOp() : Double.NaN;
            final double decisive = rtpFromFile != null ? warm : cold;
            target("RTP classified and dropped >= 10 M packets/s from a file", decisive >= 10e6,
                String.format(Locale.ROOT, "%,.0f packets/s with the JIT warm (RtpClassifyBenchmark.fromFile); " +
                    "%,.0f packets/s in the mixed capture's whole run from a cold start", warm, cold));
        }
        if (concurrent != null)
        {
            final double bytes = number(concurrent, "heap_bytes_per_tracked_call");
            final double pause = number(concurrent, "gc_pause_max_ms");
            target("600,000 concurrent calls: <= 500 B heap per call", bytes <= 500,
                String.format(Locale.ROOT, "%.0f B per tracked Call-ID", bytes));
            target("600,000 concurrent calls: no GC pause > 10 ms", pause <= 10,
                String.format(Locale.ROOT, "longest %.2f ms of %d pauses while reading", pause,
                    (long)number(concurrent, "gc_pauses")));
        }
        if (journal != null)
        {
            final double p999 = number(journal, "response_p999_ns") / 1000;
            target("journal append p99.9 <= 5 us at 10,000 CDRs/s", p999 <= 5, String.format(Locale.ROOT,
                "p99.9 %.1f us from when each record was due (the append alone: p99.9 %.1f us, max %.0f us)",
                p999, number(journal, "service_p999_ns") / 1000, number(journal, "service_max_ns") / 1000));
        }
    }

    private void target(final String name, final boolean met, final String measured)
    {
        out.printf(Locale.ROOT, "  %-58s %-8s %s%n", name, met ? "met" : "NOT MET", measured);
    }

    private static double number(final Map<String, Object> values, final String name)
    {
        final Object value = values.get(name);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
