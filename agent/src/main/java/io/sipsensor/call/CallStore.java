package io.sipsensor.call;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * The state of every tracked call as a fixed-size record in large byte-array chunks, addressed by an int slot:
 * no object per call, so a collector has nothing to trace or copy per call (a chunk is one large primitive array,
 * allocated straight into the old generation), a call's fields and Call-ID share a few neighbouring cache lines,
 * and the heap cost of a call is its {@link #RECORD_LENGTH} bytes. Chunks are added as calls grow (never copied);
 * released slots are reused first.
 * <pre>
 *   0 hash           8 startNs       16 connectNs     24 endNs        32 finalNs       40 cancelNs
 *  48 byeNs         56 lastPacketNs  64 fromTagHash   72 deadlineNs   80 legId                        (longs)
 *  88 initialCseq   92 maxInviteCseq 96 callIdFullLength 100 previous 104 next   108 reinvites     (ints)
 * 112 callerPort   114 calledPort   116 finalCode                                               (shorts)
 * 118 callIdLength 119 callerLength 120 calledLength 121 ruriLength 122 state 123 endReason 124 byeBy
 * 125 ipVersion    126 listId       127 flags (CallState.FLAG_*)                                  (bytes)
 * 128 callerIp[16] 144 calledIp[16]
 * 160 text[224]: Call-ID, caller user, called user, Request-URI user, one after the other
 * </pre>
 * CSeq numbers are 32-bit unsigned; ports unsigned 16-bit; lengths unsigned bytes (at most 224).
 * <p>
 * A chunk is a little under 8 MiB: a G1 humongous object for regions up to 8 MiB that fills its regions (a chunk of
 * exactly a power of two would take one more region for the array header).
 * <p>
 * Owned by the tracking thread; allocates only when a chunk is added.
 */
final class CallStore
{
    /** Bytes per call. */
    static final int RECORD_LENGTH = 384;
    /** Marks "no slot" in links and lists. */
    static final int NONE = -1;

    static final int HASH = 0;
    static final int START = 8;
    static final int CONNECT = 16;
    static final int END = 24;
    static final int FINAL_TIME = 32;
    static final int CANCEL = 40;
    static final int BYE = 48;
    static final int LAST_PACKET = 56;
    static final int FROM_TAG_HASH = 64;
    static final int DEADLINE = 72;
    static final int LEG_ID = 80;
    static final int INITIAL_CSEQ = 88;
    static final int MAX_INVITE_CSEQ = 92;
    static final int CALL_ID_FULL_LENGTH = 96;
    static final int PREVIOUS = 100;
    static final int NEXT = 104;
    static final int REINVITES = 108;
    static final int CALLER_PORT = 112;
    static final int CALLED_PORT = 114;
    static final int FINAL_CODE = 116;
    static final int CALL_ID_LENGTH = 118;
    static final int CALLER_LENGTH = 119;
    static final int CALLED_LENGTH = 120;
    static final int RURI_LENGTH = 121;
    static final int STATE = 122;
    static final int END_REASON = 123;
    static final int BYE_BY = 124;
    static final int IP_VERSION = 125;
    static final int LIST_ID = 126;
    static final int FLAGS = 127;
    static final int CALLER_IP = 128;
    static final int CALLED_IP = 144;
    static final int TEXT = 160;
    /** Bytes before the text: what {@link #acquire()} clears. */
    private static final int FIXED_LENGTH = TEXT;

    /** Records per chunk: 21,845 x 384 bytes, 64 bytes short of 8 MiB. */
    static final int RECORDS_PER_CHUNK = ((8 << 20) - 64) / RECORD_LENGTH;

    private UnsafeBuffer[] chunks = new UnsafeBuffer[8];
    private int chunkCount;
    private int used;
    private int freeHead = NONE;

    static
    {
        if (TEXT + CallState.TEXT_CAPACITY != RECORD_LENGTH || LIST_ID >= CALLER_IP)
        {
            throw new IllegalStateException("call record layout does not add up");
        }
    }

    /**
     * @return a cleared record: times {@link CallState#NO_TIME}, everything else zero, links {@link #NONE}, list -1.
     */
    int acquire()
    {
        final int slot;
        if (freeHead != NONE)
        {
            slot = freeHead;
            freeHead = getInt(slot, NEXT);
        }
        else
        {
            if (used == chunkCount * RECORDS_PER_CHUNK)
            {
                addChunk();
            }
            slot = used++;
        }
        final UnsafeBuffer chunk = chunk(slot);
        final int base = base(slot);
        chunk.setMemory(base, FIXED_LENGTH, (byte)0);
        chunk.putLong(base + START, CallState.NO_TIME);
        chunk.putLong(base + CONNECT, CallState.NO_TIME);
        chunk.putLong(base + END, CallState.NO_TIME);
        chunk.putLong(base + FINAL_TIME, CallState.NO_TIME);
        chunk.putLong(base + CANCEL, CallState.NO_TIME);
        chunk.putLong(base + BYE, CallState.NO_TIME);
        chunk.putLong(base + LAST_PACKET, CallState.NO_TIME);
        chunk.putInt(base + PREVIOUS, NONE);
        chunk.putInt(base + NEXT, NONE);
        chunk.putByte(base + LIST_ID, (byte)-1);
        chunk.putByte(base + END_REASON, (byte)EndReason.TIMEOUT);
        return slot;
    }

    /**
     * @param slot a record no longer used; its slot is handed out again by {@link #acquire()}.
     */
    void release(final int slot)
    {
        putByte(slot, STATE, CallState.STATE_FREE);
        putInt(slot, NEXT, freeHead);
        freeHead = slot;
    }

    /** @return heap bytes held by the chunks. */
    long bytesAllocated()
    {
        return (long)chunkCount * RECORDS_PER_CHUNK * RECORD_LENGTH;
    }

    UnsafeBuffer chunk(final int slot)
    {
        return chunks[slot / RECORDS_PER_CHUNK];
    }

    static int base(final int slot)
    {
        return (slot % RECORDS_PER_CHUNK) * RECORD_LENGTH;
    }

    long getLong(final int slot, final int field)
    {
        return chunks[slot / RECORDS_PER_CHUNK].getLong(base(slot) + field);
    }

    void putLong(final int slot, final int field, final long value)
    {
        chunks[slot / RECORDS_PER_CHUNK].putLong(base(slot) + field, value);
    }

    int getInt(final int slot, final int field)
    {
        return chunks[slot / RECORDS_PER_CHUNK].getInt(base(slot) + field);
    }

    void putInt(final int slot, final int field, final int value)
    {
        chunks[slot / RECORDS_PER_CHUNK].putInt(base(slot) + field, value);
    }

    /** @return an unsigned 32-bit value (CSeq numbers). */
    long getUnsignedInt(final int slot, final int field)
    {
        return getInt(slot, field) & 0xFFFF_FFFFL;
    }

    /** @return an unsigned 16-bit value (ports, codes, re-INVITE counts). */
    int getUnsignedShort(final int slot, final int field)
    {
        return chunks[slot / RECORDS_PER_CHUNK].getShort(base(slot) + field) & 0xFFFF;
    }

    void putShort(final int slot, final int field, final int value)
    {
        chunks[slot / RECORDS_PER_CHUNK].putShort(base(slot) + field, (short)value);
    }

    /** @return a byte field as unsigned (lengths, codes). */
    int getByte(final int slot, final int field)
    {
        return chunks[slot / RECORDS_PER_CHUNK].getByte(base(slot) + field) & 0xFF;
    }

    /** @return a byte field as signed (the list id, -1 for none). */
    int getSignedByte(final int slot, final int field)
    {
        return chunks[slot / RECORDS_PER_CHUNK].getByte(base(slot) + field);
    }

    void putByte(final int slot, final int field, final int value)
    {
        chunks[slot / RECORDS_PER_CHUNK].putByte(base(slot) + field, (byte)value);
    }

    /**
     * @return true if the record's first {@code length} text bytes equal {@code bytes[0, length)}.
     */
    boolean textEquals(final int slot, final byte[] bytes, final int length)
    {
        final int from = base(slot) + TEXT;
        return Arrays.equals(chunk(slot).byteArray(), from, from + length, bytes, 0, length);
    }

    private void addChunk()
    {
        if (chunkCount == chunks.length)
        {
            chunks = Arrays.copyOf(chunks, chunkCount * 2);
        }
        chunks[chunkCount++] = new UnsafeBuffer(new byte[RECORDS_PER_CHUNK * RECORD_LENGTH]);
    }
}
