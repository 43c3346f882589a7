package io.sipsensor.journal;

import io.sipsensor.pipeline.FilePipeline;
import io.sipsensor.pipeline.PipelineBuilder;
import io.sipsensor.spool.Spool;
import io.sipsensor.status.Counters;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.PacketSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The journal on a file system that fills up: a real size-limited tmpfs mounted by the test under the spool. When
 * the disk is full the journal pauses with one line, capture goes on, CDRs wait in memory (counted), and when
 * space returns every one of them is journaled, in order, exactly once. With a tiny memory bound, the excess is
 * counted as lost, never silently dropped.
 */
class FullDiskTest
{
    private Path mountPoint;

    @BeforeEach
    void mount() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        mountPoint = Files.createTempDirectory("sipsensor-fulldisk");
        final Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs",
            mountPoint.toString()).redirectErrorStream(true).start();
        assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here: " +
            new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @AfterEach
    void unmount() throws Exception
    {
        if (mountPoint != null)
        {
            new ProcessBuilder("umount", "-l", mountPoint.toString()).start().waitFor();
            Files.deleteIfExists(mountPoint);
        }
    }

    @Test
    void shouldKeepCdrsInMemoryWhileDiskIsFullAndJournalThemWhenSpaceReturns() throws Exception
    {
        final Path spool = mountPoint.resolve("spool");
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final Counters counters = new Counters();
        final SensorContext context = context(spool, "64");
        final Path filler = mountPoint.resolve("filler");

        new Spool(spool).prepare();
        final FilePipeline pipeline = new PipelineBuilder(context, counters, print(log)).files();
        feed(pipeline, counters, "s1_basic_udp");
        awaitCounter(counters, SensorCounter.LEGS_JOURNALED, 200);

        fill(filler);
        feed(pipeline, counters, "s2_failures", "s3_reinvite");
        await(() -> counters.value(SensorCounter.LEGS_BUFFERED) > 0, "CDRs kept in memory while the disk is full");
        assertTrue(counters.value(SensorCounter.JOURNAL_BLOCKED) >= 1);
        final String paused = log.toString(StandardCharsets.UTF_8);
        assertTrue(paused.contains("journal paused"), paused);

        Files.delete(filler);
        feed(pipeline, counters, "s8_b2bua");
        pipeline.finishInput();
        pipeline.close();

        assertEquals(560, counters.value(SensorCounter.LEGS_JOURNALED));
        assertEquals(0, counters.value(SensorCounter.LEGS_LOST));
        assertEquals(0, counters.value(SensorCounter.LEGS_BUFFERED));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("journal writing again"), log.toString());
        assertEquals(560, distinctLegs(spool));
    }

    @Test
    void shouldCountLegsBeyondMemoryBoundAsLost() throws Exception
    {
        final Path spool = mountPoint.resolve("spool");
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final Counters counters = new Counters();
        final SensorContext context = context(spool, "1");
        context.set("journal_close_wait_s", "0", "test");
        final Path filler = mountPoint.resolve("filler");

        new Spool(spool).prepare();
        final FilePipeline pipeline = new PipelineBuilder(context, counters, print(log)).files();
        feed(pipeline, counters, "s2_failures");
        awaitCounter(counters, SensorCounter.LEGS_JOURNALED, 100);
        fill(filler);
        // About 17,000 legs of 120 bytes do not fit in 1 MiB: the rest is counted as lost.
        for (int i = 0; i < 30; i++)
        {
            feed(pipeline, counters, "s1_basic_udp", "s8_b2bua");
            pipeline.finishInput();
        }
        pipeline.close();

        final long lost = counters.value(SensorCounter.LEGS_LOST);
        assertTrue(lost > 0, "legs beyond the memory bound are counted as lost");
        assertEquals(100 + 400 * 30, counters.value(SensorCounter.LEGS_JOURNALED) +
            counters.value(SensorCounter.LEGS_DUPLICATE) + lost);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("legs_lost"), log.toString());
        Files.delete(filler);
    }

    @Test
    void shouldWaitTheConfiguredTimeForSpaceAtShutdownNotFiveSeconds() throws Exception
    {
        final Path spool = mountPoint.resolve("spool");
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final Counters counters = new Counters();
        final SensorContext context = context(spool, "64");
        context.set("journal_close_wait_s", "120", "test");
        final Path filler = mountPoint.resolve("filler");

        new Spool(spool).prepare();
        final FilePipeline pipeline = new PipelineBuilder(context, counters, print(log)).files();
        feed(pipeline, counters, "s1_basic_udp");
        awaitCounter(counters, SensorCounter.LEGS_JOURNALED, 200);
        fill(filler);
        feed(pipeline, counters, "s2_failures");
        pipeline.finishInput();
        await(() -> counters.value(SensorCounter.LEGS_BUFFERED) > 0 &&
            counters.value(SensorCounter.LEGS_BUFFERED) + counters.value(SensorCounter.LEGS_JOURNALED) == 300,
            "CDRs kept in memory");

        final Thread closer = new Thread(pipeline::close, "closer");
        closer.start();
        await(() -> log.toString(StandardCharsets.UTF_8).contains("waiting up to 120 s"), "the wait begins");
        // Agrona's default close timeout (5 s) used to interrupt the wait here and lose every CDR held
        final long waitStartNs = System.nanoTime();
        await(() -> System.nanoTime() - waitStartNs > 7_000_000_000L, "past Agrona's 5 s");
        assertTrue(closer.isAlive(), "still waiting for space: " + log);
        Files.delete(filler);
        closer.join(60_000);

        assertEquals(0, counters.value(SensorCounter.LEGS_LOST), log.toString());
        assertEquals(300, counters.value(SensorCounter.LEGS_JOURNALED), log.toString());
        assertEquals(300, distinctLegs(spool));
    }

    @Test
    void shouldExitWithTheLegsLostStatusWhenARunLosesLegs() throws Exception
    {
        final Path spool = mountPoint.resolve("spool");
        final Path config = Files.createTempFile("sipsensor-fulldisk", ".conf");
        Files.writeString(config, "journal_close_wait_s = 0\njournal_min_free_mb = 1\n");
        final Path corpus = Path.of(System.getProperty("sipsensor.corpus", "../../shared/corpus"));
        final String[] args = {"-r", corpus.resolve("pcaps/s2_failures.pcap").toString(), "--spool",
            spool.toString(), "--progress", "none", "--config-file", config.toString()};
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, io.sipsensor.cli.Main.run(new String[] {"-r",
            corpus.resolve("pcaps/s1_basic_udp.pcap").toString(), "--spool", spool.toString(), "--progress", "none",
            "--config-file", config.toString()}, print(out), print(err)), err.toString());

        fill(mountPoint.resolve("filler"));
        err.reset();
        final int status = io.sipsensor.cli.Main.run(args, print(out), print(err));
        Files.delete(config);
        final String lines = err.toString(StandardCharsets.UTF_8);
        assertEquals(io.sipsensor.cli.Main.EXIT_LEGS_LOST, status, lines);
        assertTrue(lines.contains("not journaled (see legs_lost); exit status 4"), lines);
    }

    private static SensorContext context(final Path spool, final String overflowMiB)
    {
        final SensorContext context = new SensorContext();
        context.set("spooldir", spool.toString(), "test");
        context.set("journal_min_free_mb", "1", "test");
        context.set("journal_overflow_mb", overflowMiB, "test");
        context.set("journal_close_wait_s", "20", "test");
        return context;
    }

    private static void feed(final FilePipeline pipeline, final Counters counters, final String... captures)
    {
        final Path corpus = Path.of(System.getProperty("sipsensor.corpus", "../../shared/corpus"));
        for (final String capture : captures)
        {
            try (PacketSource source = CaptureFiles.open(List.of(corpus.resolve("pcaps/" + capture + ".pcap")),
                message -> { }, counters))
            {
                while (!source.isExhausted())
                {
                    source.poll(pipeline.packetHandler(), 1024);
                }
            }
        }
    }

    /** Writes until the file system refuses. */
    private static void fill(final Path filler) throws IOException
    {
        final byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler))
        {
            while (true)
            {
                out.write(chunk);
            }
        }
        catch (final IOException full)
        {
            // the disk is full now
        }
    }

    private static long distinctLegs(final Path spool)
    {
        final Set<String> legs = new HashSet<>();
        long records = 0;
        try (Journal journal = Journal.openExisting(spool.resolve("journal"));
            Journal.Reader reader = journal.reader())
        {
            final CdrDecoder decoder = new CdrDecoder();
            while (reader.next(decoder))
            {
                final CdrLeg leg = decoder.toLeg();
                legs.add(leg.idSensor() + "/" + leg.callId() + "/" + leg.startNs());
                records++;
            }
        }
        assertEquals(records, legs.size(), "no leg journaled twice");
        return legs.size();
    }

    private static void awaitCounter(final Counters counters, final SensorCounter counter, final long value)
        throws InterruptedException
    {
        await(() -> counters.value(counter) >= value, counter.key() + " reaches " + value);
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(20);
        }
    }

    private static PrintStream print(final ByteArrayOutputStream log)
    {
        return new PrintStream(log, true, StandardCharsets.UTF_8);
    }
}
