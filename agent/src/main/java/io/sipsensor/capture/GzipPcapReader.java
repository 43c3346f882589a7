package io.sipsensor.capture;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static io.sipsensor.capture.PcapDescriptor.CAPTURED_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.FILE_HEADER_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.FRACTION_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.LINK_TYPE_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.MAX_CAPTURED_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.ORIGINAL_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.RECORD_HEADER_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.SECONDS_OFFSET;

/**
 * Reads a gzip-compressed classic pcap file as a stream through an {@link InflatingWindow}: a frame is handed out
 * in place in the window; when a record straddles the end of the window, the unread tail is moved to the front and
 * the window refilled. Compressed data that ends early or does not inflate is reported once the records inflated
 * before the damage are used up, so every complete packet before the damage is delivered.
 * <p>
 * Owned by the polling thread; allocates its window (1 MiB) and the inflater's input buffer when opened, nothing
 * per frame.
 */
final class GzipPcapReader implements CaptureFileReader
{
    /** Holds at least one largest record (16 + 262144 bytes) with room to spare. */
    static final int WINDOW_BYTES = 1 << 20;

    private final String fileName;
    private final CaptureProblems problems;
    private final InflatingWindow window = new InflatingWindow(WINDOW_BYTES);
    private final UnsafeBuffer windowBuffer = window.buffer();

    private ByteOrder order;
    private boolean nanosecond;
    private int linkType;
    private long packetNumber;
    private int frameOffset;
    private int capturedLength;
    private int originalLength;
    private long timestampNs;
    private boolean closed;

    private GzipPcapReader(final String fileName, final CaptureProblems problems)
    {
        this.fileName = fileName;
        this.problems = problems;
    }

    /**
     * Opens the file, inflates and checks the pcap header.
     *
     * @return the reader positioned before the first frame, or null if the file cannot be read (reported).
     */
    static GzipPcapReader open(final Path path, final String fileName, final CaptureProblems problems)
    {
        final GzipPcapReader reader = new GzipPcapReader(fileName, problems);
        try
        {
            reader.window.open(path);
        }
        catch (final IOException | RuntimeException ex)
        {
            reader.close();
            problems.cannotRead(fileName, ex);
            return null;
        }

        if (!reader.window.fill(FILE_HEADER_LENGTH))
        {
            final int available = reader.window.available();
            final IOException error = reader.window.error();
            reader.close();
            if (error != null)
            {
                problems.compressedDataDamaged(fileName, "byte " + available + " of the decompressed data", 1, error);
            }
            else if (available < 4)
            {
                problems.notCapture(fileName, "gzip-compressed data without a pcap header");
            }
            else
            {
                problems.truncatedHeader(fileName, available);
            }
            return null;
        }

        final int magic = reader.windowBuffer.getInt(0, ByteOrder.BIG_ENDIAN);
        reader.order = PcapDescriptor.byteOrder(magic);
        if (reader.order == null)
        {
            reader.close();
            problems.notCapture(fileName, String.format("gzip-compressed data starting with 0x%08x", magic));
            return null;
        }
        reader.nanosecond = PcapDescriptor.isNanosecond(magic);
        reader.linkType = PcapDescriptor.linkType(reader.windowBuffer.getInt(LINK_TYPE_OFFSET, reader.order));
        reader.window.consume(FILE_HEADER_LENGTH);
        return reader;
    }

    @Override
    public boolean next()
    {
        if (closed)
        {
            return false;
        }

        final long recordNumber = packetNumber + 1;
        if (!window.fill(RECORD_HEADER_LENGTH))
        {
            if (window.available() == 0 && window.error() == null)
            {
                close();
                return false;
            }
            reportCutShort(recordNumber);
            return false;
        }

        final int start = window.start();
        final int captured = windowBuffer.getInt(start + CAPTURED_LENGTH_OFFSET, order);
        if (captured < 0 || captured > MAX_CAPTURED_LENGTH)
        {
            problems.corrupt(fileName, "byte " + window.position() + " of the decompressed data", recordNumber,
                "record header (captured length " + (captured & 0xFFFF_FFFFL) + " > " + MAX_CAPTURED_LENGTH + ")");
            close();
            return false;
        }
        if (!window.fill(RECORD_HEADER_LENGTH + captured))
        {
            reportCutShort(recordNumber);
            return false;
        }

        final int record = window.start();
        timestampNs = PcapDescriptor.timestampNs(
            windowBuffer.getInt(record + SECONDS_OFFSET, order),
            windowBuffer.getInt(record + FRACTION_OFFSET, order),
            nanosecond);
        capturedLength = captured;
        originalLength = windowBuffer.getInt(record + ORIGINAL_LENGTH_OFFSET, order);
        frameOffset = record + RECORD_HEADER_LENGTH;
        window.consume(RECORD_HEADER_LENGTH + captured);
        packetNumber = recordNumber;
        return true;
    }

    private void reportCutShort(final long recordNumber)
    {
        final String where = "byte " + window.inflatedEnd() + " of the decompressed data";
        if (window.error() != null)
        {
            problems.compressedDataDamaged(fileName, where, recordNumber, window.error());
        }
        else
        {
            problems.truncated(fileName, where, recordNumber);
        }
        close();
    }

    @Override
    public int linkType()
    {
        return linkType;
    }

    @Override
    public DirectBuffer buffer()
    {
        return windowBuffer;
    }

    @Override
    public int offset()
    {
        return frameOffset;
    }

    @Override
    public int capturedLength()
    {
        return capturedLength;
    }

    @Override
    public int originalLength()
    {
        return originalLength;
    }

    @Override
    public long timestampNs()
    {
        return timestampNs;
    }

    @Override
    public long bytesConsumed()
    {
        return window.compressedBytes();
    }

    @Override
    public void close()
    {
        closed = true;
        window.close();
    }
}
