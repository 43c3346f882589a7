package io.sipsensor.capture;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.sipsensor.capture.TestCaptures.SECOND;
import static io.sipsensor.capture.TestCaptures.writePcap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MergingPacketSourceTest
{
    @TempDir
    Path directory;

    private final Counters counters = new Counters();
    private final TestCaptures.Problems problems = new TestCaptures.Problems();

    @Test
    void shouldMergeInterleavedFilesIntoOneStreamInTimestampOrder() throws IOException
    {
        final Path a = writePcap(directory.resolve("a.pcap"), false, 10, 1 * SECOND, 4 * SECOND, 7 * SECOND);
        final Path b = writePcap(directory.resolve("b.pcap.gz"), true, 20, 2 * SECOND, 5 * SECOND, 8 * SECOND);
        final Path c = writePcap(directory.resolve("c.pcap"), false, 30, 3 * SECOND, 6 * SECOND, 9 * SECOND);

        final FrameRecorder frames = TestCaptures.readAll(List.of(c, a, b), problems, counters);

        assertEquals(List.of(1 * SECOND, 2 * SECOND, 3 * SECOND, 4 * SECOND, 5 * SECOND, 6 * SECOND, 7 * SECOND,
            8 * SECOND, 9 * SECOND), frames.timestamps());
        assertEquals(List.of(10, 20, 30, 11, 21, 31, 12, 22, 32), markers(frames));
        assertEquals(3, counters.value(SensorCounter.CAPTURE_FILES));
        assertEquals(0, counters.value(SensorCounter.PACKETS_OUT_OF_ORDER));
    }

    @Test
    void shouldKeepEachFilesOwnOrderWhenItIsNotSorted() throws IOException
    {
        final Path unsorted = writePcap(directory.resolve("u.pcap"), false, 10, 1 * SECOND, 5 * SECOND, 3 * SECOND);
        final Path other = writePcap(directory.resolve("o.pcap"), false, 20, 4 * SECOND);

        final FrameRecorder frames = TestCaptures.readAll(List.of(unsorted, other), problems, counters);

        assertEquals(List.of(10, 20, 11, 12), markers(frames));
        assertEquals(1, counters.value(SensorCounter.PACKETS_OUT_OF_ORDER));
    }

    @Test
    void shouldBreakTimestampTiesByTheOrderFilesWereGiven() throws IOException
    {
        final Path first = writePcap(directory.resolve("z-first.pcap"), false, 10, SECOND, 2 * SECOND);
        final Path second = writePcap(directory.resolve("a-second.pcap"), false, 20, SECOND, 2 * SECOND);

        final FrameRecorder frames = TestCaptures.readAll(List.of(first, second), problems, counters);

        assertEquals(List.of(10, 20, 11, 21), markers(frames));
    }

    @Test
    void shouldDeliverNoMoreThanTheLimitPerPoll() throws IOException
    {
        final Path file = writePcap(directory.resolve("f.pcap"), false, 1, 1, 2, 3, 4, 5);

        try (MergingPacketSource source = CaptureFiles.open(List.of(file), problems, counters))
        {
            final FrameRecorder recorder = new FrameRecorder();
            assertEquals(2, source.poll(recorder, 2));
            assertEquals(2, source.poll(recorder, 2));
            assertFalse(source.isExhausted());
            assertEquals(1, source.poll(recorder, 2));
            assertTrue(source.isExhausted());
            assertEquals(0, source.poll(recorder, 2));
        }
    }

    @Test
    void shouldBeExhaustedAtOnceWhenNoFileHasFrames() throws IOException
    {
        final Path empty = TestCaptures.write(directory.resolve("empty.pcap"), new byte[0]);

        try (MergingPacketSource source = CaptureFiles.open(List.of(empty), problems, counters))
        {
            assertTrue(source.isExhausted());
            assertEquals(0, source.poll(new FrameRecorder(), 10));
        }
        assertEquals(List.of("capture file " + empty + ": empty file, 0 packets"), problems.messages);
    }

    @Test
    void shouldCloseOpenFilesAndStopDeliveringIdempotently() throws IOException
    {
        final Path a = writePcap(directory.resolve("a.pcap"), false, 1, SECOND, 3 * SECOND);
        final Path b = writePcap(directory.resolve("b.pcap.gz"), true, 2, 2 * SECOND, 4 * SECOND);
        final MergingPacketSource source = CaptureFiles.open(List.of(a, b), problems, counters);
        source.poll(new FrameRecorder(), 1);
        assertEquals(1, source.openFileCount(), "b is not due before its first frame at 2 s");
        source.poll(new FrameRecorder(), 1);
        assertEquals(2, source.openFileCount());

        source.close();
        source.close();

        assertEquals(0, source.openFileCount());
        assertTrue(source.isExhausted());
        assertEquals(0, source.poll(new FrameRecorder(), 10));
    }

    @Test
    void shouldNotDeliverAFrameAgainAfterTheHandlerThrew() throws IOException
    {
        final Path file = writePcap(directory.resolve("f.pcap"), false, 1, SECOND, 2 * SECOND, 3 * SECOND);
        final List<Integer> seen = new ArrayList<>();

        try (MergingPacketSource source = CaptureFiles.open(List.of(file), problems, counters))
        {
            final PacketHandler failing = (linkType, buffer, offset, captured, original, timestampNs) ->
            {
                seen.add((int)buffer.getByte(offset));
                throw new IllegalStateException("downstream bug");
            };
            assertThrows(IllegalStateException.class, () -> source.poll(failing, 10));
            final FrameRecorder rest = FrameRecorder.drain(source);
            assertEquals(List.of(2, 3), markers(rest));
        }
        assertEquals(List.of(1), seen);
    }

    @Test
    void shouldParseCommaSeparatedFileList()
    {
        assertEquals(List.of(Path.of("a.pcap"), Path.of("dir/b.pcap.gz")),
            CaptureFiles.parseFileList("a.pcap, dir/b.pcap.gz,,"));
    }

    static List<Integer> markers(final FrameRecorder frames)
    {
        final List<Integer> markers = new ArrayList<>();
        for (final FrameRecorder.Frame frame : frames.frames)
        {
            markers.add((int)frame.bytes()[0]);
        }
        return markers;
    }
}
