package io.sipsensor.net.tcp;

/**
 * Limits and ports of TCP stream reassembly, fixed at start-up: every stream, block of stream memory and scratch
 * buffer is allocated from them once, when the {@link TcpReassembler} is made. Fill, {@link #validate()}, then hand
 * over; not changed afterwards.
 * <ul>
 *   <li>{@code sipPorts}: TCP ports whose streams are SIP (default 5060). Streams on other ports are SIP when a
 *       segment of theirs begins with a SIP start line.</li>
 *   <li>{@code websocketPorts}: TCP ports whose streams carry SIP over WebSocket, RFC 7118 (default none).</li>
 *   <li>{@code maxStreams}: stream directions tracked at once (default 16384; each TCP connection is two). When all
 *       are busy the least recently active is dropped ({@code tcp_streams_evicted}).</li>
 *   <li>{@code maxStreamBytes}: bytes buffered per stream direction, a partial message plus out-of-order data
 *       (default 128 KiB). A message larger than this is delivered with the part that fits (its body cut, counted
 *       in {@code tcp_messages_oversize}) and the rest of it skipped.</li>
 *   <li>{@code memoryBytes}: stream bytes buffered at once over all streams (default 32 MiB), in blocks of
 *       {@code blockBytes} (default 4096). When blocks run out, the least recently active streams lose their
 *       buffered bytes first ({@code tcp_memory_limit}).</li>
 *   <li>{@code idleTimeoutNs}: a stream without a segment this long, in capture time, is forgotten (default 300 s;
 *       {@code tcp_streams_expired}).</li>
 *   <li>{@code gapTimeoutNs}: a hole in a stream not filled this long after data beyond it arrived is taken as lost
 *       by the capture (default 2 s; {@code tcp_gaps}); the stream resynchronises after it.</li>
 * </ul>
 */
public final class TcpSettings
{
    public static final int DEFAULT_MAX_STREAMS = 16_384;
    public static final int DEFAULT_MAX_STREAM_BYTES = 128 * 1024;
    public static final int DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024;
    public static final int DEFAULT_BLOCK_BYTES = 4096;
    public static final long DEFAULT_IDLE_TIMEOUT_NS = 300_000_000_000L;
    public static final long DEFAULT_GAP_TIMEOUT_NS = 2_000_000_000L;

    private int[] sipPorts = {5060};
    private int[] websocketPorts = {};
    private int maxStreams = DEFAULT_MAX_STREAMS;
    private int maxStreamBytes = DEFAULT_MAX_STREAM_BYTES;
    private int memoryBytes = DEFAULT_MEMORY_BYTES;
    private int blockBytes = DEFAULT_BLOCK_BYTES;
    private long idleTimeoutNs = DEFAULT_IDLE_TIMEOUT_NS;
    private long gapTimeoutNs = DEFAULT_GAP_TIMEOUT_NS;

    /**
     * @param ports TCP ports whose streams are SIP, 1..65535.
     * @return this.
     */
    public TcpSettings sipPorts(final int... ports)
    {
        this.sipPorts = ports.clone();
        return this;
    }

    /** @return TCP ports whose streams are SIP. */
    public int[] sipPorts()
    {
        return sipPorts.clone();
    }

    /**
     * @param ports TCP ports whose streams are SIP over WebSocket, 1..65535; may be empty.
     * @return this.
     */
    public TcpSettings websocketPorts(final int... ports)
    {
        this.websocketPorts = ports.clone();
        return this;
    }

    /** @return TCP ports whose streams are SIP over WebSocket. */
    public int[] websocketPorts()
    {
        return websocketPorts.clone();
    }

    /**
     * @param maxStreams stream directions tracked at once, 1..4194304.
     * @return this.
     */
    public TcpSettings maxStreams(final int maxStreams)
    {
        this.maxStreams = maxStreams;
        return this;
    }

    /** @return stream directions tracked at once. */
    public int maxStreams()
    {
        return maxStreams;
    }

    /**
     * @param maxStreamBytes bytes buffered per stream direction, 4096..64 MiB.
     * @return this.
     */
    public TcpSettings maxStreamBytes(final int maxStreamBytes)
    {
        this.maxStreamBytes = maxStreamBytes;
        return this;
    }

    /** @return bytes buffered per stream direction. */
    public int maxStreamBytes()
    {
        return maxStreamBytes;
    }

    /**
     * @param memoryBytes stream bytes buffered at once, at least one block, at most 1 GiB.
     * @return this.
     */
    public TcpSettings memoryBytes(final int memoryBytes)
    {
        this.memoryBytes = memoryBytes;
        return this;
    }

    /** @return stream bytes buffered at once. */
    public int memoryBytes()
    {
        return memoryBytes;
    }

    /**
     * @param blockBytes unit of stream memory: a power of two, 256..65536.
     * @return this.
     */
    public TcpSettings blockBytes(final int blockBytes)
    {
        this.blockBytes = blockBytes;
        return this;
    }

    /** @return unit of stream memory, bytes. */
    public int blockBytes()
    {
        return blockBytes;
    }

    /**
     * @param idleTimeoutNs capture time a stream may stay silent, ns, positive.
     * @return this.
     */
    public TcpSettings idleTimeoutNs(final long idleTimeoutNs)
    {
        this.idleTimeoutNs = idleTimeoutNs;
        return this;
    }

    /** @return capture time a stream may stay silent, ns. */
    public long idleTimeoutNs()
    {
        return idleTimeoutNs;
    }

    /**
     * @param gapTimeoutNs capture time a hole may wait for its bytes, ns, positive.
     * @return this.
     */
    public TcpSettings gapTimeoutNs(final long gapTimeoutNs)
    {
        this.gapTimeoutNs = gapTimeoutNs;
        return this;
    }

    /** @return capture time a hole may wait for its bytes, ns. */
    public long gapTimeoutNs()
    {
        return gapTimeoutNs;
    }

    /**
     * @return this, if every limit is usable.
     * @throws IllegalArgumentException naming the first limit that is not.
     */
    public TcpSettings validate()
    {
        checkPorts("SIP", sipPorts);
        checkPorts("WebSocket", websocketPorts);
        if (maxStreams < 1 || maxStreams > (1 << 22))
        {
            throw new IllegalArgumentException("TCP max streams must be 1..4194304: " + maxStreams);
        }
        if (blockBytes < 256 || blockBytes > 65_536 || Integer.bitCount(blockBytes) != 1)
        {
            throw new IllegalArgumentException("TCP block bytes must be a power of two 256..65536: " + blockBytes);
        }
        if (maxStreamBytes < 4096 || maxStreamBytes > (64 << 20))
        {
            throw new IllegalArgumentException("TCP max stream bytes must be 4096..67108864: " + maxStreamBytes);
        }
        if (memoryBytes < blockBytes || memoryBytes > (1 << 30))
        {
            throw new IllegalArgumentException(
                "TCP memory bytes must be at least one block and at most 1 GiB: " + memoryBytes);
        }
        if (idleTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("TCP idle timeout must be positive: " + idleTimeoutNs + " ns");
        }
        if (gapTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("TCP gap timeout must be positive: " + gapTimeoutNs + " ns");
        }
        return this;
    }

    private static void checkPorts(final String what, final int[] ports)
    {
        for (final int port : ports)
        {
            if (port < 1 || port > 65_535)
            {
                throw new IllegalArgumentException(what + " port must be 1..65535: " + port);
            }
        }
    }
}
