package io.sipsensor.pipeline;

import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.PacketSource;
import io.sipsensor.channel.ChannelReport;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.status.Counters;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run over capture files has its channel report when the input ends: computed as the call tracker started,
 * answered and ended each leg, and equal to the report computed from all the legs afterwards.
 */
class FileRunReportTest
{
    @TempDir
    Path spool;

    @ParameterizedTest
    @ValueSource(strings = {"s1_basic_udp.pcap", "s2_failures.pcap", "s3_reinvite.pcap", "s4_tcp.pcap",
        "s5_frag_vlan.pcap", "s8_b2bua.pcap"})
    void shouldComputeTheReportAsTheLegsCome(final String capture)
    {
        final SensorContext context = new SensorContext();
        context.set("spooldir", spool.toString(), "test");
        final Counters counters = new Counters();
        final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        final FilePipeline pipeline = new PipelineBuilder(context, counters, log).files();
        final Path corpus = Path.of(System.getProperty("sipsensor.corpus", "../../shared/corpus"));
        try (pipeline; PacketSource source = CaptureFiles.open(List.of(corpus.resolve("pcaps").resolve(capture)),
            message -> { }, counters))
        {
            while (!source.isExhausted())
            {
                source.poll(pipeline.packetHandler(), 1024);
            }
            pipeline.finishInput();
        }

        assertTrue(pipeline.legs().legs().size() > 0);
        assertTrue(pipeline.legs().isReportStreaming(), "every leg was seen at its start, connect and end");
        final LicenseChannelSettings license = context.licenseChannelSettings();
        assertEquals(ChannelReport.compute(pipeline.legs().legs(), license), pipeline.legs().report());
    }
}
