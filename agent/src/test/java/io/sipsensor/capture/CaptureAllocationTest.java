package io.sipsensor.capture;

import io.sipsensor.agent.Counters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading frames allocates nothing once a file is open: measured with the JVM's per-thread allocation counter.
 */
class CaptureAllocationTest
{
    private static final int FRAMES = 60_000;
    private static final int WARM_UP_FRAMES = 10_000;

    @TempDir
    Path directory;

    @Test
    void shouldNotAllocatePerFrameWhenReadingMappedFiles() throws IOException
    {
        assertNoAllocationPerFrame(false);
    }

    @Test
    void shouldNotAllocatePerFrameWhenReadingGzipFiles() throws IOException
    {
        assertNoAllocationPerFrame(true);
    }

    private void assertNoAllocationPerFrame(final boolean gzip) throws IOException
    {
        // Two interleaved files, so the merge heap works on every frame.
        final Path a = directory.resolve("a");
        final Path b = directory.resolve("b");
        try (PcapWriter writerA = PcapWriter.create(a, LinkType.ETHERNET, true, gzip);
            PcapWriter writerB = PcapWriter.create(b, LinkType.ETHERNET, true, gzip))
        {
            final byte[] frame = TestCaptures.frame(0x55, 300);
            for (int i = 0; i < FRAMES / 2; i++)
            {
                writerA.write(frame, 2L * i);
                writerB.write(frame, 2L * i + 1);
            }
        }

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long[] bytesSeen = new long[1];
        final PacketHandler handler = (linkType, buffer, offset, captured, original, timestampNs) ->
            bytesSeen[0] += buffer.getByte(offset + captured - 1);
        try (MergingPacketSource source = CaptureFiles.open(List.of(a, b), CaptureProblemListener.NONE, new Counters()))
        {
            int delivered = 0;
            while (delivered < WARM_UP_FRAMES)
            {
                delivered += source.poll(handler, 100);
            }

            final long before = threads.getCurrentThreadAllocatedBytes();
            while (delivered < FRAMES - 100)
            {
                delivered += source.poll(handler, 100);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " +
                (FRAMES - 100 - WARM_UP_FRAMES) + " frames");
        }
        assertEquals(0x55L * (FRAMES - 100), bytesSeen[0]);
    }
}
