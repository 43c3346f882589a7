package io.sipsensor.channel;

/**
 * Stable least-significant-digit radix sort of 64-bit keys carrying int payloads, eight bits per pass, skipping the
 * passes whose byte is the same in every key (times of one capture share their high bytes). Signed order: keys are
 * compared as signed longs. O(passes * n); allocates two scratch arrays per call. For sorting events and legs held
 * in primitive columns when a report is computed, not on the packet path.
 */
final class RadixSort
{
    private static final int RADIX = 256;

    private RadixSort()
    {
    }

    /**
     * Sorts {@code keys[0..count)} ascending, moving {@code payloads} with them; equal keys keep their order.
     *
     * @param keys     the keys.
     * @param payloads travels with each key.
     * @param count    entries to sort.
     */
    static void sort(final long[] keys, final int[] payloads, final int count)
    {
        if (count < 2)
        {
            return;
        }
        final int[][] histograms = new int[8][RADIX];
        for (int i = 0; i < count; i++)
        {
            final long key = keys[i] ^ Long.MIN_VALUE; // signed order as unsigned bytes
            for (int pass = 0; pass < 8; pass++)
            {
                histograms[pass][(int)(key >>> (pass * 8)) & 0xFF]++;
            }
        }

        long[] sourceKeys = keys;
        int[] sourcePayloads = payloads;
        long[] targetKeys = new long[count];
        int[] targetPayloads = new int[count];
        for (int pass = 0; pass < 8; pass++)
        {
            final int[] histogram = histograms[pass];
            if (isSingleBucket(histogram, count))
            {
                continue;
            }
            int position = 0;
            for (int bucket = 0; bucket < RADIX; bucket++)
            {
                final int size = histogram[bucket];
                histogram[bucket] = position;
                position += size;
            }
            final int shift = pass * 8;
            for (int i = 0; i < count; i++)
            {
                final long key = sourceKeys[i];
                final int bucket = (int)((key ^ Long.MIN_VALUE) >>> shift) & 0xFF;
                final int to = histogram[bucket]++;
                targetKeys[to] = key;
                targetPayloads[to] = sourcePayloads[i];
            }
            final long[] swapKeys = sourceKeys;
            sourceKeys = targetKeys;
            targetKeys = swapKeys;
            final int[] swapPayloads = sourcePayloads;
            sourcePayloads = targetPayloads;
            targetPayloads = swapPayloads;
        }
        if (sourceKeys != keys)
        {
            System.arraycopy(sourceKeys, 0, keys, 0, count);
            System.arraycopy(sourcePayloads, 0, payloads, 0, count);
        }
    }

    private static boolean isSingleBucket(final int[] histogram, final int count)
    {
        for (final int size : histogram)
        {
            if (size != 0)
            {
                return size == count;
            }
        }
        return true;
    }
}
