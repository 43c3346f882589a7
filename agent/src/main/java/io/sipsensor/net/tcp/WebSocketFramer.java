package io.sipsensor.net.tcp;

import io.sipsensor.sip.SipParser;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * SIP over WebSocket (RFC 7118) on a reassembled TCP stream: passes over the HTTP Upgrade handshake, reads
 * WebSocket frames (RFC 6455 section 5.2: 7, 16 and 64-bit payload lengths, masking), joins a fragmented message
 * (first frame, continuations, control frames allowed in between), and hands each text or binary message on as one
 * SIP message. Control frames are read and ignored; a Close frame ends the stream.
 * <pre>
 *   0               1               2               3
 *   |F|R R R| opcode|M| length 7    | length 16/64 (if 126/127) ... | masking key (if M) | payload ...
 * </pre>
 * What is not delivered is counted in {@code websocket_dropped}: frames with RSV bits (a negotiated extension such as
 * permessage-deflate, which is not decoded), messages larger than the stream limit, frames that break the framing
 * (the stream then resynchronises at the next segment that starts with a frame carrying a SIP start line).
 * A stream on a WebSocket port that starts with a SIP start line is read as plain SIP; one whose upgrade is answered
 * with anything but 101 is ignored ({@code tcp_streams_not_sip}).
 * <p>
 * Owned by the decoding thread; allocates at construction only.
 */
final class WebSocketFramer
{
    private static final int INCOMPLETE = 0;
    private static final int VALID = 1;
    private static final int INVALID = 2;

    private static final int OPCODE_CONTINUATION = 0;
    private static final int OPCODE_TEXT = 1;
    private static final int OPCODE_BINARY = 2;
    private static final int OPCODE_CLOSE = 8;
    private static final int OPCODE_PING = 9;
    private static final int OPCODE_PONG = 10;

    /** Larger 64-bit lengths are taken as broken framing (the top bit must be 0; this keeps sums from overflowing). */
    private static final long MAX_PAYLOAD_LENGTH = 1L << 48;

    private final int limit;
    private final MessageOutput output;
    private final TcpCounters counters;
    private final UnsafeBuffer payload;

    // The frame header read last.
    private int headerLength;
    private long payloadLength;
    private boolean fin;
    private boolean reserved;
    private int opcode;
    private boolean masked;
    private int maskKey;
    /** Bytes from the first frame a fragmented message needs before it can be joined. */
    private long messageNeed;

    WebSocketFramer(final int limit, final MessageOutput output, final TcpCounters counters)
    {
        this.limit = limit;
        this.output = output;
        this.counters = counters;
        this.payload = new UnsafeBuffer(BufferUtil.allocateDirectAligned(limit + 8, 64));
    }

    /**
     * Reads and hands on every complete message in the bytes, which continue the stream at its current position.
     * May switch the stream to {@link TcpStream#KIND_SIP} and return early.
     *
     * @param timeNs capture time of the segment that completed these bytes.
     * @return bytes used; the rest must be offered again, followed by more ({@link TcpStream#needBytes}); the rest is
     * always less than the limit.
     */
    int frame(final TcpStream stream, final DirectBuffer buffer, final int offset, final int length, final long timeNs)
    {
        final int end = offset + length;
        int position = offset;
        stream.needBytes = 0;
        while (position < end && stream.kind == TcpStream.KIND_WEBSOCKET)
        {
            if (stream.discardBytes > 0)
            {
                final int skip = (int)Math.min(stream.discardBytes, end - position);
                stream.discardBytes -= skip;
                position += skip;
                continue;
            }
            final int next = switch (stream.wsState)
            {
                case TcpStream.WS_START -> start(stream, buffer, position, end);
                case TcpStream.WS_HANDSHAKE -> handshake(stream, buffer, position, end);
                case TcpStream.WS_FRAMES -> frames(stream, buffer, position, end, timeNs);
                case TcpStream.WS_RESYNC -> resync(stream, buffer, position, end);
                default -> end;
            };
            if (next < 0)
            {
                position = -1 - next;
                break;
            }
            position = next;
        }
        return position - offset;
    }

