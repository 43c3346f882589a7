package io.sipsensor.kafka;

import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.Journal;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.status.AtomicCounter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A sensor's Kafka producer thread ({@code cdr_sink = kafka}): the journal is the buffer. It reads the journal from
 * the last index the brokers acknowledged ({@link KafkaAckedIndex}), produces every journaled leg as it was
 * journaled (key: the dedup key; value: the binary record or JSON, {@link KafkaLegCodec}) with an idempotent
 * producer and {@code acks=all}, in chunks: a chunk is sent, flushed, and only when every record of it is
 * acknowledged is its last journal index stored. A broker outage, an authentication failure or records that time
 * out ({@code kafka_delivery_timeout_s}): one log line (not repeated while the cause stays the same), a counter, a
 * new producer after a backoff (0.1 s doubling to 10 s), and the chunk is produced again from the acknowledged index
 * (a consumer's leg identity makes the repeats no-ops). Capture and journaling never wait for it.
 * <p>
 * Owns its thread, its reader of the journal and its Kafka producer (which has its own I/O thread).
 */
public final class KafkaSender implements Runnable, AutoCloseable
{
    /** Most records in flight before a flush: bounds the repeats after a failure and the memory held. */
    static final int CHUNK_RECORDS = 20_000;

    private static final long IDLE_POLL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MIN_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NS = TimeUnit.SECONDS.toNanos(10);

    private final Properties properties;
    private final String topic;
    private final KafkaFormat format;
    private final Path journalDirectory;
    private final PrintStream log;
    private final KafkaAckedIndex ackedFile;
    private final String destination;
    private final KafkaLegCodec codec = new KafkaLegCodec();
    private final CdrDecoder record = new CdrDecoder();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicCounter produced;
    private final AtomicCounter failures;
    private final AtomicCounter backlog;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long acked;
    private volatile Producer<byte[], byte[]> producer;
    private String lastProblem;
    private long nextBacklogNs;

    /**
     * @param config    the Kafka settings ({@code cdr_sink = kafka}).
     * @param spoolRoot the sensor's spool (its journal and the acknowledged index).
     * @param counters  a counter set for this thread.
     * @param log       where one-line reports go.
     * @throws IOException if the acknowledged index cannot be read.
     * @throws io.sipsensor.config.ConfigException with one line when the settings are incomplete.
     */
    public KafkaSender(final KafkaConfig config, final Path spoolRoot, final Counters counters,
        final PrintStream log) throws IOException
    {
        this.properties = config.producerProperties();
        this.topic = config.topic();
        this.format = config.format();
        this.journalDirectory = spoolRoot.resolve("journal");
        this.log = log;
        this.destination = config.bootstrap() + "/" + topic;
        this.ackedFile = new KafkaAckedIndex(spoolRoot, destination);
        this.acked = ackedFile.load();
        this.produced = counters.get(SensorCounter.KAFKA_LEGS_PRODUCED);
        this.failures = counters.get(SensorCounter.KAFKA_PRODUCE_FAILURES);
        this.backlog = counters.get(SensorCounter.KAFKA_BACKLOG_LEGS);
        this.thread = new Thread(this, "kafka-sender");
        this.thread.setDaemon(true);
    }

    /**
     * Starts the thread.
     *
     * @return this.
     */
    public KafkaSender start()
    {
        thread.start();
        return this;
    }

    /** @return the topic and brokers, for messages. */
    public String destination()
    {
        return destination;
    }

    /** @return the last journal index up to which the brokers acknowledged every leg (-1 if none). Any thread. */
    public long acked()
    {
        return acked;
    }

    /**
     * Waits until the brokers have acknowledged the journal up to the given index.
     *
     * @param index    a journal index.
     * @param deadline {@link System#nanoTime()} to give up at.
     * @return true if acknowledged, false at the deadline.
     */
    public boolean awaitAcked(final long index, final long deadline)
    {
        while (acked < index && System.nanoTime() < deadline && thread.isAlive())
        {
            LockSupport.parkNanos(IDLE_POLL_NS);
        }
        return acked >= index;
    }

    /** Stops the thread; what was not acknowledged is produced again by the next run. */
    @Override
    public void close()
    {
        running = false;
        final Producer<byte[], byte[]> current = producer;
        if (current != null)
        {
            current.close(Duration.ZERO); // fails what is in flight: the thread's flush returns
        }
        LockSupport.unpark(thread);
        try
        {
            thread.join(15_000);
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
        try (Journal journal = Journal.open(journalDirectory))
        {
            while (running)
            {
                try
                {
                    producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
                    produce(journal);
                }
                catch (final KafkaException | IOException ex)
                {
                    closeProducer();
                    if (!running)
                    {
                        break;
                    }
                    failures.incrementRelease();
                    updateBacklog(journal, true);
                    report(ex);
                    LockSupport.parkNanos(backoffNs);
                    backoffNs = Math.min(MAX_BACKOFF_NS, backoffNs * 2);
                    continue;
                }
                backoffNs = MIN_BACKOFF_NS;
            }
        }
        finally
        {
            closeProducer();
        }
    }

    /**
     * @param ex what the Kafka client threw.
     * @return it in one line, with its causes (the client wraps the useful message).
     */
    static String problem(final Throwable ex)
    {
        final StringBuilder line = new StringBuilder(ex.getClass().getSimpleName()).append(": ")
            .append(ex.getMessage());
        for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause())
        {
            line.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage())
                .append(')');
        }
        return line.toString();
    }

    private void report(final Exception ex)
    {
        final String problem = problem(ex);
        if (!problem.equals(lastProblem))
        {
            lastProblem = problem;
            log.println("sipsensor: kafka " + destination + ": " + problem + "; legs stay in the journal and are " +
                "produced again from " + (acked < 0 ? "its start" : "journal index " + Journal.indexText(acked)) +
                " (retrying)");
        }
    }

    /** Produces chunks until stopped; returns only when stopped, throws on any failure. */
    private void produce(final Journal journal) throws IOException
    {
        Journal.Reader reader = journal.reader().after(acked);
        try
        {
            while (running)
            {
                failure.set(null);
                int count = 0;
                long last = acked;
                // a failure seen stops the chunk early: with the brokers away each send would wait max.block.ms
                while (count < CHUNK_RECORDS && failure.get() == null && reader.next(record))
                {
                    producer.send(new ProducerRecord<>(topic, KafkaLegCodec.key(record), codec.value(record, format)),
                        (metadata, ex) ->
                        {
                            if (ex != null)
                            {
                                failure.compareAndSet(null, ex);
                            }
                        });
                    last = reader.index();
                    count++;
                }
                if (count == 0)
                {
                    updateBacklog(journal, false);
                    LockSupport.parkNanos(IDLE_POLL_NS);
                    // a reader sees the day files as they were when it opened: look again for what was appended
                    reader.close();
                    reader = journal.reader().after(acked);
                    continue;
                }
                producer.flush();
                final Exception failed = failure.get();
                if (failed != null)
                {
                    throw failed instanceof KafkaException kafka ? kafka : new KafkaException(failed);
                }
                ackedFile.store(last);
                acked = last;
                produced.getAndAddRelease(count);
                updateBacklog(journal, false);
                if (lastProblem != null)
                {
                    log.println("sipsensor: kafka " + destination + " reachable again; produced up to journal " +
                        "index " + Journal.indexText(last));
                    lastProblem = null;
                }
            }
        }
        finally
        {
            reader.close();
        }
    }

    private void closeProducer()
    {
        final Producer<byte[], byte[]> current = producer;
        producer = null;
        if (current != null)
        {
            try
            {
                current.close(Duration.ZERO);
            }
            catch (final KafkaException ignored)
            {
                // closing a producer that failed: nothing more to do with it
            }
        }
    }

    /** The backlog gauge: journaled legs not yet acknowledged by the brokers; refreshed at most once a second. */
    private void updateBacklog(final Journal journal, final boolean now)
    {
        final long nowNs = System.nanoTime();
        if (now || nowNs >= nextBacklogNs)
        {
            nextBacklogNs = nowNs + TimeUnit.SECONDS.toNanos(1);
            backlog.setRelease(journal.recordsAfter(acked));
        }
    }
}
