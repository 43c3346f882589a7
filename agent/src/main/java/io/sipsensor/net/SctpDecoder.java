package io.sipsensor.net;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * SCTP (RFC 9260) as SIP uses it (RFC 4168): every DATA chunk carries one user message, so a whole one (flags B and
 * E) is handed to the {@link DatagramHandler} as a datagram would be, with the packet's addresses, ports and time.
 * A message too large for the path MTU comes as fragments: DATA chunks with consecutive TSNs, the first flagged B,
 * the last E. They are joined in a small table of {@link #SLOTS} messages in progress, matched by addresses, ports
 * and the next TSN expected; the message is delivered at its last fragment (its time is that frame's). A fragment
 * that continues nothing (its start was lost or not captured, or came out of order), a message longer than
 * {@link #MAX_MESSAGE_LENGTH}, and a message pushed out of the full table are counted {@code drop_sctp_fragment}.
 * A packet whose common header or chunk framing is cut or impossible is {@code drop_sctp_not_decoded}; control
 * chunks (INIT, SACK, HEARTBEAT, ...) are skipped without a count. The checksum is not verified (as for UDP).
 * <pre>
 *  common header: source port (16) | destination port (16) | verification tag (32) | CRC-32C (32)
 *  chunk:         type (8) | flags (8) | length (16, without padding) | value, padded to 4 bytes
 *  DATA value:    TSN (32) | stream id (16) | stream sequence (16) | payload protocol id (32) | user data
 * </pre>
 * Owned by the decoding thread. A slot's buffer is allocated the first time the slot is used, then reused.
 */
final class SctpDecoder
{
    static final int COMMON_HEADER_LENGTH = 12;
    static final int CHUNK_DATA = 0;
    static final int DATA_HEADER_LENGTH = 16;
    static final int FLAG_END = 0x01;
    static final int FLAG_BEGIN = 0x02;
    /** Messages being joined at once. */
    static final int SLOTS = 8;
    /** Longest message joined from fragments, bytes. */
    static final int MAX_MESSAGE_LENGTH = 65_535;

    private final PacketInfo info;
    private final DecodeCounters counters;
    private final DatagramHandler datagramHandler;
    private final UnsafeBuffer[] buffers = new UnsafeBuffer[SLOTS];
    private final byte[][] sources = new byte[SLOTS][16];
    private final byte[][] destinations = new byte[SLOTS][16];
    private final int[] ports = new int[SLOTS];
    private final int[] nextTsn = new int[SLOTS];
    private final int[] lengths = new int[SLOTS];
    private final long[] lastUsed = new long[SLOTS];
    private final boolean[] inUse = new boolean[SLOTS];
    private long useSequence;

    SctpDecoder(final PacketInfo info, final DecodeCounters counters, final DatagramHandler datagramHandler)
    {
        this.info = info;
        this.counters = counters;
        this.datagramHandler = datagramHandler;
    }

    /**
     * @param captured bytes of the SCTP packet present from {@code offset}.
     * @param wire     bytes of the SCTP packet on the wire.
     */
    void decode(final DirectBuffer buffer, final int offset, final int captured, final int wire)
    {
        if (captured < COMMON_HEADER_LENGTH)
        {
            counters.dropSctpNotDecoded.incrementRelease();
            return;
        }
        info.sourcePort = buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        info.destinationPort = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        info.transportProtocol = IpProtocol.SCTP;
        info.truncated = false;

        final int limit = offset + Math.min(captured, wire);
        int position = offset + COMMON_HEADER_LENGTH;
        while (position + 4 <= limit)
        {
            final int type = buffer.getByte(position) & 0xFF;
            final int flags = buffer.getByte(position + 1) & 0xFF;
            final int chunkLength = buffer.getShort(position + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (chunkLength < 4 || position + chunkLength > limit)
            {
                counters.dropSctpNotDecoded.incrementRelease();
                return;
            }
            if (type == CHUNK_DATA)
            {
                if (chunkLength < DATA_HEADER_LENGTH)
                {
                    counters.dropSctpNotDecoded.incrementRelease();
                    return;
                }
                data(buffer, position, flags, chunkLength);
            }
            position += (chunkLength + 3) & ~3;
        }
    }

    private void data(final DirectBuffer buffer, final int chunk, final int flags, final int chunkLength)
    {
        final int tsn = buffer.getInt(chunk + 4, ByteOrder.BIG_ENDIAN);
        final int payload = chunk + DATA_HEADER_LENGTH;
        final int payloadLength = chunkLength - DATA_HEADER_LENGTH;
        final int ends = flags & (FLAG_BEGIN | FLAG_END);
        if (ends == (FLAG_BEGIN | FLAG_END))
        {
            datagramHandler.onDatagram(buffer, payload, payloadLength, info);
            return;
        }

        final int portPair = info.sourcePort << 16 | info.destinationPort;
        if (ends == FLAG_BEGIN)
        {
            final int slot = freeSlot();
            UnsafeBuffer message = buffers[slot];
            if (message == null)
            {
                message = new UnsafeBuffer(new byte[MAX_MESSAGE_LENGTH]);
                buffers[slot] = message;
            }
            System.arraycopy(info.sourceAddress, 0, sources[slot], 0, 16);
            System.arraycopy(info.destinationAddress, 0, destinations[slot], 0, 16);
            ports[slot] = portPair;
            inUse[slot] = true;
            lengths[slot] = 0;
            append(slot, buffer, payload, payloadLength, tsn);
            return;
        }

        final int slot = find(portPair, tsn);
        if (slot < 0)
        {
            counters.dropSctpFragment.incrementRelease(); // its beginning was not seen
            return;
        }
        if (append(slot, buffer, payload, payloadLength, tsn) && ends == FLAG_END)
        {
            inUse[slot] = false;
            datagramHandler.onDatagram(buffers[slot], 0, lengths[slot], info);
        }
    }

    private boolean append(
        final int slot, final DirectBuffer buffer, final int payload, final int payloadLength, final int tsn)
    {
        final int length = lengths[slot];
        if (length + payloadLength > MAX_MESSAGE_LENGTH)
        {
            inUse[slot] = false;
            counters.dropSctpFragment.incrementRelease();
            return false;
        }
        buffers[slot].putBytes(length, buffer, payload, payloadLength);
        lengths[slot] = length + payloadLength;
        nextTsn[slot] = tsn + 1;
        lastUsed[slot] = ++useSequence;
        return true;
    }

    private int find(final int portPair, final int tsn)
    {
        for (int slot = 0; slot < SLOTS; slot++)
        {
            if (inUse[slot] && nextTsn[slot] == tsn && ports[slot] == portPair &&
                Arrays.equals(sources[slot], info.sourceAddress) &&
                Arrays.equals(destinations[slot], info.destinationAddress))
            {
                return slot;
            }
        }
        return -1;
    }

    /**
     * @return a free slot, else the least recently used one, whose message is given up (counted).
     */
    private int freeSlot()
    {
        int oldest = 0;
        for (int slot = 0; slot < SLOTS; slot++)
        {
            if (!inUse[slot])
            {
                return slot;
            }
            if (lastUsed[slot] < lastUsed[oldest])
            {
                oldest = slot;
            }
        }
        counters.dropSctpFragment.incrementRelease();
        return oldest;
    }
}
