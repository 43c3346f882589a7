package io.sipsensor.capture;

/**
 * A source of captured frames: capture files (one stream, in timestamp order) or a live interface. Polled by one
 * thread; does not allocate per packet.
 */
public interface PacketSource extends AutoCloseable
{
    /**
     * Delivers up to {@code limit} frames to the handler.
     *
     * @param handler receives each frame.
     * @param limit   most frames to deliver in this call.
     * @return frames delivered; 0 when none are available now (see {@link #isExhausted()}).
     */
    int poll(PacketHandler handler, int limit);

    /**
     * @return true when the source will never deliver another frame (end of the last file).
     */
    boolean isExhausted();

    /**
     * @return bytes of input consumed so far (for progress), compressed bytes for compressed files.
     */
    long bytesConsumed();

    /**
     * @return total bytes of input if known (sum of file sizes), else -1.
     */
    long bytesTotal();

    /**
     * Releases files, mappings and handles. Idempotent.
     */
    @Override
    void close();
}
