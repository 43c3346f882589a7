package io.sipsensor.net.tcp;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Puts the bytes of one stream direction in order and hands them to its framer: segments in order are framed
 * straight from the packet (only the unframed rest is copied into stream memory); segments ahead of a hole are held
 * as ranges (first bytes kept where they overlap) until the hole fills or is given up. Memory comes from the shared
 * {@link StreamMemory}; when it runs short, the least recently active streams lose their held bytes.
 * <pre>
 *   segment ─► in order, nothing held ──► framer(packet bytes) ──► rest ─► stream memory
 *          └─► otherwise ─► stream memory (ranges) ─► contiguous from base? ─► framer(memory bytes)
 * </pre>
 * Owned by the decoding thread, driven by the {@link TcpReassembler}; allocates at construction only.
 */
final class StreamAssembler
{
    /** A segment further than this from where the stream is is not a reordering but a new position. */
    private static final int JUMP = 1 << 30;
    private static final int MAX_SEGMENT_BYTES = 65_536;

    private final int maxStreamBytes;
    private final StreamMemory memory;
    private final StreamList activity;
    private final StreamList gaps;
    private final UnsafeBuffer scratch;
    private final TcpCounters counters;
    private final SipStreamFramer sip;
    private final WebSocketFramer websocket;

    /**
     * @param activity streams by last activity (memory is reclaimed from its head).
     * @param gaps     streams holding bytes beyond a hole, by when the hole opened (kept up to date here).
     */
    StreamAssembler(
        final int maxStreamBytes,
        final StreamMemory memory,
        final StreamList activity,
        final StreamList gaps,
        final TcpCounters counters,
        final SipStreamFramer sip,
        final WebSocketFramer websocket)
    {
        this.maxStreamBytes = maxStreamBytes;
        this.memory = memory;
        this.activity = activity;
        this.gaps = gaps;
        this.counters = counters;
        this.sip = sip;
        this.websocket = websocket;
        this.scratch = new UnsafeBuffer(BufferUtil.allocateDirectAligned(maxStreamBytes + MAX_SEGMENT_BYTES, 64));
    }

    /**
     * The stream's bytes end here: holes are given up, what follows them is framed, a partial message is counted.
     */
    void finish(final TcpStream stream, final long nowNs)
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

    /**
     * A segment's payload for the stream.
     *
     * @param captured bytes of payload present.
     * @param wire     bytes of payload the segment had (more when the snap length cut it).
     * @param sequence sequence number of the first payload byte.
     */
    void data(
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
            if (start == stream.contiguous && stream.rangeCount == 0)
            {
                // No hole (left): the segment simply continues the stream.
                inOrder(stream, buffer, from, length, nowNs);
                return;
            }
            if (start + length <= maxStreamBytes)
            {
                break;
            }
            if (start == stream.contiguous)
            {
                // It fills the first hole but reaches past the limit: take what fits (which joins every range held
                // and is framed), then the rest, which now continues the stream.
                final int fits = maxStreamBytes - start;
                outOfOrder(stream, buffer, from, fits, sequence, nowNs);
                outOfOrder(stream, buffer, from + fits, length - fits, sequence + fits, nowNs);
                return;
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

        Ranges.merge(stream, first, last, start, end, nowNs);
        boolean advanced = false;
        if (stream.rangeStart[0] <= stream.contiguous)
        {
            stream.contiguous = Math.max(stream.contiguous, stream.rangeEnd[0]);
            stream.contiguousTimeNs = Math.max(stream.contiguousTimeNs, stream.rangeTimeNs[0]);
            Ranges.remove(stream, 0);
            advanced = true;
        }
        trackHole(stream, nowNs, advanced);
        if (advanced)
        {
            frameHeld(stream);
        }
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
    void giveUpHole(final TcpStream stream, final long nowNs)
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
        Ranges.rebase(stream, skip);
        stream.contiguous = stream.rangeEnd[0];
        stream.contiguousTimeNs = stream.rangeTimeNs[0];
        Ranges.remove(stream, 0);
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
                Ranges.rebase(stream, count);
            }
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
     * left to drop). A stream that is only looking for a message start takes nothing from others.
     */
    private void reclaim(final TcpStream keep, final int blocks)
    {
        if (!keep.inSync())
        {
            return;
        }
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
