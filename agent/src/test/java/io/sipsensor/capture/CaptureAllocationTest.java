package io.sipsensor.capture;

import io.sipsensor.status.Counters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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

    @Test
    void shouldNotAllocatePerFrameWhenReadingMappedPcapngFiles() throws IOException
    {
        writePcapng(false);
        assertNoAllocationPerFrameReading();
    }

    @Test
    void shouldNotAllocatePerFrameWhenReadingGzipPcapngFiles() throws IOException
    {
        writePcapng(true);
        assertNoAllocationPerFrameReading();
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
        assertNoAllocationPerFrameReading();
    }

    /**
     * Two interleaved pcapng files with two interfaces each, simple packets and skipped blocks among the packets.
     */
    private void writePcapng(final boolean gzip) throws IOException
    {
        try (PcapngWriter writerA = PcapngWriter.create(directory.resolve("a"), java.nio.ByteOrder.LITTLE_ENDIAN, gzip);
            PcapngWriter writerB = PcapngWriter.create(directory.resolve("b"), java.nio.ByteOrder.BIG_ENDIAN, gzip))
        {
            for (final PcapngWriter writer : List.of(writerA, writerB))
            {
                writer.addInterface(LinkType.ETHERNET, 0, PcapngWriter.TSRESOL_NANOSECONDS, 0);
                writer.addInterface(LinkType.ETHERNET, 0, PcapngWriter.TSRESOL_BINARY | 30, 0);
            }
            final byte[] frame = TestCaptures.frame(0x55, 300);
            final org.agrona.concurrent.UnsafeBuffer view = new org.agrona.concurrent.UnsafeBuffer(frame);
            for (int i = 0; i < FRAMES / 2; i++)
            {
                if (i % 10 == 9)
                {
                    writerA.writeSimple(view, 0, frame.length, frame.length);
                    writerB.writeBlock(PcapngBlocks.INTERFACE_STATISTICS, new byte[28]);
                    writerB.writeEnhanced(0, frame, 2L * i + 1);
                    continue;
                }
                writerA.writeEnhanced(i & 1, frame, 2L * i);
                writerB.writeEnhanced(i & 1, frame, 2L * i + 1);
            }
        }
    }

    private void assertNoAllocationPerFrameReading()
    {
        final Path a = directory.resolve("a");
        final Path b = directory.resolve("b");

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

            final int chunk = (FRAMES - 100 - delivered) / 5;
            final long[] total = {delivered};
            final long allocated = io.sipsensor.testing.Allocations.leastOf(5, () ->
            {
                final long end = total[0] + chunk;
                while (total[0] < end)
                {
                    total[0] += source.poll(handler, 100);
                }
            });
            delivered = (int)total[0];
            while (delivered < FRAMES - 100)
            {
                delivered += source.poll(handler, 100);
            }

            assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " +
                (FRAMES - 100 - WARM_UP_FRAMES) + " frames");
        }
        assertEquals(0x55L * (FRAMES - 100), bytesSeen[0]);
    }
}
