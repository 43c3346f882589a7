package io.sipsensor.call;

/**
 * A completed leg as the {@link CallTracker} hands it to a {@link LegListener}: a reused view, filled from the
 * tracker's {@link CallStore} record just before each call of the listener; a listener must copy what it keeps.
 * Text fields are bytes packed into one array ({@link #TEXT_CAPACITY} bytes: Call-ID, then caller, called and
 * Request-URI users), truncated when they do not fit.
 * <p>
 * Owned by the tracking thread. Times are ns since the epoch; {@link #NO_TIME} means absent.
 */
public final class CallState
{
    /** Marks an absent time. */
    public static final long NO_TIME = Long.MIN_VALUE;
    /** Bytes for all text fields of one call. */
    public static final int TEXT_CAPACITY = 224;
    /** Longest Call-ID kept inline in a call's record; longer ones are kept whole beside it ({@link LongCallIds}). */
    public static final int MAX_CALL_ID = 128;
    /** Longest Call-ID kept whole. */
    public static final int MAX_FULL_CALL_ID = LongCallIds.MAX_LENGTH;

    static final int STATE_FREE = 0;
    /** INVITE seen, no final response yet. */
    static final int STATE_SETUP = 1;
    /** 2xx to the initial INVITE seen, no BYE yet. */
    static final int STATE_ESTABLISHED = 2;
    /** Ended, but the outcome waits: a 401/407 may be retried, a CANCEL may still get its final response. */
    static final int STATE_PENDING = 3;
    /** Leg emitted; kept for a while to absorb retransmissions and late messages of the same Call-ID. */
    static final int STATE_LINGER = 4;

    /**
     * The leg's start was not captured: its first INVITE seen was a re-INVITE (To-tag present) of a dialog set up
     * before the capture began. Such a leg starts, and counts as answered, at that re-INVITE.
     */
    public static final int FLAG_START_NOT_CAPTURED = 1;

    public static final int BYE_BY_NONE = 0;
    public static final int BYE_BY_CALLER = 1;
    public static final int BYE_BY_CALLEE = 2;

    long legId;
    final byte[] text = new byte[TEXT_CAPACITY];
    final byte[] longCallId = new byte[MAX_FULL_CALL_ID];
    boolean hasLongCallId;
    int fullCallIdLength;
    int callIdLength;
    int callerOffset;
    int callerLength;
    int calledOffset;
    int calledLength;
    int ruriOffset;
    int ruriLength;

    long startNs;
    long connectNs;
    long endNs;
    long finalNs;
    long cancelNs;
    long byeNs;
    long lastPacketNs;
    int finalCode;
    int endReason;
    int byeBy;
    int reinvites;
    int flags;

    int ipVersion;
    final byte[] callerIp = new byte[16];
    final byte[] calledIp = new byte[16];
    int callerPort;
    int calledPort;

    /**
     * Copies a record of the store into this view.
     */
    void load(final CallStore store, final int slot)
    {
        load(store.chunk(slot), CallStore.base(slot));
    }

    /**
     * Copies a call record laid out as in the {@link CallStore} (e.g. a saved call) into this view.
     */
    void load(final org.agrona.DirectBuffer chunk, final int base)
    {
        legId = chunk.getLong(base + CallStore.LEG_ID);
        callIdLength = chunk.getByte(base + CallStore.CALL_ID_LENGTH) & 0xFF;
        hasLongCallId = false;
        fullCallIdLength = callIdLength;
        callerLength = chunk.getByte(base + CallStore.CALLER_LENGTH) & 0xFF;
        calledLength = chunk.getByte(base + CallStore.CALLED_LENGTH) & 0xFF;
        ruriLength = chunk.getByte(base + CallStore.RURI_LENGTH) & 0xFF;
        callerOffset = callIdLength;
        calledOffset = callerOffset + callerLength;
        ruriOffset = calledOffset + calledLength;
        chunk.getBytes(base + CallStore.TEXT, text, 0, ruriOffset + ruriLength);

        startNs = chunk.getLong(base + CallStore.START);
        connectNs = chunk.getLong(base + CallStore.CONNECT);
        endNs = chunk.getLong(base + CallStore.END);
        finalNs = chunk.getLong(base + CallStore.FINAL_TIME);
        cancelNs = chunk.getLong(base + CallStore.CANCEL);
        byeNs = chunk.getLong(base + CallStore.BYE);
        lastPacketNs = chunk.getLong(base + CallStore.LAST_PACKET);
        finalCode = chunk.getShort(base + CallStore.FINAL_CODE) & 0xFFFF;
        endReason = chunk.getByte(base + CallStore.END_REASON) & 0xFF;
        byeBy = chunk.getByte(base + CallStore.BYE_BY) & 0xFF;
        reinvites = chunk.getInt(base + CallStore.REINVITES);
        flags = chunk.getByte(base + CallStore.FLAGS) & 0xFF;

        ipVersion = chunk.getByte(base + CallStore.IP_VERSION) & 0xFF;
        chunk.getBytes(base + CallStore.CALLER_IP, callerIp, 0, 16);
        chunk.getBytes(base + CallStore.CALLED_IP, calledIp, 0, 16);
        callerPort = chunk.getShort(base + CallStore.CALLER_PORT) & 0xFFFF;
        calledPort = chunk.getShort(base + CallStore.CALLED_PORT) & 0xFFFF;
    }

