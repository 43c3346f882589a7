package io.sipsensor.capture;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static io.sipsensor.capture.PcapDescriptor.CAPTURED_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.FILE_HEADER_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.FRACTION_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.LINK_TYPE_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.ORIGINAL_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.RECORD_HEADER_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.SECONDS_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.SNAP_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.VERSION_MAJOR_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.VERSION_MINOR_OFFSET;

/**
 * Writes a classic pcap file (see {@link PcapDescriptor}): microsecond or nanosecond timestamps, a chosen link type
 * and byte order, optionally gzip-compressed. The output is deterministic: the same frames and times give the same
 * bytes (gzip with no file name and a zero modification time). Frames longer than the snap length are cut to it,
 * keeping their original length. For tests and the traffic generator; one thread; buffers output.
 */
public final class PcapWriter implements AutoCloseable
{
    /** Snap length written by default, the largest a reader accepts. */
    public static final int DEFAULT_SNAP_LENGTH = PcapDescriptor.MAX_CAPTURED_LENGTH;

    private final OutputStream out;
    private final ByteOrder byteOrder;
    private final boolean nanosecond;
    private final int snapLength;
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[FILE_HEADER_LENGTH]);
    private final UnsafeBuffer frameView = new UnsafeBuffer(new byte[0]);
    private byte[] frameCopy = new byte[2048];
    private long packetsWritten;

    /**
     * Writes the file header to a stream; the writer owns the stream from then on.
     *
     * @param out        where the file goes.
     * @param linkType   LINKTYPE_ value of every frame.
     * @param nanosecond nanosecond timestamps (magic A1B23C4D) instead of microseconds.
     * @param byteOrder  of the header fields.
     * @param snapLength written to the header; longer frames are cut to it.
     * @throws IOException if the stream fails.
     */
    public PcapWriter(
        final OutputStream out,
        final int linkType,
        final boolean nanosecond,
        final ByteOrder byteOrder,
        final int snapLength) throws IOException
    {
        if (snapLength <= 0 || snapLength > PcapDescriptor.MAX_CAPTURED_LENGTH)
        {
            throw new IllegalArgumentException("snap length must be 1.." + PcapDescriptor.MAX_CAPTURED_LENGTH);
        }
        this.out = out;
        this.byteOrder = byteOrder;
        this.nanosecond = nanosecond;
        this.snapLength = snapLength;

        header.putInt(0, nanosecond ? PcapDescriptor.MAGIC_NANOSECONDS : PcapDescriptor.MAGIC_MICROSECONDS, byteOrder);
        header.putShort(VERSION_MAJOR_OFFSET, (short)PcapDescriptor.VERSION_MAJOR, byteOrder);
        header.putShort(VERSION_MINOR_OFFSET, (short)PcapDescriptor.VERSION_MINOR, byteOrder);
        header.putInt(8, 0, byteOrder);
        header.putInt(12, 0, byteOrder);
        header.putInt(SNAP_LENGTH_OFFSET, snapLength, byteOrder);
        header.putInt(LINK_TYPE_OFFSET, linkType, byteOrder);
        out.write(header.byteArray(), 0, FILE_HEADER_LENGTH);
    }

    /**
     * Creates (or replaces) a file in little-endian byte order with the default snap length.
     *
     * @param file       to write.
     * @param linkType   LINKTYPE_ value of every frame.
     * @param nanosecond nanosecond timestamps instead of microseconds.
     * @param gzip       compress the file with gzip.
     * @return the writer; close it to finish the file.
     * @throws IOException if the file cannot be written.
     */
    public static PcapWriter create(final Path file, final int linkType, final boolean nanosecond, final boolean gzip)
        throws IOException
    {
        final OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        final OutputStream out = gzip ? new GZIPOutputStream(fileOut, 1 << 16) : fileOut;
        return new PcapWriter(out, linkType, nanosecond, ByteOrder.LITTLE_ENDIAN, DEFAULT_SNAP_LENGTH);
    }

    /**
     * @param frame       bytes of the frame.
     * @param timestampNs capture time, ns since the epoch (truncated to microseconds in a microsecond file).
     * @throws IOException if the stream fails.
     */
    public void write(final byte[] frame, final long timestampNs) throws IOException
    {
        frameView.wrap(frame);
        write(frameView, 0, frame.length, frame.length, timestampNs);
    }

    /**
     * @param buffer      holding the frame.
     * @param offset      of the frame.
     * @param length      of the frame (captured and original).
     * @param timestampNs capture time, ns since the epoch.
     * @throws IOException if the stream fails.
     */
    public void write(final DirectBuffer buffer, final int offset, final int length, final long timestampNs)
        throws IOException
    {
        write(buffer, offset, length, length, timestampNs);
    }

    /**
     * @param buffer         holding the frame.
     * @param offset         of the frame.
     * @param capturedLength bytes of the frame to write (cut to the snap length).
     * @param originalLength length of the frame on the wire.
     * @param timestampNs    capture time, ns since the epoch.
     * @throws IOException if the stream fails.
     */
    public void write(
        final DirectBuffer buffer,
        final int offset,
        final int capturedLength,
        final int originalLength,
        final long timestampNs) throws IOException
    {
        final int captured = Math.min(capturedLength, snapLength);
        final long seconds = Math.floorDiv(timestampNs, 1_000_000_000L);
        final long fractionNs = Math.floorMod(timestampNs, 1_000_000_000L);
        header.putInt(SECONDS_OFFSET, (int)seconds, byteOrder);
        header.putInt(FRACTION_OFFSET, (int)(nanosecond ? fractionNs : fractionNs / 1000), byteOrder);
        header.putInt(CAPTURED_LENGTH_OFFSET, captured, byteOrder);
        header.putInt(ORIGINAL_LENGTH_OFFSET, originalLength, byteOrder);
        out.write(header.byteArray(), 0, RECORD_HEADER_LENGTH);

        if (frameCopy.length < captured)
        {
            frameCopy = new byte[Integer.highestOneBit(captured) << 1];
        }
        buffer.getBytes(offset, frameCopy, 0, captured);
        out.write(frameCopy, 0, captured);
        packetsWritten++;
    }

    /**
     * @return frames written so far.
     */
    public long packetsWritten()
    {
        return packetsWritten;
    }

    /**
     * Flushes and closes the stream (finishing the gzip trailer).
     *
     * @throws IOException if the stream fails.
     */
    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
