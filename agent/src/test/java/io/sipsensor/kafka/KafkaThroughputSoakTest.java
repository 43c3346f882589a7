package io.sipsensor.kafka;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.journal.CdrEncoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.CdrRecordDescriptor;
import io.sipsensor.journal.Journal;
import io.sipsensor.journal.JournalSettings;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Kafka path at volume, through a real broker on this host (soak: {@code ./mvnw -o -pl agent -am test -Psoak
 * -Dtest=KafkaThroughputSoakTest -Dsurefire.failIfNoSpecifiedTests=false}). Prints, for the record, the produce
 * rate (a journal backlog of 300,000 legs to acknowledged), the consume rate (the topic into a fresh central's
 * journal), and the latency from a leg's append to the sensor's journal to its count in the central's journal
 * while legs are journaled at a steady 10,000 legs/s (the k-th leg journaled against the k-th leg counted, so an
 * approximation across partitions). Asserts every leg arrives once, no timing.
 */
@Tag("soak")
class KafkaThroughputSoakTest
{
    private static final int LEGS = 300_000;
    private static final JournalSettings JOURNAL = new JournalSettings(0, 1L << 20, 16L << 20,
        TimeUnit.SECONDS.toNanos(1));
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @TempDir
    Path dir;

    @Test
    void shouldMeasureProduceConsumeAndLatencyThroughALocalBroker() throws Exception
    {
        try (KafkaBroker broker = KafkaBroker.format(dir.resolve("broker")).start())
        {
            broker.createTopic("bulk", 8);
            broker.createTopic("steady", 8);
            final KafkaConfig bulk = config(broker, "bulk");
            final Path spool = dir.resolve("sensor");
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
            try (JournalWriter writer = JournalWriter.open(spool, JOURNAL, false, new Counters(), QUIET))
            {
                for (int i = 0; i < LEGS; i++)
                {
                    writer.write(buffer, 0, CdrEncoder.encode(buffer, 0, leg(1, i)));
                }
            }
            final long last;
            try (Journal journal = Journal.open(spool.resolve("journal")))
            {
                last = journal.lastIndex();
            }
            long startNs = System.nanoTime();
            try (KafkaSender sender = new KafkaSender(bulk, spool, new Counters(), QUIET).start())
            {
                await(() -> sender.acked() >= last);
            }
            final double produceSeconds = (System.nanoTime() - startNs) / 1e9;
            final Counters central = new Counters();
            startNs = System.nanoTime();
            try (KafkaCentral ignored = KafkaCentral.start(bulk, dir.resolve("central-bulk"), JOURNAL, central,
                QUIET))
            {
                await(() -> central.total(SensorCounter.LEGS_JOURNALED) >= LEGS);
            }
            final double consumeSeconds = (System.nanoTime() - startNs) / 1e9;
            assertEquals(LEGS, central.total(SensorCounter.LEGS_JOURNALED));
            System.out.printf("kafka produce: %d legs in %.2f s = %.0f legs/s%n", LEGS, produceSeconds,
                LEGS / produceSeconds);
            System.out.printf("kafka consume into the central's journal: %d legs in %.2f s = %.0f legs/s%n", LEGS,
                consumeSeconds, LEGS / consumeSeconds);
            steady(broker);
        }
    }

    /** Legs journaled at a steady rate while the sender and a central run: append-to-count latency. */
    private void steady(final KafkaBroker broker) throws Exception
    {
        final int legs = 100_000;
        final int perSecond = 10_000;
        final long[] appendedNs = new long[legs];
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final KafkaConfig steady = config(broker, "steady");
        final Path spool = dir.resolve("sensor-steady");
        final Counters central = new Counters();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalWriter writer = JournalWriter.open(spool, JOURNAL, false, new Counters(), QUIET);
            KafkaCentral ignored = KafkaCentral.start(steady, dir.resolve("central-steady"), JOURNAL, central, QUIET);
            KafkaSender ignoredToo = new KafkaSender(steady, spool, new Counters(), QUIET).start())
        {
            final Thread watcher = new Thread(() ->
            {
                int counted = 0;
                while (counted < legs)
                {
                    final long now = System.nanoTime();
                    final long total = Math.min(legs, central.total(SensorCounter.LEGS_JOURNALED));
                    while (counted < total)
                    {
                        final long appended = appendedNs[counted];
                        if (appended != 0)
                        {
                            latency.recordValue(Math.max(0, now - appended));
                        }
                        counted++;
                    }
                    LockSupport.parkNanos(100_000);
                }
            }, "latency-watcher");
            watcher.start();
            final long startNs = System.nanoTime();
            for (int i = 0; i < legs; i++)
            {
                final long due = startNs + i * (1_000_000_000L / perSecond);
                while (System.nanoTime() < due)
                {
                    Thread.onSpinWait();
                }
                writer.write(buffer, 0, CdrEncoder.encode(buffer, 0, leg(2, i)));
                appendedNs[i] = System.nanoTime();
            }
            watcher.join(TimeUnit.SECONDS.toMillis(120));
            System.out.printf("kafka end-to-end (journal append to central journal, %d legs/s): p50 %.1f ms, " +
                "p99 %.1f ms, max %.1f ms over %d legs%n", perSecond, latency.getValueAtPercentile(50) / 1e6,
                latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6, latency.getTotalCount());
            assertEquals(legs, central.total(SensorCounter.LEGS_JOURNALED));
        }
    }

    private static KafkaConfig config(final KafkaBroker broker, final String topic)
    {
        final KafkaConfig config = new KafkaConfig();
        config.set("kafka_bootstrap", broker.bootstrap(), "test");
        config.set("kafka_topic", topic, "test");
        return config;
    }

    private static CdrLeg leg(final int idSensor, final int i)
    {
        final long start = 1_795_343_581_759_434_000L + i * 1_000_000L;
        return new CdrLeg(idSensor, i + "-soak@127.0.3.10", "0605" + (100000 + i % 900000), "0246296364",
            "0246296364", "127.0.3.10", 5070, "127.0.3.20", 5060, start, start + 643_452_000L,
            start + 3_145_971_000L, start + 643_452_000L, CallState.NO_TIME, start + 3_145_971_000L,
            start + 3_146_093_000L, 200, EndReason.BYE, CallState.BYE_BY_CALLER, 0);
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("not done in 600 s");
            }
            Thread.sleep(5);
        }
    }
}
