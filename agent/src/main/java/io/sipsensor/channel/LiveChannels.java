package io.sipsensor.channel;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * The live gauge: legs that have started and not ended, in the four views and as license channels, updated in
 * O(1) per event. Live values count a leg from its start event to its end event, in the order the events are
 * applied; a leg whose outcome is not known yet counts as a license channel (it may still turn out a 487). Exact
 * per-hour figures are computed when an hour closes ({@link ChannelTracker}), not from here.
 * <p>
 * License channels live: a starting leg joins its key's newest channel when its start is within the window of that
 * channel's first leg, else opens a new one; a channel counts while it has at least one leg in progress and is
 * forgotten once no leg is in progress and its window has passed.
 * <p>
 * Layout: one hash lookup per event. Leg id to slot (a start or end), key to key index (a start); everything else
 * is reached through indices kept in the slot. Memory per leg in progress: a slot of 36 bytes (id, start, connect,
 * key index, channel) plus its leg-id map entry (16 bytes at a load factor of 0.65, about 25 bytes); per distinct
 * key in progress about 60 bytes; per channel 20 bytes. Single writer; no allocation once the tables have grown to
 * the working set.
 */
final class LiveChannels
{
    /** Marks a free slot; leg ids must differ from it. */
    static final long FREE = Long.MIN_VALUE;
    private static final long NO_TIME = Long.MIN_VALUE;
    private static final int NONE = -1;

    private final long windowNs;

    // Legs in progress: legId -> slot, and the slot columns.
    private final Long2LongHashMap slotOfLeg = new Long2LongHashMap(1024, 0.65f, NONE);
    private long[] slotLeg = new long[1024];
    private long[] slotStart = new long[1024];
    private long[] slotConnect = new long[1024];
    private int[] slotKeyIndex = new int[1024];
    private int[] slotChannel = new int[1024];
    private int[] freeSlots = new int[1024];
    private int freeSlotCount;
    private int slotsUsed;

    // Keys: key -> key index, and the key columns: legs in progress, answered legs in progress, newest channel.
    private final Long2LongHashMap indexOfKey = new Long2LongHashMap(1024, 0.65f, NONE);
    private long[] keyValue = new long[1024];
    private int[] keyAll = new int[1024];
    private int[] keyAnswered = new int[1024];
    private int[] keyChannel = new int[1024];
    private int[] freeKeys = new int[1024];
    private int freeKeyCount;
    private int keysUsed;

    // License channels and those waiting for their window to pass.
    private long[] channelAnchor = new long[1024];
    private int[] channelKeyIndex = new int[1024];
    private int[] channelInProgress = new int[1024];
    private int[] freeChannels = new int[1024];
    private int freeChannelCount;
    private int channelsUsed;
    private int[] idle = new int[1024];
    private int idleHead;
    private int idleTail;

    private long all;
    private long allDedup;
    private long answered;
    private long answeredDedup;
    private long license;

    LiveChannels(final long windowNs)
    {
        this.windowNs = windowNs;
    }

    long all()
    {
        return all;
    }

    long allDedup()
    {
        return allDedup;
    }

    long answered()
    {
        return answered;
    }

    long answeredDedup()
    {
        return answeredDedup;
    }

    long license()
    {
        return license;
    }

    int activeLegs()
    {
        return slotOfLeg.size();
    }

    /**
     * @return false if the leg id is already in progress (a duplicate start), which changes nothing.
     */
    boolean start(final long legId, final long startNs, final long key)
    {
        final int slot = allocateSlot();
        final long previous = slotOfLeg.put(legId, slot);
        if (previous != NONE)
        {
            // Duplicate start: keep the slot the leg already had and give this one back.
            slotOfLeg.put(legId, previous);
            freeSlots[freeSlotCount++] = slot;
            return false;
        }
        final int keyIndex = keyIndex(key);
        slotLeg[slot] = legId;
        slotStart[slot] = startNs;
        slotConnect[slot] = NO_TIME;
        slotKeyIndex[slot] = keyIndex;

        all++;
        if (keyAll[keyIndex]++ == 0)
        {
            allDedup++;
        }

        final int newest = keyChannel[keyIndex];
        final int channel;
        if (newest != NONE && Math.abs(startNs - channelAnchor[newest]) <= windowNs)
        {
            channel = newest;
        }
        else
        {
            channel = allocateChannel(keyIndex, startNs);
            if (newest != NONE && channelInProgress[newest] == 0)
            {
                releaseChannel(newest);
            }
            keyChannel[keyIndex] = channel;
        }
        if (channelInProgress[channel]++ == 0)
        {
            license++;
        }
        slotChannel[slot] = channel;
        return true;
    }

    /**
     * @return false if the leg is not in progress or already connected.
     */
    boolean connect(final long legId, final long connectNs)
    {
        final long slotValue = slotOfLeg.get(legId);
        if (slotValue == NONE || slotConnect[(int)slotValue] != NO_TIME)
        {
            return false;
        }
        final int slot = (int)slotValue;
        slotConnect[slot] = connectNs;
        answered++;
        if (keyAnswered[slotKeyIndex[slot]]++ == 0)
        {
            answeredDedup++;
        }
        return true;
    }

