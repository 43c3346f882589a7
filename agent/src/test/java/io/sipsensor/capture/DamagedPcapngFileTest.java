package io.sipsensor.capture;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.sipsensor.capture.PcapngBlocks.block;
import static io.sipsensor.capture.PcapngBlocks.enhancedPacket;
import static io.sipsensor.capture.PcapngBlocks.interfaceDescription;
import static io.sipsensor.capture.PcapngBlocks.sectionHeader;
import static io.sipsensor.capture.PcapngBlocks.simplePacket;
import static io.sipsensor.capture.PcapngBlocks.tsresol;
import static io.sipsensor.capture.TestCaptures.concat;
import static io.sipsensor.capture.TestCaptures.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged pcapng files: the same contract as the pcap readers. One line naming the file, the byte offset and the
 * block number, how many complete packets were used; every complete packet before the damage delivered; the next
 * file read as usual.
 */
class DamagedPcapngFileTest
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /**
     * Seven blocks: section header [0, 28), interface [28, 48), packet 1 [48, 100), name resolution [100, 116),
     * packet 2 [116, 152), simple packet 3 [152, 208), packet 4 [208, 248).
     */
    private static final byte[] SMALL = concat(
        sectionHeader(LE),
        interfaceDescription(LE, LinkType.ETHERNET, 65535),
        enhancedPacket(LE, 0, 10_000_000, frame(1, 17), 17),
        block(PcapngBlocks.NAME_RESOLUTION, LE, new byte[4]),
        enhancedPacket(LE, 0, 11_000_000, frame(2, 3), 3),
        simplePacket(LE, 40, frame(3, 40)),
        enhancedPacket(LE, 0, 12_000_000, frame(4, 8), 8));
    private static final int[] BLOCK_ENDS = {28, 48, 100, 116, 152, 208, 248};
    private static final boolean[] IS_PACKET = {false, false, true, false, true, true, true};

    @TempDir
    Path directory;

    @Test
    void shouldDeliverEveryCompletePacketBeforeEachCutPointWithOneClearMessage() throws IOException
    {
        assertEquals(BLOCK_ENDS[BLOCK_ENDS.length - 1], SMALL.length);
        for (int cut = 4; cut <= SMALL.length; cut++)
        {
            final Counters counters = new Counters();
            final TestCaptures.Problems problems = new TestCaptures.Problems();
            final Path file = TestCaptures.write(directory.resolve("cut" + cut + ".pcapng"), Arrays.copyOf(SMALL, cut));

            final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, counters);

            final int complete = completePackets(cut);
            assertEquals(complete, frames.count(), "cut at " + cut);
            for (int i = 0; i < complete; i++)
            {
                assertEquals(i + 1, frames.frames.get(i).bytes()[0], "frame " + i + " intact");
            }
            assertEquals(expectedMessages(file, cut, complete, ""), problems.messages, "cut at " + cut);
            final boolean damaged = !isBlockEnd(cut);
            assertEquals(damaged ? 1 : 0, counters.value(SensorCounter.CAPTURE_FILES_TRUNCATED), "cut at " + cut);
            assertEquals(damaged ? 1 : 0, counters.value(SensorCounter.CAPTURE_FILE_ERRORS), "cut at " + cut);
        }
    }

    @Test
    void shouldDeliverEveryCompletePacketBeforeEachCutPointInsideGzip() throws IOException
    {
        for (int cut = 4; cut <= SMALL.length; cut++)
        {
            final TestCaptures.Problems problems = new TestCaptures.Problems();
            final Path file = TestCaptures.write(directory.resolve("cut" + cut + ".pcapng.gz"),
                TestCaptures.gzip(Arrays.copyOf(SMALL, cut)));

            final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, new Counters());

            final int complete = completePackets(cut);
            assertEquals(complete, frames.count(), "cut at " + cut);
            assertEquals(expectedMessages(file, cut, complete, " of the decompressed data"), problems.messages,
                "cut at " + cut);
        }
    }

    @Test
    void shouldDeliverIntactPrefixWhenCompressedStreamIsCutAnywhere() throws IOException
    {
        final byte[] compressed = TestCaptures.gzip(SMALL);
        for (int cut = 10; cut < compressed.length; cut++)
        {
            final TestCaptures.Problems problems = new TestCaptures.Problems();
            final Path file = TestCaptures.write(directory.resolve("z" + cut + ".pcapng.gz"),
                Arrays.copyOf(compressed, cut));

            final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, new Counters());

            for (int i = 0; i < frames.count(); i++)
            {
                assertEquals(i + 1, frames.frames.get(i).bytes()[0], "frame " + i + " intact, cut " + cut);
            }
            final String message = problems.only();
            assertTrue(message.startsWith("capture file " + file + ": "), message);
            assertTrue(message.contains("truncated") || message.equals("capture file " + file + ": no packets"),
                message);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "trailing length | 148 | 63 00 00 00 | enhanced packet block (trailing length 99 differs from total length 36)",
        "total length not a multiple of 4 | 120 | 25 00 00 00 | enhanced packet block (total length 37)",
        "total length below 12 | 120 | 08 00 00 00 | enhanced packet block (total length 8)",
        "undescribed interface | 124 | 03 00 00 00 | enhanced packet block (interface 3, but 1 described)",
        "captured length too large | 136 | e0 93 04 00 | enhanced packet block (captured length 300000 > 262144)",
        "captured length beyond block | 136 | 32 00 00 00 | " +
            "enhanced packet block (captured length 50 beyond block length 36)"})
    void shouldReportCorruptPacketBlockAndGoOnWithTheNextFile(final String name, final int offset, final String bytes,
        final String detail) throws IOException
    {
        final byte[] damaged = SMALL.clone();
        System.arraycopy(TestCaptures.hex(bytes), 0, damaged, offset, 4);
        final Counters counters = new Counters();
        final TestCaptures.Problems problems = new TestCaptures.Problems();
        final Path file = TestCaptures.write(directory.resolve("damaged.pcapng"), damaged);
        final Path next = TestCaptures.writePcap(directory.resolve("next.pcap"), false, 9, 13 * TestCaptures.SECOND);

        final FrameRecorder frames = TestCaptures.readAll(List.of(file, next), problems, counters);

        assertEquals(List.of(1, 9), frames.frames.stream().map(frame -> (int)frame.bytes()[0]).toList(), name);
        assertEquals("capture file " + file + ": corrupt " + detail + " at byte 116 in block 5; 1 complete packet used",
            problems.only());
        assertEquals(1, counters.value(SensorCounter.CAPTURE_FILES_CORRUPT));
        assertEquals(1, counters.value(SensorCounter.CAPTURE_FILE_ERRORS));
    }

    @Test
    void shouldReportTheSameDamageInsideGzipWithDecompressedOffsets() throws IOException
    {
        final byte[] damaged = SMALL.clone();
        System.arraycopy(TestCaptures.hex("63 00 00 00"), 0, damaged, 148, 4);
        final TestCaptures.Problems problems = new TestCaptures.Problems();
        final Path file = TestCaptures.write(directory.resolve("damaged.pcapng.gz"), TestCaptures.gzip(damaged));

        final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, new Counters());

        assertEquals(1, frames.count());
        assertEquals("capture file " + file + ": corrupt enhanced packet block (trailing length 99 differs from " +
            "total length 36) at byte 116 of the decompressed data in block 5; 1 complete packet used",
            problems.only());
    }

    @Test
    void shouldReportASkippedBlockWhoseTrailingLengthDiffers() throws IOException
    {
        final byte[] damaged = SMALL.clone();
        damaged[112] = 0x44;
        final TestCaptures.Problems problems = new TestCaptures.Problems();
        final Path file = TestCaptures.write(directory.resolve("damaged.pcapng"), damaged);

        TestCaptures.readAll(List.of(file), problems, new Counters());

        assertEquals("capture file " + file + ": corrupt block of type 0x00000004 (trailing length 68 differs from " +
            "total length 16) at byte 100 in block 4; 1 complete packet used", problems.only());
    }

    @Test
    void shouldReportDamagedSectionHeadersAndInterfaces() throws IOException
    {
        final byte[] badMagic = concat(Arrays.copyOf(SMALL, 100), sectionHeader(LE));
        System.arraycopy(TestCaptures.hex("4d 3c 2b 1b"), 0, badMagic, 108, 4);
        final byte[] version2 = SMALL.clone();
        version2[12] = 2;
        final byte[] tsresol = concat(sectionHeader(LE), interfaceDescription(LE, LinkType.ETHERNET, 0,
            tsresol(LE, 30)));
        final byte[] noInterface = concat(sectionHeader(LE), simplePacket(LE, 4, frame(1, 4)));
        final byte[] packetFirst = concat(sectionHeader(LE), enhancedPacket(LE, 0, 1, frame(1, 4), 4));

        assertEquals("corrupt section header block (byte-order magic 0x4d3c2b1b) at byte 100 in block 4; " +
            "1 complete packet used", problemOf("magic.pcapng", badMagic));
        assertEquals("corrupt section header block (version 2.0) at byte 0 in block 1; 0 complete packets used",
            problemOf("version.pcapng", version2));
        assertEquals("corrupt interface description block (if_tsresol 0x1e not supported) at byte 28 in block 2; " +
            "0 complete packets used", problemOf("tsresol.pcapng", tsresol));
        assertEquals("corrupt simple packet block (no interface described) at byte 28 in block 2; " +
            "0 complete packets used", problemOf("simple.pcapng", noInterface));
        assertEquals("corrupt enhanced packet block (interface 0, but 0 described) at byte 28 in block 2; " +
            "0 complete packets used", problemOf("first.pcapng", packetFirst));
    }

    @Test
    void shouldReportAFileCutShortAfterItWasMappedWithoutThrowing() throws IOException
    {
        final Path file = directory.resolve("shrinking.pcapng");
        try (PcapngWriter writer = PcapngWriter.create(file, LE, false))
        {
            writer.addInterface(LinkType.ETHERNET, 0, PcapngWriter.TSRESOL_MICROSECONDS, 0);
            for (int i = 0; i < 10; i++)
            {
                writer.writeEnhanced(0, frame(i + 1, 8000), i * 1000L);
            }
        }
        final TestCaptures.Problems problems = new TestCaptures.Problems();
        final List<Integer> seen = new java.util.ArrayList<>();
        final PacketHandler lengths = (linkType, buffer, offset, captured, original, timestampNs) -> seen.add(captured);
        try (MergingPacketSource source = CaptureFiles.open(List.of(file), problems, new Counters()))
        {
            source.poll(lengths, 1);
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE))
            {
                channel.truncate(4096);
            }
            while (!source.isExhausted())
            {
                source.poll(lengths, 10);
            }
        }

        // Block 4 (packet 2) was read before the cut, when packet 1 was delivered; block 5 is gone.
        assertEquals(List.of(8000, 8000), seen);
        assertTrue(problems.only().startsWith("capture file " + file + ": read error (IOException: file changed " +
            "while being read"), problems.only());
        assertTrue(problems.only().endsWith("in block 5; 2 complete packets used"), problems.only());
    }

    @Test
    void shouldNeverThrowOnMutatedFilesAndReportAtMostOneProblemEach() throws IOException
    {
        final java.util.Random random = new java.util.Random(7_2026L);
        for (int i = 0; i < 1500; i++)
        {
            final byte[] mutated = SMALL.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--)
            {
                mutated[random.nextInt(mutated.length)] = (byte)random.nextInt(256);
            }
            final boolean gzip = i % 3 == 0;
            final TestCaptures.Problems problems = new TestCaptures.Problems();
            final Path file = TestCaptures.write(directory.resolve("m" + i + (gzip ? ".pcapng.gz" : ".pcapng")),
                gzip ? TestCaptures.gzip(mutated) : mutated);

            final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, new Counters());

            assertTrue(problems.messages.size() <= 1, problems.messages.toString());
            assertTrue(frames.count() <= 4, "mutation " + i);
            Files.delete(file);
        }
    }

    private String problemOf(final String name, final byte[] bytes) throws IOException
    {
        final TestCaptures.Problems problems = new TestCaptures.Problems();
        final Path file = TestCaptures.write(directory.resolve(name), bytes);
        TestCaptures.readAll(List.of(file), problems, new Counters());
        final String prefix = "capture file " + file + ": ";
        assertTrue(problems.only().startsWith(prefix), problems.only());
        return problems.only().substring(prefix.length());
    }

    private static int completePackets(final int cut)
    {
        int complete = 0;
        for (int i = 0; i < BLOCK_ENDS.length; i++)
        {
            if (IS_PACKET[i] && BLOCK_ENDS[i] <= cut)
            {
                complete++;
            }
        }
        return complete;
    }

    private static boolean isBlockEnd(final int cut)
    {
        return Arrays.stream(BLOCK_ENDS).anyMatch(end -> end == cut);
    }

    private static List<String> expectedMessages(final Path file, final int cut, final int complete,
        final String decompressed)
    {
        if (isBlockEnd(cut))
        {
            return complete == 0 ? List.of("capture file " + file + ": no packets") : List.of();
        }
        int block = 1;
        while (BLOCK_ENDS[block - 1] <= cut)
        {
            block++;
        }
        return List.of("capture file " + file + ": truncated at byte " + cut + decompressed + " in block " + block +
            "; " + complete + (complete == 1 ? " complete packet used" : " complete packets used"));
    }
}
