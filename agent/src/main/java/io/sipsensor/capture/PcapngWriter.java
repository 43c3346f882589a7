package io.sipsensor.capture;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.sipsensor.capture.PcapngDescriptor.BYTE_ORDER_MAGIC;
import static io.sipsensor.capture.PcapngDescriptor.DEFAULT_TSRESOL;
import static io.sipsensor.capture.PcapngDescriptor.ENHANCED_PACKET_BLOCK;
import static io.sipsensor.capture.PcapngDescriptor.INTERFACE_DESCRIPTION_BLOCK;
import static io.sipsensor.capture.PcapngDescriptor.OPTION_END;
import static io.sipsensor.capture.PcapngDescriptor.OPTION_IF_TSOFFSET;
import static io.sipsensor.capture.PcapngDescriptor.OPTION_IF_TSRESOL;
import static io.sipsensor.capture.PcapngDescriptor.PACKET_DATA_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.SECTION_HEADER_BLOCK;
import static io.sipsensor.capture.PcapngDescriptor.SIMPLE_PACKET_BLOCK;
import static io.sipsensor.capture.PcapngDescriptor.SIMPLE_PACKET_DATA_OFFSET;
import static io.sipsensor.capture.PcapngDescriptor.padded;

/**
 * Writes a pcapng file (see {@link PcapngDescriptor}): sections in a chosen byte order, interfaces with their own
 * link type, snap length, timestamp resolution (if_tsresol, a power of 10 or of 2) and offset (if_tsoffset),
 * Enhanced and Simple Packet Blocks, and any other block as raw bytes. Deterministic: the same calls give the same
 * bytes (no options but the two above, written only when not the default; gzip with no name and time 0). Frames
 * longer than an interface's snap length are cut to it, keeping their original length.
 * <p>
 * For tests, benchmarks and tools; one thread; buffers output; allocates per frame only when a frame is larger
 * than any before.
 */
public final class PcapngWriter implements AutoCloseable
{
    /** Microseconds: the format's default resolution. */
    public static final int TSRESOL_MICROSECONDS = DEFAULT_TSRESOL;
    /** Nanoseconds. */
    public static final int TSRESOL_NANOSECONDS = 9;
    /** Set in if_tsresol for a power of 2 (the low 7 bits are the exponent). */
    public static final int TSRESOL_BINARY = 0x80;

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private final OutputStream out;
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer frameView = new UnsafeBuffer(new byte[0]);
    private final List<int[]> interfaces = new ArrayList<>();
    private final List<Long> offsetsSeconds = new ArrayList<>();
    private ByteOrder order;
    private byte[] frameCopy = new byte[2048];
    private final UnsafeBuffer copyView = new UnsafeBuffer(frameCopy);
    private long packetsWritten;

    /**
     * Writes the first Section Header Block; the writer owns the stream from then on.
     *
     * @param out   where the file goes.
     * @param order byte order of the first section.
     * @throws IOException if the stream fails.
     */
    public PcapngWriter(final OutputStream out, final ByteOrder order) throws IOException
    {
        this.out = out;
        newSection(order);
    }

    /**
     * Creates (or replaces) a file.
     *
     * @param file  to write.
     * @param order byte order of the first section.
     * @param gzip  compress the file with gzip.
     * @return the writer, with no interface yet; close it to finish the file.
     * @throws IOException if the file cannot be written.
     */
    public static PcapngWriter create(final Path file, final ByteOrder order, final boolean gzip) throws IOException
    {
        final OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        return new PcapngWriter(gzip ? new GZIPOutputStream(fileOut, 1 << 16) : fileOut, order);
    }

