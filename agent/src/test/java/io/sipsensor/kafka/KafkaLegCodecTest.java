package io.sipsensor.kafka;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.config.ConfigException;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrEncoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.CdrRecordDescriptor;
import io.sipsensor.journal.Journal;
import io.sipsensor.journal.JournalSettings;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.status.Counters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journaled leg as a Kafka record and back: the binary value is the journal's record byte for byte, the JSON value
 * reads back into the same leg, the key is the dedup key; values that are not legs are named, never thrown. The
 * settings reach the Kafka client as Kafka names them.
 */
class KafkaLegCodecTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCarryAJournaledLegAsItIsInBinaryAndAsTheSameLegInJson() throws Exception
    {
        final CdrLeg leg = new CdrLeg(12, "a84b4c76e66710@pc33.example.com", "+44 20 7946 0123", "sip:0605788613",
            "0605788613", "2001:db8::1", 5070, "2001:db8::20", 5060, 1_795_343_581_759_434_000L,
            1_795_343_582_402_886_000L, 1_795_343_584_905_405_000L, 1_795_343_582_402_886_000L, CallState.NO_TIME,
            1_795_343_584_905_405_000L, 1_795_343_584_905_527_000L, 200, EndReason.BYE, CallState.BYE_BY_CALLEE, 2);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalWriter writer = JournalWriter.open(dir, new JournalSettings(0, 1L << 20, 16L << 20, 1_000_000_000L),
            false, new Counters(), new PrintStream(PrintStream.nullOutputStream())))
        {
            writer.write(buffer, 0, CdrEncoder.encode(buffer, 0, leg));
        }
        final CdrDecoder journaled = new CdrDecoder();
        final byte[] stored;
        try (Journal journal = Journal.open(dir.resolve("journal")); Journal.Reader reader = journal.reader())
        {
            assertTrue(reader.next(journaled));
            stored = new byte[journaled.length()];
            journaled.buffer().getBytes(journaled.offset(), stored);
            final KafkaLegCodec codec = new KafkaLegCodec();
            final byte[] binary = codec.value(journaled, KafkaFormat.BINARY);
            assertTrue(java.util.Arrays.equals(stored, binary), "the journal's record as it is");
            assertEquals("460123|788613", new String(KafkaLegCodec.key(journaled), StandardCharsets.UTF_8));
            final String json = new String(codec.value(journaled, KafkaFormat.JSON), StandardCharsets.UTF_8);
            assertTrue(json.startsWith("{\"id_sensor\":12,\"call_id\":\"a84b4c76e66710@pc33.example.com\""), json);

            final KafkaLegCodec reading = new KafkaLegCodec();
            assertNull(reading.read(binary));
            assertEquals(leg, reading.decoder().toLeg());
            assertNull(reading.read(json.getBytes(StandardCharsets.UTF_8)), reading.why());
            assertEquals(leg, reading.decoder().toLeg());
        }
    }

    @Test
    void shouldNameEveryValueThatIsNotALeg()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final CdrLeg leg = new CdrLeg(1, "x@y", "100", "200", "200", "10.0.0.1", 5060, "10.0.0.2", 5060,
            1_000_000_000L, CallState.NO_TIME, 2_000_000_000L, 2_000_000_000L, CallState.NO_TIME, CallState.NO_TIME,
            2_000_000_000L, 486, EndReason.FINAL, CallState.BYE_BY_NONE, 0);
        final byte[] record = new byte[CdrEncoder.encode(buffer, 0, leg)];
        buffer.getBytes(0, record);
        final KafkaLegCodec codec = new KafkaLegCodec();
        assertEquals(KafkaLegCodec.Poison.NOT_A_RECORD, codec.read(null));
        assertEquals(KafkaLegCodec.Poison.NOT_A_RECORD, codec.read(new byte[0]));
        assertEquals(KafkaLegCodec.Poison.NOT_A_RECORD, codec.read("hello".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(KafkaLegCodec.Poison.NOT_A_RECORD, codec.read(new byte[200]));
        final byte[] future = record.clone();
        future[0] = 3;
        assertEquals(KafkaLegCodec.Poison.UNKNOWN_VERSION, codec.read(future));
        assertTrue(codec.why().contains("version 3"), codec.why());
        final byte[] cut = java.util.Arrays.copyOf(record, record.length - 3);
        assertEquals(KafkaLegCodec.Poison.NOT_A_RECORD, codec.read(cut));
        assertEquals(KafkaLegCodec.Poison.BAD_JSON, codec.read("{\"call_id\": 7}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(KafkaLegCodec.Poison.BAD_JSON, codec.read(("{\"call_id\": \"x\", \"start\": \"yesterday\", " +
            "\"end\": \"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(KafkaLegCodec.Poison.BAD_JSON, codec.read("{nope".getBytes(StandardCharsets.UTF_8)));
        assertEquals(KafkaLegCodec.Poison.BAD_JSON, codec.read(new byte[] {'{', (byte)0xC3, '}'}));
    }

    @Test
    void shouldRefuseAJournaledRecordWithAFlippedBit() throws Exception
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalWriter writer = JournalWriter.open(dir, new JournalSettings(0, 1L << 20, 16L << 20, 1_000_000_000L),
            false, new Counters(), new PrintStream(PrintStream.nullOutputStream())))
        {
            writer.write(buffer, 0, CdrEncoder.encode(buffer, 0, new CdrLeg(1, "x@y", "100", "200", "200",
                "10.0.0.1", 5060, "10.0.0.2", 5060, 1_000_000_000L, CallState.NO_TIME, 2_000_000_000L,
                2_000_000_000L, CallState.NO_TIME, CallState.NO_TIME, 2_000_000_000L, 486, EndReason.FINAL,
                CallState.BYE_BY_NONE, 0)));
        }
        try (Journal journal = Journal.open(dir.resolve("journal")); Journal.Reader reader = journal.reader())
        {
            final CdrDecoder journaled = new CdrDecoder();
            assertTrue(reader.next(journaled));
            final byte[] value = new KafkaLegCodec().value(journaled, KafkaFormat.BINARY);
            final KafkaLegCodec codec = new KafkaLegCodec();
            assertNull(codec.read(value));
            value[CdrRecordDescriptor.FINAL_CODE_OFFSET] ^= 1; // 486 becomes 487: counted differently
            assertEquals(KafkaLegCodec.Poison.CHECKSUM, codec.read(value));
        }
    }

    @Test
    void shouldPassTheSecuritySettingsToTheClientAsKafkaNamesThem() throws Exception
    {
        final Path extra = Files.writeString(dir.resolve("client.properties"),
            "ssl.endpoint.identification.algorithm=https\nacks=1\nlinger.ms=20\n");
        final KafkaConfig config = new KafkaConfig();
        for (final String[] pair : new String[][] {
            {"kafka_bootstrap", "k1.example.net:9093,k2.example.net:9093"}, {"kafka_security_protocol", "SASL_SSL"},
            {"kafka_sasl_mechanism", "SCRAM-SHA-512"}, {"kafka_sasl_username", "sensor-7"},
            {"kafka_sasl_password", "pa\"ss"}, {"kafka_ssl_truststore", "/etc/sipsensor/kafka-ca.p12"},
            {"kafka_ssl_truststore_password", "ts"}, {"kafka_client_properties", extra.toString()},
            {"kafka_delivery_timeout_s", "30"}})
        {
            config.set(pair[0], pair[1], "test");
        }
        final Properties producer = config.producerProperties();
        assertEquals("k1.example.net:9093,k2.example.net:9093", producer.get("bootstrap.servers"));
        assertEquals("SASL_SSL", producer.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", producer.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"sensor-7\" " +
            "password=\"pa\\\"ss\";", producer.get("sasl.jaas.config"));
        assertEquals("/etc/sipsensor/kafka-ca.p12", producer.get("ssl.truststore.location"));
        assertEquals("https", producer.get("ssl.endpoint.identification.algorithm"), "passed through");
        assertEquals("20", producer.get("linger.ms"), "passed through");
        assertEquals("all", producer.get("acks"), "the sink's guarantee is not the operator's to weaken");
        assertEquals("true", producer.get("enable.idempotence"));
        assertEquals("30000", producer.get("delivery.timeout.ms"));
        final Properties consumer = config.consumerProperties();
        assertEquals("sipsensor-central", consumer.get("group.id"));
        assertEquals("false", consumer.get("enable.auto.commit"));

        final ConfigException missing = assertThrows(ConfigException.class, () -> new KafkaConfig().producerProperties());
        assertTrue(missing.getMessage().contains("kafka_bootstrap"), missing.getMessage());
        assertThrows(ConfigException.class, () -> new KafkaConfig().set("kafka_format", "avro", "test"));
        assertThrows(ConfigException.class, () -> new KafkaConfig().set("kafka_bootstrap", "nohost", "test"));
        assertThrows(ConfigException.class, () -> new KafkaConfig().set("cdr_sink", "s3", "test"));
    }
}
