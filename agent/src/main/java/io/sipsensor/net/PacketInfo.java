package io.sipsensor.net;

/**
 * Addressing of the datagram being delivered: filled by the decoder for each datagram and reused (one instance
 * per decoder). Valid only during the handler call. IPv4 addresses occupy the first 4 bytes of the arrays.
 */
public final class PacketInfo
{
    /**
     * Capture time of the frame that completed the datagram, ns since the epoch; for SIP received in HEP, the time
     * the HEP agent captured it (when the HEP packet says).
     */
    public long timestampNs;
    /** 4 or 6. */
    public int ipVersion;
    public final byte[] sourceAddress = new byte[16];
    public final byte[] destinationAddress = new byte[16];
    public int sourcePort;
    public int destinationPort;
    /** IP protocol number of the transport (17 UDP, 6 TCP, 132 SCTP). */
    public int transportProtocol;
    /** Outermost VLAN id (of the innermost tagged frame, inside tunnels), or -1 if untagged. */
    public int vlanId;
    /**
     * True when the payload handed over is shorter than the datagram was on the wire, because the capture's snap
     * length cut the frame: the captured part is delivered, and a parser should expect an incomplete body.
     */
    public boolean truncated;

    /**
     * Formats an address as text (dotted quad or RFC 5952 IPv6). Allocates: for CDR output, not per packet.
     *
     * @param source true for the source address, false for the destination.
     * @return the address as text.
     */
    public String addressText(final boolean source)
    {
        return IpAddresses.format(ipVersion, source ? sourceAddress : destinationAddress);
    }
}
