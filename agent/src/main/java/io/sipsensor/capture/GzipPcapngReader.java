package io.sipsensor.capture;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.nio.file.Path;

import static io.sipsensor.capture.PcapngDescriptor.MAX_READ_BLOCK_LENGTH;
import static io.sipsensor.capture.PcapngDescriptor.MIN_BLOCK_LENGTH;

/**
 * Reads a gzip-compressed pcapng file as a stream through an {@link InflatingWindow}: a block that is read is
 * inflated whole into the window and a packet is handed out in place there; other blocks are inflated and
 * discarded as they are skipped, whatever their size. The format itself is {@link PcapngBlockParser}'s job.
 * <p>
 * Compressed data that ends early or does not inflate is reported once the blocks inflated before the damage are
 * used up, so every complete packet before it is delivered. Byte offsets in messages are offsets in the
 * decompressed data.
 * <p>
 * Owned by the polling thread; allocates its window (2 MiB) and the inflater's buffer when opened, nothing per
 * frame.
 */
final class GzipPcapngReader extends PcapngFileReader
{
    /** Holds the largest block that is read whole, with room to spare. */
    static final int WINDOW_BYTES = 2 * MAX_READ_BLOCK_LENGTH;

    private final InflatingWindow window = new InflatingWindow(WINDOW_BYTES);

    private boolean ended;

    private GzipPcapngReader(final String fileName, final CaptureProblems problems, final PcapngCounters counters)
    {
        super(fileName, problems, counters);
    }

    /**
     * Opens the file. Its first bytes are checked by the first {@link #next()}.
     *
     * @return the reader positioned before the first block, or null if the file cannot be read (reported).
     */
    static GzipPcapngReader open(
        final Path path, final String fileName, final CaptureProblems problems, final PcapngCounters counters)
    {
        final GzipPcapngReader reader = new GzipPcapngReader(fileName, problems, counters);
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
        return reader;
    }

    @Override
    public boolean next()
    {
        while (!ended)
        {
            final long number = blockNumber + 1;
            if (!window.fill(MIN_BLOCK_LENGTH))
            {
                if (window.available() == 0 && window.error() == null)
                {
                    close();
                    return false;
                }
                return cutShort(number);
            }

            final DirectBuffer bytes = window.buffer();
            final long blockStart = window.position();
            final long length = parser.frame(bytes, window.start());
            if (length < 0)
            {
                return corrupt(number, blockStart, parser.problem());
            }

            final int result;
            if (PcapngDescriptor.isRead(parser.type()))
            {
                if (length > MAX_READ_BLOCK_LENGTH)
                {
                    return corrupt(number, blockStart, PcapngDescriptor.name(parser.type()) + " (total length " +
                        length + " > " + MAX_READ_BLOCK_LENGTH + ")");
                }
                if (!window.fill((int)length))
                {
                    return cutShort(number);
                }
                result = parser.read(bytes, window.start(), (int)length);
                if (result != PcapngBlockParser.CORRUPT)
                {
                    window.consume((int)length);
                }
            }
            else
            {
                if (!window.skip(length - 4) || !window.fill(4))
                {
                    return cutShort(number);
                }
                result = parser.trailerMatches(bytes.getInt(window.start(), parser.blockOrder()), length) ?
                    PcapngBlockParser.OTHER : PcapngBlockParser.CORRUPT;
                window.consume(4);
                if (result == PcapngBlockParser.OTHER)
                {
                    parser.skipped();
                }
            }
            if (result == PcapngBlockParser.CORRUPT)
            {
                return corrupt(number, blockStart, parser.problem());
            }

            blockNumber = number;
            if (result == PcapngBlockParser.PACKET)
            {
                packets++;
                return true;
            }
        }
        return false;
    }

    private boolean cutShort(final long number)
    {
        damaged = true;
        final String where = "byte " + window.inflatedEnd() + " of the decompressed data";
        final IOException error = window.error();
        if (error != null)
        {
            problems.compressedDataDamagedInBlock(fileName, where, number, packets, error);
        }
        else
        {
            problems.truncatedBlock(fileName, where, number, packets);
        }
        close();
        return false;
    }

    private boolean corrupt(final long number, final long blockStart, final String detail)
    {
        damaged = true;
        problems.corruptBlock(fileName, "byte " + blockStart + " of the decompressed data", number, packets, detail);
        close();
        return false;
    }

    @Override
    public DirectBuffer buffer()
    {
        return window.buffer();
    }

    @Override
    public long bytesConsumed()
    {
        return window.compressedBytes();
    }

    @Override
    public void close()
    {
        ended = true;
        window.close();
    }
}
