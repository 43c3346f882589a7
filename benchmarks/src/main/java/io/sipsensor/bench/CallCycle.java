package io.sipsensor.bench;

import io.sipsensor.generator.GeneratedCall;
import io.sipsensor.generator.GeneratorSettings;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A stream of generated SIP messages that repeats forever with time moving on: one cycle holds {@code calls} calls
 * whose INVITEs are spread evenly over the cycle's {@code periodNs}; each message's time is taken modulo the period
 * and the messages are played in that order, the next cycle {@code periodNs} later. A call that runs past the end
 * of a cycle finishes early in the next one, so in steady state a constant number of calls is in progress, as in a
 * capture at {@code calls / period} call attempts per second. The period must exceed the longest call plus the
 * tracker's linger time, so that a Call-ID is forgotten before the next cycle uses it again (as a new call).
 * <p>
 * Set-up only (allocates); the benchmark reads the arrays.
 */
final class CallCycle
{
    /** Capture time of the first cycle's start: 2026-11-22T10:00:00Z. */
    static final long BASE_NS = 1_795_341_600_000_000_000L;

    final long periodNs;
    /** Messages per cycle, in play order. */
    final byte[][] bytes;
    /** Time of each message within the cycle. */
    final long[] offsetNs;
    /** Source and destination IPv4 address of each message. */
    final int[] source;
    final int[] destination;
    /** Calls per cycle and expected legs among them. */
    final int calls;

    private CallCycle(final long periodNs, final int calls, final byte[][] bytes, final long[] offsetNs,
        final int[] source, final int[] destination)
    {
        this.periodNs = periodNs;
        this.calls = calls;
        this.bytes = bytes;
        this.offsetNs = offsetNs;
        this.source = source;
        this.destination = destination;
    }

    /**
     * The default mix (25 % failures, 20 % compact headers, 10 % re-INVITEs) with uniform hold times of 30..90 s
     * (mean 60 s) over a period of 150 s.
     *
     * @param calls calls per cycle.
     * @return the cycle.
     */
    static CallCycle build(final int calls)
    {
        final GeneratorSettings defaults = GeneratorSettings.defaults();
        final GeneratorSettings settings = new GeneratorSettings(7, calls, calls / 150.0, BASE_NS,
            GeneratorSettings.HoldDistribution.UNIFORM, TimeUnit.SECONDS.toNanos(60), defaults.failureShare(),
            defaults.compactShare(), 0.0, defaults.reinviteShare(), defaults.byeByCalleeShare(), 0, -1, 1);
        return build(settings, TimeUnit.SECONDS.toNanos(150));
    }

    /**
     * @param settings calls, outcome mix and hold times (the call rate is ignored: INVITEs are spread evenly).
     * @param periodNs length of a cycle.
     * @return the cycle.
     */
    static CallCycle build(final GeneratorSettings settings, final long periodNs)
    {
        final int calls = settings.calls();
        int total = 0;
        final GeneratedCall[] generated = new GeneratedCall[calls];
        for (int i = 0; i < calls; i++)
        {
            generated[i] = GeneratedCall.of(settings, i, BASE_NS + (long)((double)periodNs * i / calls));
            total += generated[i].messageCount();
        }
        if (total >= 1 << 20)
        {
            throw new IllegalArgumentException("too many messages per cycle: " + total);
        }
        final long[] order = new long[total];
        final int[] callOf = new int[total];
        final int[] messageOf = new int[total];
        int n = 0;
        for (int i = 0; i < calls; i++)
        {
            final GeneratedCall call = generated[i];
            for (int m = 0; m < call.messageCount(); m++)
            {
                final long offset = Math.floorMod(call.timeNs(m) - BASE_NS, periodNs);
                if (call.timeNs(m) - call.timeNs(0) + TimeUnit.SECONDS.toNanos(40) > periodNs)
                {
                    throw new IllegalArgumentException("period too short for the longest call");
                }
                callOf[n] = i;
                messageOf[n] = m;
                order[n] = (offset << 20) | n; // offset in ns < 2^43 for any sane period; n < 2^20 per cycle
                n++;
            }
        }
        Arrays.sort(order);
        final byte[][] bytes = new byte[total][];
        final long[] offsets = new long[total];
        final int[] source = new int[total];
        final int[] destination = new int[total];
        for (int k = 0; k < total; k++)
        {
            final int e = (int)(order[k] & ((1 << 20) - 1));
            final GeneratedCall call = generated[callOf[e]];
            final int m = messageOf[e];
            bytes[k] = call.bytes(m);
            offsets[k] = order[k] >>> 20;
            final int caller = ipv4(call.callerAddress());
            final int callee = ipv4(call.calleeAddress());
            source[k] = call.fromCaller(m) ? caller : callee;
            destination[k] = call.fromCaller(m) ? callee : caller;
        }
        return new CallCycle(periodNs, calls, bytes, offsets, source, destination);
    }

    int messages()
    {
        return bytes.length;
    }

    private static int ipv4(final byte[] address)
    {
        return (address[0] & 0xFF) << 24 | (address[1] & 0xFF) << 16 | (address[2] & 0xFF) << 8 | (address[3] & 0xFF);
    }
}
