package io.sipsensor.net.tcp;

import java.util.Arrays;

/**
 * Finds a stream by its {@link StreamKey}: open addressing with linear probing over stream indexes, slot chosen by
 * the key's 64-bit hash, fields compared on a hit, at most half full; removal shifts the following cluster back, so
 * there are no tombstones. Allocated once; owned by the decoding thread.
 */
final class StreamIndex
{
    private static final int EMPTY = -1;

    private final TcpStream[] streams;
    private final int[] slots;
    private final int mask;

    StreamIndex(final TcpStream[] streams)
    {
        this.streams = streams;
        this.slots = new int[Integer.highestOneBit(Math.max(1, streams.length * 2 - 1)) << 1];
        this.mask = slots.length - 1;
        Arrays.fill(slots, EMPTY);
    }

    /**
     * @return the stream with this key, or null.
     */
    TcpStream find(final StreamKey key)
    {
        int slot = home(key.hash);
        int found;
        while ((found = slots[slot]) != EMPTY)
        {
            final TcpStream stream = streams[found];
            if (stream.key.matches(key))
            {
                return stream;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /**
     * Adds a stream whose key is not in the index yet.
     */
    void insert(final TcpStream stream)
    {
        int slot = home(stream.key.hash);
        while (slots[slot] != EMPTY)
        {
            slot = (slot + 1) & mask;
        }
        slots[slot] = stream.index;
    }

    void remove(final TcpStream stream)
    {
        int hole = home(stream.key.hash);
        while (slots[hole] != stream.index)
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
            final int home = home(streams[slots[next]].key.hash);
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
