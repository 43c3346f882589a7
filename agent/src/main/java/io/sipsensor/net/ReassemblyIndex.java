package io.sipsensor.net;

import java.util.Arrays;

/**
 * Finds the context of a datagram in reassembly by its {@link FragmentKey}: open addressing with linear probing
 * over context indexes, at most half full, and removal by backward shift so probe chains stay unbroken without
 * tombstones. Allocated once; owned by the decoding thread.
 */
final class ReassemblyIndex
{
    private static final int EMPTY = -1;

    private final ReassemblyContext[] contexts;
    private final int[] slots;
    private final int mask;

    ReassemblyIndex(final ReassemblyContext[] contexts)
    {
        this.contexts = contexts;
        this.slots = new int[Integer.highestOneBit(Math.max(1, contexts.length * 2 - 1)) << 1];
        this.mask = slots.length - 1;
        Arrays.fill(slots, EMPTY);
    }

    /**
     * @return the context holding this key, or null.
     */
    ReassemblyContext find(final FragmentKey key)
    {
        int slot = key.hash & mask;
        int found;
        while ((found = slots[slot]) != EMPTY)
        {
            final ReassemblyContext context = contexts[found];
            if (context.key.matches(key))
            {
                return context;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /**
     * Adds a context whose key is not in the index yet.
     */
    void insert(final ReassemblyContext context)
    {
        int slot = context.key.hash & mask;
        while (slots[slot] != EMPTY)
        {
            slot = (slot + 1) & mask;
        }
        slots[slot] = context.index;
    }

    void remove(final ReassemblyContext context)
    {
        int hole = context.key.hash & mask;
        while (slots[hole] != context.index)
        {
            hole = (hole + 1) & mask;
        }
        int next = (hole + 1) & mask;
        while (slots[next] != EMPTY)
        {
            // An entry may fill the hole if the hole lies on its probe path (between its home slot and where it is).
            final int home = contexts[slots[next]].key.hash & mask;
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                slots[hole] = slots[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        slots[hole] = EMPTY;
    }
}
