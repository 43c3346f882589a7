package io.sipsensor.call;

import org.agrona.BitUtil;
import java.util.Arrays;

/**
 * Open-addressing table of tracked calls keyed by the 64-bit hash of the Call-ID, with a byte compare on a hash
 * hit (distinct Call-IDs with equal hashes both live in the table). Linear probing; removal shifts the following
 * cluster back, so there are no tombstones. Grows (allocating) only when the load passes 1/2, which a table sized
 * for the configured call limit never does.
 * <p>
 * Owned by the tracking thread.
 */
final class CallTable
{
    private long[] hashes;
    private CallState[] calls;
    private int mask;
    private int size;

    CallTable(final int expectedCalls)
    {
        final int capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(16, expectedCalls * 2));
        hashes = new long[capacity];
        calls = new CallState[capacity];
        mask = capacity - 1;
    }

    int size()
    {
        return size;
    }

    /**
     * @param hash       hash of the whole Call-ID.
     * @param callId     the Call-ID's first {@code kept} bytes (at most {@link CallState#MAX_CALL_ID}).
     * @param kept       bytes of {@code callId} to compare.
     * @param fullLength length of the whole Call-ID.
     * @return the call, or null.
     */
    CallState find(final long hash, final byte[] callId, final int kept, final int fullLength)
    {
        int index = slot(hash);
        CallState call;
        while ((call = calls[index]) != null)
        {
            if (hashes[index] == hash && call.callIdFullLength == fullLength && call.callIdLength == kept &&
                Arrays.equals(call.text, 0, kept, callId, 0, kept))
            {
                return call;
            }
            index = (index + 1) & mask;
        }
        return null;
    }

    void put(final CallState call)
    {
        if ((size + 1) * 2 > calls.length)
        {
            grow();
        }
        insert(call);
        size++;
    }

    void remove(final CallState call)
    {
        int index = slot(call.hash);
        while (calls[index] != call)
        {
            if (calls[index] == null)
            {
                return;
            }
            index = (index + 1) & mask;
        }
        calls[index] = null;
        size--;

        // Shift back every entry of the cluster after the hole that may no longer be reachable.
        int hole = index;
        int next = (index + 1) & mask;
        while (calls[next] != null)
        {
            final int home = slot(hashes[next]);
            final boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable)
            {
                calls[hole] = calls[next];
                hashes[hole] = hashes[next];
                calls[next] = null;
                hole = next;
            }
            next = (next + 1) & mask;
        }
    }

    private void insert(final CallState call)
    {
        int index = slot(call.hash);
        while (calls[index] != null)
        {
            index = (index + 1) & mask;
        }
        calls[index] = call;
        hashes[index] = call.hash;
    }

    private void grow()
    {
        final CallState[] oldCalls = calls;
        calls = new CallState[oldCalls.length * 2];
        hashes = new long[oldCalls.length * 2];
        mask = calls.length - 1;
        for (final CallState call : oldCalls)
        {
            if (call != null)
            {
                insert(call);
            }
        }
    }

    private int slot(final long hash)
    {
        return (int)(hash ^ (hash >>> 32)) & mask;
    }
}
