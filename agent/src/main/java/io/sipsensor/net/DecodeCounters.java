package io.sipsensor.net;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The counters the layer 2..4 decoder writes, looked up once so the per-packet path only increments fields. Every
 * counter here is incremented by the decoding thread alone (single writer, release semantics).
 */
final class DecodeCounters
{
    final AtomicCounter ethernet;
    final AtomicCounter vlanTags;
    final AtomicCounter ipv4;
    final AtomicCounter ipv6;
    final AtomicCounter udp;
    final AtomicCounter tcp;
    final AtomicCounter sctp;
    final AtomicCounter ipInIp;
    final AtomicCounter udpPayloadTruncated;

    final AtomicCounter dropUnsupportedLinkType;
    final AtomicCounter dropTruncatedL2;
    final AtomicCounter dropNonIp;
    final AtomicCounter dropTooManyVlanTags;
    final AtomicCounter dropTruncatedIp;
    final AtomicCounter dropBadIpHeader;
    final AtomicCounter dropTooManyExtensionHeaders;
    final AtomicCounter dropEsp;
    final AtomicCounter dropNoNextHeader;
    final AtomicCounter dropTruncatedUdp;
    final AtomicCounter dropBadUdpLength;
    final AtomicCounter dropOtherIpProtocol;
    final AtomicCounter dropTcpNotDecoded;
    final AtomicCounter dropSctpNotDecoded;
    final AtomicCounter dropSctpFragment;
    final AtomicCounter dropTunnelNotDecoded;
    final AtomicCounter dropTunnelTooDeep;

    final AtomicCounter gre;
    final AtomicCounter erspan;
    final AtomicCounter vxlan;
    final AtomicCounter hep;
    final AtomicCounter dropGreUnsupported;
    final AtomicCounter dropGreProtocol;
    final AtomicCounter dropTruncatedTunnel;
    final AtomicCounter dropErspanUnsupported;
    final AtomicCounter dropVxlanBadFlags;
    final AtomicCounter dropHepMalformed;
    final AtomicCounter dropHepNotSip;
    final AtomicCounter dropHepCompressed;
    final AtomicCounter dropHepOldVersion;

    final AtomicCounter ipLengthOffload;
    final AtomicCounter pppoe;
    final AtomicCounter dropPppNotIp;
    final AtomicCounter gtpu;
    final AtomicCounter dropGtpuUnsupported;
    final AtomicCounter dropGtpuNotGpdu;
    final AtomicCounter dropGtpuTruncated;
    final AtomicCounter greEnhanced;
    final AtomicCounter hepCompressed;

    final AtomicCounter fragments;
    final AtomicCounter fragmentsReassembled;
    final AtomicCounter fragmentsTimedOut;
    final AtomicCounter fragmentsDroppedNoMemory;
    final AtomicCounter fragmentsDroppedInvalid;
    final AtomicCounter fragmentsDroppedTruncated;
    final AtomicCounter fragmentsDuplicate;
    final AtomicCounter fragmentsOverlapping;

