package io.sipsensor.capture;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.sipsensor.capture.TestCaptures.concat;
import static io.sipsensor.capture.TestCaptures.fileHeader;
import static io.sipsensor.capture.TestCaptures.frame;
import static io.sipsensor.capture.TestCaptures.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DamagedCaptureFileTest
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Three records of 17, 3 and 40 bytes: record boundaries at bytes 24, 57, 76 and 132. */
    private static final byte[] SMALL = concat(
        fileHeader(0xA1B2C3D4, LE, 65535, LinkType.ETHERNET),
        record(10, 0, 17, frame(1, 17), LE),
        record(11, 0, 3, frame(2, 3), LE),
        record(12, 0, 40, frame(3, 40), LE));
    private static final int[] RECORD_ENDS = {24, 57, 76, 132};

    @TempDir
    Path directory;

    @Test
    void shouldDeliverEveryCompletePacketBeforeEachCutPointWithOneClearMessage() throws IOException
    {
        for (int cut = 0; cut <= SMALL.length; cut++)
        {
            final Counters counters = new Counters();
            final TestCaptures.Problems problems = new TestCaptures.Problems();
            final Path file = TestCaptures.write(directory.resolve("cut" + cut + ".pcap"), Arrays.copyOf(SMALL, cut));

            final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, counters);

            final int complete = completeRecords(cut);
            assertEquals(complete, frames.count(), "cut at " + cut);
            for (int i = 0; i < complete; i++)
            {
                assertEquals(i + 1, frames.frames.get(i).bytes()[0], "frame " + i + " intact");
            }
            assertEquals(expectedMessage(file, cut, complete, false), problems.messages, "cut at " + cut);
            final boolean damaged = cut > 0 && cut != 24 && !isRecordEnd(cut);
            assertEquals(damaged ? 1 : 0, counters.value(SensorCounter.CAPTURE_FILE_ERRORS), "cut at " + cut);
            assertEquals(damaged ? 1 : 0, counters.value(SensorCounter.CAPTURE_FILES_TRUNCATED), "cut at " + cut);
        }
    }

    @Test
    void shouldDeliverEveryCompletePacketBeforeEachCutPointInsideGzip() throws IOException
    {
        for (int cut = 1; cut <= SMALL.length; cut++)
        {
            final TestCaptures.Problems problems = new TestCaptures.Problems();
            final Path file = TestCaptures.write(directory.resolve("cut" + cut + ".pcap.gz"),
                TestCaptures.gzip(Arrays.copyOf(SMALL, cut)));

            final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, new Counters());

            final int complete = completeRecords(cut);
            assertEquals(complete, frames.count(), "cut at " + cut);
            assertEquals(expectedMessage(file, cut, complete, true), problems.messages, "cut at " + cut);
        }
    }

    @Test
    void shouldDeliverIntactPrefixWhenCompressedStreamIsCutAnywhere() throws IOException
    {
        final byte[] compressed = TestCaptures.gzip(SMALL);
        for (int cut = 10; cut < compressed.length; cut++)
        {
            final TestCaptures.Problems problems = new TestCaptures.Problems();
            final Path file = TestCaptures.write(directory.resolve("z" + cut + ".pcap.gz"),
                Arrays.copyOf(compressed, cut));

            final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, new Counters());

            for (int i = 0; i < frames.count(); i++)
            {
                assertEquals(i + 1, frames.frames.get(i).bytes()[0], "frame " + i + " intact, cut " + cut);
            }
            final String message = problems.only();
            assertTrue(message.startsWith("capture file " + file + ": "), message);
            assertTrue(message.contains("truncated"), message);
            assertTrue(message.endsWith(frames.count() + (frames.count() == 1 ? " complete packet used" :
                " complete packets used")), message);
        }
    }

    @Test
    void shouldStopFileAtCorruptRecordLengthAndGoOnWithOtherFiles() throws IOException
    {
        final Counters counters = new Counters();
        final TestCaptures.Problems problems = new TestCaptures.Problems();
        final Path corrupt = TestCaptures.write(directory.resolve("corrupt.pcap"), concat(
            fileHeader(0xA1B2C3D4, LE, 65535, LinkType.ETHERNET),
            record(10, 0, 17, frame(1, 17), LE),
            TestCaptures.int32(11, LE), TestCaptures.int32(0, LE), TestCaptures.int32(0x0010_0000, LE),
            TestCaptures.int32(60, LE), frame(2, 60)));
        final Path good = TestCaptures.writePcap(directory.resolve("good.pcap"), false, 7, 10_500_000_000L);

        final FrameRecorder frames = TestCaptures.readAll(List.of(corrupt, good), problems, counters);

        assertEquals(2, frames.count());
        assertEquals(List.of(1, 7), List.of((int)frames.frames.get(0).bytes()[0], (int)frames.frames.get(1).bytes()[0]));
        assertEquals("capture file " + corrupt + ": corrupt record header (captured length 1048576 > 262144) at " +
            "byte 57 in packet 2; 1 complete packet used", problems.only());
        assertEquals(1, counters.value(SensorCounter.CAPTURE_FILES_CORRUPT));
        assertEquals(1, counters.value(SensorCounter.CAPTURE_FILE_ERRORS));
    }

    @Test
    void shouldSkipFileThatIsNotACapture() throws IOException
    {
        final Counters counters = new Counters();
        final TestCaptures.Problems problems = new TestCaptures.Problems();
        final Path text = TestCaptures.write(directory.resolve("notes.pcap"), "Hello, world\n".getBytes());

        final FrameRecorder frames = TestCaptures.readAll(List.of(text), problems, counters);

        assertEquals(0, frames.count());
        assertEquals("capture file " + text + ": not a capture file (starts with 0x48656c6c), skipped", problems.only());
        assertEquals(1, counters.value(SensorCounter.CAPTURE_FILE_ERRORS));
        assertEquals(0, counters.value(SensorCounter.CAPTURE_FILES));
    }

    @Test
    void shouldReportPcapngWithoutPacketsAsHavingNone() throws IOException
    {
        final Counters counters = new Counters();
        final TestCaptures.Problems problems = new TestCaptures.Problems();
        // Section Header Block: type, length 28, byte-order magic, version 1.0, section length -1, length again.
        final Path pcapng = TestCaptures.write(directory.resolve("trace.pcapng"), TestCaptures.hex(
            "0a 0d 0d 0a 1c 00 00 00 4d 3c 2b 1a 01 00 00 00 ff ff ff ff ff ff ff ff 1c 00 00 00"));

        TestCaptures.readAll(List.of(pcapng), problems, counters);

        assertEquals("capture file " + pcapng + ": no packets", problems.only());
        assertEquals(1, counters.value(SensorCounter.CAPTURE_FILES));
        assertEquals(0, counters.value(SensorCounter.CAPTURE_FILE_ERRORS));
    }

    @Test
    void shouldReportMissingFileAndGoOn() throws IOException
    {
        final TestCaptures.Problems problems = new TestCaptures.Problems();
        final Path missing = directory.resolve("missing.pcap");
        final Path good = TestCaptures.writePcap(directory.resolve("good.pcap"), false, 1, 1);

        final FrameRecorder frames = TestCaptures.readAll(List.of(missing, good), problems, new Counters());

        assertEquals(1, frames.count());
        assertTrue(problems.only().startsWith("capture file " + missing + ": cannot read ("), problems.only());
    }

    @Test
    void shouldDeliverSameFramesFromCorruptGzipRecordAsFromPlainFile() throws IOException
    {
        final byte[] corrupt = concat(
            fileHeader(0xA1B2C3D4, LE, 65535, LinkType.ETHERNET),
            record(10, 0, 17, frame(1, 17), LE),
            TestCaptures.int32(11, LE), TestCaptures.int32(0, LE), TestCaptures.int32(-1, LE), TestCaptures.int32(0, LE));
        final TestCaptures.Problems problems = new TestCaptures.Problems();
        final Path file = TestCaptures.write(directory.resolve("corrupt.pcap.gz"), TestCaptures.gzip(corrupt));

        final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, new Counters());

        assertArrayEquals(frame(1, 17), frames.frames.get(0).bytes());
        assertEquals(1, frames.count());
        assertEquals("capture file " + file + ": corrupt record header (captured length 4294967295 > 262144) at " +
            "byte 57 of the decompressed data in packet 2; 1 complete packet used", problems.only());
    }

    @Test
    void shouldReportFileCutShortAfterItWasMappedWithoutThrowing() throws IOException
    {
        // Frames of 8000 bytes, so later record headers sit on pages that vanish when the file is cut.
        final TestCaptures.Problems problems = new TestCaptures.Problems();
        final Path file = directory.resolve("shrinking.pcap");
        try (PcapWriter writer = PcapWriter.create(file, LinkType.ETHERNET, false, false))
        {
            for (int i = 0; i < 10; i++)
            {
                writer.write(frame(i + 1, 8000), i);
            }
        }

        final List<Integer> seen = new java.util.ArrayList<>();
        try (MergingPacketSource source = CaptureFiles.open(List.of(file), problems, new Counters()))
        {
            source.poll((linkType, buffer, offset, captured, original, timestampNs) -> seen.add(captured), 1);
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE))
            {
                channel.truncate(4096);
            }
            while (!source.isExhausted())
            {
                source.poll((linkType, buffer, offset, captured, original, timestampNs) -> seen.add(captured), 10);
            }
        }

        // Record 2's header was read (before the cut) when frame 1 was delivered; record 3's is gone.
        assertEquals(List.of(8000, 8000), seen);
        assertTrue(problems.only().startsWith("capture file " + file + ": read error (IOException: file changed " +
            "while being read"), problems.only());
        assertTrue(problems.only().endsWith("in packet 3; 2 complete packets used"), problems.only());
    }

    private static int completeRecords(final int cut)
    {
        int complete = 0;
        for (int i = 1; i < RECORD_ENDS.length; i++)
        {
            if (RECORD_ENDS[i] <= cut)
            {
                complete = i;
            }
        }
        return complete;
    }

    private static boolean isRecordEnd(final int cut)
    {
        for (final int end : RECORD_ENDS)
        {
            if (end == cut)
            {
                return end != 24;
            }
        }
        return false;
    }

    private static List<String> expectedMessage(final Path file, final int cut, final int complete, final boolean gzip)
    {
        final String prefix = "capture file " + file + ": ";
        if (cut == 0)
        {
            return List.of(prefix + "empty file, 0 packets");
        }
        if (cut < 24)
        {
            return List.of(prefix + "truncated at byte " + cut + " in the file header; 0 complete packets used");
        }
        if (cut == 24)
        {
            return List.of(prefix + "no packets");
        }
        if (isRecordEnd(cut))
        {
            return List.of();
        }
        final String where = gzip ? "byte " + cut + " of the decompressed data" : "byte " + cut;
        return List.of(prefix + "truncated at " + where + " in packet " + (complete + 1) + "; " + complete +
            (complete == 1 ? " complete packet used" : " complete packets used"));
    }
}
