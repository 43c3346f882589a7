package io.sipsensor.kafka;

import io.sipsensor.central.LinkDescriptor;
import io.sipsensor.central.LinkEncoder;
import io.sipsensor.central.Refusal;
import io.sipsensor.central.link.CentralJournal;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A central's Kafka reader ({@code sipsensor central --from-kafka}): one consumer of the CDR topic in the central's
 * consumer group. Each poll's legs go through the central's own ingest ({@link CentralJournal}, the same journal
 * thread and leg identity as legs shipped directly), grouped into one batch per sensor; the poll's offsets are
 * committed only after the central's journal holds every one of its legs. A leg delivered twice (a sensor that
 * produced again after a failure, a reader killed between journaling and committing) is a no-op there. A record
 * that is not a leg (garbage, an unknown record version, a bad checksum, JSON that is not a leg) is skipped and
 * counted ({@code kafka_poison_records}); the first of each kind is logged with its partition and offset. When the
 * journal cannot take a batch (disk full, stopping) the poll is read again from its first offsets after a backoff.
 * <p>
 * Owns its thread and its Kafka consumer; allocates per record (the Kafka client does).
 */
public final class KafkaCentralReader implements Runnable, AutoCloseable
{
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long ANSWER_TIMEOUT_MS = 60_000;
    private static final long MIN_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NS = TimeUnit.SECONDS.toNanos(10);

