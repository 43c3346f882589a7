package io.sipsensor.pipeline;

import io.sipsensor.spool.Spool;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;

import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.PacketSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A short input can be read and the pipeline closed before the journal thread has even started (seen on a loaded
 * two-core CI machine). Closing must still wait for the journal to open and write every leg, not hang or lose them.
 */
class FilePipelineStartTest
{
    @TempDir
    Path spool;

    @Test
    void shouldJournalEveryLegWhenClosedBeforeTheJournalThreadRan()
    {
        final ThreadFactory lateStart = task -> new Thread(() ->
        {
            try
            {
                Thread.sleep(1_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            task.run();
        });
        final SensorContext context = new SensorContext();
        context.set("spooldir", spool.toString(), "test");
        new Spool(spool).prepare();
        final Counters counters = new Counters();
        final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
        {
            final FilePipeline pipeline = new PipelineBuilder(context, counters, log).journalThreads(lateStart).files();
            final Path corpus = Path.of(System.getProperty("sipsensor.corpus", "../../shared/corpus"));
            try (PacketSource source = CaptureFiles.open(List.of(corpus.resolve("pcaps/s1_basic_udp.pcap")),
                message -> { }, counters))
            {
                while (!source.isExhausted())
                {
                    source.poll(pipeline.packetHandler(), 1024);
                }
            }
            pipeline.finishInput();
            pipeline.close();
            assertEquals(0, pipeline.recovery().records(), "a fresh spool");
        });
        assertEquals(200, counters.value(SensorCounter.LEGS_JOURNALED));
    }
}