    /**
     * First bytes of the stream: an HTTP handshake, plain SIP, or (capture started mid-stream) frames.
     *
     * @return where to go on, or {@code -1 - position} to wait there for more bytes.
     */
    private int start(final TcpStream stream, final DirectBuffer buffer, final int position, final int end)
    {
        final int start = Lines.skipLineBreaks(buffer, position, end);
        if (start == end)
        {
            return end;
        }
        final int request = Lines.startsWith(buffer, start, end, "GET ");
        final int response = Lines.startsWith(buffer, start, end, "HTTP/");
        if (request > 0 || response > 0)
        {
            stream.wsState = TcpStream.WS_HANDSHAKE;
            return start;
        }
        if (request == 0 || response == 0)
        {
            return waitFor(stream, position, end, end - position + 1);
        }
        if (startsWithSipLine(buffer, start, end))
        {
            stream.kind = TcpStream.KIND_SIP;
            stream.sipState = TcpStream.SIP_IN_SYNC;
            return start;
        }
        stream.wsState = TcpStream.WS_RESYNC;
        return start;
    }

    private int handshake(final TcpStream stream, final DirectBuffer buffer, final int position, final int end)
    {
        final int headerEnd = Lines.headerEnd(buffer, position, end);
        if (headerEnd < 0)
        {
            if (end - position < limit)
            {
                return waitFor(stream, position, end, end - position + 1);
            }
            ignore(stream);
            return end;
        }
        if (Lines.startsWith(buffer, position, end, "HTTP/") > 0 && !switchingProtocols(buffer, position, headerEnd))
        {
            ignore(stream);
            return end;
        }
        stream.wsState = TcpStream.WS_FRAMES;
        return headerEnd;
    }

    private void ignore(final TcpStream stream)
    {
        counters.notSip.incrementRelease();
        stream.wsState = TcpStream.WS_IGNORE;
    }

    /**
     * Mid-stream: takes up frames again where a segment starts with a text or binary frame whose payload starts with
     * a SIP start line; passes over everything else.
     */
    private int resync(final TcpStream stream, final DirectBuffer buffer, final int position, final int end)
    {
        if (readHeader(buffer, position, end) == VALID && (opcode == OPCODE_TEXT || opcode == OPCODE_BINARY) &&
            !reserved && payloadLength <= limit)
        {
            final int payloadStart = position + headerLength;
            final int sample =
                (int)Math.min(payloadLength, Math.min(end - payloadStart, SipStreamFramer.MAX_START_LINE));
            if (sample > 0)
            {
                final DirectBuffer source = unmasked(buffer, payloadStart, sample, 0);
                final int sourceOffset = masked ? 0 : payloadStart;
                if (startsWithSipLine(source, sourceOffset, sourceOffset + sample))
                {
                    counters.resyncs.incrementRelease();
                    stream.wsState = TcpStream.WS_FRAMES;
                    stream.wsSkipMessage = false;
                    return position;
                }
            }
        }
        counters.skippedBytes.getAndAddRelease(end - position);
        return end;
    }

