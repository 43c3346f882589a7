package io.sipsensor.channel;

import io.sipsensor.call.CallState;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link ChannelReport} of a run over capture files, computed while its legs happen, so the run ends without a
 * statistics phase. Every leg is seen three times, as the call tracker reports it: at its start (first INVITE), at
 * its connect (first 2xx) and when it ends; the three views (all, answered, license) are {@link StreamingSweep}s that
 * apply their events in time order behind a reorder window of {@link #WINDOW_NS} of capture time.
 * <p>
 * License channels are merged as {@link LicenseChannels} merges them (per dedup key, in start order, 487 legs left
 * out), which needs each leg's outcome: legs wait in start order until they are answered or ended, and a channel ends
 * once its merge window is past and its last leg ended. The result is the one {@link ChannelReport#compute} gives for
 * the same legs, exactly: an event later than the window marks hours that {@code finish} recomputes from the legs;
 * legs whose starts come out of order make the license merge fall back to {@link LicenseChannels}; a leg seen only
 * when it ended (or whose start, key or connect changed) makes the whole report fall back to
 * {@link ChannelReport#compute}. Those fallbacks cost what the report used to cost, and only where they happen.
 * <p>
 * Packet thread; no allocation per leg once its tables have grown, except one {@link HourStats} per view and hour.
 */
final class StreamingReport
{
    /** How far behind the latest leg event the views apply events (a CANCEL's leg is emitted at its 487). */
    static final long WINDOW_NS = 32_000_000_000L;

    private static final byte OPEN = 0;
    private static final byte ELIGIBLE = 1;
    private static final byte LEFT_OUT = 2;
    private static final int UNASSIGNED = -1;
    private static final int NO_CHANNEL = -2;

    private final LicenseChannelSettings license;
    private final StreamingSweep all = new StreamingSweep();
    private final StreamingSweep answered = new StreamingSweep();
    private final StreamingSweep channels = new StreamingSweep();
    private final LongHashSet touchedHours = new LongHashSet();
    private final Long2LongHashMap slotOfLeg = new Long2LongHashMap(-1L);
    private final Long2LongHashMap channelOfKey = new Long2LongHashMap(-1L);

    // legs in progress (and ended legs still waiting in the merge queue), in slots reused through a free list
    private long[] slotStart = new long[1024];
    private long[] slotKey = new long[1024];
    private long[] slotConnect = new long[1024];
    private long[] slotEnd = new long[1024];
    private byte[] slotState = new byte[1024];
    private boolean[] slotEnded = new boolean[1024];
    private int[] slotChannel = new int[1024];
    private int[] freeSlots = new int[1024];
    private int freeCount;
    private int slotCount;

    // the merge queue: slots in start order
    private int[] queue = new int[1024];
    private int queueHead;
    private int queueSize;
    private long lastMergedStartNs = Long.MIN_VALUE;

    // license channels: [start, end) with the merge state of those whose window is still open
    private long[] channelStart = new long[1024];
    private long[] channelEnd = new long[1024];
    private long[] channelKey = new long[1024];
    private int[] channelOpenLegs = new int[1024];
    private boolean[] channelWindowClosed = new boolean[1024];
    private int channelCount;
    private int windowHead; // channels before it have their merge window closed (channels open in start order)

    private long latestNs = Long.MIN_VALUE;
    private boolean exact = true;
    private boolean licenseExact = true;

    /**
     * @param license the license channel rules.
     */
    StreamingReport(final LicenseChannelSettings license)
    {
        this.license = license;
    }

    void onStart(final long legId, final long startNs, final long key)
    {
        if (!exact)
        {
            return;
        }
        final int slot = acquireSlot();
        slotStart[slot] = startNs;
        slotKey[slot] = key;
        slotConnect[slot] = CallState.NO_TIME;
        slotState[slot] = OPEN;
        slotEnded[slot] = false;
        slotChannel[slot] = UNASSIGNED;
        slotOfLeg.put(legId, slot);
        enqueue(slot);
        all.start(startNs, key);
        advance(startNs);
    }

    void onConnect(final long legId, final long connectNs)
    {
        if (!exact)
        {
            return;
        }
        final int slot = (int)slotOfLeg.get(legId);
        if (slot < 0)
        {
            exact = false;
            return;
        }
        slotConnect[slot] = connectNs;
        if (slotState[slot] == OPEN)
        {
            slotState[slot] = ELIGIBLE; // answered: its final code is a 2xx, never 487
        }
        answered.start(connectNs, slotKey[slot]);
        advance(connectNs);
        mergeResolved();
    }

    void onLeg(final long legId, final long startNs, final long connectNs, final long endNs, final long key,
        final int finalCode)
    {
        final long firstHour = IntervalSweep.hourOf(startNs);
        final long lastHour = IntervalSweep.hourOf(Math.max(startNs, endNs - 1));
        for (long hour = firstHour; hour <= lastHour; hour++)
        {
            touchedHours.add(hour);
        }
        if (!exact)
        {
            return;
        }
        final int slot = (int)slotOfLeg.remove(legId);
        if (slot < 0 || slotStart[slot] != startNs || slotKey[slot] != key || slotConnect[slot] != connectNs)
        {
            exact = false;
            return;
        }
        all.end(Math.max(startNs, endNs), key);
        if (connectNs != CallState.NO_TIME)
        {
            answered.end(Math.max(connectNs, endNs), key);
        }
        slotEnded[slot] = true;
        slotEnd[slot] = endNs;
        if (slotState[slot] == OPEN)
        {
            slotState[slot] = finalCode == 487 && !license.count487() ? LEFT_OUT : ELIGIBLE;
        }
        final int channel = slotChannel[slot];
        if (channel != UNASSIGNED)
        {
            if (channel >= 0)
            {
                channelEnd[channel] = Math.max(channelEnd[channel], endNs);
                if (--channelOpenLegs[channel] == 0 && channelWindowClosed[channel])
                {
                    endChannel(channel);
                }
            }
            freeSlot(slot);
        }
        advance(endNs);
        mergeResolved();
    }

    /**
     * @param legs every leg of the run (for the hours to repair, and the fallbacks).
     * @return the report; call once, after the last leg.
     */
    ChannelReport finish(final LegTable legs)
    {
        if (!exact || slotOfLeg.size() > 0)
        {
            return ChannelReport.compute(legs, license);
        }
        mergeResolved();
        if (queueSize > 0)
        {
            return ChannelReport.compute(legs, license); // a started leg never ended
        }
        for (int channel = windowHead; channel < channelCount; channel++)
        {
            channelWindowClosed[channel] = true;
            if (channelOpenLegs[channel] == 0)
            {
                endChannel(channel);
            }
        }
        windowHead = channelCount;

        all.finish();
        all.repair(legs.startsArray(), legs.endsArray(), legs.keysArray(), legs.size());
        answered.finish();
        if (answered.isDirty())
        {
            final int n = legs.size();
            final long[] starts = new long[n];
            final long[] ends = new long[n];
            for (int i = 0; i < n; i++)
            {
                if (legs.connect(i) != CallState.NO_TIME)
                {
                    starts[i] = legs.connect(i);
                    ends[i] = legs.end(i);
                }
            }
            answered.repair(starts, ends, legs.keysArray(), n);
        }
        final SweepResult allResult = all.result();
        final SweepResult answeredResult = answered.result();
        final SweepResult licenseResult;
        final int licenseChannels;
        if (licenseExact)
        {
            channels.finish();
            final long[] keys = new long[channelCount];
            for (int i = 0; i < channelCount; i++)
            {
                keys[i] = i;
            }
            channels.repair(channelStart, channelEnd, keys, channelCount);
            licenseResult = channels.result();
            licenseChannels = channelCount;
        }
        else
        {
            final LicenseChannels merged = LicenseChannels.merge(legs, license);
            licenseResult = merged.sweep();
            licenseChannels = merged.count();
        }

        final long[] hours = new long[touchedHours.size()];
        int touched = 0;
        for (final LongHashSet.LongIterator it = touchedHours.iterator(); it.hasNext(); )
        {
            hours[touched++] = it.nextValue();
        }
        Arrays.sort(hours);
        final List<ChannelReport.HourRow> rows = new ArrayList<>(hours.length);
        for (final long h : hours)
        {
            rows.add(new ChannelReport.HourRow(
                h, allResult.hourMax(h), allResult.hourMaxDedup(h), answeredResult.hourMax(h),
                answeredResult.hourMaxDedup(h), licenseResult.hourMax(h), licenseResult.hourMaxAtNs(h),
                licenseResult.hourMean(h)));
        }
        return new ChannelReport(
            allResult.peak(), allResult.peakAtNs(), allResult.peakDedup(), allResult.peakDedupAtNs(),
            answeredResult.peak(), answeredResult.peakAtNs(), answeredResult.peakDedup(),
            answeredResult.peakDedupAtNs(), licenseResult.peak(), licenseResult.peakAtNs(), licenseChannels, rows);
    }

    /** @return events the views hold in their reorder windows (tests, sizing). */
    int held()
    {
        return all.held() + answered.held() + channels.held();
    }

    /** @return whether the report is still being computed as the legs come (no fallback to the full computation). */
    boolean isStreaming()
    {
        return exact;
    }

    /** @return whether events came after their view had passed them (their hours are recomputed at the end). */
    boolean hasLateEvents()
    {
        return all.isDirty() || answered.isDirty() || channels.isDirty();
    }

    /** @return whether the license channels are still being merged as the legs come. */
    boolean isMergingLicenseChannels()
    {
        return licenseExact;
    }

    private void advance(final long timeNs)
    {
        if (timeNs > latestNs)
        {
            latestNs = timeNs;
            final long releaseNs = timeNs - WINDOW_NS;
            all.releaseBefore(releaseNs);
            answered.releaseBefore(releaseNs);
        }
    }

    /**
     * Merges the legs at the head of the queue whose outcome is known, in start order, as {@link LicenseChannels}
     * does, then lets the channel view apply what can no longer change.
     */
    private void mergeResolved()
    {
        boolean merged = false;
        while (queueSize > 0)
        {
            final int slot = queue[queueHead];
            if (slotState[slot] == OPEN)
            {
                break;
            }
            queueHead = (queueHead + 1) & (queue.length - 1);
            queueSize--;
            merge(slot);
            merged = true;
        }
        if (merged)
        {
            // channel events still to come start at or after the last merged start less the window
            channels.releaseBefore(Math.min(latestNs - WINDOW_NS, lastMergedStartNs - license.dedupWindowNs()));
        }
    }

    private void merge(final int slot)
    {
        final long start = slotStart[slot];
        if (start < lastMergedStartNs)
        {
            licenseExact = false; // out of start order: LicenseChannels merges at the end
        }
        lastMergedStartNs = Math.max(lastMergedStartNs, start);
        final long window = license.dedupWindowNs();
        while (windowHead < channelCount && start - channelStart[windowHead] > window)
        {
            final int closing = windowHead++;
            channelWindowClosed[closing] = true;
            if (channelOfKey.get(channelKey[closing]) == closing)
            {
                channelOfKey.remove(channelKey[closing]);
            }
            if (channelOpenLegs[closing] == 0)
            {
                endChannel(closing);
            }
        }
        int channel = NO_CHANNEL;
        if (slotState[slot] == ELIGIBLE)
        {
            final long key = slotKey[slot];
            channel = (int)channelOfKey.get(key);
            if (channel < 0 || start - channelStart[channel] > window)
            {
                channel = openChannel(start, key);
            }
            if (slotEnded[slot])
            {
                channelEnd[channel] = Math.max(channelEnd[channel], slotEnd[slot]);
            }
            else
            {
                channelOpenLegs[channel]++;
            }
        }
        if (slotEnded[slot])
        {
            freeSlot(slot);
        }
        else
        {
            slotChannel[slot] = channel;
        }
    }

    private int openChannel(final long startNs, final long key)
    {
        if (channelCount == channelStart.length)
        {
            final int capacity = channelCount * 2;
            channelStart = Arrays.copyOf(channelStart, capacity);
            channelEnd = Arrays.copyOf(channelEnd, capacity);
            channelKey = Arrays.copyOf(channelKey, capacity);
            channelOpenLegs = Arrays.copyOf(channelOpenLegs, capacity);
            channelWindowClosed = Arrays.copyOf(channelWindowClosed, capacity);
        }
        final int channel = channelCount++;
        channelStart[channel] = startNs;
        channelEnd[channel] = Long.MIN_VALUE;
        channelKey[channel] = key;
        channelOpenLegs[channel] = 0;
        channelWindowClosed[channel] = false;
        channelOfKey.put(key, channel);
        channels.start(startNs, channel);
        return channel;
    }

    private void endChannel(final int channel)
    {
        // an empty channel (its legs ended at their start) is never active: its start and end cancel at one instant
        channelEnd[channel] = Math.max(channelEnd[channel], channelStart[channel]);
        channels.end(channelEnd[channel], channel);
    }

    private void enqueue(final int slot)
    {
        if (queueSize == queue.length)
        {
            final int[] grown = new int[queue.length * 2];
            for (int i = 0; i < queueSize; i++)
            {
                grown[i] = queue[(queueHead + i) & (queue.length - 1)];
            }
            queue = grown;
            queueHead = 0;
        }
        queue[(queueHead + queueSize++) & (queue.length - 1)] = slot;
    }

    private int acquireSlot()
    {
        if (freeCount > 0)
        {
            return freeSlots[--freeCount];
        }
        if (slotCount == slotStart.length)
        {
            final int capacity = slotCount * 2;
            slotStart = Arrays.copyOf(slotStart, capacity);
            slotKey = Arrays.copyOf(slotKey, capacity);
            slotConnect = Arrays.copyOf(slotConnect, capacity);
            slotEnd = Arrays.copyOf(slotEnd, capacity);
            slotState = Arrays.copyOf(slotState, capacity);
            slotEnded = Arrays.copyOf(slotEnded, capacity);
            slotChannel = Arrays.copyOf(slotChannel, capacity);
            freeSlots = Arrays.copyOf(freeSlots, capacity);
        }
        return slotCount++;
    }

    private void freeSlot(final int slot)
    {
        freeSlots[freeCount++] = slot;
    }
}
