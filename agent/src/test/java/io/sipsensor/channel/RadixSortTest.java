package io.sipsensor.channel;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RadixSortTest
{
    @Test
    void shouldSortLikeArraysSortAndKeepEqualKeysInOrder()
    {
        final Random random = new Random(1);
        for (int round = 0; round < 200; round++)
        {
            final int n = random.nextInt(2000);
            final long[] keys = new long[n];
            final int[] payloads = new int[n];
            for (int i = 0; i < n; i++)
            {
                keys[i] = switch (round % 4)
                {
                    case 0 -> random.nextLong();
                    case 1 -> 1_795_341_600_000_000_000L + random.nextInt(1000); // shared high bytes, many ties
                    case 2 -> random.nextInt(5) - 2;                              // negative and positive
                    default -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
                };
                payloads[i] = i;
            }
            final long[] expected = keys.clone();
            Arrays.sort(expected);
            RadixSort.sort(keys, payloads, n);
            assertTrue(Arrays.equals(expected, keys), "round " + round);
            for (int i = 1; i < n; i++)
            {
                if (keys[i] == keys[i - 1])
                {
                    assertTrue(payloads[i] > payloads[i - 1], "stable at " + i);
                }
            }
        }
    }

    @Test
    void shouldLeaveShortInputsAlone()
    {
        final long[] keys = {5};
        final int[] payloads = {9};
        RadixSort.sort(keys, payloads, 1);
        assertEquals(5, keys[0]);
        assertEquals(9, payloads[0]);
    }
}