    /**
     * Starts a new section: a Section Header Block; the interfaces of the previous section are gone.
     *
     * @param sectionOrder byte order of the new section.
     * @throws IOException if the stream fails.
     */
    public void newSection(final ByteOrder sectionOrder) throws IOException
    {
        order = sectionOrder;
        interfaces.clear();
        offsetsSeconds.clear();
        header.putInt(0, SECTION_HEADER_BLOCK, order);
        header.putInt(4, 28, order);
        header.putInt(8, BYTE_ORDER_MAGIC, order);
        header.putShort(12, (short)PcapngDescriptor.MAJOR_VERSION, order);
        header.putShort(14, (short)0, order);
        header.putLong(16, -1L, order);
        header.putInt(24, 28, order);
        out.write(header.byteArray(), 0, 28);
    }

    /**
     * Describes an interface of the current section.
     *
     * @param linkType      LINKTYPE_ value.
     * @param snapLength    most bytes kept per packet, 0 for no limit.
     * @param tsresol       if_tsresol: n for 10^-n s, {@link #TSRESOL_BINARY} | n for 2^-n s.
     * @param offsetSeconds if_tsoffset, seconds added to every timestamp of the interface.
     * @return the interface id (0, 1, ... in the section).
     * @throws IOException if the stream fails.
     */
    public int addInterface(final int linkType, final int snapLength, final int tsresol, final long offsetSeconds)
        throws IOException
    {
        if ((tsresol & TSRESOL_BINARY) == 0 ? tsresol > 18 : (tsresol & 0x7F) > 63)
        {
            throw new IllegalArgumentException("if_tsresol not supported: " + tsresol);
        }
        final int optionsLength = (tsresol != DEFAULT_TSRESOL ? 8 : 0) + (offsetSeconds != 0 ? 12 : 0);
        final int length = 20 + (optionsLength > 0 ? optionsLength + 4 : 0);
        header.putInt(0, INTERFACE_DESCRIPTION_BLOCK, order);
        header.putInt(4, length, order);
        header.putShort(8, (short)linkType, order);
        header.putShort(10, (short)0, order);
        header.putInt(12, snapLength, order);
        int position = 16;
        if (tsresol != DEFAULT_TSRESOL)
        {
            header.putShort(position, (short)OPTION_IF_TSRESOL, order);
            header.putShort(position + 2, (short)1, order);
            header.putInt(position + 4, 0);
            header.putByte(position + 4, (byte)tsresol);
            position += 8;
        }
        if (offsetSeconds != 0)
        {
            header.putShort(position, (short)OPTION_IF_TSOFFSET, order);
            header.putShort(position + 2, (short)8, order);
            header.putLong(position + 4, offsetSeconds, order);
            position += 12;
        }
        if (optionsLength > 0)
        {
            header.putShort(position, (short)OPTION_END, order);
            header.putShort(position + 2, (short)0, order);
            position += 4;
        }
        header.putInt(position, length, order);
        out.write(header.byteArray(), 0, length);
        interfaces.add(new int[]{linkType, snapLength, tsresol});
        offsetsSeconds.add(offsetSeconds);
        return interfaces.size() - 1;
    }

    /**
     * An Enhanced Packet Block of a whole frame.
     *
     * @throws IOException if the stream fails.
     */
    public void writeEnhanced(final int interfaceId, final byte[] frame, final long timestampNs) throws IOException
    {
        frameView.wrap(frame);
        writeEnhanced(interfaceId, frameView, 0, frame.length, frame.length, timestampNs);
    }

    /**
     * An Enhanced Packet Block.
     *
     * @param interfaceId    of the current section.
     * @param capturedLength bytes of the frame to write (cut to the interface's snap length).
     * @param originalLength length of the frame on the wire.
     * @param timestampNs    capture time, ns since the epoch (truncated to the interface's resolution).
     * @throws IOException if the stream fails.
     */
    public void writeEnhanced(
        final int interfaceId,
        final DirectBuffer buffer,
        final int offset,
        final int capturedLength,
        final int originalLength,
        final long timestampNs) throws IOException
    {
        final int[] description = interfaces.get(interfaceId);
        final int captured = description[1] > 0 ? Math.min(capturedLength, description[1]) : capturedLength;
        final int length = PACKET_DATA_OFFSET + padded(captured) + 4;
        final long units = units(timestampNs - offsetsSeconds.get(interfaceId) * 1_000_000_000L, description[2]);
        header.putInt(0, ENHANCED_PACKET_BLOCK, order);
        header.putInt(4, length, order);
        header.putInt(8, interfaceId, order);
        header.putInt(12, (int)(units >>> 32), order);
        header.putInt(16, (int)units, order);
        header.putInt(20, captured, order);
        header.putInt(24, originalLength, order);
        out.write(header.byteArray(), 0, PACKET_DATA_OFFSET);
        writeData(buffer, offset, captured, length);
        packetsWritten++;
    }

