package io.sipsensor.capture;

/**
 * Link-layer header types (the pcap LINKTYPE_ registry) the decoder understands.
 */
public final class LinkType
{
    /** BSD loopback: 4-byte address family in the host byte order of the capturing machine. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** Raw IP on some BSDs (DLT_RAW was 12 or 14 there). */
    public static final int RAW_BSD_12 = 12;
    public static final int RAW_BSD_14 = 14;
    /** Raw IPv4 or IPv6, version taken from the first nibble. */
    public static final int RAW = 101;
    /** OpenBSD loopback: 4-byte address family in network byte order. */
    public static final int LOOP = 108;
    /** Linux cooked capture v1. */
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    /** Linux cooked capture v2. */
    public static final int LINUX_SLL2 = 276;

    private LinkType()
    {
    }
}
