package io.sipsensor.capture;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.sipsensor.capture.TestCaptures.SECOND;
import static io.sipsensor.capture.TestCaptures.writePcap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureDirectoryTest
{
    @TempDir
    Path directory;

    private final Counters counters = new Counters();
    private final TestCaptures.Problems problems = new TestCaptures.Problems();

    @Test
    void shouldOpenRotatedFilesOnlyWhenTheStreamReachesThem() throws IOException
    {
        // 200 rotated files of 5 frames, 1 s apart, named so that listing order differs from time order.
        final int files = 200;
        for (int f = 0; f < files; f++)
        {
            final long start = f * 5L * SECOND;
            writePcap(directory.resolve(String.format("rot-%03d.pcap%s", (f * 7) % files, f % 2 == 0 ? "" : ".gz")),
                f % 2 == 1, 0, start, start + SECOND, start + 2 * SECOND, start + 3 * SECOND, start + 4 * SECOND);
        }

        final List<Long> timestamps = new ArrayList<>();
        int mostOpen = 0;
        try (MergingPacketSource source = CaptureFiles.openDirectory(directory, problems, counters))
        {
            assertEquals(0, source.openFileCount(), "nothing is opened before the first poll");
            while (!source.isExhausted())
            {
                source.poll((linkType, buffer, offset, captured, original, timestampNs) -> timestamps.add(timestampNs), 1);
                mostOpen = Math.max(mostOpen, source.openFileCount());
            }
            assertEquals(1, source.maxOpenFileCount());
            assertEquals(files, source.fileCount());
        }

        assertEquals(1, mostOpen);
        assertEquals(files * 5, timestamps.size());
        for (int i = 0; i < timestamps.size(); i++)
        {
            assertEquals(i * SECOND, timestamps.get(i));
        }
        assertEquals(files, counters.value(SensorCounter.CAPTURE_FILES));
        assertEquals(List.of(), problems.messages);
    }

    @Test
    void shouldMergeOverlappingSensorsKeepingOnlyOverlappingFilesOpen() throws IOException
    {
        // Two sensors rotating every 10 s, the second 5 s behind the first: at most one file of each is open.
        for (int f = 0; f < 10; f++)
        {
            final long a = f * 10L * SECOND;
            final long b = a + 5 * SECOND;
            writePcap(directory.resolve("sensor-a-" + f + ".pcap"), false, 1, a, a + 3 * SECOND, a + 6 * SECOND, a + 9 * SECOND);
            writePcap(directory.resolve("sensor-b-" + f + ".pcap"), false, 2, b, b + 3 * SECOND, b + 6 * SECOND, b + 9 * SECOND);
        }

        final FrameRecorder frames;
        try (MergingPacketSource source = CaptureFiles.openDirectory(directory, problems, counters))
        {
            frames = FrameRecorder.drain(source);
            assertEquals(2, source.maxOpenFileCount());
        }

        assertEquals(80, frames.count());
        final List<Long> timestamps = frames.timestamps();
        for (int i = 1; i < timestamps.size(); i++)
        {
            assertTrue(timestamps.get(i - 1) <= timestamps.get(i), "in time order at " + i);
        }
    }

    @Test
    void shouldSkipFilesThatAreNotCapturesWithAMessage() throws IOException
    {
        writePcap(directory.resolve("a.pcap"), false, 1, SECOND);
        final Path readme = TestCaptures.write(directory.resolve("README.txt"), "rotated by tcpdump -G\n".getBytes());
        final Path logs = TestCaptures.write(directory.resolve("old.log.gz"), TestCaptures.gzip("log line\n".getBytes()));

        final FrameRecorder frames;
        try (MergingPacketSource source = CaptureFiles.openDirectory(directory, problems, counters))
        {
            frames = FrameRecorder.drain(source);
        }

        assertEquals(1, frames.count());
        assertEquals(List.of(
            "capture file " + readme + ": not a capture file (starts with 0x726f7461), skipped",
            "capture file " + logs + ": not a capture file (gzip-compressed data starting with 0x6c6f6720), skipped"),
            problems.messages);
        assertEquals(2, counters.value(SensorCounter.CAPTURE_FILES_SKIPPED));
        assertEquals(0, counters.value(SensorCounter.CAPTURE_FILE_ERRORS));
    }

    @Test
    void shouldDescendIntoSubdirectoriesOnlyWhenAsked() throws IOException
    {
        writePcap(directory.resolve("top.pcap"), false, 1, SECOND);
        Files.createDirectory(directory.resolve("sub"));
        writePcap(directory.resolve("sub").resolve("inner.pcap"), false, 2, 2 * SECOND);

        try (MergingPacketSource flat = CaptureFiles.openDirectory(directory, problems, counters);
            MergingPacketSource deep = CaptureFiles.openDirectory(directory, true, problems, new Counters()))
        {
            assertEquals(1, FrameRecorder.drain(flat).count());
            assertEquals(2, FrameRecorder.drain(deep).count());
        }
        // the flat read names the subdirectory it does not go into (issue 19: nothing skipped without a line)
        assertEquals(List.of("capture file " + directory.resolve("sub") + ": not a capture file (a directory), " +
            "skipped"), problems.messages);
    }

    @Test
    void shouldReportMissingDirectoryWithoutThrowing()
    {
        final Path missing = directory.resolve("nowhere");

        try (MergingPacketSource source = CaptureFiles.openDirectory(missing, problems, counters))
        {
            assertTrue(source.isExhausted());
        }
        assertEquals(List.of("capture directory " + missing + ": does not exist"), problems.messages);
        assertEquals(1, counters.value(SensorCounter.CAPTURE_FILE_ERRORS));
    }
}
