package io.sipsensor.capture;

import org.agrona.DirectBuffer;

/**
 * A cursor over the frames of one capture file, in the file's own order. After {@link #next()} returns true the
 * accessors describe the current frame until the next call to {@code next()} or {@link #close()}; the buffer is
 * the reader's own view (wrap, don't keep).
 * <p>
 * This is the extension point for further formats (pcapng): a reader reports damage through the
 * {@link CaptureProblemListener} it was given, with the file, byte offset and packet number, and then simply
 * returns false from {@code next()}; it never throws. Owned by the polling thread; no allocation per frame.
 */
public interface CaptureFileReader extends AutoCloseable
{
    /**
     * Moves to the next frame.
     *
     * @return true if there is a current frame; false at the end of the file, or where damage stops it (reported
     * before returning). Once false, stays false.
     */
    boolean next();

    /**
     * @return LINKTYPE_ value of the current frame.
     */
    int linkType();

    /**
     * @return buffer holding the current frame.
     */
    DirectBuffer buffer();

    /**
     * @return offset of the current frame in {@link #buffer()}.
     */
    int offset();

    /**
     * @return bytes of the current frame present in the file.
     */
    int capturedLength();

    /**
     * @return bytes the current frame had on the wire.
     */
    int originalLength();

    /**
     * @return capture time of the current frame, nanoseconds since the epoch.
     */
    long timestampNs();

    /**
     * @return bytes of the file consumed so far (compressed bytes for a compressed file).
     */
    long bytesConsumed();

    /**
     * Releases the file. Idempotent; {@link #next()} returns false afterwards.
     */
    @Override
    void close();
}
