package io.sipsensor.capture.live;

/**
 * How live frames are read ({@code capture_engine}).
 */
public enum CaptureEngine
{
    /** The AF_PACKET ring when this host allows it (Linux, root or CAP_NET_RAW), else libpcap. */
    AUTO,
    /** Linux AF_PACKET TPACKET_V3 ring, mapped and walked in Java: one system call per wait, none per packet. */
    AFPACKET,
    /** libpcap (through pcap4j), read in batches of up to a few thousand frames per call. */
    PCAP;

    /**
     * @param text config value.
     * @return the engine, or null if the text names none.
     */
    public static CaptureEngine parse(final String text)
    {
        return switch (text.trim().toLowerCase())
        {
            case "auto" -> AUTO;
            case "afpacket", "af_packet", "tpacket", "ring" -> AFPACKET;
            case "pcap", "libpcap" -> PCAP;
            default -> null;
        };
    }

    /** @return the config spelling. */
    public String configName()
    {
        return name().toLowerCase();
    }
}
