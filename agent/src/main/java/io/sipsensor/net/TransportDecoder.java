package io.sipsensor.net;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Layer 4: checks UDP and hands its payload to the {@link DatagramHandler}, or, when sent to the VXLAN, HEP or
 * GTP-U port ({@link EncapsulationSettings}), to the VXLAN, HEP or GTP-U decoder; hands TCP to a pluggable
 * {@link SegmentHandler} (counted and dropped while none is plugged in); hands SCTP to the {@link SctpDecoder}, whose
 * messages go to the same {@link DatagramHandler}.
 * <p>
 * UDP rules: fewer than 8 captured bytes is {@code drop_truncated_udp}; a UDP length below 8 or beyond the IP
 * payload is {@code drop_bad_udp_length}, unless it is 0 or beyond and the IP payload was captured whole: then the
 * length is an offload artefact (a capture on the sending host) and the IP payload is taken, counted in
 * {@code ip_length_offload}; bytes after the UDP length (padding) are ignored. When the snap length cut the payload,
 * the captured part is delivered with {@link PacketInfo#truncated} set and {@code udp_payload_truncated} counted: the
 * SIP parser downstream reports an incomplete body.
 * <p>
 * Owned by the decoding thread; no allocation.
 */
final class TransportDecoder
{
    static final int UDP_HEADER_LENGTH = 8;

    private final PacketInfo info;
    private final DecodeCounters counters;
    private final DatagramHandler datagramHandler;
    private final int vxlanPort;
    private final int hepPort;
    private final int gtpuPort;
    private SegmentHandler tcpHandler;
    private TunnelDecoder tunnels;
    private HepDecoder hep;
    private GtpuDecoder gtpu;
    private final SctpDecoder sctp;

    TransportDecoder(
        final PacketInfo info,
        final DecodeCounters counters,
        final DatagramHandler datagramHandler,
        final EncapsulationSettings encapsulations)
    {
        this.info = info;
        this.counters = counters;
        this.datagramHandler = datagramHandler;
        this.vxlanPort = encapsulations.vxlanPort();
        this.hepPort = encapsulations.hepPort();
        this.gtpuPort = encapsulations.gtpuPort();
        this.sctp = new SctpDecoder(info, counters, datagramHandler);
    }

    /**
     * Wires the decoders UDP payloads on the VXLAN, HEP and GTP-U ports go to (made after this one: they lead back
     * here).
     */
    void encapsulations(final TunnelDecoder tunnels, final HepDecoder hep, final GtpuDecoder gtpu)
    {
        this.tunnels = tunnels;
        this.hep = hep;
        this.gtpu = gtpu;
    }

    void tcpHandler(final SegmentHandler tcpHandler)
    {
        this.tcpHandler = tcpHandler;
    }

    /**
     * @param captured bytes of the UDP datagram present from {@code offset}.
     * @param wire     bytes of the IP payload on the wire.
     * @param depth    tunnel level of the IP header that carried it.
     */
    void udp(final DirectBuffer buffer, final int offset, final int captured, final int wire, final int depth)
    {
        if (captured < UDP_HEADER_LENGTH)
        {
            counters.dropTruncatedUdp.incrementRelease();
            return;
        }
        int udpLength = buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (udpLength < UDP_HEADER_LENGTH || udpLength > wire)
        {
            if (captured < wire || (udpLength != 0 && udpLength < UDP_HEADER_LENGTH))
            {
                counters.dropBadUdpLength.incrementRelease();
                return;
            }
            udpLength = wire;
            counters.ipLengthOffload.incrementRelease();
        }

        final int payloadOnWire = udpLength - UDP_HEADER_LENGTH;
        final int payloadCaptured = Math.min(udpLength, captured) - UDP_HEADER_LENGTH;
        info.sourcePort = buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        info.destinationPort = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        info.transportProtocol = IpProtocol.UDP;
        info.truncated = payloadCaptured < payloadOnWire;
        if (info.truncated)
        {
            counters.udpPayloadTruncated.incrementRelease();
        }
        counters.udp.incrementRelease();
        final int payload = offset + UDP_HEADER_LENGTH;
        if (info.destinationPort == vxlanPort && vxlanPort != 0 && tunnels != null)
        {
            tunnels.vxlan(buffer, payload, payloadCaptured, payloadOnWire, depth);
        }
        else if (info.destinationPort == hepPort && hepPort != 0 && hep != null)
        {
            hep.decode(buffer, payload, payloadCaptured, info.truncated);
        }
        else if (info.destinationPort == gtpuPort && gtpuPort != 0 && gtpu != null)
        {
            gtpu.decode(buffer, payload, payloadCaptured, payloadOnWire, depth);
        }
        else
        {
            datagramHandler.onDatagram(buffer, payload, payloadCaptured, info);
        }
    }

    void tcp(final DirectBuffer buffer, final int offset, final int captured, final int wire)
    {
        counters.tcp.incrementRelease();
        final SegmentHandler handler = tcpHandler;
        if (handler == null)
        {
            counters.dropTcpNotDecoded.incrementRelease();
            return;
        }
        fillPorts(buffer, offset, captured);
        info.transportProtocol = IpProtocol.TCP;
        info.truncated = captured < wire;
        handler.onSegment(buffer, offset, captured, wire, info);
    }

    void sctp(final DirectBuffer buffer, final int offset, final int captured, final int wire)
    {
        counters.sctp.incrementRelease();
        sctp.decode(buffer, offset, captured, wire);
    }

    private void fillPorts(final DirectBuffer buffer, final int offset, final int captured)
    {
        if (captured >= 4)
        {
            info.sourcePort = buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            info.destinationPort = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        else
        {
            info.sourcePort = 0;
            info.destinationPort = 0;
        }
    }
}
