package io.sipsensor.net.tcp;

import io.sipsensor.sip.SipParser;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Cuts a SIP byte stream into messages (RFC 3261 section 18.3): CRLF keep-alives between messages are skipped; a
 * message is its start line and header section plus Content-Length bytes (none when the header is absent). Framing
 * looks only at the start line, the blank line and {@link ContentLength}; the message is parsed once, downstream. When the stream is out of
 * step (mid-stream start, a lost hole, bytes that are not SIP), it looks line by line for the next SIP start line
 * ({@link StartLineSearch}, which also finds one glued to the end of a body without CRLF) and counts the bytes it
 * passes over.
 * <p>
 * Rules for what cannot be framed, all deterministic:
 * <ul>
 *   <li>A first line that is not a SIP start line (or longer than {@value #MAX_START_LINE} bytes): resynchronise
 *       from the next line.</li>
 *   <li>A header section whose Content-Length is not a number, too large, or repeated with another value: handed on
 *       as it is (so it is counted as malformed), then resynchronise after it.</li>
 *   <li>A header section or message longer than the stream limit: the part held is handed on (its body cut), the
 *       rest of the message is passed over ({@code tcp_messages_oversize}); a header section that does not end within
 *       the limit is passed over.</li>
 * </ul>
 * Owned by the decoding thread; allocates at construction only.
 */
final class SipStreamFramer
{
    /** Longest line taken for a start line while resynchronising. */
    static final int MAX_START_LINE = 2048;

    private final int limit;
    private final MessageOutput output;
    private final TcpCounters counters;
    private final AtomicCounter keepalives;

    /**
     * @param limit bytes a stream may hold: larger messages are cut.
     */
    SipStreamFramer(final int limit, final MessageOutput output, final TcpCounters counters,
        final AtomicCounter keepalives)
    {
        this.limit = limit;
        this.output = output;
        this.counters = counters;
        this.keepalives = keepalives;
    }

    /**
     * Frames and hands on every complete message in the bytes, which continue the stream at its current position.
     *
     * @param timeNs capture time of the segment that completed these bytes.
     * @return bytes used (messages, keep-alives and bytes passed over); the rest must be offered again, followed by
     * more, and {@link TcpStream#needBytes} says how many are worth waiting for. The rest is always less than the
     * limit.
     */
    int frame(final TcpStream stream, final DirectBuffer buffer, final int offset, final int length, final long timeNs)
    {
        final int end = offset + length;
        int position = offset;
        stream.needBytes = 0;
        while (position < end)
        {
            if (stream.discardBytes > 0)
            {
                final int skip = (int)Math.min(stream.discardBytes, end - position);
                stream.discardBytes -= skip;
                position += skip;
                continue;
            }
            if (stream.sipState == TcpStream.SIP_RESYNC)
            {
                position = resync(stream, buffer, position, end);
                if (stream.sipState == TcpStream.SIP_RESYNC)
                {
                    break;
                }
                continue;
            }

            final int start = Lines.skipLineBreaks(buffer, position, end);
            if (start > position)
            {
                keepalives.incrementRelease();
                position = start;
                if (position == end)
                {
                    break;
                }
            }

            final int available = end - position;
            if (stream.messageLength > 0)
            {
                // Header section read before; waiting for the body.
                if (stream.messageLength > available)
                {
                    stream.needBytes = stream.messageLength;
                    break;
                }
                output.deliver(stream, buffer, position, stream.messageLength, timeNs);
                position += stream.messageLength;
                stream.messageLength = 0;
                continue;
            }

            // A complete SIP start line (checked once per message), then a complete header section (scanned on from
            // where the last look stopped: a blank line that ends there may have begun two bytes before).
            final int scanned = stream.headerScanned;
            if (scanned == 0)
            {
                final int lineFeed = Lines.indexOfLineFeed(buffer, position, Math.min(end, position + MAX_START_LINE));
                if (lineFeed < 0)
                {
                    if (available < MAX_START_LINE)
                    {
                        stream.needBytes = available + 1;
                        break;
                    }
                    lose(stream, false);
                    continue;
                }
                if (!SipParser.looksLikeSip(buffer, position, lineFeed + 1 - position))
                {
                    lose(stream, false);
                    continue;
                }
            }
            final int headerEnd = Lines.headerEnd(buffer, position + Math.max(0, scanned - 2), end);
            if (headerEnd < 0)
            {
                if (available < limit)
                {
                    stream.headerScanned = available;
                    stream.needBytes = available + 1;
                    break;
                }
                counters.oversize.incrementRelease();
                lose(stream, false);
                continue;
            }
            stream.headerScanned = 0;

            final int bodyLength = ContentLength.find(buffer, position, headerEnd);
            if (bodyLength == ContentLength.INVALID)
            {
                // Handed on as it is, to be counted as malformed; where the next message starts is unknown.
                output.deliver(stream, buffer, position, headerEnd - position, timeNs);
                position = headerEnd;
                lose(stream, true);
                continue;
            }
            final int framed = headerEnd - position + Math.max(bodyLength, 0);
            if (framed <= available)
            {
                output.deliver(stream, buffer, position, framed, timeNs);
                position += framed;
            }
            else if (framed > limit)
            {
                counters.oversize.incrementRelease();
                output.deliver(stream, buffer, position, available, timeNs);
                stream.discardBytes = framed - available;
                position = end;
            }
            else
            {
                stream.messageLength = framed;
                stream.needBytes = framed;
                break;
            }
        }
        return position - offset;
    }

    private static void lose(final TcpStream stream, final boolean atLineStart)
    {
        stream.sipState = TcpStream.SIP_RESYNC;
        stream.atLineStart = atLineStart;
        stream.headerScanned = 0;
    }

    /**
     * Looks for a SIP start line at the start of a line.
     *
     * @return where the start line begins (stream back in sync), or where to wait for more bytes (a line that may
     * still become a start line; {@link TcpStream#needBytes} set), or {@code end}.
     */
    private int resync(final TcpStream stream, final DirectBuffer buffer, final int from, final int end)
    {
        int position = from;
        while (position < end)
        {
            if (!stream.atLineStart)
            {
                final int lineFeed = Lines.indexOfLineFeed(buffer, position, end);
                if (lineFeed < 0)
                {
                    position = end;
                    break;
                }
                position = lineFeed + 1;
                stream.atLineStart = true;
                continue;
            }
            final byte first = buffer.getByte(position);
            if (first == Lines.CR || first == Lines.LF)
            {
                position++;
                continue;
            }
            final int lineLimit = Math.min(end, position + MAX_START_LINE);
            final int lineFeed = Lines.indexOfLineFeed(buffer, position, lineLimit);
            if (lineFeed < 0)
            {
                if (lineLimit == end)
                {
                    stream.needBytes = end - position + 1;
                    break;
                }
                stream.atLineStart = false;
                position = lineLimit;
                continue;
            }
            final int startLine = StartLineSearch.find(buffer, position, lineFeed + 1);
            if (startLine >= 0)
            {
                position = startLine;
                stream.sipState = TcpStream.SIP_IN_SYNC;
                counters.resyncs.incrementRelease();
                break;
            }
            position = lineFeed + 1;
        }
        if (position > from)
        {
            counters.skippedBytes.getAndAddRelease(position - from);
        }
        return position;
    }
}
