package io.sipsensor.capture;

import java.nio.file.Path;

/**
 * What a cheap look at a file's first bytes found: made once per file when a source is opened.
 *
 * @param path             of the file.
 * @param name             as shown in messages.
 * @param sizeBytes        of the file on disk.
 * @param format           told from the magic number.
 * @param firstTimestampNs capture time of the first frame, or {@link #NO_PACKETS} if the file has none.
 * @param order            position among the files given (ties on time keep this order).
 */
record CaptureFileInfo(Path path, String name, long sizeBytes, CaptureFormat format, long firstTimestampNs, int order)
{
    /** The file has no complete first record header. */
    static final long NO_PACKETS = Long.MIN_VALUE;

    boolean hasPackets()
    {
        return isCapture() && firstTimestampNs != NO_PACKETS;
    }

    /**
     * @return true for a format that is read (pcap or pcapng, plain or gzip-compressed).
     */
    boolean isCapture()
    {
        return format == CaptureFormat.PCAP || format == CaptureFormat.PCAP_GZIP || format == CaptureFormat.PCAPNG ||
            format == CaptureFormat.PCAPNG_GZIP;
    }
}
