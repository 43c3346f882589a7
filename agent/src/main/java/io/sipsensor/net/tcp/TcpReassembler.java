package io.sipsensor.net.tcp;

import io.sipsensor.agent.Counters;
import io.sipsensor.agent.SensorCounter;
import io.sipsensor.net.DatagramHandler;
import io.sipsensor.net.PacketInfo;
import io.sipsensor.net.SegmentHandler;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

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
 *       before it is dropped ({@code tcp_messages_incomplete}) and the stream resynchronises after it.</li>
 *   <li>A message's time is that of the segment that completed it (after a hole is given up: of the latest segment
 *       that brought bytes of what follows it).</li>
 *   <li>SYN on a known stream with a new initial sequence number starts it again; FIN closes a stream once every
 *       byte before it has arrived; RST closes both directions; a stream silent for {@code idleTimeoutNs} of capture
 *       time is forgotten ({@code tcp_streams_expired}), checked on every segment and by {@link #expire}.</li>
 *   <li>Out of stream slots: the least recently active stream is dropped ({@code tcp_streams_evicted}). Out of
 *       memory blocks: the least recently active streams lose their held bytes first ({@code tcp_memory_limit}).</li>
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
    /** A segment further than this from where the stream is is not a reordering but a new position. */
    private static final int JUMP = 1 << 30;
    private static final int NOT_SIP_FILTER_SLOTS = 4096;
    private static final int MAX_SEGMENT_BYTES = 65_536;

    private final boolean[] sipPorts = new boolean[65_536];
    private final boolean[] websocketPorts = new boolean[65_536];
    private final int maxStreamBytes;
    private final long idleTimeoutNs;
    private final long gapTimeoutNs;

    private final TcpStream[] streams;
    private final int[] freeStreams;
    private int freeStreamCount;
    private final StreamIndex index;
    private final StreamMemory memory;
    private final StreamList activity = new StreamList(TcpStream.LIST_ACTIVITY);
    private final StreamList gaps = new StreamList(TcpStream.LIST_GAPS);
    private final long[] notSipFlows = new long[NOT_SIP_FILTER_SLOTS];

    private final StreamKey key = new StreamKey();
    private final StreamKey reverseKey = new StreamKey();
    private final UnsafeBuffer scratch;
    private final TcpCounters counters;
    private final SipStreamFramer sip;
    private final WebSocketFramer websocket;

    /**
     * @param settings   limits and ports; validated here.
     * @param maxHeaders header lines per SIP message the framing parse allows (as the SIP parser downstream).
     * @param counters   where reassembly counts go.
     * @param handler    receives each complete SIP message (e.g. {@code SipDatagramHandler::onSipPayload}).
     * @throws IllegalArgumentException if the settings are not usable.
     */
    public TcpReassembler(
        final TcpSettings settings, final int maxHeaders, final Counters counters, final DatagramHandler handler)
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
        maxStreamBytes = settings.maxStreamBytes();
        idleTimeoutNs = settings.idleTimeoutNs();
        gapTimeoutNs = settings.gapTimeoutNs();

        this.counters = new TcpCounters(counters);
        final MessageOutput output = new MessageOutput(handler, this.counters);
        sip = new SipStreamFramer(maxHeaders, maxStreamBytes, output, this.counters,
            counters.get(SensorCounter.SIP_KEEPALIVES));
        websocket = new WebSocketFramer(maxStreamBytes, output, this.counters);

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
        index = new StreamIndex(streams);
        scratch = new UnsafeBuffer(BufferUtil.allocateDirectAligned(maxStreamBytes + MAX_SEGMENT_BYTES, 64));
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
        TcpStream stream = index.find(key);
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
            finish(stream, nowNs);
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
            data(stream, buffer, payloadOffset, payloadCaptured, payloadWire, sequence, nowNs);
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
            giveUpHole(head, nowNs);
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

    private void closeBothDirections(final TcpStream stream, final long nowNs)
    {
        counters.closed.incrementRelease();
        release(stream, nowNs);
        reverseKey.reverseOf(key);
        final TcpStream reverse = index.find(reverseKey);
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
        finish(stream, nowNs);
        activity.remove(stream);
        index.remove(stream);
        stream.active = false;
        freeStreams[freeStreamCount++] = stream.index;
    }

    /**
     * The stream's bytes end here: holes are given up, what follows them is framed, a partial message is counted.
     */
    private void finish(final TcpStream stream, final long nowNs)
    {
        while (stream.rangeCount > 0)
        {
            giveUpHole(stream, nowNs);
        }
        countPartial(stream);
        memory.releaseAll(stream);
        stream.base += stream.contiguous;
        stream.contiguous = 0;
        gaps.remove(stream);
    }

    private void countPartial(final TcpStream stream)
    {
        countPartial(stream, 0);
    }

    /**
     * Counts the message being assembled as incomplete, if the stream holds part of one.
     *
     * @param alsoLost bytes of it that could not be held.
     */
    private void countPartial(final TcpStream stream, final int alsoLost)
    {
        if (stream.contiguous + alsoLost > 0 && stream.discardBytes == 0 && stream.inSync())
        {
            counters.incomplete.incrementRelease();
        }
    }

    private void data(
        final TcpStream stream,
        final DirectBuffer buffer,
        final int offset,
        final int captured,
        final int wire,
        final int sequence,
        final long nowNs)
    {
        final int relative = sequence - stream.nextSequence();
        if (relative < -JUMP || relative > JUMP)
        {
            // Not a reordering: the stream has moved on (or its SYN was missed and the slot reused).
            counters.gaps.incrementRelease();
            finish(stream, nowNs);
            stream.base = sequence;
            stream.loseSync();
            data(stream, buffer, offset, captured, wire, sequence, nowNs);
            return;
        }
        if (relative + wire <= 0)
        {
            counters.retransmitted.incrementRelease();
            return;
        }
        final int old = relative < 0 ? -relative : 0;
        if (old > 0)
        {
            counters.overlapBytes.getAndAddRelease(old);
        }
        if (captured <= old)
        {
            // Everything new was cut by the snap length.
            if (stream.rangeCount == 0)
            {
                loseBytes(stream, relative + wire);
            }
            return;
        }
        final int from = offset + old;
        final int length = captured - old;
        if (relative <= 0 && stream.rangeCount == 0)
        {
            inOrder(stream, buffer, from, length, nowNs);
            if (wire > captured)
            {
                loseBytes(stream, wire - captured);
            }
        }
        else
        {
            if (relative > 0)
            {
                counters.outOfOrder.incrementRelease();
            }
            outOfOrder(stream, buffer, from, length, sequence + old, nowNs);
        }
    }

    /**
     * Bytes that continue the stream where it stands, with nothing held beyond it.
     */
    private void inOrder(
        final TcpStream stream, final DirectBuffer buffer, final int from, final int length, final long nowNs)
    {
        stream.contiguousTimeNs = nowNs;
        final int held = stream.contiguous;
        if (held == 0)
        {
            final int used = frameBytes(stream, buffer, from, length, nowNs);
            stream.base += used;
            final int rest = length - used;
            if (rest > 0 && !store(stream, 0, buffer, from + used, rest))
            {
                dropHeld(stream, rest);
            }
            else
            {
                stream.contiguous = rest;
            }
            return;
        }
        if (held + length < stream.needBytes)
        {
            if (store(stream, held, buffer, from, length))
            {
                stream.contiguous += length;
            }
            else
            {
                dropHeld(stream, length);
            }
            return;
        }

        memory.read(stream, 0, scratch, 0, held);
        scratch.putBytes(held, buffer, from, length);
        final int used = frameBytes(stream, scratch, 0, held + length, nowNs);
        if (used >= held)
        {
            memory.releaseAll(stream);
            stream.base += used;
            stream.contiguous = 0;
            final int rest = held + length - used;
            if (rest > 0 && !store(stream, 0, buffer, from + (used - held), rest))
            {
                dropHeld(stream, rest);
            }
            else
            {
                stream.contiguous = rest;
            }
        }
        else
        {
            consume(stream, used);
            if (store(stream, held - used, buffer, from, length))
            {
                stream.contiguous += length;
            }
            else
            {
                dropHeld(stream, length);
            }
        }
    }

    /**
     * Bytes ahead of a hole, or filling one: held in place, first bytes kept, then framed if the stream advanced.
     */
    private void outOfOrder(
        final TcpStream stream,
        final DirectBuffer buffer,
        final int offset,
        final int capturedLength,
        final int firstSequence,
        final long nowNs)
    {
        int from = offset;
        int length = capturedLength;
        int sequence = firstSequence;
        int start;
        while (true)
        {
            start = sequence - stream.base;
            if (start < stream.contiguous)
            {
                final int overlap = Math.min(length, stream.contiguous - start);
                counters.overlapBytes.getAndAddRelease(overlap);
                from += overlap;
                sequence += overlap;
                length -= overlap;
                start += overlap;
            }
            if (length <= 0)
            {
                counters.retransmitted.incrementRelease();
                return;
            }
            if (start + length <= maxStreamBytes)
            {
                break;
            }
            if (stream.rangeCount > 0 || stream.contiguous > 0)
            {
                giveUpHole(stream, nowNs);
                continue;
            }
            // Nothing held and still too far ahead: the hole before this segment is lost; it now continues the stream.
            counters.gaps.incrementRelease();
            stream.base = sequence;
            stream.loseSync();
            inOrder(stream, buffer, from, length, nowNs);
            return;
        }

        final int end = start + length;
        int first = 0;
        while (first < stream.rangeCount && stream.rangeEnd[first] < start)
        {
            first++;
        }
        int last = first;
        while (last < stream.rangeCount && stream.rangeStart[last] <= end)
        {
            last++;
        }
        if (first == last && start > stream.contiguous && stream.rangeCount == TcpStream.MAX_RANGES)
        {
            counters.memoryLimit.incrementRelease();
            return;
        }

        final int missingBlocks = memory.missingBlocks(stream, start, length);
        if (missingBlocks > memory.freeBlocks())
        {
            reclaim(stream, missingBlocks);
            if (missingBlocks > memory.freeBlocks())
            {
                counters.memoryLimit.incrementRelease();
                dropHeld(stream, 0);
                return;
            }
        }

        // Copy only what is not held yet: the gaps between the ranges that overlap [start, end).
        int cursor = start;
        int fresh = 0;
        for (int i = first; i < last && cursor < end; i++)
        {
            if (stream.rangeStart[i] > cursor)
            {
                final int piece = Math.min(stream.rangeStart[i], end) - cursor;
                memory.write(stream, cursor, buffer, from + (cursor - start), piece);
                fresh += piece;
            }
            cursor = Math.max(cursor, stream.rangeEnd[i]);
        }
        if (cursor < end)
        {
            memory.write(stream, cursor, buffer, from + (cursor - start), end - cursor);
            fresh += end - cursor;
        }
        if (fresh < length)
        {
            counters.overlapBytes.getAndAddRelease(length - fresh);
        }
        if (fresh == 0)
        {
            counters.retransmitted.incrementRelease();
            return;
        }

        mergeRange(stream, first, last, start, end, nowNs);
        boolean advanced = false;
        if (stream.rangeStart[0] <= stream.contiguous)
        {
            stream.contiguous = Math.max(stream.contiguous, stream.rangeEnd[0]);
            stream.contiguousTimeNs = Math.max(stream.contiguousTimeNs, stream.rangeTimeNs[0]);
            removeRange(stream, 0);
            advanced = true;
        }
        trackHole(stream, nowNs, advanced);
        if (advanced)
        {
            frameHeld(stream);
        }
    }

    /**
     * Replaces ranges {@code [first, last)} (those overlapping or touching {@code [start, end)}) by their union with
     * it.
     */
    private static void mergeRange(
        final TcpStream stream, final int first, final int last, final int start, final int end, final long nowNs)
    {
        int mergedStart = start;
        int mergedEnd = end;
        long mergedTimeNs = nowNs;
        for (int i = first; i < last; i++)
        {
            mergedStart = Math.min(mergedStart, stream.rangeStart[i]);
            mergedEnd = Math.max(mergedEnd, stream.rangeEnd[i]);
            mergedTimeNs = Math.max(mergedTimeNs, stream.rangeTimeNs[i]);
        }
        final int removed = last - first;
        final int count = stream.rangeCount;
        if (removed != 1)
        {
            // Shift the ranges after [first, last) so that exactly one slot is left at 'first'.
            final int shift = 1 - removed;
            if (shift > 0)
            {
                for (int i = count - 1; i >= last; i--)
                {
                    copyRange(stream, i, i + shift);
                }
            }
            else
            {
                for (int i = last; i < count; i++)
                {
                    copyRange(stream, i, i + shift);
                }
            }
        }
        stream.rangeStart[first] = mergedStart;
        stream.rangeEnd[first] = mergedEnd;
        stream.rangeTimeNs[first] = mergedTimeNs;
        stream.rangeCount = count - removed + 1;
    }

    private static void copyRange(final TcpStream stream, final int from, final int to)
    {
        stream.rangeStart[to] = stream.rangeStart[from];
        stream.rangeEnd[to] = stream.rangeEnd[from];
        stream.rangeTimeNs[to] = stream.rangeTimeNs[from];
    }

    private static void removeRange(final TcpStream stream, final int which)
    {
        for (int i = which + 1; i < stream.rangeCount; i++)
        {
            copyRange(stream, i, i - 1);
        }
        stream.rangeCount--;
    }

    /**
     * Keeps the gap list in step: a stream is on it while it holds bytes beyond a hole; the clock restarts when the
     * stream advanced past a hole.
     */
    private void trackHole(final TcpStream stream, final long nowNs, final boolean advanced)
    {
        if (stream.rangeCount == 0)
        {
            gaps.remove(stream);
        }
        else if (!stream.listed[TcpStream.LIST_GAPS] || advanced)
        {
            stream.gapSinceNs = nowNs;
            gaps.moveToTail(stream);
        }
    }

    /**
     * Takes the first hole as lost: the partial message before it is dropped, the held range after it becomes the
     * stream's next bytes (framed from a resynchronisation). With no range held, only the held bytes are dropped.
     */
    private void giveUpHole(final TcpStream stream, final long nowNs)
    {
        counters.gaps.incrementRelease();
        countPartial(stream);
        if (stream.rangeCount == 0)
        {
            memory.releaseAll(stream);
            stream.base += stream.contiguous;
            stream.contiguous = 0;
            stream.loseSync();
            gaps.remove(stream);
            return;
        }
        final int skip = stream.rangeStart[0];
        memory.advance(stream, skip);
        stream.base += skip;
        rebaseRanges(stream, skip);
        stream.contiguous = stream.rangeEnd[0];
        stream.contiguousTimeNs = stream.rangeTimeNs[0];
        removeRange(stream, 0);
        stream.loseSync();
        trackHole(stream, nowNs, true);
        frameHeld(stream);
    }

    /**
     * Frames the stream's contiguous held bytes if there are enough to be worth it.
     */
    private void frameHeld(final TcpStream stream)
    {
        final int length = stream.contiguous;
        if (length == 0 || length < stream.needBytes)
        {
            return;
        }
        final int direct = memory.directOffset(stream, length);
        final int used;
        if (direct >= 0)
        {
            used = frameBytes(stream, memory.slab(), direct, length, stream.contiguousTimeNs);
        }
        else
        {
            memory.read(stream, 0, scratch, 0, length);
            used = frameBytes(stream, scratch, 0, length, stream.contiguousTimeNs);
        }
        consume(stream, used);
    }

    private int frameBytes(
        final TcpStream stream, final DirectBuffer buffer, final int offset, final int length, final long timeNs)
    {
        int used = 0;
        while (used < length)
        {
            final int kind = stream.kind;
            used += kind == TcpStream.KIND_SIP ?
                sip.frame(stream, buffer, offset + used, length - used, timeNs) :
                websocket.frame(stream, buffer, offset + used, length - used, timeNs);
            if (stream.kind == kind)
            {
                break;
            }
        }
        return used;
    }

    /**
     * Framed bytes leave the head of the stream.
     */
    private void consume(final TcpStream stream, final int count)
    {
        if (count > 0)
        {
            stream.base += count;
            stream.contiguous -= count;
            if (stream.contiguous == 0 && stream.rangeCount == 0)
            {
                memory.releaseAll(stream);
            }
            else
            {
                memory.advance(stream, count);
                rebaseRanges(stream, count);
            }
        }
    }

    private static void rebaseRanges(final TcpStream stream, final int count)
    {
        for (int i = 0; i < stream.rangeCount; i++)
        {
            stream.rangeStart[i] -= count;
            stream.rangeEnd[i] -= count;
        }
    }

    /**
     * @return whether the bytes could be held (blocks taken from less recently active streams if need be).
     */
    private boolean store(
        final TcpStream stream, final int from, final DirectBuffer buffer, final int offset, final int length)
    {
        final int missing = memory.missingBlocks(stream, from, length);
        if (missing > memory.freeBlocks())
        {
            reclaim(stream, missing);
            if (missing > memory.freeBlocks())
            {
                counters.memoryLimit.incrementRelease();
                return false;
            }
        }
        memory.write(stream, from, buffer, offset, length);
        return true;
    }

    /**
     * Drops the held bytes of the least recently active other streams until {@code blocks} are free (or none is
     * left to drop).
     */
    private void reclaim(final TcpStream keep, final int blocks)
    {
        TcpStream victim = activity.head();
        while (victim != null && memory.freeBlocks() < blocks)
        {
            final TcpStream next = victim.next[TcpStream.LIST_ACTIVITY];
            if (victim != keep && (victim.contiguous > 0 || victim.rangeCount > 0))
            {
                counters.memoryLimit.incrementRelease();
                dropHeld(victim, 0);
            }
            victim = next;
        }
    }

    /**
     * Drops everything the stream holds, and {@code alsoLost} bytes after its contiguous ones that could not be
     * stored; the stream resynchronises after the furthest byte it had.
     */
    private void dropHeld(final TcpStream stream, final int alsoLost)
    {
        countPartial(stream, alsoLost);
        final int furthest = Math.max(stream.contiguous + alsoLost,
            stream.rangeCount > 0 ? stream.rangeEnd[stream.rangeCount - 1] : 0);
        memory.releaseAll(stream);
        stream.base += furthest;
        stream.contiguous = 0;
        stream.rangeCount = 0;
        gaps.remove(stream);
        stream.loseSync();
    }

    /**
     * {@code count} bytes right after the held ones will never come (cut by the snap length).
     */
    private void loseBytes(final TcpStream stream, final int count)
    {
        counters.gaps.incrementRelease();
        dropHeld(stream, count);
    }
}
