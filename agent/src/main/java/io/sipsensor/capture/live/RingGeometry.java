package io.sipsensor.capture.live;

/**
 * Size of one TPACKET_V3 ring: {@code blockCount} blocks of {@code blockSize} bytes (a power of two, large enough
 * for the biggest frame: the kernel cuts a frame to its block), and how long the kernel waits before it hands over
 * a block that is not full (the capture's latency when traffic is light).
 *
 * @param blockSize      bytes per block.
 * @param blockCount     blocks.
 * @param blockTimeoutMs block retire timeout, ms.
 */
record RingGeometry(int blockSize, int blockCount, int blockTimeoutMs)
{
    /** Frame slot size the V3 ring request wants (V3 packs frames of any size; it is only checked). */
    static final int FRAME_SIZE = 2048;
    /** Largest block: a bigger block only delays its hand-back. */
    static final int MAX_BLOCK_SIZE = 1 << 20;
    /** Smallest block: holds a 64 KiB GRO-merged or kernel-defragmented frame with room to spare. */
    static final int MIN_BLOCK_SIZE = 128 * 1024;
    /** Blocks a ring aims at: the kernel fills only blocks user space has handed back, so a few big blocks leave it
     * little room while one is being read. */
    static final int TARGET_BLOCKS = 32;
    /** Fewest blocks per ring. */
    static final int MIN_BLOCKS = 4;

    /**
     * @param totalBytes     ring memory for this socket.
     * @param blockTimeoutMs block retire timeout.
     * @return the geometry: about {@link #TARGET_BLOCKS} blocks of a power of two between 128 KiB and 1 MiB, more
     *         blocks of 1 MiB for big rings, at least {@link #MIN_BLOCKS}.
     */
    static RingGeometry forBytes(final long totalBytes, final int blockTimeoutMs)
    {
        int blockSize = MAX_BLOCK_SIZE;
        while (blockSize > MIN_BLOCK_SIZE && totalBytes / blockSize < TARGET_BLOCKS)
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
