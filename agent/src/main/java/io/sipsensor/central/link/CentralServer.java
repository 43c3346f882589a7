package io.sipsensor.central.link;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.sipsensor.central.LinkConfig;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.config.ConfigException;
import io.sipsensor.journal.JournalSettings;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.license.Condition;
import io.sipsensor.license.EventType;
import io.sipsensor.license.LicenseStore;
import io.sipsensor.license.ObservedConditions;
import io.sipsensor.spool.Spool;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.status.AtomicCounter;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A central: accepts sensors over TLS 1.3 on one port, authenticates each ({@link CentralSession}) and journals
 * what they ship into its own spool's journal on one journal thread ({@link CentralJournal}); beyond
 * {@code central_max_connections} a new connection is closed at once (counted as busy). Threads: one Netty
 * event loop accepting, one serving every connection (TLS, framing, the session state), one journal thread.
 */
public final class CentralServer implements AutoCloseable
{
    /** Most batches waiting for the journal thread; more connected sensors than this get BUSY and retry. */
    private static final int MAX_PENDING_BATCHES = 256;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel server;
    private final JournalWriter writer;
    private final GroupChannels channels;
    private final SensorRegistry registry;
    private final Path licenseRoot;
    private final AtomicCounter sensorsKnown;
    private final AtomicCounter sensorsMissing;
    private List<Condition> lastConditions;
    private final CentralJournal journal;
    private final Thread journalThread;

    private CentralServer(final EventLoopGroup boss, final EventLoopGroup workers, final Channel server,
        final JournalWriter writer, final GroupChannels channels, final SensorRegistry registry,
        final Path spoolRoot, final Counters counters, final CentralJournal journal, final Thread journalThread)
    {
        this.channels = channels;
        this.registry = registry;
        this.licenseRoot = new LicenseStore(spoolRoot).root();
        this.sensorsKnown = counters.get(SensorCounter.LINK_SENSORS_KNOWN);
        this.sensorsMissing = counters.get(SensorCounter.LINK_SENSORS_MISSING);
        this.boss = boss;
        this.workers = workers;
        this.server = server;
        this.writer = writer;
        this.journal = journal;
        this.journalThread = journalThread;
    }

    /**
     * Opens the central's journal and starts listening.
     *
     * @param settings        where to listen, TLS files, the shared secret.
     * @param spoolRoot       the central's spool.
     * @param journalSettings how the central's journal is kept.
     * @param license         how the group's legs merge into license channels.
     * @param counters        the central's counters (sets for its threads are made here).
     * @param log             where one-line reports go.
     * @return the running central.
     * @throws ConfigException with one line if the TLS files cannot be used or the port cannot be bound.
     * @throws IOException     if the journal cannot be opened.
     */
    public static CentralServer start(final LinkConfig.CentralSettings settings, final Path spoolRoot,
        final JournalSettings journalSettings, final LicenseChannelSettings license, final Counters counters,
        final PrintStream log) throws IOException
    {
        final SSLContext tls = LinkTls.central(settings.keystore(), settings.keystorePassword());
        final SensorRegistry registry = new SensorRegistry(spoolRoot, settings.sensorMissingTimeoutNs() / 1_000_000L);
        final JournalWriter writer = JournalWriter.open(spoolRoot, journalSettings, false, counters.shard(), log);
        final GroupChannels channels = new GroupChannels(new Spool(spoolRoot), license, counters, log);
        final CentralJournal journal = new CentralJournal(writer, channels, MAX_PENDING_BATCHES, counters.shard(),
            log);
        final Thread journalThread = new Thread(journal, "central-journal");
        journalThread.start();
        final Counters sessionCounters = counters.shard();
        final SecureRandom random = new SecureRandom();
        final String secret = settings.password();
        final CentralSession.Limits limits =
            new CentralSession.Limits(settings.maxClockDiffNs(), settings.handshakeTimeoutNs());
        final AtomicInteger open = new AtomicInteger();
        final AtomicCounter busy = sessionCounters.get(SensorCounter.LINK_REFUSED_BUSY);
        final int maxConnections = settings.maxConnections();
        final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try
        {
            final Channel server = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel channel)
                    {
                        if (open.incrementAndGet() > maxConnections)
                        {
                            // before TLS: a flood of connections costs a socket each, not buffers
                            open.decrementAndGet();
                            busy.incrementRelease();
                            channel.close();
                            return;
                        }
                        channel.closeFuture().addListener(closed -> open.decrementAndGet());
                        channel.pipeline().addLast(new SslHandler(LinkTls.engine(tls, false)));
                        channel.pipeline().addLast(new CentralSession(journal, channels, registry, secret, limits,
                            random, sessionCounters, log));
                    }
                })
                .bind(new InetSocketAddress(settings.host(), settings.port()))
                .syncUninterruptibly()
                .channel();
            return new CentralServer(boss, workers, server, writer, channels, registry, spoolRoot, counters, journal,
                journalThread);
        }
        catch (final RuntimeException ex)
        {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            journal.stop();
            joinQuietly(journalThread);
            writer.close();
            channels.close();
            throw new ConfigException("central_listen " + settings.host() + ":" + settings.port() +
                " cannot be used: " + CentralSession.firstLine(ex));
        }
    }

    /** @return the port listened on (the one given, or the one chosen for port 0). */
    public int port()
    {
        return ((InetSocketAddress)server.localAddress()).getPort();
    }

    /**
     * Brings the spool's hourly Concurrent Calls Stats up to date with the legs journaled since the last call (at
     * most every couple of seconds). The run's main thread.
     */
    public void refreshStats()
    {
        channels.refreshStats(false);
    }

    /**
     * Keeps the group's sensors file and the license conditions it gives (DUPLICATE_SENSOR, MISSING_SENSOR) up to
     * date: the conditions file is rewritten when they change. The run's main thread, about once a second.
     *
     * @return true if the conditions changed (the caller evaluates the license again).
     * @throws IOException if a file cannot be written.
     */
    public boolean refreshSensors() throws IOException
    {
        final long nowMs = System.currentTimeMillis();
        registry.save(nowMs);
        final List<Condition> conditions = registry.conditions(nowMs);
        sensorsKnown.setRelease(registry.known());
        sensorsMissing.setRelease(conditions.stream().filter(c -> c.type() == EventType.MISSING_SENSOR).count());
        if (conditions.equals(lastConditions))
        {
            return false;
        }
        ObservedConditions.write(licenseRoot, conditions);
        lastConditions = conditions;
        return true;
    }

    /** @return the journal thread (a run watches that it stays alive). */
    public Thread journalThread()
    {
        return journalThread;
    }

    /**
     * Stops accepting, closes every connection, lets the journal thread finish the batch it writes, closes the
     * journal.
     */
    @Override
    public void close()
    {
        server.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        journal.stop();
        joinQuietly(journalThread);
        writer.drainHeld();
        writer.close();
        channels.close();
    }

    private static void joinQuietly(final Thread thread)
    {
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
