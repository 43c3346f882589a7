package io.sipsensor.capture;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.sipsensor.capture.TestCaptures.SECOND;
import static io.sipsensor.capture.TestCaptures.concat;
import static io.sipsensor.capture.TestCaptures.fileHeader;
import static io.sipsensor.capture.TestCaptures.frame;
import static io.sipsensor.capture.TestCaptures.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureFileReadingTest
{
    @TempDir
    Path directory;

    private final Counters counters = new Counters();
    private final TestCaptures.Problems problems = new TestCaptures.Problems();

    @Test
    void shouldReadEveryMagicInBothByteOrders() throws IOException
    {
        for (final ByteOrder order : new ByteOrder[]{ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN})
        {
            for (final boolean nanosecond : new boolean[]{false, true})
            {
                final int magic = nanosecond ? 0xA1B23C4D : 0xA1B2C3D4;
                final Path file = TestCaptures.write(directory.resolve(order + "-" + nanosecond + ".pcap"), concat(
                    fileHeader(magic, order, 65535, LinkType.LINUX_SLL2),
                    record(1_700_000_000, nanosecond ? 999_999_999 : 999_999, 100, frame(0x41, 20), order),
                    record(1_700_000_001, 7, 30, frame(0x42, 30), order)));

                final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, counters);

                assertEquals(2, frames.count(), file.toString());
                final FrameRecorder.Frame first = frames.frames.get(0);
                assertEquals(LinkType.LINUX_SLL2, first.linkType());
                assertEquals(1_700_000_000L * SECOND + (nanosecond ? 999_999_999L : 999_999_000L), first.timestampNs());
                assertEquals(20, first.capturedLength());
                assertEquals(100, first.originalLength());
                assertArrayEquals(frame(0x41, 20), first.bytes());
                assertEquals(1_700_000_001L * SECOND + (nanosecond ? 7 : 7_000), frames.frames.get(1).timestampNs());
            }
        }
        assertEquals(List.of(), problems.messages);
    }

    @Test
    void shouldReadBackWhatPcapWriterWroteInEveryVariant() throws IOException
    {
        for (final boolean gzip : new boolean[]{false, true})
        {
            for (final boolean nanosecond : new boolean[]{false, true})
            {
                final Path file = directory.resolve("w" + gzip + nanosecond);
                try (PcapWriter writer = PcapWriter.create(file, 147, nanosecond, gzip))
                {
                    writer.write(frame(1, 64), 5 * SECOND + 123_456_789L);
                    writer.write(frame(2, 1500), 6 * SECOND);
                }

                final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, counters);

                assertEquals(2, frames.count());
                assertEquals(147, frames.frames.get(0).linkType(), "any link type is passed through");
                assertEquals(5 * SECOND + (nanosecond ? 123_456_789L : 123_456_000L), frames.frames.get(0).timestampNs());
                assertArrayEquals(frame(2, 1500), frames.frames.get(1).bytes());
            }
        }
    }

    @Test
    void shouldCountPacketsBytesFilesAndSnapLengthCuts() throws IOException
    {
        final Path file = TestCaptures.write(directory.resolve("cut.pcap"), concat(
            fileHeader(0xA1B2C3D4, ByteOrder.LITTLE_ENDIAN, 64, LinkType.ETHERNET),
            record(1, 0, 1514, frame(1, 64), ByteOrder.LITTLE_ENDIAN),
            record(2, 0, 60, frame(2, 60), ByteOrder.LITTLE_ENDIAN)));

        TestCaptures.readAll(List.of(file), problems, counters);

        assertEquals(2, counters.value(SensorCounter.PACKETS));
        assertEquals(124, counters.value(SensorCounter.BYTES));
        assertEquals(1, counters.value(SensorCounter.PACKETS_TRUNCATED_BY_SNAPLEN));
        assertEquals(1, counters.value(SensorCounter.CAPTURE_FILES));
    }

    @Test
    void shouldTellGzipByContentNotByName() throws IOException
    {
        final Path gzipNamedPcap = TestCaptures.writePcap(directory.resolve("looks-plain.pcap"), true, 1, SECOND);
        final Path plainNamedGz = TestCaptures.writePcap(directory.resolve("looks-compressed.pcap.gz"), false, 2,
            2 * SECOND);

        final FrameRecorder frames = TestCaptures.readAll(List.of(gzipNamedPcap, plainNamedGz), problems, counters);

        assertEquals(2, frames.count());
        assertEquals(List.of(), problems.messages);
    }

    @Test
    void shouldReassembleGzipRecordsThatStraddleTheInflateWindow() throws IOException
    {
        // 200 000-byte frames: several per 1 MiB window, so records cross its end again and again.
        final Path file = directory.resolve("big.pcap.gz");
        final int frames = 23;
        try (PcapWriter writer = PcapWriter.create(file, LinkType.RAW, false, true))
        {
            for (int i = 0; i < frames; i++)
            {
                final byte[] frame = frame(i, 200_000);
                frame[0] = (byte)0x45;
                frame[frame.length - 1] = (byte)i;
                writer.write(frame, i * SECOND);
            }
        }

        final FrameRecorder recorder = TestCaptures.readAll(List.of(file), problems, counters);

        assertEquals(frames, recorder.count());
        for (int i = 0; i < frames; i++)
        {
            final byte[] bytes = recorder.frames.get(i).bytes();
            assertEquals(200_000, bytes.length);
            assertEquals(0x45, bytes[0]);
            assertEquals((byte)i, bytes[1]);
            assertEquals((byte)i, bytes[199_999]);
        }
        assertEquals(List.of(), problems.messages);
    }

    @Test
    void shouldReportProgressAsBytesOfEachFile() throws IOException
    {
        final Path plain = TestCaptures.writePcap(directory.resolve("p.pcap"), false, 1, SECOND, 2 * SECOND, 3 * SECOND);
        final Path gzip = TestCaptures.writePcap(directory.resolve("g.pcap.gz"), true, 1, 4 * SECOND, 5 * SECOND,
            6 * SECOND);
        final long total = Files.size(plain) + Files.size(gzip);

        try (MergingPacketSource source = CaptureFiles.open(List.of(plain, gzip), problems, counters))
        {
            assertEquals(total, source.bytesTotal());
            assertEquals(0, source.bytesConsumed());
            source.poll(new FrameRecorder(), 2);
            assertTrue(source.bytesConsumed() > 0 && source.bytesConsumed() < total);
            FrameRecorder.drain(source);
            assertEquals(total, source.bytesConsumed());
        }
    }

    /**
     * A sparse file over 2 GiB: 8 193 records of 262 144 bytes, whose data are holes except a marker at the end of
     * the last record, beyond the 2 GiB mark.
     */
    @Test
    void shouldReadFileLargerThanTwoGibibytes() throws IOException
    {
        final Path file = directory.resolve("large.pcap");
        final int records = 8_193;
        final int length = 262_144;
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw"))
        {
            out.write(fileHeader(0xA1B2C3D4, ByteOrder.BIG_ENDIAN, length, LinkType.RAW));
            long position = 24;
            for (int i = 0; i < records; i++)
            {
                out.seek(position);
                out.write(concat(TestCaptures.int32(i, ByteOrder.BIG_ENDIAN), TestCaptures.int32(0, ByteOrder.BIG_ENDIAN),
                    TestCaptures.int32(length, ByteOrder.BIG_ENDIAN), TestCaptures.int32(length, ByteOrder.BIG_ENDIAN)));
                position += 16 + length;
            }
            out.seek(position - 1);
            out.write(0x7E);
        }
        assertTrue(Files.size(file) > (1L << 31));

        final long[] seen = new long[2];
        try (MergingPacketSource source = CaptureFiles.open(List.of(file), problems, counters))
        {
            while (!source.isExhausted())
            {
                source.poll((linkType, buffer, offset, captured, original, timestampNs) ->
                {
                    seen[0]++;
                    seen[1] = buffer.getByte(offset + captured - 1);
                }, 1000);
            }
        }

        assertEquals(records, seen[0]);
        assertEquals(0x7E, seen[1], "the last byte, past 2 GiB, is read in place");
        assertEquals(List.of(), problems.messages);
    }
}
