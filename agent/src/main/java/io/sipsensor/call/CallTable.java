package io.sipsensor.call;

import org.agrona.BitUtil;

/**
 * Open-addressing table of tracked calls keyed by the 64-bit hash of the Call-ID, with a byte compare on a hash
 * hit (distinct Call-IDs with equal hashes both live in the table). Each entry is a pair of longs (hash, slot + 1;
 * 0 marks an empty entry), so a probe reads one cache line. Linear probing; removal shifts the following cluster
 * back, so there are no tombstones. Grows (allocating) when the load passes 1/2.
 * <p>
 * Owned by the tracking thread.
 */
final class CallTable
{
    private final CallStore store;
    private final LongCallIds longCallIds;
    private long[] entries;
    private int mask;
    private int size;

    /**
     * @param store         where the calls' Call-IDs are compared.
     * @param longCallIds   where Call-IDs longer than a record holds are compared in full.
     * @param expectedCalls calls to make room for before the first growth.
     */
    CallTable(final CallStore store, final LongCallIds longCallIds, final int expectedCalls)
    {
        this.store = store;
        this.longCallIds = longCallIds;
        final int capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(16, expectedCalls * 2));
        entries = new long[capacity * 2];
        mask = capacity - 1;
    }

    int size()
    {
        return size;
    }

    /** @return heap bytes of the table. */
    long bytesAllocated()
    {
        return (long)entries.length * 8;
    }

    /**
     * @param hash       hash of the whole Call-ID.
     * @param callId     the Call-ID's first {@code kept} bytes (at most {@link CallState#MAX_CALL_ID}).
     * @param kept       bytes of {@code callId} to compare.
     * @param fullLength length of the whole Call-ID.
     * @param message    holding the whole Call-ID (for a long one, compared with the stored bytes).
     * @param offset     of the Call-ID in message.
     * @return the call's slot, or {@link CallStore#NONE}.
     */
    int find(final long hash, final byte[] callId, final int kept, final int fullLength,
        final org.agrona.DirectBuffer message, final int offset)
    {
        final long[] entries = this.entries;
        int index = slot(hash);
        long value;
        while ((value = entries[index * 2 + 1]) != 0)
        {
            if (entries[index * 2] == hash)
            {
                final int call = (int)value - 1;
                if (store.getInt(call, CallStore.CALL_ID_FULL_LENGTH) == fullLength &&
                    store.getByte(call, CallStore.CALL_ID_LENGTH) == kept && store.textEquals(call, callId, kept) &&
                    (fullLength == kept || longCallIds.matches(call, message, offset, fullLength)))
                {
                    return call;
                }
            }
            index = (index + 1) & mask;
        }
        return CallStore.NONE;
    }

    /**
     * @param call a slot whose {@link CallStore#HASH} is set and which is not in the table.
     */
    void put(final int call)
    {
        if ((size + 1) * 4 > entries.length)
        {
            grow();
        }
        insert(store.getLong(call, CallStore.HASH), call);
        size++;
    }

    void remove(final int call)
    {
        final long[] entries = this.entries;
        final long value = call + 1L;
        int index = slot(store.getLong(call, CallStore.HASH));
        while (entries[index * 2 + 1] != value)
        {
            if (entries[index * 2 + 1] == 0)
            {
                return;
            }
            index = (index + 1) & mask;
        }
        entries[index * 2] = 0;
        entries[index * 2 + 1] = 0;
        size--;

        // Shift back every entry of the cluster after the hole that may no longer be reachable.
        int hole = index;
        int next = (index + 1) & mask;
        while (entries[next * 2 + 1] != 0)
        {
            final int home = slot(entries[next * 2]);
            final boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable)
            {
                entries[hole * 2] = entries[next * 2];
                entries[hole * 2 + 1] = entries[next * 2 + 1];
                entries[next * 2] = 0;
                entries[next * 2 + 1] = 0;
                hole = next;
            }
            next = (next + 1) & mask;
        }
    }

    private void insert(final long hash, final int call)
    {
        int index = slot(hash);
        while (entries[index * 2 + 1] != 0)
        {
            index = (index + 1) & mask;
        }
        entries[index * 2] = hash;
        entries[index * 2 + 1] = call + 1L;
    }

    private void grow()
    {
        final long[] old = entries;
        entries = new long[old.length * 2];
        mask = entries.length / 2 - 1;
        for (int i = 0; i < old.length; i += 2)
        {
            if (old[i + 1] != 0)
            {
                insert(old[i], (int)old[i + 1] - 1);
            }
        }
    }

    private int slot(final long hash)
    {
        return (int)(hash ^ (hash >>> 32)) & mask;
    }
}
