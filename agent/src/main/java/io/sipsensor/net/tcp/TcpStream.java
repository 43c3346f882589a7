package io.sipsensor.net.tcp;

import io.sipsensor.net.PoolIndex;

import java.util.Arrays;

/**
 * One direction of a TCP connection being reassembled: its key, the bytes held (in order from {@link #base}, then
 * out-of-order ranges), and the framer's state. Preallocated by the {@link TcpReassembler} and reused; owned by the
 * decoding thread.
 * <pre>
 *   sequence:  base                 base+contiguous      ranges (relative to base), sorted, disjoint
 *              |<--- contiguous --->|.... hole ....|[start0,end0)| ... |[startN,endN)|
 *   memory:    blocks[k] holds bytes [k*blockBytes - headOffset, (k+1)*blockBytes - headOffset) relative to base
 * </pre>
 */
final class TcpStream implements PoolIndex.Entry<StreamKey>
{
    static final int NONE = -1;

    /**
     * Out-of-order ranges held at once; a segment that would need one more is dropped. The arrays have one slot
     * more, for a range that touches the contiguous bytes and is absorbed at once.
     */
    static final int MAX_RANGES = 8;

    /** What the stream carries. */
    static final int KIND_SIP = 1;
    static final int KIND_WEBSOCKET = 2;

    /** SIP framer: at a message boundary, or looking for a start line. */
    static final int SIP_IN_SYNC = 0;
    static final int SIP_RESYNC = 1;

    /** WebSocket framer states. */
    static final int WS_START = 0;
    static final int WS_HANDSHAKE = 1;
    static final int WS_FRAMES = 2;
    static final int WS_RESYNC = 3;
    static final int WS_IGNORE = 4;

    /** List ids: by last activity, and streams waiting for a hole to fill. */
    static final int LIST_ACTIVITY = 0;
    static final int LIST_GAPS = 1;

    final int index;
    final StreamKey key = new StreamKey();
    /** Memory block per block-sized slice from the head, or {@link #NONE}. */
    final int[] blocks;
    final int[] rangeStart = new int[MAX_RANGES + 1];
    final int[] rangeEnd = new int[MAX_RANGES + 1];
    final long[] rangeTimeNs = new long[MAX_RANGES + 1];

    final TcpStream[] previous = new TcpStream[2];
    final TcpStream[] next = new TcpStream[2];
    final boolean[] listed = new boolean[2];

    boolean active;
    int kind;
    int vlanId;
    boolean synSeen;
    int initialSequence;
    boolean finSeen;
    int finSequence;

    /** Sequence number of the first byte held, i.e. the next byte to frame. */
    int base;
    /** Where {@link #base} lies in {@code blocks[0]}. */
    int headOffset;
    /** Bytes held in order from {@link #base}. */
    int contiguous;
    /** Capture time of the latest segment that brought any of the contiguous bytes. */
    long contiguousTimeNs;
    int rangeCount;

    long lastSeenNs;
    long gapSinceNs;

    /** Framing is retried once {@link #contiguous} reaches this (0: on any byte). */
    int needBytes;
    /** Bytes of an oversize message or frame still to pass over. */
    long discardBytes;
    /** Framed length of the SIP message at the head once its header section has been read, else 0. */
    int messageLength;
    /** Bytes of the SIP message at the head looked at without finding the end of its header section, else 0. */
    int headerScanned;

    int sipState;
    /** During resynchronisation: the next byte begins a line. */
    boolean atLineStart;

    int wsState;
    /** Passing over the rest of a fragmented WebSocket message that was too large or could not be used. */
    boolean wsSkipMessage;

    TcpStream(final int index, final int blockSlots)
    {
        this.index = index;
        this.blocks = new int[blockSlots];
        Arrays.fill(blocks, NONE);
    }

    /**
     * @return the sequence number of the next in-order byte expected.
     */
    int nextSequence()
    {
        return base + contiguous;
    }

    /**
     * @return whether the framer is inside or at the start of a message, so that held bytes are a message part.
     */
    boolean inSync()
    {
        return kind == KIND_SIP ? sipState == SIP_IN_SYNC : wsState == WS_FRAMES;
    }

    /**
     * Forgets the framing position: the next bytes are searched for a message start.
     */
    void loseSync()
    {
        sipState = SIP_RESYNC;
        atLineStart = true;
        discardBytes = 0;
        needBytes = 0;
        messageLength = 0;
        headerScanned = 0;
        wsSkipMessage = false;
        if (kind == KIND_WEBSOCKET && wsState != WS_IGNORE)
        {
            wsState = WS_RESYNC;
        }
    }

    /**
     * Resets stream state for a new connection or a new use of this slot (blocks are returned before).
     */
    void start(final int kind, final int sequence, final boolean syn)
    {
        this.kind = kind;
        synSeen = syn;
        initialSequence = syn ? sequence - 1 : 0;
        finSeen = false;
        finSequence = 0;
        base = sequence;
        headOffset = 0;
        contiguous = 0;
        contiguousTimeNs = 0;
        rangeCount = 0;
        needBytes = 0;
        discardBytes = 0;
        messageLength = 0;
        headerScanned = 0;
        sipState = syn ? SIP_IN_SYNC : SIP_RESYNC;
        atLineStart = true;
        wsState = WS_START;
        wsSkipMessage = false;
    }

    @Override
    public int poolIndex()
    {
        return index;
    }

    @Override
    public long keyHash()
    {
        return key.hash;
    }

    @Override
    public boolean keyMatches(final StreamKey other)
    {
        return key.matches(other);
    }
}
