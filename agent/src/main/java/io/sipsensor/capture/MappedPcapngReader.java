package io.sipsensor.capture;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static io.sipsensor.capture.PcapngDescriptor.MAX_READ_BLOCK_LENGTH;
import static io.sipsensor.capture.PcapngDescriptor.MIN_BLOCK_LENGTH;

/**
 * Reads a pcapng file through one read-only memory mapping of the whole file (any size), like
 * {@link MappedPcapReader}: each block that is read is viewed in place by re-wrapping an {@link UnsafeBuffer} on
 * its address, and a packet is handed out as a range of that view; other blocks are skipped by their length
 * without being touched beyond their last 4 bytes. The format itself is {@link PcapngBlockParser}'s job.
 * <p>
 * Damage ends the file with one problem line naming the byte offset of the block (or of the end of the file when
 * it is cut short), the block number and the complete packets used; every packet before it is delivered.
 * <p>
 * Owned by the polling thread; allocates only when opened. The mapping is released at the end of the file or on
 * {@link #close()}, after which earlier frame views must not be read.
 */
final class MappedPcapngReader extends PcapngFileReader
{
    private static final byte[] NO_BYTES = new byte[0];

    private final UnsafeBuffer block = new UnsafeBuffer();

    private Arena arena;
    private MemorySegment file;
    private long address;
    private long sizeBytes;
    private long position;

    private MappedPcapngReader(final String fileName, final CaptureProblems problems, final PcapngCounters counters)
    {
        super(fileName, problems, counters);
    }

    /**
     * Maps the file. Its first bytes are checked by the first {@link #next()}.
     *
     * @return the reader positioned before the first block, or null if the file cannot be read (reported).
     */
    static MappedPcapngReader open(
        final Path path, final String fileName, final CaptureProblems problems, final PcapngCounters counters)
    {
        final MappedPcapngReader reader = new MappedPcapngReader(fileName, problems, counters);
        final Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size == 0)
            {
                arena.close();
                problems.empty(fileName);
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
            return readBlocks();
        }
        catch (final InternalError | IllegalStateException | IndexOutOfBoundsException ex)
        {
            // The JVM turns a fault on a mapped page (the file was cut short after mapping) into InternalError.
            damaged = true;
            problems.readErrorInBlock(fileName, "byte " + position, blockNumber + 1, packets,
                new IOException("file changed while being read: " + ex.getMessage(), ex));
            close();
            return false;
        }
    }

    /**
     * Reads blocks until one is a packet, the file ends, or damage stops it.
     */
    private boolean readBlocks()
    {
        while (true)
        {
            final long remaining = sizeBytes - position;
            if (remaining == 0)
            {
                close();
                return false;
            }
            final long number = blockNumber + 1;
            if (remaining < MIN_BLOCK_LENGTH)
            {
                return truncated(number);
            }
            block.wrap(address + position, MIN_BLOCK_LENGTH);
            final long length = parser.frame(block, 0);
            if (length < 0)
            {
                return corrupt(number);
            }
            if (length > remaining)
            {
                return truncated(number);
            }

            final int result;
            if (PcapngDescriptor.isRead(parser.type()))
            {
                if (length > MAX_READ_BLOCK_LENGTH)
                {
                    damaged = true;
                    problems.corruptBlock(fileName, "byte " + position, number, packets,
                        PcapngDescriptor.name(parser.type()) + " (total length " + length + " > " +
                            MAX_READ_BLOCK_LENGTH + ")");
                    close();
                    return false;
                }
                block.wrap(address + position, (int)length);
                result = parser.read(block, 0, (int)length);
            }
            else
            {
                block.wrap(address + position + length - 4, 4);
                final int trailing = block.getInt(0, parser.blockOrder());
                result = parser.trailerMatches(trailing, length) ? PcapngBlockParser.OTHER : PcapngBlockParser.CORRUPT;
                if (result == PcapngBlockParser.OTHER)
                {
                    parser.skipped();
                }
            }
            if (result == PcapngBlockParser.CORRUPT)
            {
                return corrupt(number);
            }

            position += length;
            blockNumber = number;
            if (result == PcapngBlockParser.PACKET)
            {
                packets++;
                return true;
            }
        }
    }

    private boolean truncated(final long number)
    {
        damaged = true;
        problems.truncatedBlock(fileName, "byte " + sizeBytes, number, packets);
        close();
        return false;
    }

    private boolean corrupt(final long number)
    {
        damaged = true;
        problems.corruptBlock(fileName, "byte " + position, number, packets, parser.problem());
        close();
        return false;
    }

    @Override
    public DirectBuffer buffer()
    {
        return block;
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
            block.wrap(NO_BYTES);
            arena.close();
            arena = null;
        }
    }
}
