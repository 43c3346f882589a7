package io.sipsensor.net.tcp;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.net.PoolIndex;
import io.sipsensor.net.DatagramHandler;
import io.sipsensor.net.PacketInfo;
import io.sipsensor.net.SegmentHandler;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Reassembles TCP streams that carry SIP (or SIP over WebSocket) and hands every complete message to a
 * {@link DatagramHandler}, with a {@link PacketInfo} naming the stream direction and the capture time of the segment
 * that completed the message. Plug it into the decoder with {@code PacketDecoder.tcpHandler}.
 * <p>
 * Which streams: each direction of a connection is a stream. A connection is SIP when either port is a SIP port,
 * SIP over WebSocket when either port is a WebSocket port, and SIP too when a segment of it begins with a SIP start
 * line; other TCP is not tracked (counted, roughly once per flow, in {@code tcp_streams_not_sip}).
 * <p>
 * Rules, all deterministic (see {@link TcpSettings} for the limits):
 * <ul>
 *   <li>A stream first seen with its SYN is in step from its first byte; one first seen mid-connection looks for a
 *       SIP start line (or WebSocket frame) first ({@code tcp_resyncs}, {@code tcp_skipped_bytes}).</li>
 *   <li>Segments may come in any order. Where a segment overlaps bytes already held or passed, the first bytes are
 *       kept ({@code tcp_overlap_bytes}); one that brings nothing new is a retransmission. Bytes ahead of a hole are
 *       held until the hole fills; a hole still open {@code gapTimeoutNs} after it opened, one that would need more
 *       than the per-stream limit, and one left at the end are given up ({@code tcp_gaps}): the partial message
 *       before it is dropped ({@code tcp_messages_incomplete}) and the stream resynchronises after it. A hole the
 *       peer has acknowledged past was lost by the capture, not the network: it is given up once 50 ms old (or the
 *       gap timeout, if shorter).</li>
 *   <li>A message's time is that of the segment that completed it (after a hole is given up: of the latest segment
 *       that brought bytes of what follows it).</li>
 *   <li>SYN on a known stream with a new initial sequence number starts it again; FIN closes a stream once every
 *       byte before it has arrived; RST closes both directions; a stream silent for {@code idleTimeoutNs} of capture
 *       time is forgotten ({@code tcp_streams_expired}), checked on every segment and by {@link #expire}.</li>
 *   <li>Out of stream slots: the least recently active stream is dropped ({@code tcp_streams_evicted}). Out of
 *       memory blocks: the least recently active streams lose their held bytes first ({@code tcp_memory_limit});
 *       a stream that is still looking for a message start drops its own bytes instead.</li>
 * </ul>
 * Owned by the decoding thread. Everything is allocated in the constructor; segments, messages and streams coming
 * and going allocate nothing. Never throws on input.
 */
public final class TcpReassembler implements SegmentHandler
{
    static final int TCP_MIN_HEADER_LENGTH = 20;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;
    /** How long a hole the peer has acknowledged past may still wait (for a copy reordered by the capture). */
    private static final long ACKED_HOLE_GRACE_NS = 50_000_000L;
    private static final int NOT_SIP_FILTER_SLOTS = 4096;

    private final boolean[] sipPorts = new boolean[65_536];
    private final boolean[] websocketPorts = new boolean[65_536];
    private final long idleTimeoutNs;
    private final long gapTimeoutNs;
    private final long ackedHoleGraceNs;

    private final TcpStream[] streams;
    private final int[] freeStreams;
    private int freeStreamCount;
    private final PoolIndex<StreamKey, TcpStream> index;
    private final StreamMemory memory;
    private final StreamList activity = new StreamList(TcpStream.LIST_ACTIVITY);
    private final StreamList gaps = new StreamList(TcpStream.LIST_GAPS);
    private final long[] notSipFlows = new long[NOT_SIP_FILTER_SLOTS];

    private final StreamKey key = new StreamKey();
    private final StreamKey reverseKey = new StreamKey();
    private final TcpCounters counters;
    private final StreamAssembler assembler;

    /**
     * @param settings limits and ports; validated here.
     * @param counters where reassembly counts go.
     * @param handler  receives each complete SIP message (e.g. {@code SipDatagramHandler::onSipPayload}).
     * @throws IllegalArgumentException if the settings are not usable.
     */
    public TcpReassembler(final TcpSettings settings, final Counters counters, final DatagramHandler handler)
    {
        settings.validate();
        for (final int port : settings.sipPorts())
        {
            sipPorts[port] = true;
        }
        for (final int port : settings.websocketPorts())
        {
            websocketPorts[port] = true;
        }
        final int maxStreamBytes = settings.maxStreamBytes();
        idleTimeoutNs = settings.idleTimeoutNs();
        gapTimeoutNs = settings.gapTimeoutNs();
        ackedHoleGraceNs = Math.min(gapTimeoutNs, ACKED_HOLE_GRACE_NS);

        this.counters = new TcpCounters(counters);
        final MessageOutput output = new MessageOutput(handler, this.counters);
        final SipStreamFramer sip = new SipStreamFramer(maxStreamBytes, output, this.counters,
            counters.get(SensorCounter.SIP_KEEPALIVES));
        final WebSocketFramer websocket = new WebSocketFramer(maxStreamBytes, output, this.counters);

        memory = new StreamMemory(settings.memoryBytes(), settings.blockBytes());
        final int blockSlots = StreamMemory.blockSlots(maxStreamBytes, settings.blockBytes());
        streams = new TcpStream[settings.maxStreams()];
        freeStreams = new int[streams.length];
        for (int i = 0; i < streams.length; i++)
        {
            streams[i] = new TcpStream(i, blockSlots);
            freeStreams[i] = streams.length - 1 - i;
        }
        freeStreamCount = streams.length;
        index = new PoolIndex<>(streams);
        assembler = new StreamAssembler(maxStreamBytes, memory, activity, gaps, this.counters, sip, websocket);
    }

    @Override
    public void onSegment(
        final DirectBuffer buffer, final int offset, final int capturedLength, final int segmentLength,
        final PacketInfo info)
    {
        final long nowNs = info.timestampNs;
        expire(nowNs);
        if (capturedLength < TCP_MIN_HEADER_LENGTH)
        {
            counters.badHeader.incrementRelease();
            return;
        }
        final int headerLength = (buffer.getByte(offset + 12) & 0xF0) >>> 2;
        if (headerLength < TCP_MIN_HEADER_LENGTH || headerLength > capturedLength)
        {
            counters.badHeader.incrementRelease();
            return;
        }
        final int flags = buffer.getByte(offset + 13) & 0xFF;
        final boolean syn = (flags & SYN) != 0;
        final boolean reset = (flags & RST) != 0;
        int sequence = buffer.getInt(offset + 4, ByteOrder.BIG_ENDIAN);
        final int payloadOffset = offset + headerLength;
        final int payloadCaptured = capturedLength - headerLength;
        final int payloadWire = Math.max(payloadCaptured, segmentLength - headerLength);

        key.set(info);
        if ((flags & ACK) != 0 && gaps.head() != null)
        {
            acknowledged(buffer.getInt(offset + 8, ByteOrder.BIG_ENDIAN), nowNs);
        }
        TcpStream stream = index.find(key, key.hash);
        if (stream == null)
        {
            if (reset || (payloadWire == 0 && !syn))
            {
                return;
            }
            final int kind = classify(info, buffer, payloadOffset, payloadCaptured);
            if (kind == 0)
            {
                if (payloadCaptured > 0)
                {
                    countNotSip();
                }
                return;
            }
            stream = open(kind, syn ? sequence + 1 : sequence, syn, nowNs);
        }
        else if (syn && !(stream.synSeen && sequence == stream.initialSequence))
        {
            // A new connection on the same addresses and ports.
            assembler.finish(stream, nowNs);
            stream.start(portKind(info, stream.kind), sequence + 1, true);
        }

        counters.segments.incrementRelease();
        stream.lastSeenNs = nowNs;
        stream.vlanId = info.vlanId;
        activity.moveToTail(stream);
        if (reset)
        {
            closeBothDirections(stream, nowNs);
            return;
        }
        if (syn)
        {
            sequence++;
        }
        if (payloadWire > 0)
        {
            assembler.data(stream, buffer, payloadOffset, payloadCaptured, payloadWire, sequence, nowNs);
        }
        if ((flags & FIN) != 0)
        {
            stream.finSeen = true;
            stream.finSequence = sequence + payloadWire;
        }
        if (stream.active && stream.finSeen && stream.rangeCount == 0 &&
            stream.nextSequence() - stream.finSequence >= 0)
        {
            counters.closed.incrementRelease();
            release(stream, nowNs);
        }
    }

    /**
     * Gives up holes open longer than the gap timeout and forgets streams silent longer than the idle timeout, at
     * capture time {@code nowNs}. Done on every segment; call it on every frame or when a live source is idle.
     *
     * @param nowNs capture time now, ns since the epoch.
     */
    public void expire(final long nowNs)
    {
        TcpStream head;
        while ((head = activity.head()) != null && nowNs - head.lastSeenNs >= idleTimeoutNs)
        {
            counters.expired.incrementRelease();
            release(head, nowNs);
        }
        while ((head = gaps.head()) != null && nowNs - head.gapSinceNs >= gapTimeoutNs)
        {
            assembler.giveUpHole(head, nowNs);
        }
    }

    /**
     * End of input: holes are given up (what lies beyond them is delivered), partial messages are counted as
     * incomplete, and every stream is forgotten.
     */
    public void flush()
    {
        TcpStream head;
        while ((head = activity.head()) != null)
        {
            release(head, head.lastSeenNs);
        }
    }

    /**
     * @return stream directions tracked now.
     */
    public int activeStreams()
    {
        return streams.length - freeStreamCount;
    }

    /**
     * @return memory blocks holding stream bytes now.
     */
    public int heldBlocks()
    {
        return memory.totalBlocks() - memory.freeBlocks();
    }

    private int classify(final PacketInfo info, final DirectBuffer buffer, final int offset, final int length)
    {
        final int kind = portKind(info, 0);
        if (kind != 0)
        {
            return kind;
        }
        final int end = offset + length;
        return length > 0 && WebSocketFramer.startsWithSipLine(buffer, Lines.skipLineBreaks(buffer, offset, end),
            end) ? TcpStream.KIND_SIP : 0;
    }

    private int portKind(final PacketInfo info, final int otherwise)
    {
        final int source = info.sourcePort & 0xFFFF;
        final int destination = info.destinationPort & 0xFFFF;
        if (websocketPorts[source] || websocketPorts[destination])
        {
            return TcpStream.KIND_WEBSOCKET;
        }
        if (sipPorts[source] || sipPorts[destination])
        {
            return TcpStream.KIND_SIP;
        }
        return otherwise;
    }

    private void countNotSip()
    {
        final int slot = (int)key.hash & (NOT_SIP_FILTER_SLOTS - 1);
        if (notSipFlows[slot] != key.hash)
        {
            notSipFlows[slot] = key.hash;
            counters.notSip.incrementRelease();
        }
    }

    private TcpStream open(final int kind, final int sequence, final boolean syn, final long nowNs)
    {
        if (freeStreamCount == 0)
        {
            counters.evicted.incrementRelease();
            release(activity.head(), nowNs);
        }
        final TcpStream stream = streams[freeStreams[--freeStreamCount]];
        stream.key.copyFrom(key);
        stream.active = true;
        stream.start(kind, sequence, syn);
        stream.lastSeenNs = nowNs;
        index.insert(stream);
        activity.append(stream);
        counters.streams.incrementRelease();
        return stream;
    }

    /**
     * The peer acknowledged every byte before {@code acknowledgement}: holes of the other direction that lie before
     * it were received by the peer and missed by the capture, so no retransmission will fill them. They are given up
     * once older than a short grace (the capture may still deliver a copy a little late).
     */
    private void acknowledged(final int acknowledgement, final long nowNs)
    {
        reverseKey.reverseOf(key);
        final TcpStream other = index.find(reverseKey, reverseKey.hash);
        if (other == null)
        {
            return;
        }
        while (other.rangeCount > 0 && acknowledgement - other.nextSequence() > 0 &&
            nowNs - other.gapSinceNs >= ackedHoleGraceNs)
        {
            assembler.giveUpHole(other, nowNs);
        }
    }

    private void closeBothDirections(final TcpStream stream, final long nowNs)
    {
        counters.closed.incrementRelease();
        release(stream, nowNs);
        reverseKey.reverseOf(key);
        final TcpStream reverse = index.find(reverseKey, reverseKey.hash);
        if (reverse != null)
        {
            counters.closed.incrementRelease();
            release(reverse, nowNs);
        }
    }

    /**
     * Delivers what lies beyond holes, counts a partial message, returns the stream's memory and slot.
     */
    private void release(final TcpStream stream, final long nowNs)
    {
        assembler.finish(stream, nowNs);
        activity.remove(stream);
        index.remove(stream);
        stream.active = false;
        freeStreams[freeStreamCount++] = stream.index;
    }
}
