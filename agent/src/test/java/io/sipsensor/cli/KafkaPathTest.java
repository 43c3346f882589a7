package io.sipsensor.cli;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrEncoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.CdrRecordDescriptor;
import io.sipsensor.journal.Journal;
import io.sipsensor.journal.JournalSettings;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.kafka.KafkaBroker;
import io.sipsensor.kafka.KafkaCentral;
import io.sipsensor.kafka.KafkaConfig;
import io.sipsensor.kafka.KafkaSender;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CDRs through a real Kafka broker (KRaft, its own JVM, started once for the class): sensors produce their journals
 * to a topic, a central reads it into its own journal. The central ends up with exactly the legs of the sensors'
 * journals, each once, whatever is killed on the way: the broker (SIGKILL, then started again), the central's
 * reader (SIGKILL of its process), or a broker gone for longer than the producer's delivery timeout. Poison
 * records on the topic are skipped, counted and logged once per kind.
 */
class KafkaPathTest
{
    private static final JournalSettings JOURNAL = new JournalSettings(0, 1L << 20, 16L << 20,
        TimeUnit.SECONDS.toNanos(1));

    @TempDir
    static Path shared;

    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception
    {
        broker = KafkaBroker.format(shared.resolve("broker")).start();
    }

    @BeforeEach
    void brokerUp() throws Exception
    {
        if (!broker.running())
        {
            broker.start(); // a test that killed it failed before starting it again
        }
    }

    @AfterAll
    static void stopBroker() throws Exception
    {
        if (broker != null)
        {
            broker.close();
        }
    }

    @Test
    void shouldGiveTheCentralExactlyTheSensorsLegsThroughKafkaInBothFormats() throws Exception
    {
        broker.createTopic("corpus", 4);
        final Path spoolA = dir.resolve("sensor-1");
        final Path spoolB = dir.resolve("sensor-2");
        final Corpus.Result a = Corpus.run("-r", Corpus.pcap("s1_basic_udp").toString(), "--spool",
            spoolA.toString(), "--id-sensor", "1", "--config-file",
            config("binary.conf", "cdr_sink = kafka", "kafka_topic = corpus").toString());
        assertEquals(0, a.status(), a.err());
        final Corpus.Result b = Corpus.run("-r", Corpus.pcap("s8_b2bua").toString(), "--spool",
            spoolB.toString(), "--id-sensor", "2", "--config-file",
            config("json.conf", "cdr_sink = kafka", "kafka_topic = corpus", "kafka_format = json").toString());
        assertEquals(0, b.status(), b.err());
        assertTrue(a.err().contains("producing journaled legs to kafka"), a.err());

        final List<CdrLeg> expected = new ArrayList<>(LiveNetwork.journaledLegs(spoolA));
        expected.addAll(LiveNetwork.journaledLegs(spoolB));
        assertTrue(LiveNetwork.journaledLegs(spoolA).size() > 0 && LiveNetwork.journaledLegs(spoolB).size() > 0);
        final Path centralSpool = dir.resolve("central");
        final Counters counters = new Counters();
        try (KafkaCentral ignored = KafkaCentral.start(kafka("corpus"), centralSpool, JOURNAL, counters,
            quiet()))
        {
            await("the central has every leg", () -> counters.total(SensorCounter.LEGS_JOURNALED) >= expected.size());
        }
        assertEquals(multiset(expected), multiset(LiveNetwork.journaledLegs(centralSpool)));
        assertEquals(0, counters.total(SensorCounter.KAFKA_POISON_RECORDS));

        // the direct link's central journals each shipped record through its journal writer: do the same
        final Path directSpool = dir.resolve("direct");
        try (JournalWriter writer = JournalWriter.open(directSpool, JOURNAL, false, new Counters(), quiet()))
        {
            for (final Path sensor : List.of(spoolA, spoolB))
            {
                try (Journal journal = Journal.open(sensor.resolve("journal"));
                    Journal.Reader reader = journal.reader())
                {
                    final CdrDecoder record = new CdrDecoder();
                    while (reader.next(record))
                    {
                        writer.write(record.buffer(), record.offset(), record.length());
                    }
                }
            }
        }
        // the direct central keeps its Concurrent Calls Stats from what it journals; here they are recomputed whole
        final Corpus.Result rebuilt = Corpus.run("channels", "rebuild", "--spool", directSpool.toString());
        assertEquals(0, rebuilt.status(), rebuilt.err());
        final Corpus.Result centralChannels = Corpus.run("channels", "--spool", centralSpool.toString());
        assertFalse(centralChannels.out().contains("no hours with calls"),
            "the central reading Kafka keeps the group's Concurrent Calls Stats: " + centralChannels.out());
        for (final String[] report : List.of(new String[] {"channels"}, new String[] {"cdr", "export"}))
        {
            final Corpus.Result direct = Corpus.run(concat(report, "--spool", directSpool.toString()));
            final Corpus.Result viaKafka = Corpus.run(concat(report, "--spool", centralSpool.toString()));
            assertEquals(0, viaKafka.status(), viaKafka.err());
            assertTrue(direct.out().length() > 100, direct.out());
            assertEquals(sortedLines(direct.out()), sortedLines(viaKafka.out()), String.join(" ", report));
        }
    }

