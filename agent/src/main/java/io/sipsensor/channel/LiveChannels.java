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
 * Layout: one probe per event into an open-addressing table of the legs in progress that holds each leg's fields
 * inline (id, start, connect, key index and channel: 32 bytes, at most half full, so 64 to 128 bytes per leg in
 * progress); a start also looks its key up (key to key index). Per distinct key in progress about 60 bytes; per
 * channel 20 bytes. Single writer; no allocation once the tables have grown to the working set.
 */
final class LiveChannels
{
    /** Marks a free entry; leg ids must differ from it. */
    static final long FREE = Long.MIN_VALUE;
    private static final long NO_TIME = Long.MIN_VALUE;
    private static final int NONE = -1;

    private final long windowNs;

    // Legs in progress: an open-addressing table on the leg id with each leg's fields inline (LEG_STRIDE longs:
    // id, start, connect, key index << 32 | channel), so one probe reaches everything about a leg. Linear probing
    // with backward-shift deletion; at most half full.
    private static final int LEG_STRIDE = 4;
    private static final int LEG_ID = 0;
    private static final int LEG_START = 1;
    private static final int LEG_CONNECT = 2;
    private static final int LEG_REFS = 3;
    private long[] legTable = newLegTable(2048);
    private int legMask = 2048 - 1;
    private int legCount;

    // Keys: key -> key index, and the key columns: legs in progress, answered legs in progress, newest channel.
    private final Long2LongHashMap indexOfKey = new Long2LongHashMap(1024, 0.65f, NONE);
    private long[] keyValue = new long[1024];
    // per key, K_STRIDE ints side by side: legs in progress, answered legs in progress, newest channel
    private static final int K_STRIDE = 4;
    private static final int K_ALL = 0;
    private static final int K_ANSWERED = 1;
    private static final int K_CHANNEL = 2;
    private int[] keyInts = new int[1024 * K_STRIDE];
    private int[] freeKeys = new int[1024];
    private int freeKeyCount;
    private int keysUsed;

