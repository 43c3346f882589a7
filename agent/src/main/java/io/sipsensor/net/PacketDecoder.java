package io.sipsensor.net;

import io.sipsensor.status.Counters;
import io.sipsensor.capture.LinkType;
import io.sipsensor.capture.PacketHandler;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Decodes captured frames, layers 2 to 4, and hands every UDP payload (after IP reassembly) to a
 * {@link DatagramHandler} with a filled {@link PacketInfo}.
 * <ul>
 *   <li>Link types: Ethernet II (802.3 length-field frames are non-IP), 802.1Q / 802.1ad / 0x9100 VLAN tag stacks
 *       up to {@value #MAX_VLAN_TAGS} deep (also after a Linux cooked header), Linux cooked v1 (113) and v2 (276),
 *       raw IP (101, 12, 14, 228, 229), BSD loopback NULL (0; address family in either byte order) and LOOP
 *       (108; network byte order). AF_INET is 2; AF_INET6 is 24, 28 or 30 depending on the BSD.</li>
 *   <li>{@link PacketInfo#vlanId} is the outermost tag's VLAN id, or -1; inside a tunnel, the inner frame's
 *       (see {@code EthernetDecoder}).</li>
 *   <li>IPv4 and IPv6 (with extension headers and fragment reassembly): see {@code IpDecoder} and
 *       {@link ReassemblySettings}. A reassembled datagram carries the time of the frame that completed it.</li>
 *   <li>Tunnels and mirror encapsulations: IP-in-IP and IPv6-in-IPv4, GRE (with or without checksum, key and
 *       sequence number) carrying IP or Ethernet, ERSPAN types I, II and III, and VXLAN on the configured UDP
 *       port ({@link EncapsulationSettings}). The inner packet goes through the same decoder, VLAN tags included,
 *       up to {@code IpDecoder.MAX_TUNNEL_DEPTH} tunnels deep (see {@code TunnelDecoder}).</li>
 *   <li>Access and mobile networks: PPPoE sessions (also under VLAN tags), PPP in enhanced GRE (PPTP), GTP-U v1
 *       on the configured UDP port (see {@code PppDecoder}, {@code GtpuDecoder}).</li>
 *   <li>HEP v3 received on the configured UDP port: the SIP payload is delivered with the addresses, ports and
 *       capture time the HEP agent recorded (see {@code HepDecoder}).</li>
 *   <li>UDP is delivered; TCP goes to the {@link SegmentHandler} set with {@link #tcpHandler}, if any; SCTP, other
 *       tunnels (EtherIP, L2TP, MPLS-in-IP), ESP and other protocols are counted and dropped. Every drop has a
 *       counter.</li>
 * </ul>
 * Owned by one thread (the one that polls the capture source); allocates at construction only. The handler must not
 * keep the buffer or the {@link PacketInfo} after its call.
 */
public final class PacketDecoder implements PacketHandler
{
    /** Deepest VLAN tag stack decoded. */
    public static final int MAX_VLAN_TAGS = 8;

    static final int ETHERNET_HEADER_LENGTH = 14;
    static final int SLL_HEADER_LENGTH = 16;
    static final int SLL2_HEADER_LENGTH = 20;
    static final int LOOPBACK_HEADER_LENGTH = 4;
    static final int VLAN_TAG_LENGTH = 4;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERTYPE_QINQ = 0x88A8;
    static final int ETHERTYPE_QINQ_OLD = 0x9100;
    static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    /** Type values below this are 802.3 length fields. */
    static final int ETHERTYPE_MIN = 0x0600;

    private final PacketInfo info = new PacketInfo();
    private final DecodeCounters counters;
    private final FragmentReassembler reassembler;
    private final TransportDecoder transport;
    private final IpDecoder ip;
    private final EthernetDecoder ethernet;

    /**
     * A decoder with the default reassembly limits and encapsulation ports.
     *
     * @param handler  receives each UDP payload.
     * @param counters where decoding counts go.
     */
    public PacketDecoder(final DatagramHandler handler, final Counters counters)
    {
        this(handler, counters, new ReassemblySettings());
    }

    /**
     * A decoder with the default encapsulation ports.
     *
     * @param handler  receives each UDP payload.
     * @param counters where decoding counts go.
     * @param settings reassembly limits; validated here.
     * @throws IllegalArgumentException if the settings are not usable.
     */
    public PacketDecoder(final DatagramHandler handler, final Counters counters, final ReassemblySettings settings)
    {
        this(handler, counters, settings, new EncapsulationSettings());
    }

    /**
     * @param handler        receives each UDP payload (and each SIP payload received in HEP).
     * @param counters       where decoding counts go.
     * @param settings       reassembly limits; validated here.
     * @param encapsulations VXLAN and HEP ports.
     * @throws IllegalArgumentException if the settings are not usable.
     */
    public PacketDecoder(
        final DatagramHandler handler,
        final Counters counters,
        final ReassemblySettings settings,
        final EncapsulationSettings encapsulations)
    {
        this.counters = new DecodeCounters(counters);
        this.reassembler = new FragmentReassembler(settings, this.counters);
        this.transport = new TransportDecoder(info, this.counters, handler, encapsulations);
        this.ip = new IpDecoder(info, this.counters, reassembler, transport);
        this.ethernet = new EthernetDecoder(info, this.counters, ip);
        final TunnelDecoder tunnels = new TunnelDecoder(info, this.counters, ip, ethernet);
        ip.tunnels(tunnels);
        transport.encapsulations(tunnels, new HepDecoder(info, this.counters, handler),
            new GtpuDecoder(this.counters, ip));
    }

    /**
     * Plugs in TCP handling (stream reassembly). Until then TCP is counted in {@code drop_tcp_not_decoded}.
     *
     * @param handler receives every TCP segment, or null to drop them again.
     * @return this.
     */
    public PacketDecoder tcpHandler(final SegmentHandler handler)
    {
        transport.tcpHandler(handler);
        return this;
    }

    /**
     * @return datagrams waiting for more fragments.
     */
    public int pendingFragmentedDatagrams()
    {
        return reassembler.pendingDatagrams();
    }

    /**
     * Abandons fragmented datagrams older than the timeout at {@code nowNs} (done for every frame anyway; call at the
     * end of input or on an idle live source).
     *
     * @param nowNs capture time now, ns since the epoch.
     */
    public void expireFragments(final long nowNs)
    {
        reassembler.expire(nowNs);
    }

    @Override
    public void onPacket(
        final int linkType,
        final DirectBuffer buffer,
        final int offset,
        final int capturedLength,
        final int originalLength,
        final long timestampNs)
    {
        info.timestampNs = timestampNs;
        info.vlanId = -1;
        reassembler.expire(timestampNs);

        final int end = offset + capturedLength;
        final int wireEnd = offset + Math.max(capturedLength, originalLength);
        switch (linkType)
        {
            case LinkType.ETHERNET -> ethernet.frame(buffer, offset, capturedLength, wireEnd - offset, 0);
            case LinkType.LINUX_SLL ->
            {
                if (capturedLength < SLL_HEADER_LENGTH)
                {
                    counters.dropTruncatedL2.incrementRelease();
                    return;
                }
                final int type = buffer.getShort(offset + 14, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                ethernet.etherType(type, buffer, offset + SLL_HEADER_LENGTH, end, wireEnd, 0);
            }
            case LinkType.LINUX_SLL2 ->
            {
                if (capturedLength < SLL2_HEADER_LENGTH)
                {
                    counters.dropTruncatedL2.incrementRelease();
                    return;
                }
                final int type = buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                ethernet.etherType(type, buffer, offset + SLL2_HEADER_LENGTH, end, wireEnd, 0);
            }
            case LinkType.NULL -> loopback(buffer, offset, end, wireEnd, false);
            case LinkType.LOOP -> loopback(buffer, offset, end, wireEnd, true);
            case LinkType.RAW, LinkType.RAW_BSD_12, LinkType.RAW_BSD_14 ->
                ip.decodeAnyVersion(buffer, offset, capturedLength, wireEnd - offset, 0);
            case LinkType.IPV4 -> ip.decodeIpv4(buffer, offset, capturedLength, wireEnd - offset, 0);
            case LinkType.IPV6 -> ip.decodeIpv6(buffer, offset, capturedLength, wireEnd - offset, 0);
            default -> counters.dropUnsupportedLinkType.incrementRelease();
        }
    }

    /**
     * BSD loopback: a 4-byte address family. NULL writes it in the capturing host's byte order, so a value with
     * high bits set is read the other way round; LOOP writes it in network byte order.
     */
    private void loopback(
        final DirectBuffer buffer, final int offset, final int end, final int wireEnd, final boolean networkOrder)
    {
        if (end - offset < LOOPBACK_HEADER_LENGTH)
        {
            counters.dropTruncatedL2.incrementRelease();
            return;
        }
        int family = buffer.getInt(offset, networkOrder ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (!networkOrder && (family & 0xFFFF_0000) != 0)
        {
            family = Integer.reverseBytes(family);
        }
        final int position = offset + LOOPBACK_HEADER_LENGTH;
        switch (family)
        {
            case 2 -> ip.decodeIpv4(buffer, position, end - position, wireEnd - position, 0);
            case 24, 28, 30 -> ip.decodeIpv6(buffer, position, end - position, wireEnd - position, 0);
            default -> counters.dropNonIp.incrementRelease();
        }
    }
}
