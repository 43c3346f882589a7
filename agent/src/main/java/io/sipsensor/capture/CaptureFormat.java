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
    /** pcapng, either byte order, any number of sections and interfaces. */
    PCAPNG,
    /** pcapng inside gzip. */
    PCAPNG_GZIP,
    /** Zero bytes. */
    EMPTY,
    /** Not a capture file (or one that could not be read at all). */
    NOT_CAPTURE
}
