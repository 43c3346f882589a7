package io.sipsensor.call;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CallTableTest
{
    @Test
    void shouldBehaveLikeHashMapUnderRandomInsertAndRemove()
    {
        final Random random = new Random(3);
        final CallStore store = new CallStore();
        final CallTable table = new CallTable(store, new LongCallIds(), 16);
        final Map<String, Integer> reference = new HashMap<>();
        for (int step = 0; step < 50_000; step++)
        {
            final String callId = "call-" + random.nextInt(2_000) + "@host";
            final byte[] bytes = callId.getBytes(StandardCharsets.US_ASCII);
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            final long hash = forceCollisions(CallIdHash.hash(buffer, 0, bytes.length));
            final int found = table.find(hash, bytes, bytes.length, bytes.length, null, 0);
            assertEquals(reference.getOrDefault(callId, CallStore.NONE), found, callId);
            if (found == CallStore.NONE)
            {
                final int call = store.acquire();
                store.putLong(call, CallStore.HASH, hash);
                store.putInt(call, CallStore.CALL_ID_FULL_LENGTH, bytes.length);
                store.putByte(call, CallStore.CALL_ID_LENGTH, bytes.length);
                store.chunk(call).putBytes(CallStore.base(call) + CallStore.TEXT, bytes);
                table.put(call);
                reference.put(callId, call);
            }
            else if (random.nextBoolean())
            {
                table.remove(found);
                store.release(found);
                reference.remove(callId);
                assertEquals(CallStore.NONE, table.find(hash, bytes, bytes.length, bytes.length, null, 0));
            }
            assertEquals(reference.size(), table.size());
        }
    }

    @Test
    void shouldHashSameBytesEquallyFromBufferAndArray()
    {
        final byte[] bytes = "a84b4c76e66710@pc33.atlanta.example.com".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 3]);
        buffer.putBytes(3, bytes);
        assertEquals(CallIdHash.hash(bytes, 0, bytes.length), CallIdHash.hash(buffer, 3, bytes.length));
    }

    /** Equal hashes for many distinct Call-IDs exercise the byte compare and the cluster shifts. */
    private static long forceCollisions(final long hash)
    {
        return (hash & 0x7) == 0 ? 0x1234L : hash;
    }
}
