package io.sipsensor.capture.live;

import io.sipsensor.capture.PacketHandler;

/**
 * Frames from live interfaces for one capture thread. {@link #poll} never blocks and never throws for what it reads;
 * {@link #await} blocks in the kernel until frames may be there or the timeout passes. Owned by the capture thread,
 * including {@link #close()}.
 */
public interface LiveSource extends AutoCloseable
{
    /**
     * Delivers the frames ready now (whole ring blocks, or one libpcap batch per handle).
     *
     * @param handler receives each frame; the buffer is valid only during the call.
     * @param limit   take no further batch once this many frames were delivered.
     * @return frames delivered, 0 if none were ready.
     */
    int poll(PacketHandler handler, int limit);

    /**
     * Waits in the kernel until a frame may be ready, at most {@code timeoutMs}.
     *
     * @param timeoutMs longest wait.
     */
    void await(int timeoutMs);

    /**
     * Reads the kernel's counts (frames offered, dropped) into the thread's counters.
     */
    void updateStatistics();

    /**
     * Replaces the capture filter (a reload). The old filter stays if the new one is refused.
     *
     * @param expression tcpdump expression, "" for none.
     * @throws CaptureOpenException with one line if the filter cannot be applied.
     */
    void filter(String expression);

    /**
     * @return one line for the log, e.g. "afpacket on eth1 (32 blocks of 1024 KiB)".
     */
    String description();

    /**
     * Releases sockets, rings and handles. Idempotent.
     */
    @Override
    void close();
}
