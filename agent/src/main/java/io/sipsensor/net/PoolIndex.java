package io.sipsensor.net;

import java.util.Arrays;

/**
 * Finds an entry of a fixed pool (IP datagrams in reassembly, TCP streams) by its key: open addressing with linear
 * probing over pool indexes, slot chosen by the key's hash, keys compared on a hit, at most half full; removal
 * shifts the following cluster back, so there are no tombstones. Allocated once; owned by the decoding thread; no
 * allocation per call.
 *
 * @param <K> the key type.
 * @param <E> the pool's entries.
 */
public final class PoolIndex<K, E extends PoolIndex.Entry<K>>
{
    /**
     * An entry of the pool as the index sees it.
     *
     * @param <K> the key type.
     */
    public interface Entry<K>
    {
        /**
         * @return this entry's position in the pool (fixed for its life).
         */
        int poolIndex();

        /**
         * @return the hash of this entry's current key.
         */
        long keyHash();

        /**
         * @param key a key.
         * @return true if this entry's key equals it.
         */
        boolean keyMatches(K key);
    }

    private static final int EMPTY = -1;

    private final E[] pool;
    private final int[] slots;
    private final int mask;

    /**
     * @param pool every entry, each at its {@link Entry#poolIndex()}.
     */
    public PoolIndex(final E[] pool)
    {
        this.pool = pool;
        this.slots = new int[Integer.highestOneBit(Math.max(1, pool.length * 2 - 1)) << 1];
        this.mask = slots.length - 1;
        Arrays.fill(slots, EMPTY);
    }

    /**
     * @param key  the key.
     * @param hash its hash (as {@link Entry#keyHash()} gives it for an entry with this key).
     * @return the entry with this key, or null.
     */
    public E find(final K key, final long hash)
    {
        int slot = home(hash);
        int found;
        while ((found = slots[slot]) != EMPTY)
        {
            final E entry = pool[found];
            if (entry.keyMatches(key))
            {
                return entry;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /**
     * Adds an entry whose key is not in the index yet.
     *
     * @param entry the entry.
     */
    public void insert(final E entry)
    {
        int slot = home(entry.keyHash());
        while (slots[slot] != EMPTY)
        {
            slot = (slot + 1) & mask;
        }
        slots[slot] = entry.poolIndex();
    }

    /**
     * Removes an entry (nothing if it is not in the index).
     *
     * @param entry the entry, with the key it was inserted with.
     */
    public void remove(final E entry)
    {
        int hole = home(entry.keyHash());
        final int index = entry.poolIndex();
        while (slots[hole] != index)
        {
            if (slots[hole] == EMPTY)
            {
                return;
            }
            hole = (hole + 1) & mask;
        }
        int next = (hole + 1) & mask;
        while (slots[next] != EMPTY)
        {
            // An entry may fill the hole if the hole lies on its probe path (between its home slot and where it is).
            final int home = home(pool[slots[next]].keyHash());
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                slots[hole] = slots[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        slots[hole] = EMPTY;
    }

    private int home(final long hash)
    {
        return (int)(hash ^ (hash >>> 32)) & mask;
    }
}
