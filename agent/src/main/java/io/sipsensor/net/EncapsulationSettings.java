package io.sipsensor.net;

/**
 * Which UDP ports carry mirror and analyser encapsulations, fixed at start-up. Fill, then hand to the
 * {@link PacketDecoder}; not changed afterwards. A port of 0 turns the encapsulation off.
 * <ul>
 *   <li>{@code vxlanPort}: UDP destination port of VXLAN (RFC 7348), default {@value #DEFAULT_VXLAN_PORT}.</li>
 *   <li>{@code hepPort}: UDP destination port on which HEP v3 (HOMER) packets are received, default
 *       {@value #DEFAULT_HEP_PORT}.</li>
 *   <li>{@code gtpuPort}: UDP destination port of GTP-U v1 (3GPP TS 29.281), default {@value #DEFAULT_GTPU_PORT}.</li>
 * </ul>
 * When several name the same port, VXLAN is tried first, then HEP, then GTP-U. All take precedence over SIP on that
 * port.
 */
public final class EncapsulationSettings
{
    public static final int DEFAULT_VXLAN_PORT = 4789;
    public static final int DEFAULT_HEP_PORT = 9060;
    public static final int DEFAULT_GTPU_PORT = 2152;

    private int vxlanPort = DEFAULT_VXLAN_PORT;
    private int hepPort = DEFAULT_HEP_PORT;
    private int gtpuPort = DEFAULT_GTPU_PORT;

    /**
     * @param vxlanPort UDP destination port of VXLAN, 1..65535, or 0 for none.
     * @return this.
     * @throws IllegalArgumentException if out of range.
     */
    public EncapsulationSettings vxlanPort(final int vxlanPort)
    {
        this.vxlanPort = checkPort(vxlanPort, "VXLAN");
        return this;
    }

    /** @return UDP destination port of VXLAN, 0 for none. */
    public int vxlanPort()
    {
        return vxlanPort;
    }

    /**
     * @param hepPort UDP destination port of HEP v3, 1..65535, or 0 for none.
     * @return this.
     * @throws IllegalArgumentException if out of range.
     */
    public EncapsulationSettings hepPort(final int hepPort)
    {
        this.hepPort = checkPort(hepPort, "HEP");
        return this;
    }

    /** @return UDP destination port of HEP v3, 0 for none. */
    public int hepPort()
    {
        return hepPort;
    }

    /**
     * @param gtpuPort UDP destination port of GTP-U, 1..65535, or 0 for none.
     * @return this.
     * @throws IllegalArgumentException if out of range.
     */
    public EncapsulationSettings gtpuPort(final int gtpuPort)
    {
        this.gtpuPort = checkPort(gtpuPort, "GTP-U");
        return this;
    }

    /** @return UDP destination port of GTP-U, 0 for none. */
    public int gtpuPort()
    {
        return gtpuPort;
    }

    private static int checkPort(final int port, final String what)
    {
        if (port < 0 || port > 65_535)
        {
            throw new IllegalArgumentException(what + " port must be 0..65535: " + port);
        }
        return port;
    }
}
