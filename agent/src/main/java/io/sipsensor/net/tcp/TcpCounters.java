package io.sipsensor.net.tcp;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The counters TCP reassembly and WebSocket deframing write, looked up once so the per-segment path only increments
 * fields. Every counter here has one writer: the decoding thread. CRLF keep-alives between messages are counted in
 * {@code sip_keepalives}, with those seen on UDP.
 * <ul>
 *   <li>{@code tcp_streams}: stream directions taken as SIP (or SIP over WebSocket) and tracked.</li>
 *   <li>{@code tcp_segments}: segments of tracked streams handled (pure ACKs included).</li>
 *   <li>{@code tcp_segments_out_of_order}: segments that arrived ahead of a hole and were held.</li>
 *   <li>{@code tcp_segments_retransmitted}: segments that brought no new byte.</li>
 *   <li>{@code tcp_overlap_bytes}: bytes of segments that overlapped bytes already held (first bytes kept).</li>
 *   <li>{@code tcp_gaps}: holes given up as lost (timeout, memory, snap length, end of input).</li>
 *   <li>{@code tcp_resyncs}: times a stream found a SIP start line again after losing message sync, or when its
 *       capture began inside the connection.</li>
 *   <li>{@code tcp_skipped_bytes}: bytes passed over while looking for a SIP start line or WebSocket frame.</li>
 *   <li>{@code tcp_memory_limit}: times a stream's bytes were dropped because its own or the total memory limit
 *       was reached.</li>
 *   <li>{@code tcp_streams_expired}, {@code tcp_streams_evicted}, {@code tcp_streams_closed}: streams forgotten
 *       after the idle timeout, to make room, and after FIN or RST.</li>
 *   <li>{@code tcp_streams_not_sip}: flows on other ports seen carrying non-SIP data (approximate: counted once per
 *       flow while it stays in a small filter), and WebSocket-port streams whose upgrade was refused.</li>
 *   <li>{@code tcp_sip_messages}: SIP messages framed out of TCP streams and handed on (WebSocket ones included).</li>
 *   <li>{@code tcp_messages_incomplete}: partial messages abandoned (hole, close, reset, expiry, end of input).</li>
 *   <li>{@code tcp_messages_oversize}: messages larger than the per-stream limit, delivered cut.</li>
 *   <li>{@code tcp_bad_header}: segments whose TCP header is cut short or has a data offset below 20 bytes.</li>
 *   <li>{@code websocket_frames}, {@code websocket_messages}: frames read and SIP-carrying messages delivered.</li>
 *   <li>{@code websocket_dropped}: frames not delivered: compressed (RSV1), oversize, or invalid.</li>
 * </ul>
 */
final class TcpCounters
{
    final AtomicCounter streams;
    final AtomicCounter segments;
    final AtomicCounter outOfOrder;
    final AtomicCounter retransmitted;
    final AtomicCounter overlapBytes;
    final AtomicCounter gaps;
    final AtomicCounter resyncs;
    final AtomicCounter skippedBytes;
    final AtomicCounter memoryLimit;
    final AtomicCounter expired;
    final AtomicCounter evicted;
    final AtomicCounter closed;
    final AtomicCounter notSip;
    final AtomicCounter messages;
    final AtomicCounter incomplete;
    final AtomicCounter oversize;
    final AtomicCounter badHeader;
    final AtomicCounter websocketFrames;
    final AtomicCounter websocketMessages;
    final AtomicCounter websocketDropped;

    TcpCounters(final Counters counters)
    {
        streams = counters.get(SensorCounter.TCP_STREAMS);
        segments = counters.get(SensorCounter.TCP_SEGMENTS);
        outOfOrder = counters.get(SensorCounter.TCP_SEGMENTS_OUT_OF_ORDER);
        retransmitted = counters.get(SensorCounter.TCP_SEGMENTS_RETRANSMITTED);
        overlapBytes = counters.get(SensorCounter.TCP_OVERLAP_BYTES);
        gaps = counters.get(SensorCounter.TCP_GAPS);
        resyncs = counters.get(SensorCounter.TCP_RESYNCS);
        skippedBytes = counters.get(SensorCounter.TCP_SKIPPED_BYTES);
        memoryLimit = counters.get(SensorCounter.TCP_MEMORY_LIMIT);
        expired = counters.get(SensorCounter.TCP_STREAMS_EXPIRED);
        evicted = counters.get(SensorCounter.TCP_STREAMS_EVICTED);
        closed = counters.get(SensorCounter.TCP_STREAMS_CLOSED);
        notSip = counters.get(SensorCounter.TCP_STREAMS_NOT_SIP);
        messages = counters.get(SensorCounter.TCP_SIP_MESSAGES);
        incomplete = counters.get(SensorCounter.TCP_MESSAGES_INCOMPLETE);
        oversize = counters.get(SensorCounter.TCP_MESSAGES_OVERSIZE);
        badHeader = counters.get(SensorCounter.TCP_BAD_HEADER);
        websocketFrames = counters.get(SensorCounter.WEBSOCKET_FRAMES);
        websocketMessages = counters.get(SensorCounter.WEBSOCKET_MESSAGES);
        websocketDropped = counters.get(SensorCounter.WEBSOCKET_DROPPED);
    }
}
