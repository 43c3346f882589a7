package io.sipsensor.capture;

import org.agrona.DirectBuffer;

/**
 * Receives captured frames from a {@link PacketSource}. Called on the source's polling thread; the buffer and
 * range are valid only for the duration of the call (wrap, don't keep).
 */
@FunctionalInterface
public interface PacketHandler
{
    /**
     * @param linkType        {@link LinkType} of the frame (pcap LINKTYPE_ value).
     * @param buffer          holding the frame.
     * @param offset          of the first byte of the frame.
     * @param capturedLength  bytes of the frame present in the buffer.
     * @param originalLength  bytes of the frame on the wire (greater than captured when cut by the snap length).
     * @param timestampNs     capture time, nanoseconds since the Unix epoch.
     */
    void onPacket(int linkType, DirectBuffer buffer, int offset, int capturedLength, int originalLength,
        long timestampNs);
}
