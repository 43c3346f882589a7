package io.sipsensor.bench.e2e;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * The figures a person sizing a sniffer host needs, derived from the measured medians: what one packet thread
 * (one core) of this host sustains in SIP messages, call attempts, concurrent calls at a hold time, and RTP packets
 * classified and dropped, with the assumptions said next to each figure.
 */
final class CapacityReport
{
    private static final double HOLD_SECONDS = 180;
    private static final double LINGER_SECONDS = 32;
    private static final long MAX_CALLS_DEFAULT = 1_000_000;

    private final PrintStream out;
    private final CaptureResult sip;
    private final CaptureResult mixed;
    private final Map<String, Object> concurrent;
    private final Map<String, Object> journal;

    CapacityReport(final PrintStream out, final CaptureResult sip, final CaptureResult mixed,
        final Map<String, Object> concurrent, final Map<String, Object> journal)
    {
        this.out = out;
        this.sip = sip;
        this.mixed = mixed;
        this.concurrent = concurrent;
        this.journal = journal;
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
        final double cpuBound = attemptsPerSecond * HOLD_SECONDS;
        String line = String.format(Locale.ROOT, "  concurrent calls, %.0f s   %,12.0f   Little's law: call attempts/s x " +
            "hold time (a call costs no CPU while it holds)", HOLD_SECONDS, Math.min(cpuBound, MAX_CALLS_DEFAULT));
        if (!Double.isNaN(heapPerCall))
        {
            final double tracked = cpuBound + attemptsPerSecond * LINGER_SECONDS;
            line += String.format(Locale.ROOT, "; capped by max_calls (default %,d, configurable); memory: %.0f " +
                    "bytes of heap per tracked Call-ID, so %,.0f tracked Call-IDs (%.0f s linger included) need " +
                    "%,.0f MB of heap", MAX_CALLS_DEFAULT, heapPerCall, tracked,
                Math.min(tracked, MAX_CALLS_DEFAULT + attemptsPerSecond * LINGER_SECONDS) * heapPerCall / 1048576.0);
        }
        out.println(line);
        if (mixed != null)
        {
            final double sipShareMs = mixed.capture().sipMessages() * nsPerMessage / 1e6;
            final double rtpMs = mixed.readMs() - sipShareMs;
            final double rtpPerSecond = mixed.capture().otherPackets() / (rtpMs / 1000);
            out.printf(Locale.ROOT, "  RTP packets/s classified  %,12.0f   mixed capture: its %,d RTP packets over " +
                    "(processing time %.0f ms - its %,d SIP messages at the SIP-only rate, %.0f ms); all packets of " +
                    "the mixed capture: %,.0f/s%n", rtpPerSecond, mixed.capture().otherPackets(), mixed.readMs(),
                mixed.capture().sipMessages(), sipShareMs, mixed.packetsPerSecondRead());
        }
        if (journal != null)
        {
            out.printf(Locale.ROOT, "  CDRs journaled/s          %,12.0f   journal thread at full speed (p99.9 %.1f us " +
                    "per CDR at 10,000/s); it runs beside the packet thread, on the second core%n",
                number(journal, "max_per_second"), number(journal, "response_p999_ns") / 1000);
        }
        out.printf(Locale.ROOT, "  Assumptions: one packet thread per capture source; the journal thread needs a " +
            "second core (or hyper-thread) to itself at these rates; figures are for UDP SIP on this CPU, from a " +
            "memory-mapped file (a live interface adds the kernel's capture cost); the JVM's heap (here max %,d MB) " +
            "must hold the tracked Call-IDs.%n", maxHeap >> 20);
    }

    private static double number(final Map<String, Object> values, final String name)
    {
        final Object value = values.get(name);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