    /**
     * @return false if the leg is not in progress.
     */
    boolean end(final long legId)
    {
        final long slotValue = slotOfLeg.remove(legId);
        if (slotValue == NONE)
        {
            return false;
        }
        final int slot = (int)slotValue;
        final int keyIndex = slotKeyIndex[slot];
        all--;
        if (--keyAll[keyIndex] == 0)
        {
            allDedup--;
        }
        if (slotConnect[slot] != NO_TIME)
        {
            answered--;
            if (--keyAnswered[keyIndex] == 0)
            {
                answeredDedup--;
            }
        }
        final int channel = slotChannel[slot];
        if (--channelInProgress[channel] == 0)
        {
            license--;
            if (keyChannel[keyIndex] == channel)
            {
                enqueueIdle(channel);
            }
            else
            {
                releaseChannel(channel);
            }
        }
        slotLeg[slot] = FREE;
        freeSlots[freeSlotCount++] = slot;
        releaseKeyIfUnused(keyIndex);
        return true;
    }

    /**
     * Forgets idle channels whose window has passed.
     *
     * @param watermarkNs latest event time seen.
     */
    void expire(final long watermarkNs)
    {
        while (idleHead != idleTail)
        {
            final int channel = idle[idleHead];
            if (channelInProgress[channel] == 0 && channelAnchor[channel] + windowNs >= watermarkNs)
            {
                return; // the oldest idle channel can still be joined
            }
            idleHead = (idleHead + 1) & (idle.length - 1);
            final int keyIndex = channelKeyIndex[channel];
            if (channelInProgress[channel] == 0 && keyIndex != NONE && keyChannel[keyIndex] == channel)
            {
                keyChannel[keyIndex] = NONE;
                releaseChannel(channel);
                releaseKeyIfUnused(keyIndex);
            }
        }
    }

    /**
     * Visits the legs in progress (start, connect, key) for the exact hour computation.
     *
     * @param visitor receives each leg in progress.
     */
    void forEachActive(final ActiveLegVisitor visitor)
    {
        for (int slot = 0; slot < slotsUsed; slot++)
        {
            if (slotLeg[slot] != FREE)
            {
                visitor.onActiveLeg(slotStart[slot], slotConnect[slot], keyValue[slotKeyIndex[slot]]);
            }
        }
    }

    /** Receives legs in progress. */
    interface ActiveLegVisitor
    {
        void onActiveLeg(long startNs, long connectNs, long key);
    }

    private int keyIndex(final long key)
    {
        final long existing = indexOfKey.get(key);
        if (existing != NONE)
        {
            return (int)existing;
        }
        final int keyIndex;
        if (freeKeyCount > 0)
        {
            keyIndex = freeKeys[--freeKeyCount];
        }
        else
        {
            if (keysUsed == keyValue.length)
            {
                final int capacity = keysUsed * 2;
                keyValue = Arrays.copyOf(keyValue, capacity);
                keyAll = Arrays.copyOf(keyAll, capacity);
                keyAnswered = Arrays.copyOf(keyAnswered, capacity);
                keyChannel = Arrays.copyOf(keyChannel, capacity);
                freeKeys = Arrays.copyOf(freeKeys, capacity);
            }
            keyIndex = keysUsed++;
        }
        keyValue[keyIndex] = key;
        keyAll[keyIndex] = 0;
        keyAnswered[keyIndex] = 0;
        keyChannel[keyIndex] = NONE;
        indexOfKey.put(key, keyIndex);
        return keyIndex;
    }

    private void releaseKeyIfUnused(final int keyIndex)
    {
        if (keyAll[keyIndex] == 0 && keyChannel[keyIndex] == NONE)
        {
            indexOfKey.remove(keyValue[keyIndex]);
            freeKeys[freeKeyCount++] = keyIndex;
        }
    }

    private void enqueueIdle(final int channel)
    {
        final int next = (idleTail + 1) & (idle.length - 1);
        if (next == idleHead)
        {
            final int[] grown = new int[idle.length * 2];
            int n = 0;
            for (int i = idleHead; i != idleTail; i = (i + 1) & (idle.length - 1))
            {
                grown[n++] = idle[i];
            }
            idle = grown;
            idleHead = 0;
            idleTail = n;
        }
        idle[idleTail] = channel;
        idleTail = (idleTail + 1) & (idle.length - 1);
    }

    private int allocateSlot()
    {
        if (freeSlotCount > 0)
        {
            return freeSlots[--freeSlotCount];
        }
        if (slotsUsed == slotLeg.length)
        {
            final int capacity = slotsUsed * 2;
            slotLeg = Arrays.copyOf(slotLeg, capacity);
            slotStart = Arrays.copyOf(slotStart, capacity);
            slotConnect = Arrays.copyOf(slotConnect, capacity);
            slotKeyIndex = Arrays.copyOf(slotKeyIndex, capacity);
            slotChannel = Arrays.copyOf(slotChannel, capacity);
            freeSlots = Arrays.copyOf(freeSlots, capacity);
        }
        slotLeg[slotsUsed] = FREE;
        return slotsUsed++;
    }

    private int allocateChannel(final int keyIndex, final long anchorNs)
    {
        final int channel;
        if (freeChannelCount > 0)
        {
            channel = freeChannels[--freeChannelCount];
        }
        else
        {
            if (channelsUsed == channelAnchor.length)
            {
                final int capacity = channelsUsed * 2;
                channelAnchor = Arrays.copyOf(channelAnchor, capacity);
                channelKeyIndex = Arrays.copyOf(channelKeyIndex, capacity);
                channelInProgress = Arrays.copyOf(channelInProgress, capacity);
                freeChannels = Arrays.copyOf(freeChannels, capacity);
            }
            channel = channelsUsed++;
        }
        channelAnchor[channel] = anchorNs;
        channelKeyIndex[channel] = keyIndex;
        channelInProgress[channel] = 0;
        return channel;
    }

    private void releaseChannel(final int channel)
    {
        channelInProgress[channel] = -1;
        channelKeyIndex[channel] = NONE;
        freeChannels[freeChannelCount++] = channel;
    }
}
