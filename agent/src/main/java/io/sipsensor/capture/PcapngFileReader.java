package io.sipsensor.capture;

/**
 * What the pcapng readers share, whether the bytes come from a mapping or a window being inflated: the block
 * parser that describes the current packet, the block and packet numbers damage is reported with, and whether the
 * file ended in damage.
 * <p>
 * Owned by the polling thread.
 */
abstract class PcapngFileReader implements CaptureFileReader
{
    final String fileName;
    final CaptureProblems problems;
    final PcapngBlockParser parser;
    long blockNumber;
    long packets;
    boolean damaged;

    PcapngFileReader(final String fileName, final CaptureProblems problems, final PcapngCounters counters)
    {
        this.fileName = fileName;
        this.problems = problems;
        this.parser = new PcapngBlockParser(counters);
    }

    /**
     * @return true if the file ended in damage (reported), false if it ended cleanly or has not ended.
     */
    final boolean damaged()
    {
        return damaged;
    }

    @Override
    public final int linkType()
    {
        return parser.linkType();
    }

    @Override
    public final int offset()
    {
        return parser.dataOffset();
    }

    @Override
    public final int capturedLength()
    {
        return parser.capturedLength();
    }

    @Override
    public final int originalLength()
    {
        return parser.originalLength();
    }

    @Override
    public final long timestampNs()
    {
        return parser.timestampNs();
    }
}
