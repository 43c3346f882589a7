package io.sipsensor.net;

/**
 * IP protocol numbers (IANA "Assigned Internet Protocol Numbers") and IPv6 extension header types the decoder
 * acts on.
 */
public final class IpProtocol
{
    public static final int HOP_BY_HOP = 0;
    public static final int IPV4_IN_IP = 4;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int IPV6_IN_IP = 41;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int GRE = 47;
    public static final int ESP = 50;
    public static final int AUTHENTICATION = 51;
    public static final int NO_NEXT_HEADER = 59;
    public static final int DESTINATION_OPTIONS = 60;
    public static final int ETHERIP = 97;
    public static final int L2TP = 115;
    public static final int SCTP = 132;
    public static final int MOBILITY = 135;
    public static final int MPLS_IN_IP = 137;
    public static final int HIP = 139;
    public static final int SHIM6 = 140;

    private IpProtocol()
    {
    }
}
