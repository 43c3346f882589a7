package io.sipsensor.net;

import org.agrona.DirectBuffer;

/**
 * Receives transport segments the decoder does not turn into datagrams itself: the plug for TCP stream
 * reassembly, next to the UDP path. Called on the decoding thread with the transport header first; the buffer
 * range and {@link PacketInfo} (addresses, ports when captured, time, VLAN) are valid only during the call.
 */
@FunctionalInterface
public interface SegmentHandler
{
    /**
     * @param buffer         holding the segment.
     * @param offset         of the transport header.
     * @param capturedLength bytes of the segment present (header and payload).
     * @param segmentLength  bytes the segment had on the wire; more than captured when the snap length cut it.
     * @param info           addressing and time.
     */
    void onSegment(DirectBuffer buffer, int offset, int capturedLength, int segmentLength, PacketInfo info);
}
