package io.sipsensor.capture.live;

/**
 * Size of one TPACKET_V3 ring: {@code blockCount} blocks of {@code blockSize} bytes (a power of two, at least a
 * page, large enough for the biggest frame), and how long the kernel waits before it hands over a block that is
 * not full (the capture's latency when traffic is light).
 *
 * @param blockSize      bytes per block.
 * @param blockCount     blocks.
 * @param blockTimeoutMs block retire timeout, ms.
 */
record RingGeometry(int blockSize, int blockCount, int blockTimeoutMs)
{
    /** Frame slot size the V3 ring request wants (V3 packs frames of any size; it is only checked). */
    static final int FRAME_SIZE = 2048;
    /** Default block size: holds a 64 KiB GRO/defragmented frame with room to spare. */
    static final int DEFAULT_BLOCK_SIZE = 1 << 20;
    /** Fewest blocks per ring. */
    static final int MIN_BLOCKS = 4;

    /**
     * @param totalBytes     ring memory for this socket.
     * @param blockTimeoutMs block retire timeout.
     * @return the geometry: 1 MiB blocks (smaller for small rings), at least {@link #MIN_BLOCKS} of them.
     */
    static RingGeometry forBytes(final long totalBytes, final int blockTimeoutMs)
    {
        int blockSize = DEFAULT_BLOCK_SIZE;
        while (blockSize > 128 * 1024 && totalBytes / blockSize < MIN_BLOCKS)
        {
            blockSize >>= 1;
        }
        final long blocks = Math.max(MIN_BLOCKS, totalBytes / blockSize);
        return new RingGeometry(blockSize, (int)Math.min(blocks, 1 << 16), blockTimeoutMs);
    }

    /** @return frame slots, as the ring request wants them. */
    int frameCount()
    {
        return (int)(ringBytes() / FRAME_SIZE);
    }

    /** @return mapped bytes. */
    long ringBytes()
    {
        return (long)blockSize * blockCount;
    }

    @Override
    public String toString()
    {
        return blockCount + " blocks of " + (blockSize / 1024) + " KiB";
    }
}
