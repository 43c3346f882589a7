package io.sipsensor.capture;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.sipsensor.capture.TestCaptures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PcapWriterTest
{
    private static final long TIME_NS = 1_700_000_000_123_456_789L; // 0x6553F100 s, 123456789 ns

    @TempDir
    Path directory;

    @Test
    void shouldWriteMicrosecondLittleEndianFileLikeTheFormatSays() throws IOException
    {
        final byte[] expected = hex(
            "d4 c3 b2 a1 | 02 00 | 04 00 | 00 00 00 00 | 00 00 00 00 | 00 00 04 00 | 01 00 00 00" +
            "00 f1 53 65 | 40 e2 01 00 | 05 00 00 00 | 05 00 00 00 | 68 65 6c 6c 6f");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (PcapWriter writer = new PcapWriter(out, LinkType.ETHERNET, false, ByteOrder.LITTLE_ENDIAN, 262_144))
        {
            writer.write("hello".getBytes(), TIME_NS);
        }

        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void shouldWriteNanosecondBigEndianFileLikeTheFormatSays() throws IOException
    {
        final byte[] expected = hex(
            "a1 b2 3c 4d | 00 02 | 00 04 | 00 00 00 00 | 00 00 00 00 | 00 00 ff ff | 00 00 00 71" +
            "65 53 f1 00 | 07 5b cd 15 | 00 00 00 02 | 00 00 00 02 | 0a 0b");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (PcapWriter writer = new PcapWriter(out, LinkType.LINUX_SLL, true, ByteOrder.BIG_ENDIAN, 65_535))
        {
            writer.write(hex("0a 0b"), TIME_NS);
        }

        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void shouldCutFramesToSnapLengthKeepingOriginalLength() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (PcapWriter writer = new PcapWriter(out, LinkType.RAW, false, ByteOrder.BIG_ENDIAN, 4))
        {
            writer.write(new UnsafeBuffer(hex("01 02 03 04 05 06")), 0, 6, 0);
            assertEquals(1, writer.packetsWritten());
        }

        assertArrayEquals(hex("00 00 00 00 | 00 00 00 00 | 00 00 00 04 | 00 00 00 06 | 01 02 03 04"),
            java.util.Arrays.copyOfRange(out.toByteArray(), 24, out.size()));
    }

    @Test
    void shouldWriteIdenticalFilesForIdenticalInputIncludingGzip() throws IOException
    {
        for (final boolean gzip : new boolean[]{false, true})
        {
            final Path first = TestCaptures.writePcap(directory.resolve("a" + gzip), gzip, 1, 5, 6, 7);
            final Path second = TestCaptures.writePcap(directory.resolve("b" + gzip), gzip, 1, 5, 6, 7);

            assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
            assertEquals(gzip ? 0x1f : 0xd4, Files.readAllBytes(first)[0] & 0xFF);
        }
    }
}