    @Test
    void shouldLoseAndRepeatNothingWhenTheBrokerIsKilledMidStream() throws Exception
    {
        broker.createTopic("killed", 4);
        final Path spool = dir.resolve("sensor");
        final long last = journal(spool, 7, 0, 40_000);
        final Counters sensorCounters = new Counters();
        final Counters centralCounters = new Counters();
        final ByteArrayOutputStream sensorLog = new ByteArrayOutputStream();
        final Path centralSpool = dir.resolve("central");
        try (KafkaSender sender = new KafkaSender(kafka("killed"), spool, sensorCounters,
            echo(sensorLog)).start();
            KafkaCentral ignored = KafkaCentral.start(kafka("killed"), centralSpool, JOURNAL, centralCounters,
                quiet()))
        {
            await("some legs produced", () -> sensorCounters.total(SensorCounter.KAFKA_LEGS_PRODUCED) > 0);
            broker.kill();
            final long producedAtKill = sensorCounters.total(SensorCounter.KAFKA_LEGS_PRODUCED);
            assertTrue(sender.acked() < last, "the broker died before everything was acknowledged");
            broker.start();
            await("every leg acknowledged by the restarted broker", () -> sender.acked() >= last);
            await("every leg at the central", () -> centralCounters.total(SensorCounter.LEGS_JOURNALED) >= 40_000);
            assertTrue(producedAtKill < 40_000);
            assertEquals(last, sender.acked());
        }
        final Map<String, Integer> atCentral = identities(LiveNetwork.journaledLegs(centralSpool));
        assertEquals(identities(LiveNetwork.journaledLegs(spool)), atCentral);
        assertTrue(atCentral.values().stream().allMatch(n -> n == 1), "every leg exactly once");
    }

    @Test
    void shouldProduceEverythingOnceTheBrokerIsBackAfterMoreThanTheDeliveryTimeout() throws Exception
    {
        broker.createTopic("outage", 2);
        final Path spool = dir.resolve("sensor");
        broker.kill();
        final long last = journal(spool, 9, 0, 3_000);
        final Counters sensorCounters = new Counters();
        final Counters centralCounters = new Counters();
        final ByteArrayOutputStream sensorLog = new ByteArrayOutputStream();
        final KafkaConfig config = kafka("outage", "kafka_delivery_timeout_s = 1");
        try (KafkaSender sender = new KafkaSender(config, spool, sensorCounters,
            echo(sensorLog)).start())
        {
            // more than one delivery timeout gone by with the broker down: failed chunks, nothing acknowledged
            await("two failed attempts", () -> sensorCounters.total(SensorCounter.KAFKA_PRODUCE_FAILURES) >= 2);
            assertEquals(-1, sender.acked());
            await("the backlog gauge shows the journal", () ->
                sensorCounters.total(SensorCounter.KAFKA_BACKLOG_LEGS) == 3_000);
            broker.start();
            await("every leg acknowledged once the broker is back", () -> sender.acked() >= last);
        }
        final Path centralSpool = dir.resolve("central");
        try (KafkaCentral ignored = KafkaCentral.start(kafka("outage"), centralSpool, JOURNAL, centralCounters,
            quiet()))
        {
            await("every leg at the central", () -> centralCounters.total(SensorCounter.LEGS_JOURNALED) >= 3_000);
        }
        assertEquals(identities(LiveNetwork.journaledLegs(spool)),
            identities(LiveNetwork.journaledLegs(centralSpool)));
        final String log = sensorLog.toString(StandardCharsets.UTF_8);
        // one line per cause, not one per failed attempt (the cause may change as the broker comes back)
        final List<String> retrying = log.lines().filter(line -> line.contains("(retrying)")).toList();
        assertTrue(retrying.size() >= 1 && retrying.size() == new java.util.HashSet<>(retrying).size(), log);
        assertTrue(retrying.size() < sensorCounters.total(SensorCounter.KAFKA_PRODUCE_FAILURES), log);
        assertTrue(Files.readString(spool.resolve("kafka").resolve("acked")).contains("acked_index=" + last));
    }