    private final Properties properties;
    private final String topic;
    private final CentralJournal journal;
    private final PrintStream log;
    private final KafkaLegCodec codec = new KafkaLegCodec();
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[LinkDescriptor.MAX_FRAME_LENGTH]);
    private final LinkEncoder encoder = new LinkEncoder();
    private final EnumSet<KafkaLegCodec.Poison> reported = EnumSet.noneOf(KafkaLegCodec.Poison.class);
    private final AtomicCounter consumed;
    private final AtomicCounter poison;
    private final AtomicCounter commits;
    private final AtomicCounter failures;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;
    private String lastProblem;

    /**
     * @param config   the Kafka settings (brokers, topic, group, TLS/SASL).
     * @param journal  the central's ingest; its thread must be running.
     * @param counters a counter set for this thread.
     * @param log      where one-line reports go.
     * @throws io.sipsensor.config.ConfigException with one line when the settings are incomplete.
     */
    public KafkaCentralReader(final KafkaConfig config, final CentralJournal journal, final Counters counters,
        final PrintStream log)
    {
        this.properties = config.consumerProperties();
        this.topic = config.topic();
        this.journal = journal;
        this.log = log;
        this.consumed = counters.get(SensorCounter.KAFKA_LEGS_CONSUMED);
        this.poison = counters.get(SensorCounter.KAFKA_POISON_RECORDS);
        this.commits = counters.get(SensorCounter.KAFKA_OFFSET_COMMITS);
        this.failures = counters.get(SensorCounter.KAFKA_CONSUME_FAILURES);
        this.thread = new Thread(this, "kafka-central-reader");
    }

    /**
     * Starts the thread.
     *
     * @return this.
     */
    public KafkaCentralReader start()
    {
        thread.start();
        return this;
    }

    /** @return the reader's thread (a run watches that it stays alive). */
    public Thread thread()
    {
        return thread;
    }

    /** Stops the thread after the poll it handles; offsets not committed are read again by the next reader. */
    @Override
    public void close()
    {
        running = false;
        final Consumer<byte[], byte[]> current = consumer;
        if (current != null)
        {
            current.wakeup();
        }
        try
        {
            thread.join(30_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run()
    {
        long backoffNs = MIN_BACKOFF_NS;
        while (running)
        {
            try (Consumer<byte[], byte[]> open =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()))
            {
                consumer = open;
                open.subscribe(List.of(topic));
                while (running)
                {
                    final ConsumerRecords<byte[], byte[]> records = open.poll(POLL);
                    if (records.isEmpty())
                    {
                        continue;
                    }
                    if (journalAll(records))
                    {
                        open.commitSync(next(records));
                        commits.incrementRelease();
                        backoffNs = MIN_BACKOFF_NS;
                        if (lastProblem != null)
                        {
                            log.println("sipsensor central: kafka " + topic + " read again normally");
                            lastProblem = null;
                        }
                    }
                    else
                    {
                        // the journal did not take all of it: read the poll again from its first offsets
                        for (final TopicPartition partition : records.partitions())
                        {
                            open.seek(partition, records.records(partition).getFirst().offset());
                        }
                        LockSupport.parkNanos(backoffNs);
                        backoffNs = Math.min(MAX_BACKOFF_NS, backoffNs * 2);
                    }
                }
            }
            catch (final WakeupException ex)
            {
                break;
            }
            catch (final KafkaException ex)
            {
                if (!running)
                {
                    break;
                }
                failures.incrementRelease();
                report(KafkaSender.problem(ex) + "; offsets not committed are read again");
                LockSupport.parkNanos(backoffNs);
                backoffNs = Math.min(MAX_BACKOFF_NS, backoffNs * 2);
            }
            finally
            {
                consumer = null;
            }
        }
    }

    private void report(final String problem)
    {
        if (!problem.equals(lastProblem))
        {
            lastProblem = problem;
            log.println("sipsensor central: kafka " + topic + ": " + problem);
        }
    }

    /** @return true when the central's journal holds every leg of the poll. */
    private boolean journalAll(final ConsumerRecords<byte[], byte[]> records)
    {
        // one batch per sensor: the central's journal checks each record against the batch's sensor
        final Map<Integer, List<byte[]>> bySensor = new TreeMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : records)
        {
            final KafkaLegCodec.Poison bad = codec.read(record.value());
            if (bad != null)
            {
                poison.incrementRelease();
                if (reported.add(bad))
                {
                    log.println("sipsensor central: kafka " + record.topic() + " partition " + record.partition() +
                        " offset " + record.offset() + ": " + codec.why() + "; skipped (counted in " +
                        "kafka_poison_records; further records of this kind are counted, not logged)");
                }
                continue;
            }
            final byte[] copy = new byte[codec.recordLength()];
            codec.record().getBytes(0, copy);
            bySensor.computeIfAbsent(codec.decoder().idSensor(), id -> new ArrayList<>()).add(copy);
        }
        for (final Map.Entry<Integer, List<byte[]>> sensor : bySensor.entrySet())
        {
            final List<byte[]> legs = sensor.getValue();
            int from = 0;
            while (from < legs.size())
            {
                encoder.beginBatch(frame, 0);
                int to = from;
                while (to < legs.size() && encoder.fits(legs.get(to).length))
                {
                    encoder.addRecord(to, new UnsafeBuffer(legs.get(to)), 0, legs.get(to).length);
                    to++;
                }
                final int length = encoder.endBatch();
                if (!submit(sensor.getKey(), length, to - 1))
                {
                    return false;
                }
                consumed.getAndAddRelease(to - from);
                from = to;
            }
        }
        return true;
    }

    /** Hands one batch to the central's journal thread and waits for its answer. */
    private boolean submit(final int idSensor, final int length, final long lastEntry)
    {
        final byte[] copy = new byte[length];
        frame.getBytes(0, copy);
        final Answer answer = new Answer(lastEntry);
        if (!journal.submit(answer, idSensor, copy, length))
        {
            report("the central's journal is busy; retrying");
            return false;
        }
        try
        {
            if (!answer.done.await(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                report("no answer from the central's journal in " + ANSWER_TIMEOUT_MS / 1000 + " s; retrying");
                return false;
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
        if (answer.refusal != null)
        {
            report("the central's journal refused a batch: " + answer.text + "; retrying");
            return false;
        }
        return answer.index == lastEntry;
    }

    private static Map<TopicPartition, OffsetAndMetadata> next(final ConsumerRecords<byte[], byte[]> records)
    {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (final TopicPartition partition : records.partitions())
        {
            offsets.put(partition, new OffsetAndMetadata(records.records(partition).getLast().offset() + 1));
        }
        return offsets;
    }

    /** The journal thread's answer to one batch. */
    private static final class Answer implements CentralJournal.Owner
    {
        private final CountDownLatch done = new CountDownLatch(1);
        private final long lastEntry;
        private volatile long index = -1;
        private volatile Refusal refusal;
        private volatile String text;

        Answer(final long lastEntry)
        {
            this.lastEntry = lastEntry;
        }

        @Override
        public void acknowledged(final long index)
        {
            this.index = index;
            if (index == lastEntry)
            {
                done.countDown(); // the whole batch; otherwise a refusal for the rest follows
            }
        }

        @Override
        public void refused(final Refusal why, final String text)
        {
            this.text = text;
            this.refusal = why;
            done.countDown();
        }
    }
}
