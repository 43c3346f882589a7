package io.sipsensor.call;

/**
 * State of one tracked Call-ID, and the read-only view of a completed leg handed to a {@link LegListener}.
 * Instances are pooled and reused by {@link CallTracker}; a listener must copy what it keeps. Text fields are bytes
 * packed into one array ({@link #TEXT_CAPACITY} bytes: Call-ID, then caller, called and Request-URI users),
 * truncated when they do not fit.
 * <p>
 * Owned by the tracking thread. Times are ns since the epoch; {@link #NO_TIME} means absent.
 */
public final class CallState
{
    /** Marks an absent time. */
    public static final long NO_TIME = Long.MIN_VALUE;
    /** Bytes for all text fields of one call. */
    public static final int TEXT_CAPACITY = 224;
    /** Longest Call-ID kept whole; longer ones are kept as their first bytes plus full length and hash. */
    public static final int MAX_CALL_ID = 128;

    static final int STATE_FREE = 0;
    /** INVITE seen, no final response yet. */
    static final int STATE_SETUP = 1;
    /** 2xx to the initial INVITE seen, no BYE yet. */
    static final int STATE_ESTABLISHED = 2;
    /** Ended, but the outcome waits: a 401/407 may be retried, a CANCEL may still get its final response. */
    static final int STATE_PENDING = 3;
    /** Leg emitted; kept for a while to absorb retransmissions and late messages of the same Call-ID. */
    static final int STATE_LINGER = 4;

    public static final int BYE_BY_NONE = 0;
    public static final int BYE_BY_CALLER = 1;
    public static final int BYE_BY_CALLEE = 2;

    // Identity
    long hash;
    long legId;
    int callIdFullLength;
    final byte[] text = new byte[TEXT_CAPACITY];
    int callIdLength;
    int callerOffset;
    int callerLength;
    int calledOffset;
    int calledLength;
    int ruriOffset;
    int ruriLength;

    // Lifecycle
    int state = STATE_FREE;
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
    long initialCseq;
    long maxInviteCseq;
    long fromTagHash;
    /** When the call expires from the list it is in, capture time. */
    long deadlineNs;

    // Addresses of the initial INVITE: caller = its source, called = its destination
    int ipVersion;
    final byte[] callerIp = new byte[16];
    final byte[] calledIp = new byte[16];
    int callerPort;
    int calledPort;

    // Intrusive timeout list
    CallState previous;
    CallState next;
    int listId = -1;

    void reset()
    {
        hash = 0;
        legId = 0;
        callIdFullLength = 0;
        callIdLength = 0;
        callerOffset = callerLength = calledOffset = calledLength = ruriOffset = ruriLength = 0;
        state = STATE_FREE;
        startNs = connectNs = endNs = finalNs = cancelNs = byeNs = lastPacketNs = NO_TIME;
        finalCode = 0;
        endReason = EndReason.TIMEOUT;
        byeBy = BYE_BY_NONE;
        reinvites = 0;
        initialCseq = maxInviteCseq = 0;
        fromTagHash = 0;
        ipVersion = 0;
        callerPort = calledPort = 0;
        previous = next = null;
        listId = -1;
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

    /** @return Call-ID bytes kept (from offset 0 of {@link #text()}). */
    public int callIdLength()
    {
        return callIdLength;
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
