package io.sipsensor.status;

import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Drains a ring completely once its producers have stopped. A single {@code read} may return 0 while messages
 * remain (it stops at the padding record before the buffer wraps), so "read until 0" can leave messages behind;
 * this reads until the ring is empty. A record claimed but never committed (a producer that died mid-write) would
 * block the ring forever, so draining gives up after many reads that make no progress.
 */
public final class RingDrain
{
    private static final int MAX_IDLE_READS = 10_000;

    private RingDrain()
    {
    }

    /**
     * @param ring    the ring.
     * @param handler receives each message.
     * @param batch   messages per read.
     * @return messages read.
     */
    public static long drain(final RingBuffer ring, final MessageHandler handler, final int batch)
    {
        long total = 0;
        int idle = 0;
        while (true)
        {
            final int read = ring.read(handler, batch);
            total += read;
            if (read > 0)
            {
                idle = 0;
            }
            else if (ring.size() == 0 || ++idle > MAX_IDLE_READS)
            {
                return total;
            }
        }
    }
}
