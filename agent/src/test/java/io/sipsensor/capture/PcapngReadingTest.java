package io.sipsensor.capture;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import static io.sipsensor.capture.PcapngBlocks.block;
import static io.sipsensor.capture.PcapngBlocks.endOfOptions;
import static io.sipsensor.capture.PcapngBlocks.enhancedPacket;
import static io.sipsensor.capture.PcapngBlocks.interfaceDescription;
import static io.sipsensor.capture.PcapngBlocks.option;
import static io.sipsensor.capture.PcapngBlocks.packet;
import static io.sipsensor.capture.PcapngBlocks.sectionHeader;
import static io.sipsensor.capture.PcapngBlocks.simplePacket;
import static io.sipsensor.capture.PcapngBlocks.tsoffset;
import static io.sipsensor.capture.PcapngBlocks.tsresol;
import static io.sipsensor.capture.TestCaptures.SECOND;
import static io.sipsensor.capture.TestCaptures.concat;
import static io.sipsensor.capture.TestCaptures.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * pcapng files written block by block (see {@link PcapngBlocks}), read plain (memory-mapped) and gzip-compressed.
 */
class PcapngReadingTest
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    /** 2026-11-22T10:15:30.123456Z. */
    private static final long T0_MICROS = 1_795_343_730_123_456L;
    private static final long T0_NS = T0_MICROS * 1000;

    @TempDir
    Path directory;

    private final Counters counters = new Counters();
    private final TestCaptures.Problems problems = new TestCaptures.Problems();

    @ParameterizedTest(name = "{0}, gzip {1}")
    @CsvSource({"LITTLE_ENDIAN, false", "BIG_ENDIAN, false", "LITTLE_ENDIAN, true", "BIG_ENDIAN, true"})
    void shouldReadEnhancedPacketsInEitherByteOrder(final String byteOrder, final boolean gzip) throws IOException
    {
        final ByteOrder order = byteOrder.equals("BIG_ENDIAN") ? BE : LE;
        final byte[] file = concat(
            sectionHeader(order),
            interfaceDescription(order, LinkType.ETHERNET, 65535),
            enhancedPacket(order, 0, T0_MICROS, frame(1, 61), 61),
            enhancedPacket(order, 0, T0_MICROS + 250_000, frame(2, 64), 1514));

        final FrameRecorder frames = read(file, gzip);

        assertEquals(2, frames.count());
        assertArrayEquals(frame(1, 61), frames.frames.get(0).bytes());
        assertEquals(List.of(T0_NS, T0_NS + 250_000_000L), frames.timestamps());
        assertEquals(LinkType.ETHERNET, frames.frames.get(1).linkType());
        assertEquals(64, frames.frames.get(1).capturedLength());
        assertEquals(1514, frames.frames.get(1).originalLength());
        assertEquals(List.of(), problems.messages);
        assertEquals(1, counters.value(SensorCounter.CAPTURE_FILES));
        assertEquals(2, counters.value(SensorCounter.PACKETS));
        assertEquals(1, counters.value(SensorCounter.PACKETS_TRUNCATED_BY_SNAPLEN));
    }

    @ParameterizedTest(name = "gzip {0}")
    @CsvSource({"false", "true"})
    void shouldApplyEachInterfacesLinkTypeResolutionAndOffset(final boolean gzip) throws IOException
    {
        final long seconds = 1_795_343_730L;
        final byte[] file = concat(
            sectionHeader(LE),
            // 0: Ethernet, microseconds (the default).
            interfaceDescription(LE, LinkType.ETHERNET, 0),
            // 1: raw IP, nanoseconds.
            interfaceDescription(LE, LinkType.RAW, 262144, tsresol(LE, 9), endOfOptions(LE)),
            // 2: Linux cooked, 2^-20 s, clock 1000 s behind (if_tsoffset), an unknown option before them.
            interfaceDescription(LE, LinkType.LINUX_SLL, 65535, option(2, LE, "eth0".getBytes()),
                tsresol(LE, 0x80 | 20), tsoffset(LE, 1000), endOfOptions(LE)),
            // 3: Ethernet, milliseconds.
            interfaceDescription(LE, LinkType.ETHERNET, 1500, tsresol(LE, 3)),
            // 4: Ethernet, picoseconds (finer than the nanoseconds kept).
            interfaceDescription(LE, LinkType.ETHERNET, 1500, tsresol(LE, 12)),
            enhancedPacket(LE, 1, seconds * 1_000_000_000L + 123_456_789L, frame(1, 40), 40),
            enhancedPacket(LE, 0, seconds * 1_000_000L + 500_000L, frame(2, 60), 60),
            enhancedPacket(LE, 2, (seconds - 1000) << 20 | 1 << 19, frame(3, 44), 44),
            enhancedPacket(LE, 3, seconds * 1000 + 999, frame(4, 60), 60),
            // (64 bits of picoseconds reach only 213 days past 1970.)
            enhancedPacket(LE, 4, 1_000_000_001_999L, frame(5, 60), 60));

        final FrameRecorder frames = read(file, gzip);

        final long base = seconds * SECOND;
        assertEquals(List.of(base + 123_456_789L, base + 500_000_000L, base + 500_000_000L, base + 999_000_000L,
            SECOND + 1L), frames.timestamps());
        assertEquals(List.of(LinkType.RAW, LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.ETHERNET,
            LinkType.ETHERNET), frames.frames.stream().map(FrameRecorder.Frame::linkType).toList());
        assertEquals(List.of(), problems.messages);
    }

    @ParameterizedTest(name = "gzip {0}")
    @CsvSource({"false", "true"})
    void shouldGiveSimplePacketsTheLastTimeSeenInterfaceZeroAndItsSnapLength(final boolean gzip) throws IOException
    {
        final byte[] file = concat(
            sectionHeader(BE),
            interfaceDescription(BE, LinkType.ETHERNET, 64),
            interfaceDescription(BE, LinkType.RAW, 0),
            simplePacket(BE, 50, frame(1, 50)),
            enhancedPacket(BE, 1, T0_MICROS, frame(2, 70), 70),
            simplePacket(BE, 100, frame(3, 100)),
            simplePacket(BE, 1500, frame(4, 60)));

        final FrameRecorder frames = read(file, gzip);

        assertEquals(List.of(0L, T0_NS, T0_NS, T0_NS), frames.timestamps(), "no time before the first one seen");
        assertEquals(List.of(LinkType.ETHERNET, LinkType.RAW, LinkType.ETHERNET, LinkType.ETHERNET),
            frames.frames.stream().map(FrameRecorder.Frame::linkType).toList());
        assertEquals(List.of(50, 70, 64, 60), frames.frames.stream().map(FrameRecorder.Frame::capturedLength).toList(),
            "cut to interface 0's snap length, and to the data present");
        assertEquals(List.of(50, 70, 100, 1500),
            frames.frames.stream().map(FrameRecorder.Frame::originalLength).toList());
        assertArrayEquals(frame(3, 64), frames.frames.get(2).bytes());
        assertEquals(3, counters.value(SensorCounter.PCAPNG_SIMPLE_PACKETS));
    }

    @Test
    void shouldReadObsoletePacketBlocks() throws IOException
    {
        final byte[] file = concat(
            sectionHeader(LE),
            interfaceDescription(LE, LinkType.ETHERNET, 0),
            interfaceDescription(LE, LinkType.LINUX_SLL, 0),
            packet(LE, 1, T0_MICROS, frame(7, 45)));

        final FrameRecorder frames = read(file, false);

        assertEquals(List.of(T0_NS), frames.timestamps());
        assertEquals(LinkType.LINUX_SLL, frames.frames.get(0).linkType());
        assertArrayEquals(frame(7, 45), frames.frames.get(0).bytes());
    }

    @ParameterizedTest(name = "gzip {0}")
    @CsvSource({"false", "true"})
    void shouldSkipEveryOtherBlockByItsLength(final boolean gzip) throws IOException
    {
        final byte[] big = frame(0x77, 3 * 1024 * 1024);
        final byte[] file = concat(
            sectionHeader(LE),
            block(PcapngBlocks.NAME_RESOLUTION, LE,
                TestCaptures.hex("01 00 08 00 c0 00 02 01 61 2e 62 00 00 00 00 00")),
            interfaceDescription(LE, LinkType.ETHERNET, 0),
            block(PcapngBlocks.CUSTOM, LE, concat(TestCaptures.int32(32473, LE), frame(1, 13))),
            enhancedPacket(LE, 0, T0_MICROS, frame(2, 60), 60),
            block(PcapngBlocks.DECRYPTION_SECRETS, LE, frame(3, 40)),
            block(0x1234_5678, LE, big),
            block(PcapngBlocks.INTERFACE_STATISTICS, LE, new byte[28]),
            enhancedPacket(LE, 0, T0_MICROS + 1, frame(4, 60), 60));

        final FrameRecorder frames = read(file, gzip);

        assertEquals(List.of(T0_NS, T0_NS + 1000), frames.timestamps());
        assertEquals(5, counters.value(SensorCounter.PCAPNG_BLOCKS_SKIPPED));
        assertEquals(List.of(), problems.messages);
    }

    @ParameterizedTest(name = "gzip {0}")
    @CsvSource({"false", "true"})
    void shouldStartOverWithEachSectionsByteOrderAndInterfaces(final boolean gzip) throws IOException
    {
        final byte[] file = concat(
            sectionHeader(LE),
            interfaceDescription(LE, LinkType.ETHERNET, 0),
            interfaceDescription(LE, LinkType.RAW, 0),
            enhancedPacket(LE, 1, T0_MICROS, frame(1, 40), 40),
            sectionHeader(BE),
            interfaceDescription(BE, LinkType.LINUX_SLL, 0, tsresol(BE, 9)),
            enhancedPacket(BE, 0, T0_NS + 5, frame(2, 40), 40),
            sectionHeader(LE),
            interfaceDescription(LE, LinkType.IPV4, 0),
            enhancedPacket(LE, 0, T0_MICROS + 7, frame(3, 40), 40));

        final FrameRecorder frames = read(file, gzip);

        assertEquals(List.of(T0_NS, T0_NS + 5, T0_NS + 7000), frames.timestamps());
        assertEquals(List.of(LinkType.RAW, LinkType.LINUX_SLL, LinkType.IPV4),
            frames.frames.stream().map(FrameRecorder.Frame::linkType).toList());
        assertEquals(List.of(), problems.messages);
    }

    @Test
    void shouldMergePcapngWithPcapByTheFirstPacketBehindOtherBlocks() throws IOException
    {
        final Path pcap = TestCaptures.writePcap(directory.resolve("a.pcap"), false, 10, 1 * SECOND, 4 * SECOND);
        final Path pcapng = TestCaptures.write(directory.resolve("b.pcapng"), concat(
            sectionHeader(BE),
            block(PcapngBlocks.NAME_RESOLUTION, BE, new byte[4]),
            interfaceDescription(BE, LinkType.ETHERNET, 0),
            block(PcapngBlocks.INTERFACE_STATISTICS, BE, new byte[28]),
            enhancedPacket(BE, 0, 2_000_000, frame(20, 60), 60),
            enhancedPacket(BE, 0, 5_000_000, frame(21, 60), 60)));
        final Path gzip = TestCaptures.write(directory.resolve("c"), TestCaptures.gzip(concat(
            sectionHeader(LE),
            interfaceDescription(LE, LinkType.ETHERNET, 0),
            enhancedPacket(LE, 0, 3_000_000, frame(30, 60), 60),
            enhancedPacket(LE, 0, 6_000_000, frame(31, 60), 60))));

        final FrameRecorder frames = TestCaptures.readAll(List.of(gzip, pcapng, pcap), problems, counters);

        assertEquals(List.of(1 * SECOND, 2 * SECOND, 3 * SECOND, 4 * SECOND, 5 * SECOND, 6 * SECOND),
            frames.timestamps());
        assertEquals(List.of(10, 20, 30, 11, 21, 31),
            frames.frames.stream().map(frame -> (int)frame.bytes()[0]).toList());
        assertEquals(3, counters.value(SensorCounter.CAPTURE_FILES));
        assertEquals(2, counters.value(SensorCounter.PCAPNG_BLOCKS_SKIPPED), "each skipped block counted once");
        assertEquals(List.of(), problems.messages);
    }

    private FrameRecorder read(final byte[] file, final boolean gzip) throws IOException
    {
        final Path path = TestCaptures.write(directory.resolve(gzip ? "trace.pcapng.gz" : "trace.pcapng"),
            gzip ? TestCaptures.gzip(file) : file);
        return TestCaptures.readAll(List.of(path), problems, counters);
    }
}
