package io.sipsensor.call;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallStoreTest
{
    @Test
    void shouldHandOutClearedRecordsAndReuseReleasedSlotsAcrossChunks()
    {
        final CallStore store = new CallStore();
        final Random random = new Random(5);
        final Deque<Integer> live = new ArrayDeque<>();
        final Set<Integer> inUse = new HashSet<>();
        for (int step = 0; step < 100_000; step++)
        {
            if (live.isEmpty() || random.nextInt(3) != 0)
            {
                final int slot = store.acquire();
                assertTrue(inUse.add(slot), "slot " + slot + " handed out twice");
                assertCleared(store, slot);
                // Dirty every field so that a reused slot proves it was cleared again.
                for (int field = 0; field < CallStore.RECORD_LENGTH; field += 8)
                {
                    store.putLong(slot, field, -1L);
                }
                store.putLong(slot, CallStore.HASH, slot);
                live.addLast(slot);
            }
            else
            {
                final int slot = random.nextBoolean() ? live.pollFirst() : live.pollLast();
                assertEquals(slot, store.getLong(slot, CallStore.HASH), "another call's field overlapped this one");
                store.release(slot);
                inUse.remove(slot);
            }
        }
        assertTrue(store.bytesAllocated() >= (long)inUse.size() * CallStore.RECORD_LENGTH);
    }

    @Test
    void shouldKeepCseqNumbersUnsignedAndPortsUnsigned()
    {
        final CallStore store = new CallStore();
        final int slot = store.acquire();
        store.putInt(slot, CallStore.INITIAL_CSEQ, (int)0xFFFF_FFF0L);
        store.putShort(slot, CallStore.CALLER_PORT, 65_000);
        store.putByte(slot, CallStore.CALLER_LENGTH, 200);
        store.putByte(slot, CallStore.LIST_ID, -1);
        assertEquals(0xFFFF_FFF0L, store.getUnsignedInt(slot, CallStore.INITIAL_CSEQ));
        assertEquals(65_000, store.getUnsignedShort(slot, CallStore.CALLER_PORT));
        assertEquals(200, store.getByte(slot, CallStore.CALLER_LENGTH));
        assertEquals(-1, store.getSignedByte(slot, CallStore.LIST_ID));
        assertFalse(store.textEquals(slot, new byte[]{1}, 1));
    }

    private static void assertCleared(final CallStore store, final int slot)
    {
        for (final int time : new int[]{CallStore.START, CallStore.CONNECT, CallStore.END, CallStore.FINAL_TIME,
            CallStore.CANCEL, CallStore.BYE, CallStore.LAST_PACKET})
        {
            assertEquals(CallState.NO_TIME, store.getLong(slot, time));
        }
        assertEquals(0, store.getLong(slot, CallStore.HASH));
        assertEquals(0, store.getInt(slot, CallStore.REINVITES));
        assertEquals(0, store.getByte(slot, CallStore.CALL_ID_LENGTH));
        assertEquals(CallStore.NONE, store.getInt(slot, CallStore.NEXT));
        assertEquals(-1, store.getSignedByte(slot, CallStore.LIST_ID));
        assertEquals(EndReason.TIMEOUT, store.getByte(slot, CallStore.END_REASON));
    }
}