    /**
     * A Simple Packet Block (interface 0 of the section, no timestamp).
     *
     * @param capturedLength bytes of the frame to write (cut to interface 0's snap length).
     * @param originalLength length of the frame on the wire.
     * @throws IOException if the stream fails.
     */
    public void writeSimple(final DirectBuffer buffer, final int offset, final int capturedLength,
        final int originalLength) throws IOException
    {
        final int snapLength = interfaces.get(0)[1];
        final int captured = Math.min(snapLength > 0 ? Math.min(capturedLength, snapLength) : capturedLength,
            originalLength);
        final int length = SIMPLE_PACKET_DATA_OFFSET + padded(captured) + 4;
        header.putInt(0, SIMPLE_PACKET_BLOCK, order);
        header.putInt(4, length, order);
        header.putInt(8, originalLength, order);
        out.write(header.byteArray(), 0, SIMPLE_PACKET_DATA_OFFSET);
        writeData(buffer, offset, captured, length);
        packetsWritten++;
    }

    /**
     * Any other block, e.g. a Name Resolution or Interface Statistics Block, or a custom or unknown type.
     *
     * @param type block type.
     * @param body block body (padded to 32 bits here).
     * @throws IOException if the stream fails.
     */
    public void writeBlock(final int type, final byte[] body) throws IOException
    {
        final int length = 8 + padded(body.length) + 4;
        header.putInt(0, type, order);
        header.putInt(4, length, order);
        out.write(header.byteArray(), 0, 8);
        frameView.wrap(body);
        writeData(frameView, 0, body.length, length);
    }

    /**
     * @return packets written so far.
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

    /**
     * Writes data, its padding and the trailing block length.
     */
    private void writeData(final DirectBuffer buffer, final int offset, final int dataLength, final int blockLength)
        throws IOException
    {
        final int padding = padded(dataLength) - dataLength;
        if (frameCopy.length < dataLength + padding + 4)
        {
            frameCopy = new byte[Integer.highestOneBit(dataLength + padding + 4) << 1];
        }
        if (copyView.byteArray() != frameCopy)
        {
            copyView.wrap(frameCopy);
        }
        buffer.getBytes(offset, frameCopy, 0, dataLength);
        for (int i = 0; i < padding; i++)
        {
            copyView.putByte(dataLength + i, (byte)0);
        }
        copyView.putInt(dataLength + padding, blockLength, order);
        out.write(frameCopy, 0, dataLength + padding + 4);
    }

    /**
     * Nanoseconds since the epoch to units of if_tsresol (floor).
     */
    private static long units(final long ns, final int tsresol)
    {
        final int exponent = tsresol & 0x7F;
        if ((tsresol & TSRESOL_BINARY) != 0)
        {
            final long seconds = Math.floorDiv(ns, 1_000_000_000L);
            final long fractionNs = Math.floorMod(ns, 1_000_000_000L);
            final long fraction = BigInteger.valueOf(fractionNs).shiftLeft(exponent).divide(NANOS_PER_SECOND)
                .longValue();
            return (seconds << exponent) | fraction;
        }
        if (exponent <= 9)
        {
            return Math.floorDiv(ns, BigInteger.TEN.pow(9 - exponent).longValueExact());
        }
        return ns * BigInteger.TEN.pow(exponent - 9).longValueExact();
    }
}
