package io.sipsensor.net;

import org.agrona.DirectBuffer;

/**
 * Receives transport payloads from the decoder: whole UDP datagrams (after IP reassembly). Called on the decoding
 * thread; the buffer range and {@link PacketInfo} are valid only during the call.
 */
@FunctionalInterface
public interface DatagramHandler
{
    /**
     * @param buffer holding the payload.
     * @param offset of the payload.
     * @param length of the payload.
     * @param info   addresses, ports and time.
     */
    void onDatagram(DirectBuffer buffer, int offset, int length, PacketInfo info);
}
