package io.sipsensor.net;

import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a copy of every datagram delivered, for assertions (allocates: test only).
 */
final class DatagramRecorder implements DatagramHandler
{
    record Datagram(byte[] payload, int ipVersion, String source, String destination, int sourcePort,
        int destinationPort, int vlanId, long timestampNs, boolean truncated, int protocol)
    {
        String text()
        {
            return new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    final List<Datagram> datagrams = new ArrayList<>();

    @Override
    public void onDatagram(final DirectBuffer buffer, final int offset, final int length, final PacketInfo info)
    {
        final byte[] payload = new byte[length];
        buffer.getBytes(offset, payload);
        datagrams.add(new Datagram(payload, info.ipVersion, info.addressText(true), info.addressText(false),
            info.sourcePort, info.destinationPort, info.vlanId, info.timestampNs, info.truncated,
            info.transportProtocol));
    }

    Datagram only()
    {
        if (datagrams.size() != 1)
        {
            throw new AssertionError("expected exactly one datagram, got " + datagrams.size());
        }
        return datagrams.get(0);
    }

    int count()
    {
        return datagrams.size();
    }
}
