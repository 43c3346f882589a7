package io.sipsensor.call;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * The whole Call-ID of calls whose Call-ID is longer than the {@link CallState#MAX_CALL_ID} bytes a call record
 * holds inline (RFC 3261 sets no limit; real ones reach several hundred bytes), up to {@link #MAX_LENGTH} bytes: so a
 * long Call-ID is matched against the stored bytes, not only its first bytes and hash, and reaches the CDR whole.
 * Fixed slots in chunks added on demand and reused through a free list: after the first long Call-IDs, storing,
 * matching and releasing allocate nothing.
 * <pre>
 *   slot: length (int) | bytes[MAX_LENGTH]      (free slot: next free slot (int) in place of the length)
 * </pre>
 * Owned by the tracking thread.
 */
final class LongCallIds
{
    /** Longest Call-ID kept whole; longer ones are kept as their first bytes (counted as truncated). */
    static final int MAX_LENGTH = 4096;
    private static final int SLOT = 4 + MAX_LENGTH;
    private static final int SLOTS_PER_CHUNK = 64;
    private static final int NONE = -1;

    private final Int2IntHashMap slotByCall = new Int2IntHashMap(NONE);
    private UnsafeBuffer[] chunks = new UnsafeBuffer[4];
    private int chunkCount;
    private int used;
    private int freeHead = NONE;

    /**
     * Keeps a call's whole Call-ID.
     *
     * @param call   the call's slot in the {@link CallStore}.
     * @param buffer holding the Call-ID.
     * @param offset of its first byte.
     * @param length its length (only the first {@link #MAX_LENGTH} bytes are kept).
     */
    void store(final int call, final DirectBuffer buffer, final int offset, final int length)
    {
        release(call);
        final int slot = acquire();
        final int kept = Math.min(length, MAX_LENGTH);
        final UnsafeBuffer chunk = chunks[slot / SLOTS_PER_CHUNK];
        final int base = (slot % SLOTS_PER_CHUNK) * SLOT;
        chunk.putInt(base, kept);
        chunk.putBytes(base + 4, buffer, offset, kept);
        slotByCall.put(call, slot);
    }

    /**
     * @return true if the call's stored Call-ID is these bytes (the first {@link #MAX_LENGTH} of them).
     */
    boolean matches(final int call, final DirectBuffer buffer, final int offset, final int length)
    {
        final int slot = slotByCall.get(call);
        if (slot == NONE)
        {
            return false;
        }
        final UnsafeBuffer chunk = chunks[slot / SLOTS_PER_CHUNK];
        final int base = (slot % SLOTS_PER_CHUNK) * SLOT;
        final int kept = Math.min(length, MAX_LENGTH);
        if (chunk.getInt(base) != kept)
        {
            return false;
        }
        for (int i = 0; i < kept; i++)
        {
            if (chunk.getByte(base + 4 + i) != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param call   the call's slot.
     * @param target receives the bytes (at least {@link #MAX_LENGTH} long).
     * @return bytes copied, or -1 if the call has no long Call-ID.
     */
    int copy(final int call, final byte[] target)
    {
        final int slot = slotByCall.get(call);
        if (slot == NONE)
        {
            return -1;
        }
        final UnsafeBuffer chunk = chunks[slot / SLOTS_PER_CHUNK];
        final int base = (slot % SLOTS_PER_CHUNK) * SLOT;
        final int kept = chunk.getInt(base);
        chunk.getBytes(base + 4, target, 0, kept);
        return kept;
    }

    /**
     * Frees the call's long Call-ID, if it has one.
     *
     * @param call the call's slot.
     */
    void release(final int call)
    {
        final int slot = slotByCall.remove(call);
        if (slot != NONE)
        {
            chunks[slot / SLOTS_PER_CHUNK].putInt((slot % SLOTS_PER_CHUNK) * SLOT, freeHead);
            freeHead = slot;
        }
    }

    private int acquire()
    {
        if (freeHead != NONE)
        {
            final int slot = freeHead;
            freeHead = chunks[slot / SLOTS_PER_CHUNK].getInt((slot % SLOTS_PER_CHUNK) * SLOT);
            return slot;
        }
        if (used == chunkCount * SLOTS_PER_CHUNK)
        {
            if (chunkCount == chunks.length)
            {
                chunks = Arrays.copyOf(chunks, chunkCount * 2);
            }
            chunks[chunkCount++] = new UnsafeBuffer(new byte[SLOTS_PER_CHUNK * SLOT]);
        }
        return used++;
    }
}
