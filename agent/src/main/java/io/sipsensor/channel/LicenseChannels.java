package io.sipsensor.channel;

import java.util.Arrays;

/**
 * Legs merged into license channels. Within each dedup key, legs are taken in start order; a leg opens a new
 * channel unless its start is at most the window after the start of the key's current channel's first leg. A
 * channel is active from the earliest start to the latest end of its legs. The partition depends only on the set
 * of legs, not on the order they arrived in (ties broken by leg index).
 * <p>
 * Allocates its arrays; computed per report, not per packet.
 */
public final class LicenseChannels
{
    private final int[] channelOfLeg;
    private final long[] starts;
    private final long[] ends;
    private final long[] keys;
    private final int[] firstLeg;
    private final int count;

    private LicenseChannels(
        final int[] channelOfLeg, final long[] starts, final long[] ends, final long[] keys, final int[] firstLeg,
        final int count)
    {
        this.channelOfLeg = channelOfLeg;
        this.starts = starts;
        this.ends = ends;
        this.keys = keys;
        this.firstLeg = firstLeg;
        this.count = count;
    }

    /**
     * @param legs     the legs.
     * @param settings merge window and the 487 rule.
     * @return the channels.
     */
    public static LicenseChannels merge(final LegTable legs, final LicenseChannelSettings settings)
    {
        final int legCount = legs.size();
        final int[] channelOfLeg = new int[legCount];
        Arrays.fill(channelOfLeg, -1);

        int eligible = 0;
        final int[] order = new int[legCount];
        for (int i = 0; i < legCount; i++)
        {
            if (settings.count487() || legs.finalCode(i) != 487)
            {
                order[eligible++] = i;
            }
        }
        // By (key, start, leg index): stable sorts by start, then by key.
        final long[] sortKeys = new long[eligible];
        for (int n = 0; n < eligible; n++)
        {
            sortKeys[n] = legs.start(order[n]);
        }
        RadixSort.sort(sortKeys, order, eligible);
        for (int n = 0; n < eligible; n++)
        {
            sortKeys[n] = legs.key(order[n]);
        }
        RadixSort.sort(sortKeys, order, eligible);

        final long[] starts = new long[eligible];
        final long[] ends = new long[eligible];
        final long[] keys = new long[eligible];
        final int[] firstLeg = new int[eligible];
        int channels = 0;
        int current = -1;
        long anchorStart = 0;
        for (int n = 0; n < eligible; n++)
        {
            final int leg = order[n];
            final boolean sameKey = current >= 0 && keys[current] == legs.key(leg);
            if (sameKey && legs.start(leg) - anchorStart <= settings.dedupWindowNs())
            {
                ends[current] = Math.max(ends[current], legs.end(leg));
            }
            else
            {
                current = channels++;
                anchorStart = legs.start(leg);
                starts[current] = legs.start(leg);
                ends[current] = legs.end(leg);
                keys[current] = legs.key(leg);
                firstLeg[current] = leg;
            }
            channelOfLeg[leg] = current;
        }
        return new LicenseChannels(channelOfLeg, starts, ends, keys, firstLeg, channels);
    }

    /** @return number of channels. */
    public int count()
    {
        return count;
    }

    /** @param leg leg index. @return its channel, or -1 when the leg counts zero (487). */
    public int channelOf(final int leg)
    {
        return channelOfLeg[leg];
    }

    /** @param channel channel index. @return earliest start of its legs, ns. */
    public long start(final int channel)
    {
        return starts[channel];
    }

    /** @param channel channel index. @return latest end of its legs, ns. */
    public long end(final int channel)
    {
        return ends[channel];
    }

    /** @param channel channel index. @return the leg whose start opened it. */
    public int firstLeg(final int channel)
    {
        return firstLeg[channel];
    }

    /**
     * @return concurrency of the channels (keys are per channel, so dedup equals plain here).
     */
    public SweepResult sweep()
    {
        final long[] channelKeys = new long[count];
        for (int i = 0; i < count; i++)
        {
            channelKeys[i] = i;
        }
        return IntervalSweep.sweep(starts, ends, channelKeys, count);
    }
}
