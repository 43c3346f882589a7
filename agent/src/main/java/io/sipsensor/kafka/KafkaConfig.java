package io.sipsensor.kafka;

import io.sipsensor.config.ConfigException;
import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static io.sipsensor.config.SettingValues.invalid;
import static io.sipsensor.config.SettingValues.number;

/**
 * Kafka's settings as the config file names them: whether a sensor produces its journaled legs to Kafka
 * ({@code cdr_sink = kafka}), where the brokers are, the topic and record format, the consumer group a central
 * reads with, and the TLS and SASL settings, which are passed through to the Kafka client unchanged (with
 * {@code kafka_client_properties} for anything else the client knows).
 */
public final class KafkaConfig implements SettingGroup
{
    /** The CDR topic's default name. */
    public static final String DEFAULT_TOPIC = "sipsensor.cdr";

    /** This group's settings. */
    public static final List<Setting> SETTINGS = List.of(
        new Setting("cdr_sink", "journal",
            "journal: legs stay in the journal (and go to server_destination if set); kafka: every journaled leg " +
                "is also produced to kafka_topic"),
        new Setting("kafka_bootstrap", "",
            "host:port[,host:port...] of Kafka brokers (cdr_sink = kafka, sipsensor central --from-kafka)"),
        new Setting("kafka_topic", DEFAULT_TOPIC, "topic the CDR legs are produced to and read from"),
        new Setting("kafka_format", "binary",
            "binary: the journal's CDR record as it is (docs/kafka.md); json: the export's field names"),
        new Setting("kafka_group_id", "sipsensor-central",
            "consumer group of the centrals reading kafka_topic (readers of one group share its partitions)"),
        new Setting("kafka_delivery_timeout_s", "120",
            "a produced batch not acknowledged by the brokers within this many seconds is sent again from the " +
                "journal"),
        new Setting("kafka_security_protocol", "PLAINTEXT",
            "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (Kafka's security.protocol)"),
        new Setting("kafka_ssl_truststore", "", "trust store of the brokers' CA (ssl.truststore.location)"),
        new Setting("kafka_ssl_truststore_password", "", "its password (ssl.truststore.password)"),
        new Setting("kafka_ssl_keystore", "", "client key store for mutual TLS (ssl.keystore.location)"),
        new Setting("kafka_ssl_keystore_password", "", "its password (ssl.keystore.password and ssl.key.password)"),
        new Setting("kafka_sasl_mechanism", "", "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (sasl.mechanism)"),
        new Setting("kafka_sasl_username", "", "SASL user name"),
        new Setting("kafka_sasl_password", "", "SASL password (never logged)"),
        new Setting("kafka_client_properties", "",
            "a Java properties file of further Kafka client settings, passed through as they are"));

    private boolean sink;
    private String bootstrap = "";
    private String topic = DEFAULT_TOPIC;
    private KafkaFormat format = KafkaFormat.BINARY;
    private String groupId = "";
    private int deliveryTimeoutS;
    private String securityProtocol = "PLAINTEXT";
    private String truststore = "";
    private String truststorePassword = "";
    private String keystore = "";
    private String keystorePassword = "";
    private String saslMechanism = "";
    private String saslUsername = "";
    private String saslPassword = "";
    private Path clientProperties;

    /** Every setting at its default. */
    public KafkaConfig()
    {
        for (final Setting setting : SETTINGS)
        {
            set(setting.key(), setting.defaultValue(), "default");
        }
    }

    @Override
    public List<Setting> settings()
    {
        return SETTINGS;
    }

