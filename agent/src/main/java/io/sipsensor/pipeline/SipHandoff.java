package io.sipsensor.pipeline;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;

import io.sipsensor.net.DatagramHandler;
import io.sipsensor.net.PacketInfo;
import io.sipsensor.sip.SipParser;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteOrder;

/**
 * A capture thread's side of the hand-off to the single call-tracking thread (when there are several capture
 * threads): UDP payloads that are SIP by port or by their first line are copied, with their addressing, into a
 * many-to-one ring; everything else (RTP, most of a mirror port's traffic) is counted as {@code non_sip} and stays
 * on the capture thread. A full ring is counted ({@code sip_handoff_ring_full}) and the payload dropped, never waited
 * on. Record layout (little endian):
 * <pre>
 *   0 timestamp ns (long) | 8 ip version | 12 source port | 16 destination port | 20 vlan id | 24 transport |
 *  28 flags (bit 0: truncated) | 32 source address (16) | 48 destination address (16) | 64 payload
 * </pre>
 * Owned by one capture thread; no allocation.
 */
final class SipHandoff implements DatagramHandler
{
    static final int MSG_TYPE_ID = 1;
    static final int TIMESTAMP_OFFSET = 0;
    static final int IP_VERSION_OFFSET = 8;
    static final int SOURCE_PORT_OFFSET = 12;
    static final int DESTINATION_PORT_OFFSET = 16;
    static final int VLAN_OFFSET = 20;
    static final int TRANSPORT_OFFSET = 24;
    static final int FLAGS_OFFSET = 28;
    static final int SOURCE_ADDRESS_OFFSET = 32;
    static final int DESTINATION_ADDRESS_OFFSET = 48;
    static final int PAYLOAD_OFFSET = 64;
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** IP protocol number of TCP: records with it hold whole SIP messages framed from a stream. */
    static final int TCP = 6;

    private final boolean[] sipPorts = new boolean[65536];
    private final RingBuffer ring;
    private final AtomicCounter handedOff;
    private final AtomicCounter ringFull;
    private final AtomicCounter nonSip;

    /**
     * @param ports    ports always taken as SIP.
     * @param ring     the tracking thread's ring.
     * @param counters this capture thread's counters.
     */
    SipHandoff(final int[] ports, final RingBuffer ring, final Counters counters)
    {
        for (final int port : ports)
        {
            sipPorts[port] = true;
        }
        this.ring = ring;
        this.handedOff = counters.get(SensorCounter.SIP_HANDOFF);
        this.ringFull = counters.get(SensorCounter.SIP_HANDOFF_RING_FULL);
        this.nonSip = counters.get(SensorCounter.NON_SIP_PAYLOADS);
    }

    @Override
    public void onDatagram(final DirectBuffer buffer, final int offset, final int length, final PacketInfo info)
    {
        final boolean onSipPort = sipPorts[info.sourcePort & 0xFFFF] || sipPorts[info.destinationPort & 0xFFFF];
        if (!onSipPort && !SipParser.looksLikeSip(buffer, offset, length))
        {
            nonSip.incrementRelease();
            return;
        }
        handOff(buffer, offset, length, info);
    }

    /**
     * A whole SIP message framed from a TCP stream: handed off as it is (its transport says so on the other side).
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @param length of the message.
     * @param info   addresses and time.
     */
    void onSipMessage(final DirectBuffer buffer, final int offset, final int length, final PacketInfo info)
    {
        handOff(buffer, offset, length, info);
    }

    private void handOff(final DirectBuffer buffer, final int offset, final int length, final PacketInfo info)
    {
        final int recordLength = PAYLOAD_OFFSET + length;
        if (recordLength > ring.maxMsgLength())
        {
            ringFull.incrementRelease();
            return;
        }
        final int index = ring.tryClaim(MSG_TYPE_ID, recordLength);
        if (index <= 0)
        {
            ringFull.incrementRelease();
            return;
        }
        final MutableDirectBuffer target = ring.buffer();
        target.putLong(index + TIMESTAMP_OFFSET, info.timestampNs, ORDER);
        target.putInt(index + IP_VERSION_OFFSET, info.ipVersion, ORDER);
        target.putInt(index + SOURCE_PORT_OFFSET, info.sourcePort, ORDER);
        target.putInt(index + DESTINATION_PORT_OFFSET, info.destinationPort, ORDER);
        target.putInt(index + VLAN_OFFSET, info.vlanId, ORDER);
        target.putInt(index + TRANSPORT_OFFSET, info.transportProtocol, ORDER);
        target.putInt(index + FLAGS_OFFSET, info.truncated ? 1 : 0, ORDER);
        target.putBytes(index + SOURCE_ADDRESS_OFFSET, info.sourceAddress, 0, 16);
        target.putBytes(index + DESTINATION_ADDRESS_OFFSET, info.destinationAddress, 0, 16);
        target.putBytes(index + PAYLOAD_OFFSET, buffer, offset, length);
        ring.commit(index);
        handedOff.incrementRelease();
    }

    /**
     * Reads a record back (tracking thread).
     *
     * @param buffer the ring's buffer.
     * @param index  the record.
     * @param info   receives the addressing.
     */
    static void readInfo(final DirectBuffer buffer, final int index, final PacketInfo info)
    {
        info.timestampNs = buffer.getLong(index + TIMESTAMP_OFFSET, ORDER);
        info.ipVersion = buffer.getInt(index + IP_VERSION_OFFSET, ORDER);
        info.sourcePort = buffer.getInt(index + SOURCE_PORT_OFFSET, ORDER);
        info.destinationPort = buffer.getInt(index + DESTINATION_PORT_OFFSET, ORDER);
        info.vlanId = buffer.getInt(index + VLAN_OFFSET, ORDER);
        info.transportProtocol = buffer.getInt(index + TRANSPORT_OFFSET, ORDER);
        info.truncated = (buffer.getInt(index + FLAGS_OFFSET, ORDER) & 1) != 0;
        buffer.getBytes(index + SOURCE_ADDRESS_OFFSET, info.sourceAddress, 0, 16);
        buffer.getBytes(index + DESTINATION_ADDRESS_OFFSET, info.destinationAddress, 0, 16);
    }
}
