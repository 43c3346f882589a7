package io.sipsensor.agent;

import io.sipsensor.capture.PacketHandler;
import io.sipsensor.net.DatagramHandler;
import io.sipsensor.net.EncapsulationSettings;
import io.sipsensor.net.PacketDecoder;
import io.sipsensor.net.ReassemblySettings;
import io.sipsensor.net.tcp.TcpReassembler;
import org.agrona.DirectBuffer;

/**
 * Everything below SIP for one thread's frames, wired the same way for files and live capture: the layer 2..4
 * {@link PacketDecoder} (VLANs, tunnels, HEP, IP fragments) and the TCP stream reassembler that frames SIP (and SIP
 * over WebSocket) out of TCP. UDP payloads go to one handler, whole SIP messages framed from TCP to another. The
 * capture time of each frame also drives the TCP idle and gap timeouts. Owned by one thread.
 */
final class FrameDecoder implements PacketHandler
{
    private final PacketDecoder decoder;
    private final TcpReassembler tcp;

    /**
     * @param context     settings (reassembly limits, tunnel ports, TCP limits).
     * @param counters    the owning thread's counters.
     * @param datagrams   receives UDP payloads (SIP by port or content is decided there).
     * @param sipMessages receives whole SIP messages framed from TCP streams.
     */
    FrameDecoder(final SensorContext context, final Counters counters, final DatagramHandler datagrams,
        final DatagramHandler sipMessages)
    {
        final ReassemblySettings reassembly = new ReassemblySettings()
            .maxDatagrams(context.ipFragmentMaxDatagrams())
            .timeoutNs(context.ipFragmentTimeoutNs());
        final EncapsulationSettings encapsulations = new EncapsulationSettings()
            .vxlanPort(context.vxlanPort())
            .hepPort(context.hepPort())
            .gtpuPort(context.gtpuPort());
        decoder = new PacketDecoder(datagrams, counters, reassembly, encapsulations);
        tcp = new TcpReassembler(context.tcpSettings(), counters, sipMessages);
        decoder.tcpHandler(tcp);
    }

    @Override
    public void onPacket(final int linkType, final DirectBuffer buffer, final int offset, final int capturedLength,
        final int originalLength, final long timestampNs)
    {
        decoder.onPacket(linkType, buffer, offset, capturedLength, originalLength, timestampNs);
        tcp.expire(timestampNs);
    }

    /**
     * No frames came for a while: expires IP fragments and TCP streams by the wall clock.
     *
     * @param nowNs wall-clock time, ns since the epoch.
     */
    void expire(final long nowNs)
    {
        decoder.expireFragments(nowNs);
        tcp.expire(nowNs);
    }

    /**
     * End of input: delivers what TCP streams still hold beyond holes.
     */
    void flush()
    {
        tcp.flush();
    }
}
