package io.sipsensor.capture;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the shared corpus (system property {@code sipsensor.corpus}); frame counts as in its README and capinfos.
 */
class CorpusCaptureTest
{
    static final Path CORPUS = Path.of(System.getProperty("sipsensor.corpus", "../../shared/corpus"));
    private static final Map<String, Integer> FRAMES = Map.of(
        "s1_basic_udp.pcap", 1400,
        "s2_failures.pcap", 565,
        "s3_reinvite.pcap", 780,
        "s4_tcp.pcap", 1722,
        "s5_frag_vlan.pcap", 604,
        "s8_b2bua.pcap", 1400);

    @TempDir
    Path directory;

    private final Counters counters = new Counters();
    private final TestCaptures.Problems problems = new TestCaptures.Problems();

    @Test
    void shouldReadEveryFrameOfEachCorpusCapture()
    {
        assertTrue(Files.isDirectory(CORPUS.resolve("pcaps")), "corpus at " + CORPUS.toAbsolutePath());
        for (final Map.Entry<String, Integer> entry : FRAMES.entrySet())
        {
            final Path file = CORPUS.resolve("pcaps").resolve(entry.getKey());
            final FrameRecorder frames = TestCaptures.readAll(List.of(file), problems, new Counters());

            assertEquals(entry.getValue(), frames.count(), entry.getKey());
            for (final FrameRecorder.Frame frame : frames.frames)
            {
                assertEquals(LinkType.ETHERNET, frame.linkType());
            }
        }
        assertEquals(List.of(), problems.messages);
    }

    @Test
    void shouldReadCorpusDirectoryAsOneStreamInTimeOrder() throws IOException
    {
        final long bytes;
        try (MergingPacketSource source = CaptureFiles.openDirectory(CORPUS.resolve("pcaps"), problems, counters))
        {
            final FrameRecorder frames = FrameRecorder.drain(source);
            assertEquals(6471, frames.count());
            bytes = source.bytesConsumed();
            assertEquals(source.bytesTotal(), bytes);
        }
        assertEquals(6, counters.value(SensorCounter.CAPTURE_FILES));
        assertEquals(0, counters.value(SensorCounter.PACKETS_OUT_OF_ORDER));
        assertEquals(608816L + 235120 + 358194 + 668836 + 434846 + 620408, bytes);
        assertEquals(List.of(), problems.messages);
    }

    @Test
    void shouldReadGzippedCorpusCaptureFrameForFrameLikeThePlainOne() throws IOException
    {
        final Path plain = CORPUS.resolve("pcaps").resolve("s5_frag_vlan.pcap");
        final Path gzip = directory.resolve("s5.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip)))
        {
            Files.copy(plain, out);
        }

        final FrameRecorder fromPlain = TestCaptures.readAll(List.of(plain), problems, new Counters());
        final FrameRecorder fromGzip = TestCaptures.readAll(List.of(gzip), problems, new Counters());

        assertEquals(fromPlain.count(), fromGzip.count());
        for (int i = 0; i < fromPlain.count(); i++)
        {
            assertArrayEquals(fromPlain.frames.get(i).bytes(), fromGzip.frames.get(i).bytes());
            assertEquals(fromPlain.frames.get(i).timestampNs(), fromGzip.frames.get(i).timestampNs());
        }
    }

    @Test
    void shouldReadEveryPublicCaptureIncludingPcapng() throws IOException
    {
        final List<Path> files = new ArrayList<>();
        try (var listing = Files.list(CORPUS.resolve("public")))
        {
            listing.filter(path -> path.toString().contains(".pcap")).sorted().forEach(files::add);
        }

        final FrameRecorder frames = TestCaptures.readAll(files, problems, counters);

        // capinfos: 84 + 1542 + 196 + 6 + 5 + 61 + 691 + 4 + 34 frames in the nine classic pcap files, and 140 in
        // the pcapng file.
        assertEquals(2623 + 140, frames.count());
        assertEquals(List.of(), problems.messages);
        assertEquals(10, counters.value(SensorCounter.CAPTURE_FILES));
        assertEquals(0, counters.value(SensorCounter.CAPTURE_FILES_UNSUPPORTED));
    }
}