    @Test
    void shouldJournalEveryLegOnceAcrossASigkillOfTheCentralProcess() throws Exception
    {
        broker.createTopic("central-killed", 4);
        final Path spool = dir.resolve("sensor");
        final long last = journal(spool, 3, 0, 40_000);
        try (KafkaSender sender = new KafkaSender(kafka("central-killed"), spool, new Counters(), quiet()).start())
        {
            await("the topic holds the sensor's journal", () -> sender.acked() >= last);
        }
        final Path centralSpool = dir.resolve("central");
        final Path config = config("central.conf", "spooldir = " + centralSpool, "kafka_topic = central-killed",
            "kafka_client_properties = " + write("small-polls.properties", "max.poll.records=200"));
        Process central = start(config, dir.resolve("central-1.log"));
        LiveNetwork.awaitCounters(centralSpool, central, dir.resolve("central-1.log"),
            snapshot -> snapshot.value(SensorCounter.LEGS_JOURNALED) >= 2_000, 120_000);
        central.destroyForcibly(); // SIGKILL between polls or in the middle of one
        assertTrue(central.waitFor(30, TimeUnit.SECONDS));
        final long journaledBeforeKill = LiveNetwork.journaledLegs(centralSpool).size();
        // on a fast host the first central may have finished: the second then must add nothing
        assertTrue(journaledBeforeKill >= 2_000 && journaledBeforeKill <= 40_000, "journaled: " + journaledBeforeKill);

        central = start(config, dir.resolve("central-2.log"));
        LiveNetwork.awaitCounters(centralSpool, central, dir.resolve("central-2.log"),
            snapshot -> snapshot.value(SensorCounter.LEGS_JOURNALED) + journaledBeforeKill >= 40_000, 120_000);
        central.destroy(); // SIGTERM
        assertTrue(central.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, central.exitValue(), Files.readString(dir.resolve("central-2.log")));
        final Map<String, Integer> atCentral = identities(LiveNetwork.journaledLegs(centralSpool));
        assertEquals(identities(LiveNetwork.journaledLegs(spool)), atCentral);
        assertTrue(atCentral.values().stream().allMatch(n -> n == 1), "every leg exactly once");
        assertTrue(Files.readString(dir.resolve("central-2.log")).contains("reading kafka topic central-killed"));
    }