    // License channels and those waiting for their window to pass.
    // per channel, C_STRIDE ints side by side: key index, legs in progress, anchor (its first leg's start) in two
    private static final int C_STRIDE = 4;
    private static final int C_KEY = 0;
    private static final int C_IN_PROGRESS = 1;
    private static final int C_ANCHOR_LOW = 2;
    private static final int C_ANCHOR_HIGH = 3;
    private int[] channelInts = new int[1024 * C_STRIDE];
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
        return legCount;
    }

    /**
     * @return false if the leg id is already in progress (a duplicate start), which changes nothing.
     */
    boolean start(final long legId, final long startNs, final long key)
    {
        int probe = probe(legId);
        if (probe >= 0)
        {
            return false; // a duplicate start changes nothing
        }
        if (legCount + 1 > (legMask + 1) >> 1)
        {
            growLegTable();
            probe = probe(legId);
        }
        final int entry = -probe - 1;
        final int keyIndex = keyIndex(key);

        all++;
        if (keyInts[(keyIndex << 2) + K_ALL]++ == 0)
        {
            allDedup++;
        }

        final int newest = keyInts[(keyIndex << 2) + K_CHANNEL];
        final int channel;
        if (newest != NONE && Math.abs(startNs - anchor(newest)) <= windowNs)
        {
            channel = newest;
        }
        else
        {
            channel = allocateChannel(keyIndex, startNs);
            if (newest != NONE && channelInts[(newest << 2) + C_IN_PROGRESS] == 0)
            {
                releaseChannel(newest);
            }
            keyInts[(keyIndex << 2) + K_CHANNEL] = channel;
        }
        if (channelInts[(channel << 2) + C_IN_PROGRESS]++ == 0)
        {
            license++;
        }

        final long[] table = legTable;
        table[entry + LEG_ID] = legId;
        table[entry + LEG_START] = startNs;
        table[entry + LEG_CONNECT] = NO_TIME;
        table[entry + LEG_REFS] = ((long)keyIndex << 32) | (channel & 0xFFFF_FFFFL);
        legCount++;
        return true;
    }

    /**
     * @return false if the leg is not in progress or already connected.
     */
    boolean connect(final long legId, final long connectNs)
    {
        final int entry = find(legId);
        if (entry == NONE || legTable[entry + LEG_CONNECT] != NO_TIME)
        {
            return false;
        }
        legTable[entry + LEG_CONNECT] = connectNs;
        answered++;
        if (keyInts[((int)(legTable[entry + LEG_REFS] >>> 32) << 2) + K_ANSWERED]++ == 0)
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
        final int entry = find(legId);
        if (entry == NONE)
        {
            return false;
        }
        final long refs = legTable[entry + LEG_REFS];
        final boolean wasAnswered = legTable[entry + LEG_CONNECT] != NO_TIME;
        removeLeg(entry);
        final int keyIndex = (int)(refs >>> 32);
        all--;
        if (--keyInts[(keyIndex << 2) + K_ALL] == 0)
        {
            allDedup--;
        }
        if (wasAnswered)
        {
            answered--;
            if (--keyInts[(keyIndex << 2) + K_ANSWERED] == 0)
            {
                answeredDedup--;
            }
        }
        final int channel = (int)refs;
        if (--channelInts[(channel << 2) + C_IN_PROGRESS] == 0)
        {
            license--;
            if (keyInts[(keyIndex << 2) + K_CHANNEL] == channel)
            {
                enqueueIdle(channel);
            }
            else
            {
                releaseChannel(channel);
            }
        }
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
            if (channelInts[(channel << 2) + C_IN_PROGRESS] == 0 && anchor(channel) + windowNs >= watermarkNs)
            {
                return; // the oldest idle channel can still be joined
            }
            idleHead = (idleHead + 1) & (idle.length - 1);
            final int keyIndex = channelInts[(channel << 2) + C_KEY];
            if (channelInts[(channel << 2) + C_IN_PROGRESS] == 0 && keyIndex != NONE && keyInts[(keyIndex << 2) + K_CHANNEL] == channel)
            {
                keyInts[(keyIndex << 2) + K_CHANNEL] = NONE;
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
        final long[] table = legTable;
        for (int entry = 0; entry < table.length; entry += LEG_STRIDE)
        {
            if (table[entry + LEG_ID] != FREE)
            {
                visitor.onActiveLeg(table[entry + LEG_START], table[entry + LEG_CONNECT],
                    keyValue[(int)(table[entry + LEG_REFS] >>> 32)]);
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
                keyInts = Arrays.copyOf(keyInts, capacity * K_STRIDE);
                freeKeys = Arrays.copyOf(freeKeys, capacity);
            }
            keyIndex = keysUsed++;
        }
        keyValue[keyIndex] = key;
        keyInts[(keyIndex << 2) + K_ALL] = 0;
        keyInts[(keyIndex << 2) + K_ANSWERED] = 0;
        keyInts[(keyIndex << 2) + K_CHANNEL] = NONE;
        indexOfKey.put(key, keyIndex);
        return keyIndex;
    }

    private void releaseKeyIfUnused(final int keyIndex)
    {
        if (keyInts[(keyIndex << 2) + K_ALL] == 0 && keyInts[(keyIndex << 2) + K_CHANNEL] == NONE)
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

    /**
     * Where a leg id's probe starts. Leg ids are sequence numbers under a producer's high bits: runs of 64
     * consecutive ids stay next to each other (legs that start together are touched together, a cache line holds
     * two), and the runs themselves are spread by a multiplicative hash, so ids with a regular stride still spread.
     */
    private int home(final long legId)
    {
        final long run = (legId >>> 6) * 0x9E37_79B9_7F4A_7C15L;
        final int bucket = (int)(run >>> 32) + (int)(legId & 63);
        return (bucket & legMask) * LEG_STRIDE;
    }

    private int find(final long legId)
    {
        final int probe = probe(legId);
        return probe >= 0 ? probe : NONE;
    }

    /**
     * @return the leg's entry, or if it has none, -1 - the free entry where it would go.
     */
    private int probe(final long legId)
    {
        final long[] table = legTable;
        final int wrap = table.length - 1;
        int entry = home(legId);
        long id;
        while ((id = table[entry + LEG_ID]) != FREE)
        {
            if (id == legId)
            {
                return entry;
            }
            entry = (entry + LEG_STRIDE) & wrap;
        }
        return -entry - 1;
    }

    /** Backward-shift deletion: later entries of the probe run move up so no tombstones are needed. */
    private void removeLeg(final int removed)
    {
        final long[] table = legTable;
        final int wrap = table.length - 1;
        int hole = removed;
        int entry = (hole + LEG_STRIDE) & wrap;
        long id;
        while ((id = table[entry + LEG_ID]) != FREE)
        {
            final int home = home(id);
            // the entry may fill the hole unless its home lies cyclically in (hole, entry]
            final boolean homeBetween = hole <= entry ? home > hole && home <= entry : home > hole || home <= entry;
            if (!homeBetween)
            {
                System.arraycopy(table, entry, table, hole, LEG_STRIDE);
                hole = entry;
            }
            entry = (entry + LEG_STRIDE) & wrap;
        }
        table[hole + LEG_ID] = FREE;
        legCount--;
    }

    private void growLegTable()
    {
        final long[] old = legTable;
        final int capacity = (legMask + 1) * 2;
        legTable = newLegTable(capacity);
        legMask = capacity - 1;
        for (int from = 0; from < old.length; from += LEG_STRIDE)
        {
            if (old[from + LEG_ID] != FREE)
            {
                System.arraycopy(old, from, legTable, -probe(old[from + LEG_ID]) - 1, LEG_STRIDE);
            }
        }
    }

    private static long[] newLegTable(final int capacity)
    {
        final long[] table = new long[capacity * LEG_STRIDE];
        for (int entry = 0; entry < table.length; entry += LEG_STRIDE)
        {
            table[entry + LEG_ID] = FREE;
        }
        return table;
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
            if (channelsUsed == channelInts.length / C_STRIDE)
            {
                final int capacity = channelsUsed * 2;
                channelInts = Arrays.copyOf(channelInts, capacity * C_STRIDE);
                freeChannels = Arrays.copyOf(freeChannels, capacity);
            }
            channel = channelsUsed++;
        }
        channelInts[(channel << 2) + C_ANCHOR_LOW] = (int)anchorNs;
        channelInts[(channel << 2) + C_ANCHOR_HIGH] = (int)(anchorNs >>> 32);
        channelInts[(channel << 2) + C_KEY] = keyIndex;
        channelInts[(channel << 2) + C_IN_PROGRESS] = 0;
        return channel;
    }

    private long anchor(final int channel)
    {
        final int at = channel << 2;
        return ((long)channelInts[at + C_ANCHOR_HIGH] << 32) | (channelInts[at + C_ANCHOR_LOW] & 0xFFFF_FFFFL);
    }

    private void releaseChannel(final int channel)
    {
        channelInts[(channel << 2) + C_IN_PROGRESS] = -1;
        channelInts[(channel << 2) + C_KEY] = NONE;
        freeChannels[freeChannelCount++] = channel;
    }
}