    private int frames(
        final TcpStream stream, final DirectBuffer buffer, final int position, final int end, final long timeNs)
    {
        final int status = readHeader(buffer, position, end);
        if (status == INCOMPLETE)
        {
            return waitFor(stream, position, end, end - position + 1);
        }
        if (status == INVALID)
        {
            counters.websocketDropped.incrementRelease();
            stream.wsState = TcpStream.WS_RESYNC;
            return position;
        }
        final long frameLength = headerLength + payloadLength;
        final int available = end - position;

        if (opcode >= OPCODE_CLOSE)
        {
            if (frameLength > available)
            {
                return waitFor(stream, position, end, frameLength);
            }
            counters.websocketFrames.incrementRelease();
            if (opcode == OPCODE_CLOSE)
            {
                stream.wsState = TcpStream.WS_IGNORE;
            }
            return position + (int)frameLength;
        }

        if (opcode == OPCODE_CONTINUATION)
        {
            if (!stream.wsSkipMessage)
            {
                counters.websocketDropped.incrementRelease();
            }
            stream.wsSkipMessage = !fin;
            return skipFrame(stream, position, end, frameLength);
        }

        stream.wsSkipMessage = false;
        if (reserved || payloadLength > limit)
        {
            if (!reserved)
            {
                counters.oversize.incrementRelease();
            }
            counters.websocketDropped.incrementRelease();
            stream.wsSkipMessage = !fin;
            return skipFrame(stream, position, end, frameLength);
        }
        if (fin)
        {
            if (frameLength > available)
            {
                return waitFor(stream, position, end, frameLength);
            }
            counters.websocketFrames.incrementRelease();
            final int payloadStart = position + headerLength;
            final int size = (int)payloadLength;
            final DirectBuffer source = unmasked(buffer, payloadStart, size, 0);
            deliver(stream, source, masked ? 0 : payloadStart, size, timeNs);
            return position + (int)frameLength;
        }

        final int messageEnd = scanFragments(buffer, position, end);
        if (messageEnd == -1)
        {
            if (messageNeed < limit)
            {
                return waitFor(stream, position, end, messageNeed);
            }
            counters.oversize.incrementRelease();
            counters.websocketDropped.incrementRelease();
            readHeader(buffer, position, end);
            stream.wsSkipMessage = true;
            return skipFrame(stream, position, end, headerLength + payloadLength);
        }
        if (messageEnd == -2)
        {
            counters.websocketDropped.incrementRelease();
            stream.wsState = TcpStream.WS_RESYNC;
            return position;
        }
        return joinFragments(stream, buffer, position, messageEnd, timeNs);
    }

    /**
     * Walks the frames of a fragmented message from its first frame.
     *
     * @return end of its last frame; -1 if not all are here yet ({@link #messageNeed} set; at least the limit when
     * the payload is larger than the limit); -2 if a new message or a broken frame comes before the last fragment.
     */
    private int scanFragments(final DirectBuffer buffer, final int first, final int end)
    {
        int position = first;
        boolean firstFrame = true;
        long total = 0;
        while (true)
        {
            final int status = readHeader(buffer, position, end);
            if (status == INVALID)
            {
                return -2;
            }
            if (status == INCOMPLETE)
            {
                messageNeed = (long)(position - first) + 14;
                return -1;
            }
            final long frameLength = headerLength + payloadLength;
            if (position + frameLength > end)
            {
                messageNeed = (position - first) + frameLength;
                return -1;
            }
            if (opcode < OPCODE_CLOSE)
            {
                if (!firstFrame && (opcode != OPCODE_CONTINUATION || reserved))
                {
                    return -2;
                }
                firstFrame = false;
                total += payloadLength;
                if (total > limit)
                {
                    messageNeed = Long.MAX_VALUE;
                    return -1;
                }
            }
            position += (int)frameLength;
            if (opcode < OPCODE_CLOSE && fin)
            {
                return position;
            }
        }
    }

    private int joinFragments(
        final TcpStream stream, final DirectBuffer buffer, final int first, final int messageEnd, final long timeNs)
    {
        int position = first;
        int size = 0;
        while (position < messageEnd)
        {
            readHeader(buffer, position, messageEnd);
            counters.websocketFrames.incrementRelease();
            if (opcode < OPCODE_CLOSE)
            {
                unmaskInto(buffer, position + headerLength, (int)payloadLength, size);
                size += (int)payloadLength;
            }
            position += headerLength + (int)payloadLength;
        }
        deliver(stream, payload, 0, size, timeNs);
        return messageEnd;
    }

    private void deliver(
        final TcpStream stream, final DirectBuffer buffer, final int offset, final int length, final long timeNs)
    {
        counters.websocketMessages.incrementRelease();
        output.deliver(stream, buffer, offset, length, timeNs);
    }