    DecodeCounters(final Counters counters)
    {
        ethernet = counters.get(SensorCounter.ETHERNET);
        vlanTags = counters.get(SensorCounter.VLAN_TAGS);
        ipv4 = counters.get(SensorCounter.IPV4);
        ipv6 = counters.get(SensorCounter.IPV6);
        udp = counters.get(SensorCounter.UDP);
        tcp = counters.get(SensorCounter.TCP);
        sctp = counters.get(SensorCounter.SCTP);
        ipInIp = counters.get(SensorCounter.IP_IN_IP);
        udpPayloadTruncated = counters.get(SensorCounter.UDP_PAYLOAD_TRUNCATED);

        dropUnsupportedLinkType = counters.get(SensorCounter.DROP_UNSUPPORTED_LINK_TYPE);
        dropTruncatedL2 = counters.get(SensorCounter.DROP_TRUNCATED_L2);
        dropNonIp = counters.get(SensorCounter.DROP_NON_IP);
        dropTooManyVlanTags = counters.get(SensorCounter.DROP_TOO_MANY_VLAN_TAGS);
        dropTruncatedIp = counters.get(SensorCounter.DROP_TRUNCATED_IP);
        dropBadIpHeader = counters.get(SensorCounter.DROP_BAD_IP_HEADER);
        dropTooManyExtensionHeaders = counters.get(SensorCounter.DROP_TOO_MANY_HEADERS);
        dropEsp = counters.get(SensorCounter.DROP_ESP);
        dropNoNextHeader = counters.get(SensorCounter.DROP_NO_NEXT_HEADER);
        dropTruncatedUdp = counters.get(SensorCounter.DROP_TRUNCATED_UDP);
        dropBadUdpLength = counters.get(SensorCounter.DROP_BAD_UDP_LENGTH);
        dropOtherIpProtocol = counters.get(SensorCounter.DROP_OTHER_IP_PROTOCOL);
        dropTcpNotDecoded = counters.get(SensorCounter.DROP_TCP_NOT_DECODED);
        dropSctpNotDecoded = counters.get(SensorCounter.DROP_SCTP_NOT_DECODED);
        dropSctpFragment = counters.get(SensorCounter.DROP_SCTP_FRAGMENT);
        dropTunnelNotDecoded = counters.get(SensorCounter.DROP_TUNNEL_NOT_DECODED);
        dropTunnelTooDeep = counters.get(SensorCounter.DROP_TUNNEL_TOO_DEEP);

        gre = counters.get(SensorCounter.GRE);
        erspan = counters.get(SensorCounter.ERSPAN);
        vxlan = counters.get(SensorCounter.VXLAN);
        hep = counters.get(SensorCounter.HEP);
        dropGreUnsupported = counters.get(SensorCounter.DROP_GRE_UNSUPPORTED);
        dropGreProtocol = counters.get(SensorCounter.DROP_GRE_PROTOCOL);
        dropTruncatedTunnel = counters.get(SensorCounter.DROP_TRUNCATED_TUNNEL);
        dropErspanUnsupported = counters.get(SensorCounter.DROP_ERSPAN_UNSUPPORTED);
        dropVxlanBadFlags = counters.get(SensorCounter.DROP_VXLAN_BAD_FLAGS);
        dropHepMalformed = counters.get(SensorCounter.DROP_HEP_MALFORMED);
        dropHepNotSip = counters.get(SensorCounter.DROP_HEP_NOT_SIP);
        dropHepCompressed = counters.get(SensorCounter.DROP_HEP_COMPRESSED);
        dropHepOldVersion = counters.get(SensorCounter.DROP_HEP_OLD_VERSION);

        ipLengthOffload = counters.get(SensorCounter.IP_LENGTH_OFFLOAD);
        pppoe = counters.get(SensorCounter.PPPOE);
        dropPppNotIp = counters.get(SensorCounter.DROP_PPP_NOT_IP);
        gtpu = counters.get(SensorCounter.GTPU);
        dropGtpuUnsupported = counters.get(SensorCounter.DROP_GTPU_UNSUPPORTED);
        dropGtpuNotGpdu = counters.get(SensorCounter.DROP_GTPU_NOT_GPDU);
        dropGtpuTruncated = counters.get(SensorCounter.DROP_GTPU_TRUNCATED);
        greEnhanced = counters.get(SensorCounter.GRE_ENHANCED);
        hepCompressed = counters.get(SensorCounter.HEP_COMPRESSED);

        fragments = counters.get(SensorCounter.FRAGMENTS);
        fragmentsReassembled = counters.get(SensorCounter.FRAGMENTS_REASSEMBLED);
        fragmentsTimedOut = counters.get(SensorCounter.FRAGMENTS_TIMED_OUT);
        fragmentsDroppedNoMemory = counters.get(SensorCounter.FRAGMENTS_DROPPED_NO_MEMORY);
        fragmentsDroppedInvalid = counters.get(SensorCounter.FRAGMENTS_DROPPED_INVALID);
        fragmentsDroppedTruncated = counters.get(SensorCounter.FRAGMENTS_DROPPED_TRUNCATED);
        fragmentsDuplicate = counters.get(SensorCounter.FRAGMENTS_DUPLICATE);
        fragmentsOverlapping = counters.get(SensorCounter.FRAGMENTS_OVERLAPPING);
    }
}
