package io.sipsensor.net;

/**
 * Limits of IP fragment reassembly, fixed at start-up: all contexts and fragment memory are allocated from them
 * once, when the decoder is made. Fill, {@link #validate()}, then hand to the {@link PacketDecoder}; not changed
 * afterwards.
 * <ul>
 *   <li>{@code maxDatagrams}: datagrams in reassembly at once (default 1024). When all are busy, the oldest is
 *       abandoned to make room (counted in {@code fragments_dropped_no_memory}).</li>
 *   <li>{@code maxDatagramBytes}: largest reassembled datagram payload, bytes (default and upper bound 65535).</li>
 *   <li>{@code memoryBytes}: fragment data held at once, bytes (default 16 MiB), in blocks of {@code blockBytes}
 *       (default 1024). When blocks run out, the oldest other datagrams are abandoned first.</li>
 *   <li>{@code timeoutNs}: a datagram not complete this long after its first fragment, in capture time, is
 *       abandoned (default 30 s; counted in {@code fragments_timed_out}).</li>
 * </ul>
 */
public final class ReassemblySettings
{
    public static final int DEFAULT_MAX_DATAGRAMS = 1024;
    public static final int MAX_DATAGRAM_BYTES = 65_535;
    public static final int DEFAULT_MEMORY_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_BLOCK_BYTES = 1024;
    public static final long DEFAULT_TIMEOUT_NS = 30_000_000_000L;

    private int maxDatagrams = DEFAULT_MAX_DATAGRAMS;
    private int maxDatagramBytes = MAX_DATAGRAM_BYTES;
    private int memoryBytes = DEFAULT_MEMORY_BYTES;
    private int blockBytes = DEFAULT_BLOCK_BYTES;
    private long timeoutNs = DEFAULT_TIMEOUT_NS;

    /**
     * @param maxDatagrams datagrams in reassembly at once, 1..1048576.
     * @return this.
     */
    public ReassemblySettings maxDatagrams(final int maxDatagrams)
    {
        this.maxDatagrams = maxDatagrams;
        return this;
    }

    /** @return datagrams in reassembly at once. */
    public int maxDatagrams()
    {
        return maxDatagrams;
    }

    /**
     * @param maxDatagramBytes largest reassembled payload, bytes, 8..65535.
     * @return this.
     */
    public ReassemblySettings maxDatagramBytes(final int maxDatagramBytes)
    {
        this.maxDatagramBytes = maxDatagramBytes;
        return this;
    }

    /** @return largest reassembled payload, bytes. */
    public int maxDatagramBytes()
    {
        return maxDatagramBytes;
    }

    /**
     * @param memoryBytes fragment data held at once, bytes, at least one block, at most 1 GiB.
     * @return this.
     */
    public ReassemblySettings memoryBytes(final int memoryBytes)
    {
        this.memoryBytes = memoryBytes;
        return this;
    }

    /** @return fragment data held at once, bytes. */
    public int memoryBytes()
    {
        return memoryBytes;
    }

    /**
     * @param blockBytes unit of fragment memory, bytes: a power of two, 64..65536.
     * @return this.
     */
    public ReassemblySettings blockBytes(final int blockBytes)
    {
        this.blockBytes = blockBytes;
        return this;
    }

    /** @return unit of fragment memory, bytes. */
    public int blockBytes()
    {
        return blockBytes;
    }

    /**
     * @param timeoutNs capture time a datagram may wait for its fragments, ns, positive.
     * @return this.
     */
    public ReassemblySettings timeoutNs(final long timeoutNs)
    {
        this.timeoutNs = timeoutNs;
        return this;
    }

    /** @return capture time a datagram may wait for its fragments, ns. */
    public long timeoutNs()
    {
        return timeoutNs;
    }

    /**
     * @return this, if every limit is usable.
     * @throws IllegalArgumentException naming the first limit that is not.
     */
    public ReassemblySettings validate()
    {
        if (maxDatagrams < 1 || maxDatagrams > (1 << 20))
        {
            throw new IllegalArgumentException("reassembly max datagrams must be 1..1048576: " + maxDatagrams);
        }
        if (maxDatagramBytes < 8 || maxDatagramBytes > MAX_DATAGRAM_BYTES)
        {
            throw new IllegalArgumentException("reassembly max datagram bytes must be 8..65535: " + maxDatagramBytes);
        }
        if (blockBytes < 64 || blockBytes > 65_536 || Integer.bitCount(blockBytes) != 1)
        {
            throw new IllegalArgumentException("reassembly block bytes must be a power of two 64..65536: " + blockBytes);
        }
        if (memoryBytes < blockBytes || memoryBytes > (1 << 30))
        {
            throw new IllegalArgumentException(
                "reassembly memory bytes must be at least one block and at most 1 GiB: " + memoryBytes);
        }
        if (timeoutNs <= 0)
        {
            throw new IllegalArgumentException("reassembly timeout must be positive: " + timeoutNs + " ns");
        }
        return this;
    }
}
