package io.sipsensor.channel;

/**
 * Stable merge sort of int indices by a comparator over them, without boxing: for ordering legs and events held
 * in primitive columns. Allocates one scratch array per call.
 */
final class IndexSort
{
    /** Compares two indices. */
    @FunctionalInterface
    interface IndexComparator
    {
        int compare(int a, int b);
    }

    private IndexSort()
    {
    }

    static void sort(final int[] indices, final int count, final IndexComparator comparator)
    {
        final int[] scratch = new int[count];
        for (int width = 1; width < count; width <<= 1)
        {
            for (int low = 0; low < count - width; low += width << 1)
            {
                final int middle = low + width;
                final int high = Math.min(low + (width << 1), count);
                if (comparator.compare(indices[middle - 1], indices[middle]) <= 0)
                {
                    continue; // already in order
                }
                int left = low;
                int right = middle;
                int out = low;
                while (left < middle && right < high)
                {
                    scratch[out++] = comparator.compare(indices[right], indices[left]) < 0 ?
                        indices[right++] : indices[left++];
                }
                while (left < middle)
                {
                    scratch[out++] = indices[left++];
                }
                while (right < high)
                {
                    scratch[out++] = indices[right++];
                }
                System.arraycopy(scratch, low, indices, low, high - low);
            }
        }
    }
}
