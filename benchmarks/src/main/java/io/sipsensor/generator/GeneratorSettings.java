package io.sipsensor.generator;

import java.util.concurrent.TimeUnit;

/**
 * What the traffic generator makes. Everything is derived from {@code seed}: the same settings always give the
 * same bytes.
 *
 * @param seed              random seed.
 * @param calls             calls to place.
 * @param callsPerSecond    mean call attempt rate (exponential inter-arrival times).
 * @param startEpochNs      time of the first INVITE, ns since the epoch.
 * @param hold              hold-time distribution of answered calls.
 * @param meanHoldNs        mean hold time (for UNIFORM: the range is 0.5x..1.5x of it).
 * @param failureShare      share of calls that fail: equally 486 Busy, 404 Not Found, 603 Decline, and CANCEL/487.
 * @param compactShare      share of calls whose messages use compact header names.
 * @param duplicateShare    share of packets seen twice (a mirror port copying both directions), 30 us apart.
 * @param reinviteShare     share of answered calls with a hold/resume pair of re-INVITEs.
 * @param byeByCalleeShare  share of answered calls hung up by the callee.
 * @param rtpPacketsPerCall G.711 RTP packets per answered call, both directions, 20 ms apart.
 * @param vlanId            802.1Q tag on every frame, or -1 for none.
 * @param files             number of files the capture is cut into by time (rotation), 1 for one file.
 */
public record GeneratorSettings(
    long seed, int calls, double callsPerSecond, long startEpochNs, HoldDistribution hold, long meanHoldNs,
    double failureShare, double compactShare, double duplicateShare, double reinviteShare, double byeByCalleeShare,
    int rtpPacketsPerCall, int vlanId, int files)
{
    /** Hold time distributions. */
    public enum HoldDistribution
    {
        /** Every answered call holds for the mean. */
        FIXED,
        /** Uniform between half and one and a half of the mean. */
        UNIFORM,
        /** Exponential with the mean (many short calls, a few long ones). */
        EXPONENTIAL
    }

    /**
     * @return defaults for a small realistic mix: 1000 calls at 20/s from 2026-11-22T10:00:00Z, 30 s exponential
     * hold, 25 % failures, 20 % compact headers, no duplicates, 10 % re-INVITEs, no RTP, one untagged file.
     */
    public static GeneratorSettings defaults()
    {
        return new GeneratorSettings(1, 1000, 20, 1_795_341_600_000_000_000L, HoldDistribution.EXPONENTIAL,
            TimeUnit.SECONDS.toNanos(30), 0.25, 0.2, 0.0, 0.1, 0.2, 0, -1, 1);
    }

    /**
     * @throws IllegalArgumentException naming the first bad value.
     */
    public GeneratorSettings
    {
        if (calls < 1 || calls > 4_000_000)
        {
            throw new IllegalArgumentException("calls must be 1..4000000");
        }
        if (!(callsPerSecond > 0))
        {
            throw new IllegalArgumentException("call rate must be positive");
        }
        if (meanHoldNs < 0)
        {
            throw new IllegalArgumentException("hold time must not be negative");
        }
        checkShare("failure share", failureShare);
        checkShare("compact share", compactShare);
        checkShare("duplicate share", duplicateShare);
        checkShare("re-INVITE share", reinviteShare);
        checkShare("BYE-by-callee share", byeByCalleeShare);
        if (rtpPacketsPerCall < 0 || rtpPacketsPerCall > 10_000)
        {
            throw new IllegalArgumentException("RTP packets per call must be 0..10000");
        }
        if (vlanId < -1 || vlanId > 4094)
        {
            throw new IllegalArgumentException("VLAN id must be 0..4094 (or -1 for none)");
        }
        if (files < 1 || files > 10_000)
        {
            throw new IllegalArgumentException("files must be 1..10000");
        }
    }

    private static void checkShare(final String name, final double share)
    {
        if (!(share >= 0 && share <= 1))
        {
            throw new IllegalArgumentException(name + " must be between 0 and 1");
        }
    }
}
