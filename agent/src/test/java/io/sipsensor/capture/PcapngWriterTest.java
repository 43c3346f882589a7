package io.sipsensor.capture;

import io.sipsensor.status.Counters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.sipsensor.capture.PcapngBlocks.endOfOptions;
import static io.sipsensor.capture.PcapngBlocks.enhancedPacket;
import static io.sipsensor.capture.PcapngBlocks.interfaceDescription;
import static io.sipsensor.capture.PcapngBlocks.sectionHeader;
import static io.sipsensor.capture.PcapngBlocks.simplePacket;
import static io.sipsensor.capture.PcapngBlocks.tsoffset;
import static io.sipsensor.capture.PcapngBlocks.tsresol;
import static io.sipsensor.capture.TestCaptures.SECOND;
import static io.sipsensor.capture.TestCaptures.concat;
import static io.sipsensor.capture.TestCaptures.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PcapngWriterTest
{
    private static final long T0 = 1_795_343_730L * SECOND;

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void shouldWriteTheBlocksTheFormatDraws(final String byteOrder) throws IOException
    {
        final ByteOrder order = byteOrder.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter writer = new PcapngWriter(out, order))
        {
            writer.addInterface(LinkType.ETHERNET, 65535, PcapngWriter.TSRESOL_MICROSECONDS, 0);
            writer.addInterface(LinkType.RAW, 0, PcapngWriter.TSRESOL_NANOSECONDS, -3600);
            writer.writeEnhanced(0, frame(1, 61), T0 + 123_456_789L);
            writer.writeEnhanced(1, frame(2, 20), T0 + 123_456_789L);
            writer.writeSimple(new UnsafeBuffer(frame(3, 30)), 0, 30, 30);
        }

        assertArrayEquals(concat(
            sectionHeader(order),
            interfaceDescription(order, LinkType.ETHERNET, 65535),
            interfaceDescription(order, LinkType.RAW, 0, tsresol(order, 9), tsoffset(order, -3600),
                endOfOptions(order)),
            enhancedPacket(order, 0, T0 / 1000 + 123_456, frame(1, 61), 61),
            enhancedPacket(order, 1, T0 + 3600 * SECOND + 123_456_789L, frame(2, 20), 20),
            simplePacket(order, 30, frame(3, 30))), out.toByteArray());
    }

    @ParameterizedTest(name = "gzip {0}")
    @CsvSource({"false", "true"})
    void shouldReadBackWhatItWroteWithEveryResolutionAndSection(final boolean gzip) throws IOException
    {
        final Path file = directory.resolve(gzip ? "w.pcapng.gz" : "w.pcapng");
        try (PcapngWriter writer = PcapngWriter.create(file, ByteOrder.BIG_ENDIAN, gzip))
        {
            writer.addInterface(LinkType.ETHERNET, 0, PcapngWriter.TSRESOL_BINARY | 20, 0);
            writer.addInterface(LinkType.LINUX_SLL, 100, 3, 86_400);
            writer.writeEnhanced(0, frame(1, 60), T0 + SECOND / 8);
            writer.writeEnhanced(1, new UnsafeBuffer(frame(2, 200)), 0, 200, 200, T0 + 2 * SECOND + 7_000_000L);
            writer.writeBlock(PcapngBlocks.NAME_RESOLUTION, new byte[]{0, 0, 0, 0});
            writer.newSection(ByteOrder.LITTLE_ENDIAN);
            writer.addInterface(LinkType.RAW, 0, 12, 0);
            writer.writeEnhanced(0, frame(3, 33), SECOND / 2 + 3);
        }

        final Counters counters = new Counters();
        final TestCaptures.Problems problems = new TestCaptures.Problems();
        final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, counters);

        assertEquals(List.of(), problems.messages);
        assertEquals(List.of(T0 + SECOND / 8, T0 + 2 * SECOND + 7_000_000L, SECOND / 2 + 3), frames.timestamps());
        assertEquals(List.of(LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.RAW),
            frames.frames.stream().map(FrameRecorder.Frame::linkType).toList());
        assertEquals(100, frames.frames.get(1).capturedLength(), "cut to the snap length");
        assertEquals(200, frames.frames.get(1).originalLength());
        assertArrayEquals(frame(3, 33), frames.frames.get(2).bytes());
    }

    @Test
    void shouldBeReadTheSameWayByTshark() throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark not installed");
        final Path file = directory.resolve("tshark.pcapng");
        try (PcapngWriter writer = PcapngWriter.create(file, ByteOrder.BIG_ENDIAN, false))
        {
            writer.addInterface(LinkType.ETHERNET, 0, PcapngWriter.TSRESOL_MICROSECONDS, 0);
            writer.addInterface(LinkType.ETHERNET, 64, PcapngWriter.TSRESOL_NANOSECONDS, 0);
            writer.addInterface(LinkType.ETHERNET, 0, PcapngWriter.TSRESOL_BINARY | 20, 10);
            writer.writeEnhanced(0, frame(1, 60), T0 + 1_000L);
            writer.writeEnhanced(1, frame(2, 100), T0 + 2 * SECOND + 5L);
            writer.writeEnhanced(2, frame(3, 70), T0 + 3 * SECOND + SECOND / 2);
            writer.writeSimple(new UnsafeBuffer(frame(4, 80)), 0, 80, 80);
        }

        final Process tshark = new ProcessBuilder("/usr/bin/tshark", "-r", file.toString(), "-T", "fields",
            "-e", "frame.time_epoch", "-e", "frame.cap_len", "-e", "frame.len", "-e", "frame.interface_id")
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String output = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals(true, tshark.waitFor(60, TimeUnit.SECONDS));

        final List<String> lines = new ArrayList<>(List.of(output.strip().split("\n")));
        // Times as tshark prints them; a Simple Packet Block has none (tshark shows 0, this reader the last seen).
        assertEquals(List.of(
            "1795343730.000001000\t60\t60\t0",
            "1795343732.000000005\t64\t100\t1",
            "1795343733.500000000\t70\t70\t2"), lines.subList(0, 3));
        assertEquals(4, lines.size());
        assertEquals(true, lines.get(3).endsWith("\t80\t80\t0"), lines.get(3));
    }
}
