package io.sipsensor.generator;

import java.util.SplittableRandom;

/**
 * Everything about one generated call, derived from the settings and the call's index alone (so the generator can
 * recompute it instead of storing it): numbers, addresses, outcome, and the time of each message.
 */
public final class CallPlan
{
    /** Message slots of a call, in the order they are sent. */
    public static final int INVITE = 0;
    public static final int TRYING = 1;
    public static final int RINGING = 2;
    public static final int FINAL = 3;
    public static final int ACK = 4;
    public static final int CANCEL = 5;
    public static final int CANCEL_OK = 6;
    public static final int HOLD = 7;
    public static final int HOLD_OK = 8;
    public static final int HOLD_ACK = 9;
    public static final int RESUME = 10;
    public static final int RESUME_OK = 11;
    public static final int RESUME_ACK = 12;
    public static final int BYE = 13;
    public static final int BYE_OK = 14;
    /** Slots per call before the RTP packets. */
    public static final int SIP_SLOTS = 16;

    private static final long MS = 1_000_000L;
    private static final long MIN_HOLD_NS = 200 * MS;

    final int index;
    final long startNs;
    final Outcome outcome;
    final long ringNs;
    final long holdNs;
    final boolean compact;
    final boolean reinvite;
    final boolean byeByCallee;
    final long[] times = new long[SIP_SLOTS];

    CallPlan(final GeneratorSettings settings, final int index, final long startNs)
    {
        this.index = index;
        this.startNs = startNs;
        final SplittableRandom random = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + index);
        final double failure = random.nextDouble();
        if (failure < settings.failureShare())
        {
            outcome = Outcome.values()[1 + (int)(failure / settings.failureShare() * 4) % 4];
        }
        else
        {
            outcome = Outcome.ANSWERED;
        }
        ringNs = (300 + random.nextLong(901)) * MS;
        holdNs = Math.max(MIN_HOLD_NS, hold(settings, random));
        compact = random.nextDouble() < settings.compactShare();
        reinvite = outcome == Outcome.ANSWERED && holdNs >= 1_000 * MS &&
            random.nextDouble() < settings.reinviteShare();
        byeByCallee = random.nextDouble() < settings.byeByCalleeShare();

        java.util.Arrays.fill(times, Long.MIN_VALUE);
        final long t0 = startNs;
        times[INVITE] = t0;
        times[TRYING] = t0 + 2 * MS;
        switch (outcome)
        {
            case ANSWERED ->
            {
                times[RINGING] = t0 + 40 * MS;
                final long connect = t0 + ringNs;
                times[FINAL] = connect;
                times[ACK] = connect + 3 * MS;
                if (reinvite)
                {
                    times[HOLD] = connect + holdNs / 3;
                    times[HOLD_OK] = times[HOLD] + 5 * MS;
                    times[HOLD_ACK] = times[HOLD_OK] + 3 * MS;
                    times[RESUME] = connect + 2 * holdNs / 3;
                    times[RESUME_OK] = times[RESUME] + 5 * MS;
                    times[RESUME_ACK] = times[RESUME_OK] + 3 * MS;
                }
                times[BYE] = connect + holdNs;
                times[BYE_OK] = times[BYE] + 2 * MS;
            }
            case BUSY ->
            {
                times[FINAL] = t0 + 60 * MS;
                times[ACK] = times[FINAL] + 3 * MS;
            }
            case NOT_FOUND ->
            {
                times[FINAL] = t0 + 30 * MS;
                times[ACK] = times[FINAL] + 3 * MS;
            }
            case DECLINED ->
            {
                times[RINGING] = t0 + 40 * MS;
                times[FINAL] = t0 + ringNs;
                times[ACK] = times[FINAL] + 3 * MS;
            }
            case CANCELLED ->
            {
                times[RINGING] = t0 + 40 * MS;
                times[CANCEL] = t0 + ringNs;
                times[CANCEL_OK] = times[CANCEL] + 2 * MS;
                times[FINAL] = times[CANCEL] + 3 * MS;
                times[ACK] = times[FINAL] + 3 * MS;
            }
        }
    }

    private static long hold(final GeneratorSettings settings, final SplittableRandom random)
    {
        final long mean = settings.meanHoldNs();
        return switch (settings.hold())
        {
            case FIXED -> mean;
            case UNIFORM -> mean / 2 + (mean > 0 ? random.nextLong(mean + 1) : 0);
            case EXPONENTIAL -> (long)(-Math.log(1 - random.nextDouble()) * mean);
        };
    }

    /**
     * @param rtpPacketsPerCall configured RTP packets per answered call.
     * @return RTP packets this call sends (0 unless answered; limited to its talk time at 50 packets/s per side).
     */
    int rtpPackets(final int rtpPacketsPerCall)
    {
        if (outcome != Outcome.ANSWERED)
        {
            return 0;
        }
        final long maxPackets = 2 * (holdNs / (20 * MS));
        return (int)Math.min(rtpPacketsPerCall, maxPackets);
    }

    /**
     * @param packet RTP packet index, 0-based; even packets go caller to callee, odd ones back.
     * @return its capture time.
     */
    long rtpTime(final int packet)
    {
        return times[FINAL] + 10 * MS + (packet / 2) * 20 * MS + (packet & 1) * MS;
    }

    /** @return the leg the sensor should report for this call. */
    public ExpectedLeg expectedLeg()
    {
        final long connect = outcome == Outcome.ANSWERED ? times[FINAL] : Long.MIN_VALUE;
        final long end;
        final String reason;
        switch (outcome)
        {
            case ANSWERED ->
            {
                end = times[BYE];
                reason = "bye";
            }
            case CANCELLED ->
            {
                end = times[CANCEL];
                reason = "cancel";
            }
            default ->
            {
                end = times[FINAL];
                reason = "final";
            }
        }
        return new ExpectedLeg(callId(), caller(), called(), startNs, connect, end, outcome.finalCode(), reason,
            outcome == Outcome.ANSWERED ? (byeByCallee ? "callee" : "caller") : null, reinvite ? 2 : 0);
    }

    String callId()
    {
        return "gen" + Integer.toHexString(index * 7919 + 104729) + "-" + index + "@sipsensor.invalid";
    }

    String caller()
    {
        return "0605" + String.format("%06d", (index * 7L + 100_003) % 1_000_000);
    }

    String called()
    {
        return "0246" + String.format("%06d", (index * 13L + 200_003) % 1_000_000);
    }

    /** @return caller host address bytes: 10.1.x.y. */
    byte[] callerAddress()
    {
        final int host = index % 4000;
        return new byte[]{10, 1, (byte)(host / 250), (byte)(host % 250 + 1)};
    }

    /** @return callee (gateway) address bytes: 10.2.0.n. */
    byte[] calleeAddress()
    {
        return new byte[]{10, 2, 0, (byte)(index % 16 + 1)};
    }
}
