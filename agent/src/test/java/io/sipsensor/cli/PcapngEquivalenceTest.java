package io.sipsensor.cli;

import io.sipsensor.status.Counters;
import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.MergingPacketSource;
import io.sipsensor.capture.PcapngWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every corpus capture rewritten as pcapng gives the same results as the pcap it came from, through the real
 * command line: the summary JSON equal but for the wall-clock time and the pcapng block counters, and the CDR CSV
 * export byte for byte. Rewritten by Wireshark's {@code editcap -F pcapng} and by {@link PcapngWriter} in two
 * shapes: big-endian with nanosecond timestamps, split into a second, little-endian section whose interface keeps
 * microseconds against an if_tsoffset; and gzip-compressed with microseconds, with blocks to skip among the packets.
 */
class PcapngEquivalenceTest
{
    private static final Path EDITCAP = Path.of("/usr/bin/editcap");

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"s1_basic_udp", "s2_failures", "s3_reinvite", "s4_tcp", "s5_frag_vlan", "s8_b2bua"})
    void shouldGiveTheSameResultsWhenRewrittenByThePcapngWriter(final String capture) throws IOException
    {
        final Outcome reference = run(Corpus.pcap(capture), "pcap");
        final Map<String, Object> expected = Corpus.expected(capture);
        assertTrue(Corpus.number(reference.summary().get("packets")) > 300, capture);
        if (!capture.equals("s4_tcp"))
        {
            // The reference itself is right (s4_tcp waits for TCP reassembly): the comparison is not vacuous.
            assertEquals(expected.get("legs_total"), reference.summary().get("legs_total"), capture);
            assertEquals(Corpus.number(expected.get("legs_total")) + 1, reference.csv().lines().count(), "CSV rows");
        }

        final Path sections = work.resolve(capture + "-sections.pcapng");
        rewrite(Corpus.pcap(capture), sections, false);
        assertEquals(reference, run(sections, "sections"), capture + " as two pcapng sections");

        final Path gzip = work.resolve(capture + ".pcapng.gz");
        rewrite(Corpus.pcap(capture), gzip, true);
        assertEquals(reference, run(gzip, "gzip"), capture + " as gzip-compressed pcapng");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s1_basic_udp", "s2_failures", "s3_reinvite", "s4_tcp", "s5_frag_vlan", "s8_b2bua"})
    void shouldGiveTheSameResultsWhenRewrittenByEditcap(final String capture) throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(EDITCAP), "editcap (Debian's wireshark tools) not installed");
        final Outcome reference = run(Corpus.pcap(capture), "pcap");

        final Path pcapng = work.resolve(capture + ".editcap.pcapng");
        final Process editcap = new ProcessBuilder(EDITCAP.toString(), "-F", "pcapng", Corpus.pcap(capture).toString(),
            pcapng.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(editcap.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, editcap.exitValue());
        assertEquals(0x0A0D0D0A, java.nio.ByteBuffer.wrap(Files.readAllBytes(pcapng), 0, 4).getInt(), "pcapng");

        assertEquals(reference, run(pcapng, "editcap"), capture + " rewritten by editcap");
    }

    /**
     * The summary without its timing and pcapng-only fields, and the exported CSV.
     */
    record Outcome(Map<String, Object> summary, String csv)
    {
    }

    @SuppressWarnings("unchecked")
    private Outcome run(final Path capture, final String name) throws IOException
    {
        final Path spool = Files.createDirectories(work.resolve("spool-" + name + "-" + capture.getFileName()));
        final Corpus.Result result = Corpus.run("-r", capture.toString(), "--spool", spool.toString(),
            "--progress", "none");
        assertEquals(0, result.status(), result.err());
        assertEquals("", result.err(), capture + " read without problems");
        final Map<String, Object> summary = result.json();
        summary.remove("elapsed_s");
        ((Map<String, Object>)summary.get("counters")).keySet().removeIf(key -> key.startsWith("pcapng_"));

        final Corpus.Result export = Corpus.run("cdr", "export", "--spool", spool.toString(), "--format", "csv");
        assertEquals(0, export.status(), export.err());
        return new Outcome(summary, export.out());
    }

    /**
     * Copies every frame of a pcap into a pcapng file with the project's writer.
     *
     * @param gzip false: big-endian nanosecond section, then from the middle a little-endian microsecond section
     *             with if_tsoffset; true: gzip, little-endian microseconds, skipped blocks mixed in.
     */
    private static void rewrite(final Path pcap, final Path pcapng, final boolean gzip) throws IOException
    {
        final long offsetSeconds = 1_700_000_000L;
        int[] frames = {0};
        try (PcapngWriter writer = PcapngWriter.create(pcapng, gzip ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN,
            gzip);
            MergingPacketSource source = CaptureFiles.open(List.of(pcap), message ->
            {
                throw new AssertionError(message);
            }, new Counters()))
        {
            if (gzip)
            {
                writer.writeBlock(4, new byte[]{0, 0, 0, 0});
            }
            writer.addInterface(1, 0, gzip ? PcapngWriter.TSRESOL_MICROSECONDS : PcapngWriter.TSRESOL_NANOSECONDS, 0);
            final int[] written = new int[1];
            frames = written;
            while (!source.isExhausted())
            {
                source.poll((linkType, buffer, offset, captured, original, timestampNs) ->
                {
                    try
                    {
                        if (linkType != 1)
                        {
                            throw new AssertionError("corpus captures are Ethernet");
                        }
                        if (!gzip && written[0] == 300)
                        {
                            writer.newSection(ByteOrder.LITTLE_ENDIAN);
                            writer.addInterface(1, 0, PcapngWriter.TSRESOL_MICROSECONDS, offsetSeconds);
                        }
                        if (gzip && written[0] % 100 == 50)
                        {
                            writer.writeBlock(5, new byte[28]);
                        }
                        writer.writeEnhanced(0, buffer, offset, captured, original, timestampNs);
                        written[0]++;
                    }
                    catch (final IOException ex)
                    {
                        throw new UncheckedIOException(ex);
                    }
                }, 256);
            }
        }
        assertTrue(frames[0] > 300, pcap + " frames: " + frames[0]);
    }
}