    @Override
    public boolean set(final String key, final String text, final String source)
    {
        switch (key)
        {
            case "cdr_sink" -> sink = switch (text)
            {
                case "journal" -> false;
                case "kafka" -> true;
                default -> throw invalid(source, key, text, "journal or kafka");
            };
            case "kafka_bootstrap" -> bootstrap = bootstrap(source, key, text);
            case "kafka_topic" -> topic = name(source, key, text);
            case "kafka_format" -> format = switch (text)
            {
                case "binary" -> KafkaFormat.BINARY;
                case "json" -> KafkaFormat.JSON;
                default -> throw invalid(source, key, text, "binary or json");
            };
            case "kafka_group_id" -> groupId = name(source, key, text);
            case "kafka_delivery_timeout_s" -> deliveryTimeoutS = (int)number(source, key, text, 1, 86_400);
            case "kafka_security_protocol" -> securityProtocol = switch (text)
            {
                case "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL" -> text;
                default -> throw invalid(source, key, text, "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
            };
            case "kafka_ssl_truststore" -> truststore = text;
            case "kafka_ssl_truststore_password" -> truststorePassword = text;
            case "kafka_ssl_keystore" -> keystore = text;
            case "kafka_ssl_keystore_password" -> keystorePassword = text;
            case "kafka_sasl_mechanism" -> saslMechanism = switch (text)
            {
                case "", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512" -> text;
                default -> throw invalid(source, key, text, "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
            };
            case "kafka_sasl_username" -> saslUsername = text;
            case "kafka_sasl_password" -> saslPassword = text;
            case "kafka_client_properties" -> clientProperties = text.isEmpty() ? null : Path.of(text);
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /** @return true when a sensor produces its journaled legs to Kafka ({@code cdr_sink = kafka}). */
    public boolean sink()
    {
        return sink;
    }

    /** @return the topic. */
    public String topic()
    {
        return topic;
    }

    /** @return the record format a sensor produces. */
    public KafkaFormat format()
    {
        return format;
    }

    /** @return the brokers, as configured. */
    public String bootstrap()
    {
        return bootstrap;
    }

    /**
     * @return the client settings a sensor's producer starts from: brokers, TLS and SASL, the passed-through file,
     * then what the sink needs and an operator may not change (idempotence, acks from every in-sync replica).
     * @throws ConfigException with one line when the brokers are missing or the properties file cannot be read.
     */
    public Properties producerProperties()
    {
        final Properties properties = common("cdr_sink = kafka");
        properties.put("enable.idempotence", "true");
        properties.put("acks", "all");
        properties.put("max.in.flight.requests.per.connection", "5");
        properties.putIfAbsent("linger.ms", "5");
        final long deliveryMs = deliveryTimeoutS * 1000L;
        properties.put("delivery.timeout.ms", Long.toString(deliveryMs));
        // the client wants delivery.timeout.ms >= linger.ms + request.timeout.ms
        properties.put("request.timeout.ms", Long.toString(Math.min(30_000, Math.max(1, deliveryMs - milliseconds(
            properties.getProperty("linger.ms"))))));
        properties.putIfAbsent("max.block.ms", Long.toString(Math.min(10_000, deliveryMs)));
        properties.putIfAbsent("batch.size", Integer.toString(256 * 1024));
        properties.putIfAbsent("compression.type", "lz4");
        properties.putIfAbsent("client.id", "sipsensor-sensor");
        return properties;
    }

    /**
     * @return the client settings a central's consumer starts from: brokers, TLS and SASL, the passed-through file,
     * the group, and offsets committed by the central only (after its journal holds the legs).
     * @throws ConfigException with one line when the brokers are missing or the properties file cannot be read.
     */
    public Properties consumerProperties()
    {
        final Properties properties = common("sipsensor central --from-kafka");
        properties.put("group.id", groupId);
        properties.put("enable.auto.commit", "false");
        properties.putIfAbsent("auto.offset.reset", "earliest");
        properties.putIfAbsent("max.poll.records", "5000");
        properties.putIfAbsent("client.id", "sipsensor-central");
        return properties;
    }

    private Properties common(final String who)
    {
        if (bootstrap.isEmpty())
        {
            throw new ConfigException(who + " needs kafka_bootstrap (host:port of one or more Kafka brokers)");
        }
        final Properties properties = new Properties();
        if (clientProperties != null)
        {
            try (Reader in = Files.newBufferedReader(clientProperties, StandardCharsets.UTF_8))
            {
                properties.load(in);
            }
            catch (final IOException | IllegalArgumentException ex)
            {
                throw new ConfigException("kafka_client_properties " + clientProperties + " cannot be read: " +
                    ex.getMessage());
            }
        }
        properties.put("bootstrap.servers", bootstrap);
        properties.put("security.protocol", securityProtocol);
        putIfSet(properties, "ssl.truststore.location", truststore);
        putIfSet(properties, "ssl.truststore.password", truststorePassword);
        putIfSet(properties, "ssl.keystore.location", keystore);
        putIfSet(properties, "ssl.keystore.password", keystorePassword);
        putIfSet(properties, "ssl.key.password", keystorePassword);
        if (!saslMechanism.isEmpty())
        {
            properties.put("sasl.mechanism", saslMechanism);
            final String module = saslMechanism.equals("PLAIN") ?
                "org.apache.kafka.common.security.plain.PlainLoginModule" :
                "org.apache.kafka.common.security.scram.ScramLoginModule";
            properties.put("sasl.jaas.config", module + " required username=\"" + quoted(saslUsername) +
                "\" password=\"" + quoted(saslPassword) + "\";");
        }
        return properties;
    }

    private static long milliseconds(final String text)
    {
        return text != null && !text.isEmpty() && text.length() < 10 && text.chars().allMatch(Character::isDigit) ?
            Long.parseLong(text) : 0;
    }

    private static void putIfSet(final Properties properties, final String key, final String value)
    {
        if (!value.isEmpty())
        {
            properties.put(key, value);
        }
    }

    private static String quoted(final String text)
    {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String bootstrap(final String source, final String key, final String text)
    {
        if (text.isEmpty())
        {
            return text;
        }
        for (final String server : text.split(","))
        {
            final int colon = server.trim().lastIndexOf(':');
            if (colon <= 0 || colon == server.trim().length() - 1 ||
                !server.trim().substring(colon + 1).chars().allMatch(Character::isDigit))
            {
                throw invalid(source, key, text, "host:port[,host:port...]");
            }
        }
        return text;
    }

    private static String name(final String source, final String key, final String text)
    {
        if (text.isEmpty() || text.length() > 249 || !text.chars().allMatch(c -> Character.isLetterOrDigit(c) ||
            c == '.' || c == '_' || c == '-'))
        {
            throw invalid(source, key, text, "1 to 249 letters, digits, '.', '_' or '-'");
        }
        return text;
    }
}
