package io.sipsensor.capture;

/**
 * What a file holds, told from its first bytes (never from its name).
 */
enum CaptureFormat
{
    /** Classic pcap, either byte order, microsecond or nanosecond timestamps. */
    PCAP,
    /** Classic pcap inside gzip. */
    PCAP_GZIP,
    /** pcapng (plain or inside gzip): recognised, not read yet. The pcapng reader plugs in here. */
    PCAPNG,
    /** Zero bytes. */
    EMPTY,
    /** Not a capture file (or one that could not be read at all). */
    NOT_CAPTURE
}
