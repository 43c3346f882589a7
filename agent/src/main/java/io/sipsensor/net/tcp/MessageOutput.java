package io.sipsensor.net.tcp;

import io.sipsensor.net.DatagramHandler;
import io.sipsensor.net.PacketInfo;
import org.agrona.DirectBuffer;

/**
 * Hands a framed SIP message on, with a {@link PacketInfo} describing its stream direction and the capture time of
 * the segment that completed it. One instance per reassembler; no allocation.
 */
final class MessageOutput
{
    private final DatagramHandler handler;
    private final TcpCounters counters;
    private final PacketInfo info = new PacketInfo();

    MessageOutput(final DatagramHandler handler, final TcpCounters counters)
    {
        this.handler = handler;
        this.counters = counters;
    }

    void deliver(final TcpStream stream, final DirectBuffer buffer, final int offset, final int length,
        final long timeNs)
    {
        stream.key.fill(info);
        info.vlanId = stream.vlanId;
        info.timestampNs = timeNs;
        info.truncated = false;
        counters.messages.incrementRelease();
        handler.onDatagram(buffer, offset, length, info);
    }
}