    @Test
    void shouldSkipCountAndLogOncePoisonRecordsAndGoOn() throws Exception
    {
        broker.createTopic("poison", 1);
        final Path spool = dir.resolve("sensor");
        journal(spool, 5, 0, 10);
        final Map<String, Object> producerSettings = Map.of("bootstrap.servers", broker.bootstrap(), "acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(),
            new ByteArraySerializer());
            Journal journal = Journal.open(spool.resolve("journal"));
            Journal.Reader reader = journal.reader())
        {
            final CdrDecoder record = new CdrDecoder();
            while (reader.next(record))
            {
                final byte[] value = new byte[record.length()];
                record.buffer().getBytes(record.offset(), value);
                producer.send(new ProducerRecord<>("poison", value));
                producer.send(new ProducerRecord<>("poison", "garbage, not a leg".getBytes(StandardCharsets.UTF_8)));
                final byte[] future = value.clone();
                future[0] = 99; // a record version from the future
                producer.send(new ProducerRecord<>("poison", future));
            }
            producer.send(new ProducerRecord<>("poison", "{\"call_id\": 7}".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        final Counters counters = new Counters();
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final Path centralSpool = dir.resolve("central");
        try (KafkaCentral ignored = KafkaCentral.start(kafka("poison"), centralSpool, JOURNAL, counters,
            echo(log)))
        {
            await("the good legs journaled", () -> counters.total(SensorCounter.LEGS_JOURNALED) >= 10);
            await("the poison counted", () -> counters.total(SensorCounter.KAFKA_POISON_RECORDS) >= 21);
        }
        assertEquals(21, counters.total(SensorCounter.KAFKA_POISON_RECORDS));
        assertEquals(10, LiveNetwork.journaledLegs(centralSpool).size());
        final List<String> lines = log.toString(StandardCharsets.UTF_8).lines()
            .filter(line -> line.contains("skipped")).toList();
        assertEquals(3, lines.size(), "one line per kind of poison: " + lines);
        assertTrue(lines.stream().anyMatch(line -> line.contains("version 99")), lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.contains("partition 0 offset 1:")), lines.toString());
    }

    // ---- material

    private static String[] concat(final String[] head, final String... tail)
    {
        final List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    private static List<String> sortedLines(final String text)
    {
        return text.lines().sorted().toList();
    }

    private Path config(final String name, final String... lines) throws IOException
    {
        final List<String> all = new ArrayList<>(List.of("kafka_bootstrap = " + broker.bootstrap()));
        all.addAll(List.of(lines));
        return write(name, all.toArray(String[]::new));
    }

    private Path write(final String name, final String... lines) throws IOException
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static KafkaConfig kafka(final String topic, final String... more)
    {
        final KafkaConfig config = new KafkaConfig();
        config.set("kafka_bootstrap", broker.bootstrap(), "test");
        config.set("kafka_topic", topic, "test");
        config.set("cdr_sink", "kafka", "test");
        for (final String line : more)
        {
            final String[] pair = line.split("=", 2);
            config.set(pair[0].trim(), pair[1].trim(), "test");
        }
        return config;
    }

    private static Process start(final Path config, final Path log) throws IOException
    {
        return new ProcessBuilder(LiveNetwork.agentCommand(List.of("central", "--from-kafka", "--config-file",
            config.toString()))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static CdrLeg leg(final int idSensor, final int i)
    {
        final long start = 1_795_343_581_759_434_000L + i * 1_000_000L;
        return new CdrLeg(idSensor, i + "-kafka@127.0.3.10", "0605" + (788613 + i % 5000), "0246296364",
            "0246296364", "127.0.3.10", 5070, "127.0.3.20", 5060, start, start + 643_452_000L,
            start + 3_145_971_000L, start + 643_452_000L, CallState.NO_TIME, start + 3_145_971_000L,
            start + 3_146_093_000L, 200, EndReason.BYE, CallState.BYE_BY_CALLER, 0);
    }

    /** Journals legs {@code from..to-1} of a sensor; returns the journal's last index. */
    private static long journal(final Path spool, final int idSensor, final int from, final int to)
        throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalWriter writer = JournalWriter.open(spool, JOURNAL, false, new Counters(), quiet()))
        {
            for (int i = from; i < to; i++)
            {
                writer.write(buffer, 0, CdrEncoder.encode(buffer, 0, leg(idSensor, i)));
            }
        }
        try (Journal journal = Journal.open(spool.resolve("journal")))
        {
            return journal.lastIndex();
        }
    }

    private static Map<CdrLeg, Integer> multiset(final List<CdrLeg> legs)
    {
        final Map<CdrLeg, Integer> counts = new java.util.HashMap<>();
        for (final CdrLeg leg : legs)
        {
            counts.merge(leg, 1, Integer::sum);
        }
        return counts;
    }

    private static Map<String, Integer> identities(final List<CdrLeg> legs)
    {
        final Map<String, Integer> counts = new TreeMap<>();
        for (final CdrLeg leg : legs)
        {
            counts.merge(leg.idSensor() + "/" + leg.callId() + "/" + leg.startNs(), 1, Integer::sum);
        }
        return counts;
    }

    private static PrintStream quiet()
    {
        return echo(new ByteArrayOutputStream());
    }

    /** A log kept for the test's assertions and shown in the test's output. */
    private static PrintStream echo(final ByteArrayOutputStream kept)
    {
        return new PrintStream(new java.io.OutputStream()
        {
            @Override
            public void write(final int b)
            {
                kept.write(b);
                System.out.write(b);
            }

            @Override
            public void write(final byte[] b, final int off, final int len)
            {
                kept.write(b, off, len);
                System.out.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("still waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