    /** @return the leg's id, unique among the tracker's legs (see {@link CallTracker#legIdBase}). */
    public long legId()
    {
        return legId;
    }

    /** @return the packed text bytes; use the offset/length accessors to slice. */
    public byte[] text()
    {
        return text;
    }

    /**
     * Adds the whole Call-ID of a call whose Call-ID is longer than the record holds inline.
     */
    void loadLongCallId(final LongCallIds longCallIds, final int slot)
    {
        final int length = longCallIds.copy(slot, longCallId);
        if (length >= 0)
        {
            hasLongCallId = true;
            fullCallIdLength = length;
        }
    }

    /** @return the array holding the whole Call-ID from offset 0 ({@link #text()} unless it is long). */
    public byte[] callIdBytes()
    {
        return hasLongCallId ? longCallId : text;
    }

    /** @return length of the whole Call-ID (from offset 0 of {@link #callIdBytes()}). */
    public int callIdLength()
    {
        return fullCallIdLength;
    }

    /** @return offset of the caller (From user) in {@link #text()}. */
    public int callerOffset()
    {
        return callerOffset;
    }

    /** @return length of the caller. */
    public int callerLength()
    {
        return callerLength;
    }

    /** @return offset of the called (To user) in {@link #text()}. */
    public int calledOffset()
    {
        return calledOffset;
    }

    /** @return length of the called user. */
    public int calledLength()
    {
        return calledLength;
    }

    /** @return offset of the Request-URI user in {@link #text()}. */
    public int ruriOffset()
    {
        return ruriOffset;
    }

    /** @return length of the Request-URI user. */
    public int ruriLength()
    {
        return ruriLength;
    }

    /** @return time of the first INVITE. */
    public long startNs()
    {
        return startNs;
    }

    /** @return time of the first 2xx to the initial INVITE, or NO_TIME. */
    public long connectNs()
    {
        return connectNs;
    }

    /** @return end time by the leg definitions. */
    public long endNs()
    {
        return endNs;
    }

    /** @return time of the final response to the initial INVITE, or NO_TIME. */
    public long finalNs()
    {
        return finalNs;
    }

    /** @return time of the first CANCEL, or NO_TIME. */
    public long cancelNs()
    {
        return cancelNs;
    }

    /** @return time of the first BYE, or NO_TIME. */
    public long byeNs()
    {
        return byeNs;
    }

    /** @return time of the last SIP message of the Call-ID seen before the leg was emitted. */
    public long lastPacketNs()
    {
        return lastPacketNs;
    }

    /** @return final response code to the initial INVITE, 0 if none. */
    public int finalCode()
    {
        return finalCode;
    }

    /** @return {@link EndReason} code. */
    public int endReason()
    {
        return endReason;
    }

    /** @return BYE_BY_ constant. */
    public int byeBy()
    {
        return byeBy;
    }

    /** @return number of re-INVITEs (distinct CSeq numbers). */
    public int reinvites()
    {
        return reinvites;
    }

    /** @return {@code FLAG_*} bits, e.g. {@link #FLAG_START_NOT_CAPTURED}. */
    public int flags()
    {
        return flags;
    }

    /** @return 4 or 6 (0 if unknown). */
    public int ipVersion()
    {
        return ipVersion;
    }

    /** @return source address of the initial INVITE (first 4 bytes for IPv4). */
    public byte[] callerIp()
    {
        return callerIp;
    }

    /** @return destination address of the initial INVITE. */
    public byte[] calledIp()
    {
        return calledIp;
    }

    /** @return source port of the initial INVITE. */
    public int callerPort()
    {
        return callerPort;
    }

    /** @return destination port of the initial INVITE. */
    public int calledPort()
    {
        return calledPort;
    }
}
