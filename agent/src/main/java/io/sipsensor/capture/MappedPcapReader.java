package io.sipsensor.capture;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static io.sipsensor.capture.PcapDescriptor.CAPTURED_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.FILE_HEADER_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.FRACTION_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.LINK_TYPE_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.MAX_CAPTURED_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.ORIGINAL_LENGTH_OFFSET;
import static io.sipsensor.capture.PcapDescriptor.RECORD_HEADER_LENGTH;
import static io.sipsensor.capture.PcapDescriptor.SECONDS_OFFSET;

/**
 * Reads a classic pcap file through one read-only memory mapping of the whole file (any size: the mapping is a
 * {@link MemorySegment} from a shared {@link Arena}, so files over 2 GiB work). Each frame is handed out in place:
 * an {@link UnsafeBuffer} is re-wrapped on the frame's address, nothing is copied.
 * <p>
 * Owned by the polling thread; allocates only when opened. The mapping is released at the end of the file or on
 * {@link #close()}, after which earlier frame views must not be read. The file must not shrink while it is read.
 */
final class MappedPcapReader implements CaptureFileReader
{
    private static final byte[] NO_BYTES = new byte[0];

    private final String fileName;
    private final CaptureProblems problems;
    private final UnsafeBuffer frame = new UnsafeBuffer();
    private final UnsafeBuffer header = new UnsafeBuffer();
    private ByteOrder byteOrder;

    private Arena arena;
    private MemorySegment file;
    private long address;
    private long sizeBytes;
    private long position;
    private ValueLayout.OfInt intLayout;
    private boolean nanosecond;
    private int linkType;
    private long packetNumber;
    private int capturedLength;
    private int originalLength;
    private long timestampNs;

    private MappedPcapReader(final String fileName, final CaptureProblems problems)
    {
        this.fileName = fileName;
        this.problems = problems;
    }

    /**
     * Maps the file and checks its header.
     *
     * @return the reader positioned before the first frame, or null if the file cannot be read (reported).
     */
    static MappedPcapReader open(final Path path, final String fileName, final CaptureProblems problems)
    {
        final MappedPcapReader reader = new MappedPcapReader(fileName, problems);
        final Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < FILE_HEADER_LENGTH)
            {
                arena.close();
                if (size == 0)
                {
                    problems.empty(fileName);
                }
                else
                {
                    problems.truncatedHeader(fileName, size);
                }
                return null;
            }
            reader.arena = arena;
            reader.file = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            reader.address = reader.file.address();
            reader.sizeBytes = size;
        }
        catch (final IOException | RuntimeException ex)
        {
            arena.close();
            problems.cannotRead(fileName, ex);
            return null;
        }

        final int magic = reader.file.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0);
        final ByteOrder order = PcapDescriptor.byteOrder(magic);
        if (order == null)
        {
            reader.close();
            problems.notCapture(fileName, String.format("starts with 0x%08x", magic));
            return null;
        }
        reader.intLayout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
        reader.byteOrder = order;
        reader.nanosecond = PcapDescriptor.isNanosecond(magic);
        reader.linkType = PcapDescriptor.linkType(reader.file.get(reader.intLayout, LINK_TYPE_OFFSET));
        reader.position = FILE_HEADER_LENGTH;
        return reader;
    }

    @Override
    public boolean next()
    {
        if (file == null)
        {
            return false;
        }
        try
        {
            return readRecord();
        }
        catch (final InternalError | IllegalStateException | IndexOutOfBoundsException ex)
        {
            // The JVM turns a fault on a mapped page (the file was cut short after mapping) into InternalError.
            problems.readError(fileName, "byte " + position, packetNumber + 1,
                new java.io.IOException("file changed while being read: " + ex.getMessage(), ex));
            close();
            return false;
        }
    }

    private boolean readRecord()
    {
        final long remaining = sizeBytes - position;
        if (remaining == 0)
        {
            close();
            return false;
        }
        final long recordNumber = packetNumber + 1;
        if (remaining < RECORD_HEADER_LENGTH)
        {
            problems.truncated(fileName, "byte " + sizeBytes, recordNumber);
            close();
            return false;
        }

        // Header fields through a 16-byte view of the mapping: one cheap bounds check instead of a checked
        // MemorySegment access per field.
        header.wrap(address + position, RECORD_HEADER_LENGTH);
        final int captured = header.getInt(CAPTURED_LENGTH_OFFSET, byteOrder);
        if (captured < 0 || captured > MAX_CAPTURED_LENGTH)
        {
            problems.corrupt(fileName, "byte " + position, recordNumber,
                "record header (captured length " + (captured & 0xFFFF_FFFFL) + " > " + MAX_CAPTURED_LENGTH + ")");
            close();
            return false;
        }
        if (remaining - RECORD_HEADER_LENGTH < captured)
        {
            problems.truncated(fileName, "byte " + sizeBytes, recordNumber);
            close();
            return false;
        }

        timestampNs = PcapDescriptor.timestampNs(
            header.getInt(SECONDS_OFFSET, byteOrder), header.getInt(FRACTION_OFFSET, byteOrder), nanosecond);
        capturedLength = captured;
        originalLength = header.getInt(ORIGINAL_LENGTH_OFFSET, byteOrder);
        frame.wrap(address + position + RECORD_HEADER_LENGTH, captured);
        position += RECORD_HEADER_LENGTH + captured;
        packetNumber = recordNumber;
        return true;
    }

    @Override
    public int linkType()
    {
        return linkType;
    }

    @Override
    public DirectBuffer buffer()
    {
        return frame;
    }

    @Override
    public int offset()
    {
        return 0;
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
        return position;
    }

    @Override
    public void close()
    {
        if (arena != null)
        {
            file = null;
            address = 0;
            frame.wrap(NO_BYTES);
            arena.close();
            arena = null;
        }
    }
}