    private static int skipFrame(final TcpStream stream, final int position, final int end, final long frameLength)
    {
        final int available = end - position;
        if (frameLength <= available)
        {
            return position + (int)frameLength;
        }
        stream.discardBytes = frameLength - available;
        return end;
    }

    private static int waitFor(final TcpStream stream, final int position, final int end, final long need)
    {
        stream.needBytes = (int)Math.min(need, Integer.MAX_VALUE);
        return -1 - position;
    }

    /**
     * Reads the frame header at {@code position} into the fields.
     *
     * @return VALID, INCOMPLETE (not all header bytes here) or INVALID (unknown opcode, fragmented or long control
     * frame, 64-bit length with the top bit set or beyond 2^48).
     */
    private int readHeader(final DirectBuffer buffer, final int position, final int end)
    {
        if (end - position < 2)
        {
            return INCOMPLETE;
        }
        final int first = buffer.getByte(position) & 0xFF;
        final int second = buffer.getByte(position + 1) & 0xFF;
        fin = (first & 0x80) != 0;
        reserved = (first & 0x70) != 0;
        opcode = first & 0x0F;
        masked = (second & 0x80) != 0;
        final int length7 = second & 0x7F;
        final int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        headerLength = 2 + extended + (masked ? 4 : 0);
        if (opcode > OPCODE_BINARY && opcode < OPCODE_CLOSE || opcode > OPCODE_PONG)
        {
            return INVALID;
        }
        if (end - position < headerLength)
        {
            return INCOMPLETE;
        }
        if (extended == 0)
        {
            payloadLength = length7;
        }
        else if (extended == 2)
        {
            payloadLength = buffer.getShort(position + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        else
        {
            payloadLength = buffer.getLong(position + 2, ByteOrder.BIG_ENDIAN);
            if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_LENGTH)
            {
                return INVALID;
            }
        }
        if (opcode >= OPCODE_CLOSE && (!fin || payloadLength > 125))
        {
            return INVALID;
        }
        maskKey = masked ? buffer.getInt(position + headerLength - 4, ByteOrder.BIG_ENDIAN) : 0;
        return VALID;
    }

    /**
     * @return the payload bytes readable without a mask: {@code buffer} itself if the frame is not masked, else the
     * message buffer with {@code length} unmasked bytes written at {@code to}.
     */
    private DirectBuffer unmasked(final DirectBuffer buffer, final int from, final int length, final int to)
    {
        if (!masked)
        {
            return buffer;
        }
        unmaskInto(buffer, from, length, to);
        return payload;
    }

    private void unmaskInto(final DirectBuffer source, final int from, final int length, final int to)
    {
        final MutableDirectBuffer destination = payload;
        if (!masked)
        {
            destination.putBytes(to, source, from, length);
            return;
        }
        final long key32 = Integer.reverseBytes(maskKey) & 0xFFFF_FFFFL;
        final long key64 = key32 | (key32 << 32);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            destination.putLong(to + i, source.getLong(from + i, ByteOrder.LITTLE_ENDIAN) ^ key64,
                ByteOrder.LITTLE_ENDIAN);
        }
        for (; i < length; i++)
        {
            destination.putByte(to + i, (byte)(source.getByte(from + i) ^ (maskKey >>> (24 - ((i & 3) << 3)))));
        }
    }

    /**
     * @return whether the status line of an HTTP response says 101 (Switching Protocols).
     */
    private static boolean switchingProtocols(final DirectBuffer buffer, final int position, final int end)
    {
        int p = position;
        while (p < end && buffer.getByte(p) != ' ')
        {
            p++;
        }
        return p + 4 <= end && buffer.getByte(p + 1) == '1' && buffer.getByte(p + 2) == '0' &&
            buffer.getByte(p + 3) == '1';
    }

    static boolean startsWithSipLine(final DirectBuffer buffer, final int position, final int end)
    {
        return position < end && Lines.isLetter(buffer.getByte(position)) &&
            SipParser.looksLikeSip(buffer, position, Math.min(end - position, SipStreamFramer.MAX_START_LINE));
    }
}
