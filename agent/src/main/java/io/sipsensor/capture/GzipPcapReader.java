package io.sipsensor.capture;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static io.sipsensor.capture.PcapDescriptor.CAPTURED_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.FILE_HEADER_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.FRACTION_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.LINK_TYPE_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.MAX_CAPTURED_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.ORIGINAL_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.RECORD_HEADER_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.SECONDS_OFFSET;

/**
 * Reads a gzip-compressed classic pcap file as a stream: the data is inflated into one reusable window, and a frame
 * is handed out in place in that window. When a record straddles the end of the window, the unread tail is moved
 * to the front and the window refilled.
 * <pre>
 *   window: [ consumed | start .. current and later records .. end | free ]
 *   windowBase = offset in the decompressed stream of window[0]
 * </pre>
 * Compressed data that ends early or does not inflate is reported once the records inflated before the damage
 * are used up, so every complete packet before the damage is delivered.
 * <p>
 * Owned by the polling thread; allocates its window (1 MiB) and the inflater's input buffer when opened, nothing
 * per frame.
 */
final class GzipPcapReader implements CaptureFileReader
{
    /** Holds at least one largest record (16 + 262144 bytes) with room to spare. */
    static final int WINDOW_BYTES = 1 << 20;
    private static final int INFLATER_INPUT_BYTES = 1 << 16;

    private final String fileName;
    private final CaptureProblems problems;
    private final byte[] window = new byte[WINDOW_BYTES];
    private final UnsafeBuffer windowBuffer = new UnsafeBuffer(window);

    private CountingInputStream compressed;
    private InputStream in;
    private long windowBase;
    private int start;
    private int end;
    private boolean endOfStream;
    private IOException streamError;

    private ByteOrder order;
    private boolean nanosecond;
    private int linkType;
    private long packetNumber;
    private int frameOffset;
    private int capturedLength;
    private int originalLength;
    private long timestampNs;

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
            reader.compressed = new CountingInputStream(new FileInputStream(path.toFile()));
            reader.in = new GZIPInputStream(reader.compressed, INFLATER_INPUT_BYTES);
        }
        catch (final IOException | RuntimeException ex)
        {
            reader.close();
            problems.cannotRead(fileName, ex);
            return null;
        }

        if (!reader.fill(FILE_HEADER_LENGTH))
        {
            final int available = reader.end;
            final IOException error = reader.streamError;
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
        reader.start = FILE_HEADER_LENGTH;
        return reader;
    }

    @Override
    public boolean next()
    {
        if (in == null)
        {
            return false;
        }

        final long recordNumber = packetNumber + 1;
        if (!fill(RECORD_HEADER_LENGTH))
        {
            if (end == start && streamError == null)
            {
                close();
                return false;
            }
            reportCutShort(recordNumber);
            return false;
        }

        final int captured = windowBuffer.getInt(start + CAPTURED_LENGTH_OFFSET, order);
        if (captured < 0 || captured > MAX_CAPTURED_LENGTH)
        {
            problems.corrupt(fileName, "byte " + (windowBase + start) + " of the decompressed data", recordNumber,
                "record header (captured length " + (captured & 0xFFFF_FFFFL) + " > " + MAX_CAPTURED_LENGTH + ")");
            close();
            return false;
        }
        if (!fill(RECORD_HEADER_LENGTH + captured))
        {
            reportCutShort(recordNumber);
            return false;
        }

        timestampNs = PcapDescriptor.timestampNs(
            windowBuffer.getInt(start + SECONDS_OFFSET, order),
            windowBuffer.getInt(start + FRACTION_OFFSET, order),
            nanosecond);
        capturedLength = captured;
        originalLength = windowBuffer.getInt(start + ORIGINAL_LENGTH_OFFSET, order);
        frameOffset = start + RECORD_HEADER_LENGTH;
        start = frameOffset + captured;
        packetNumber = recordNumber;
        return true;
    }

    private void reportCutShort(final long recordNumber)
    {
        final String where = "byte " + (windowBase + end) + " of the decompressed data";
        if (streamError != null)
        {
            problems.compressedDataDamaged(fileName, where, recordNumber, streamError);
        }
        else
        {
            problems.truncated(fileName, where, recordNumber);
        }
        close();
    }

    /**
     * Makes at least {@code length} unread bytes available from {@code start}, moving the unread tail to the front
     * of the window when the request would run past its end.
     *
     * @return false if the stream ended (or failed) first.
     */
    private boolean fill(final int length)
    {
        if (end - start >= length)
        {
            return true;
        }
        if (start + length > window.length)
        {
            final int unread = end - start;
            System.arraycopy(window, start, window, 0, unread);
            windowBase += start;
            start = 0;
            end = unread;
        }
        while (end - start < length && !endOfStream)
        {
            final int read;
            try
            {
                read = in.read(window, end, window.length - end);
            }
            catch (final IOException ex)
            {
                streamError = ex;
                endOfStream = true;
                break;
            }
            if (read < 0)
            {
                endOfStream = true;
            }
            else
            {
                end += read;
            }
        }
        return end - start >= length;
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
        return compressed == null ? 0 : compressed.count();
    }

    @Override
    public void close()
    {
        final InputStream stream = in != null ? in : compressed;
        in = null;
        if (stream != null)
        {
            try
            {
                stream.close();
            }
            catch (final IOException ignore)
            {
                // Nothing more to read from it either way.
            }
        }
    }
}
