package io.sipsensor.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one node), started from the
 * {@code kafka_2.13} jars on the test class path in a JVM of its own, so a test can kill it with SIGKILL and start
 * it again on the same log folder and port. The storage is formatted once; {@link #start()} waits until the broker
 * answers an admin request.
 */
public final class KafkaBroker implements AutoCloseable
{
    private static final long START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(120);

    private final Path dir;
    private final Path properties;
    private final int port;
    private Process process;
    private int starts;

    private KafkaBroker(final Path dir, final Path properties, final int port)
    {
        this.dir = dir;
        this.properties = properties;
        this.port = port;
    }

    /**
     * Writes the broker's configuration and formats its storage (nothing runs yet).
     *
     * @param dir a folder of its own.
     * @return the broker, stopped.
     */
    public static KafkaBroker format(final Path dir) throws IOException, InterruptedException
    {
        Files.createDirectories(dir);
        final int port = freePort();
        final int controllerPort = freePort();
        final Path properties = dir.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + dir.resolve("logs"),
            "num.partitions=4",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=4",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=true",
            "log.flush.interval.messages=1000000",
            "") + "\n", StandardCharsets.UTF_8);
        final KafkaBroker broker = new KafkaBroker(dir, properties, port);
        final Process format = new ProcessBuilder(broker.command("kafka.tools.StorageTool", "format", "-t",
            Uuid.randomUuid().toString(), "-c", properties.toString())).redirectErrorStream(true)
            .redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0)
        {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the broker's storage failed: " +
                Files.readString(dir.resolve("format.log")));
        }
        return broker;
    }

    /** @return host:port of the broker's listener. */
    public String bootstrap()
    {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it answers. */
    public KafkaBroker start() throws IOException, InterruptedException
    {
        final Path log = dir.resolve("broker-" + (++starts) + ".log");
        process = new ProcessBuilder(command("kafka.Kafka", properties.toString())).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        final long deadline = System.nanoTime() + START_TIMEOUT_NS;
        while (!answers())
        {
            if (!process.isAlive() || System.nanoTime() > deadline)
            {
                process.destroyForcibly();
                throw new IllegalStateException("the broker did not start: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return this;
    }

    /** SIGKILL, as a crash or a power cut of the broker's host would. */
    public void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** @return true while the broker process runs. */
    public boolean running()
    {
        return process != null && process.isAlive();
    }

    /**
     * Creates a topic.
     *
     * @param name       topic name.
     * @param partitions partitions.
     */
    public void createTopic(final String name, final int partitions) throws Exception
    {
        try (Admin admin = admin())
        {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short)1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** @return an admin client of this broker (the caller closes it). */
    public Admin admin()
    {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    @Override
    public void close() throws InterruptedException
    {
        if (process != null && process.isAlive())
        {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                kill();
            }
        }
    }

    private boolean answers()
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        }
        catch (final IOException ex)
        {
            return false;
        }
        try (Admin admin = admin())
        {
            return !admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty();
        }
        catch (final Exception ex)
        {
            return false;
        }
    }

    private List<String> command(final String mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dlog4j2.level=WARN"));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

}
