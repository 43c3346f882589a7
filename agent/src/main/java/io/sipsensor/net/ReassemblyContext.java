package io.sipsensor.net;

/**
 * One datagram in reassembly: its key, what has arrived (one bit per 8-byte unit of the datagram, the unit of IP
 * fragment offsets), and the memory blocks holding the bytes. Preallocated by the {@link FragmentReassembler} and
 * reused; owned by the decoding thread.
 */
final class ReassemblyContext implements PoolIndex.Entry<FragmentKey>
{
    static final int NONE = -1;

    final int index;
    /** Block id per block-sized slice of the datagram, or {@link #NONE}. */
    final int[] blocks;
    /** Bit u set: bytes [8u, 8u + 8) of the datagram (or up to its end) have arrived. */
    final long[] received;

    final FragmentKey key = new FragmentKey();

    long createdNs;
    /** Datagram length once the last fragment arrived, else {@link #NONE}. */
    int totalLength = NONE;
    /** End of the furthest fragment stored, bytes. */
    int highestEnd;
    int unitsReceived;

    /** Neighbours in the age list (oldest first). */
    int older = NONE;
    int newer = NONE;

    ReassemblyContext(final int index, final int blocksPerDatagram, final int maxDatagramBytes)
    {
        this.index = index;
        this.blocks = new int[blocksPerDatagram];
        this.received = new long[(((maxDatagramBytes + 7) >>> 3) + 63) >>> 6];
        java.util.Arrays.fill(blocks, NONE);
    }

    /**
     * @return units in [fromUnit, toUnit) that have not arrived.
     */
    int countMissing(final int fromUnit, final int toUnit)
    {
        int missing = 0;
        int unit = fromUnit;
        while (unit < toUnit)
        {
            final int bit = unit & 63;
            final int span = Math.min(64 - bit, toUnit - unit);
            missing += span - Long.bitCount(received[unit >>> 6] & mask(bit, span));
            unit += span;
        }
        return missing;
    }

    void markReceived(final int fromUnit, final int toUnit)
    {
        int unit = fromUnit;
        while (unit < toUnit)
        {
            final int bit = unit & 63;
            final int span = Math.min(64 - bit, toUnit - unit);
            received[unit >>> 6] |= mask(bit, span);
            unit += span;
        }
    }

    boolean isReceived(final int unit)
    {
        return (received[unit >>> 6] & (1L << (unit & 63))) != 0;
    }

    /**
     * Forgets what arrived (block ids are returned by the reassembler before this).
     */
    void reset()
    {
        final int words = ((((highestEnd + 7) >>> 3) + 63) >>> 6);
        for (int i = 0; i < words; i++)
        {
            received[i] = 0;
        }
        totalLength = NONE;
        highestEnd = 0;
        unitsReceived = 0;
        older = NONE;
        newer = NONE;
    }

    private static long mask(final int bit, final int span)
    {
        return (span == 64 ? -1L : (1L << span) - 1) << bit;
    }

    @Override
    public int poolIndex()
    {
        return index;
    }

    @Override
    public long keyHash()
    {
        return key.hash;
    }

    @Override
    public boolean keyMatches(final FragmentKey other)
    {
        return key.matches(other);
    }
}
