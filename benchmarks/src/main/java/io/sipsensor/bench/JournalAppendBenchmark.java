package io.sipsensor.bench;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.journal.CdrEncoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.CdrRecordDescriptor;
import io.sipsensor.journal.JournalSettings;
import io.sipsensor.journal.JournalWriter;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Appending CDR records to the journal through {@link JournalWriter#write} as the journal thread does: the
 * duplicate check in the leg identity table, the Chronicle Queue append, the identity put. Each record is a new
 * leg (a realistic answered call's record, about 170 bytes, with its start moved on so the identity differs).
 * <ul>
 *   <li>JMH ({@code append}): ns per record at full speed, and {@code -prof gc} allocation (0 B/op expected):
 *       {@code java -jar benchmarks/target/benchmarks.jar JournalAppendBenchmark -prof gc}.</li>
 *   <li>{@link #main}: latency percentiles with HdrHistogram at a paced rate (default 10,000 CDRs/s), then the
 *       highest sustained rate: {@code java -cp benchmarks/target/benchmarks.jar
 *       io.sipsensor.bench.JournalAppendBenchmark --rate 10000 --seconds 30}. Service time is the append itself;
 *       response time is measured from the instant the record was due, so a stall also counts against the records
 *       that queued behind it (no coordinated omission).</li>
 * </ul>
 * The spool is a fresh folder under {@code java.io.tmpdir} (or {@code --dir}), removed afterwards.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow",
    "-Dchronicle.analytics.disable=true",
    "-Dchronicle.announcer.disable=true",
    "-Djdk.attach.allowAttachSelf=true"})
public class JournalAppendBenchmark
{
    private static final long FIRST_START_NS = 1_795_341_600_000_000_000L;

    private Appender appender;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        appender = new Appender(Files.createTempDirectory("sipsensor-journal-bench"));
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        appender.close();
    }

    /**
     * @return records journaled so far.
     */
    @Benchmark
    public long append()
    {
        return appender.appendNext();
    }

    /**
     * A journal in a fresh spool and one encoded record whose start is moved on for each append.
     */
    static final class Appender implements AutoCloseable
    {
        private final Path spool;
        private final Counters counters = new Counters();
        private final JournalWriter writer;
        private final UnsafeBuffer record = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        private final int length;
        private long startNs = FIRST_START_NS;

        Appender(final Path spool) throws IOException
        {
            this.spool = spool;
            writer = JournalWriter.open(spool, JournalSettings.defaults(), false, counters,
                new PrintStream(PrintStream.nullOutputStream()));
            final long connect = FIRST_START_NS + 4_000_000_000L;
            length = CdrEncoder.encode(record, 0, new CdrLeg(0,
                "gen1d3f2a-48211@sipsensor.invalid", "0605437480", "0246826746", "0246826746",
                "10.1.3.17", 5060, "10.2.0.9", 5060,
                FIRST_START_NS, connect, connect + 95_000_000_000L, connect, CallState.NO_TIME,
                connect + 95_000_000_000L, connect + 95_002_000_000L, 200, EndReason.BYE, CallState.BYE_BY_CALLER,
                0));
        }

        long appendNext()
        {
            startNs += 1_000;
            record.putLong(CdrRecordDescriptor.START_OFFSET, startNs, ByteOrder.LITTLE_ENDIAN);
            writer.write(record, 0, length);
            return counters.value(SensorCounter.LEGS_JOURNALED);
        }

        long journaled()
        {
            return counters.value(SensorCounter.LEGS_JOURNALED);
        }

        @Override
        public void close()
        {
            writer.close();
            try (Stream<Path> files = Files.walk(spool))
            {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /**
     * Paced latency run and maximum rate. Options: {@code --rate N} (CDRs/s, default 10000), {@code --seconds N}
     * (measured, default 30), {@code --warmup N} (seconds at the rate first, default 10), {@code --dir DIR}.
     * The last line is {@code RESULT} followed by the figures as JSON.
     *
     * @param args options.
     * @throws IOException if the spool cannot be made.
     */
    public static void main(final String[] args) throws IOException
    {
        int rate = 10_000;
        int seconds = 30;
        int warmup = 10;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }

        final Histogram service = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final Histogram response = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final double maxRate;
        try (Appender appender = new Appender(Files.createTempDirectory(dir, "sipsensor-journal-bench")))
        {
            paced(appender, rate, warmup, null, null);
            paced(appender, rate, seconds, service, response);
            maxRate = flatOut(appender, 5);
        }

        final PrintStream out = System.out;
        out.printf(Locale.ROOT, "journal append at %,d CDRs/s for %d s (%,d records):%n", rate, seconds,
            service.getTotalCount());
        print(out, "service time ", service);
        print(out, "response time", response);
        out.printf(Locale.ROOT, "journal append max throughput: %,.0f CDRs/s (%.0f ns per record)%n", maxRate,
            1e9 / maxRate);
        out.printf(Locale.ROOT, "RESULT {\"rate\": %d, \"records\": %d, \"service_p50_ns\": %d, " +
                "\"service_p99_ns\": %d, \"service_p999_ns\": %d, \"service_max_ns\": %d, \"response_p50_ns\": %d, " +
                "\"response_p99_ns\": %d, \"response_p999_ns\": %d, \"response_p9999_ns\": %d, " +
                "\"response_max_ns\": %d, " +
                "\"max_per_second\": %.0f}%n",
            rate, service.getTotalCount(),
            service.getValueAtPercentile(50), service.getValueAtPercentile(99), service.getValueAtPercentile(99.9),
            service.getMaxValue(),
            response.getValueAtPercentile(50), response.getValueAtPercentile(99),
            response.getValueAtPercentile(99.9), response.getValueAtPercentile(99.99), response.getMaxValue(), maxRate);
    }

    private static void print(final PrintStream out, final String name, final Histogram histogram)
    {
        out.printf(Locale.ROOT,
            "  %s p50 %,8.2f us   p99 %,8.2f us   p99.9 %,8.2f us   p99.99 %,9.2f us   max %,10.2f us%n", name,
            histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
            histogram.getValueAtPercentile(99.9) / 1e3, histogram.getValueAtPercentile(99.99) / 1e3,
            histogram.getMaxValue() / 1e3);
    }

    /**
     * Appends at a fixed rate, each record when it is due (spinning in between).
     */
    private static void paced(final Appender appender, final int rate, final int seconds, final Histogram service,
        final Histogram response)
    {
        final long intervalNs = 1_000_000_000L / rate;
        final long records = (long)rate * seconds;
        final long begin = System.nanoTime();
        for (long i = 0; i < records; i++)
        {
            final long due = begin + i * intervalNs;
            long now;
            while ((now = System.nanoTime()) < due)
            {
                Thread.onSpinWait(); // parking would wake tens of microseconds late
            }
            appender.appendNext();
            final long done = System.nanoTime();
            if (service != null)
            {
                service.recordValue(done - now);
                response.recordValue(done - due);
            }
        }
    }

    /**
     * @return records per second appended as fast as possible for the given time.
     */
    private static double flatOut(final Appender appender, final int seconds)
    {
        final long before = appender.journaled();
        final long begin = System.nanoTime();
        final long end = begin + TimeUnit.SECONDS.toNanos(seconds);
        long now;
        do
        {
            for (int i = 0; i < 1000; i++)
            {
                appender.appendNext();
            }
            now = System.nanoTime();
        }
        while (now < end);
        return (appender.journaled() - before) * 1e9 / (now - begin);
    }
}
