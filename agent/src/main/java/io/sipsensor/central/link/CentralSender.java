package io.sipsensor.central.link;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sipsensor.central.BatchCompression;
import io.sipsensor.central.LegEvents;
import io.sipsensor.central.LinkAuth;
import io.sipsensor.central.LinkConfig;
import io.sipsensor.central.LinkDecoder;
import io.sipsensor.central.LinkDescriptor;
import io.sipsensor.central.LinkEncoder;
import io.sipsensor.central.Refusal;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.Journal;
import io.sipsensor.license.Condition;
import io.sipsensor.license.EventType;
import io.sipsensor.license.LicenseStore;
import io.sipsensor.license.ObservedConditions;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A sensor's sender thread: its journal is the outbound buffer. It reads the journal from the last index the
 * central acknowledged ({@link AckedIndex}), sends batches of the journaled CDR records as they are, and advances
 * (and stores the new index atomically) only on the central's acknowledgement, which comes after the central's own
 * journal holds the legs. A lost connection, a refusal or a timeout: one log line (not repeated while the cause
 * stays the same), a counter, a reconnect after a backoff (0.1 s doubling to 10 s), and the unacknowledged records
 * are sent again, which the central ignores. Capture and journaling never wait for it.
 * <p>
 * Owns its thread, its own tailing reader of the journal ({@link Journal#tail}: it keeps its place at the end and
 * reads what is appended, across day files), and one Netty event loop.
 */
public final class CentralSender implements Runnable, AutoCloseable
{
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final long ACK_TIMEOUT_MS = 60_000;
    private static final long IDLE_POLL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MIN_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NS = TimeUnit.SECONDS.toNanos(10);

    private final LinkConfig.SenderSettings settings;
    private final Path journalDirectory;
    private final int idSensor;
    private final String hardwareId;
    private final PrintStream log;
    private final SSLContext tls;
    private final LinkAuth auth;
    private final AckedIndex ackedFile;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[LinkDescriptor.MAX_FRAME_LENGTH]);
    private final LinkEncoder encoder = new LinkEncoder();
    private final CdrDecoder record = new CdrDecoder();
    private final AtomicCounter sent;
    private final AtomicCounter failures;
    private final AtomicCounter connected;
    private final AtomicCounter backlog;
    private final AtomicCounter eventsSent;
    private final AtomicCounter batchBytesPlain;
    private final AtomicCounter batchBytesSent;
    private final BatchCompression compression = new BatchCompression();
    private final byte[] packed = new byte[LinkDescriptor.MAX_FRAME_LENGTH];
    private final UnsafeBuffer packedFrame = new UnsafeBuffer(packed);
    private final AtomicCounter eventsDropped;
    private final LegEvents events = new LegEvents();
    private final MessageHandler eventCopier = this::copyEvent;
    private final MessageHandler eventDropper = (type, buffer, index, length) -> { };
    private int eventsInFrame;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long acked;
    private volatile SenderConnection connection;
    private String lastProblem;
    private long nextBacklogNs;
    private final Path licenseRoot;
    private final AtomicCounter centralMissing;
    private long reachedMs = System.currentTimeMillis();
    private boolean missing;

    /**
     * @param settings   the central's address, pinned certificate and the shared secret.
     * @param spoolRoot  the sensor's spool (its journal and the acknowledged index).
     * @param idSensor   this sensor's id.
     * @param hardwareId this machine's hardware id.
     * @param counters   a counter set for this thread.
     * @param log        where one-line reports go.
     * @throws IOException if the acknowledged index cannot be read.
     */
    public CentralSender(final LinkConfig.SenderSettings settings, final Path spoolRoot, final int idSensor,
        final String hardwareId, final Counters counters, final PrintStream log) throws IOException
    {
        this.settings = settings;
        this.journalDirectory = spoolRoot.resolve("journal");
        this.idSensor = idSensor;
        this.hardwareId = hardwareId;
        this.log = log;
        this.tls = LinkTls.pinned(settings.certificate());
        this.auth = new LinkAuth(settings.password());
        this.ackedFile = new AckedIndex(spoolRoot, settings.host() + ":" + settings.port());
        this.acked = ackedFile.load();
        this.sent = counters.get(SensorCounter.LINK_LEGS_SENT);
        this.failures = counters.get(SensorCounter.LINK_CONNECT_FAILURES);
        this.connected = counters.get(SensorCounter.LINK_CONNECTED);
        this.backlog = counters.get(SensorCounter.LINK_BACKLOG_LEGS);
        this.eventsSent = counters.get(SensorCounter.LINK_EVENTS_SENT);
        this.batchBytesPlain = counters.get(SensorCounter.LINK_BATCH_BYTES_PLAIN);
        this.batchBytesSent = counters.get(SensorCounter.LINK_BATCH_BYTES_SENT);
        this.centralMissing = counters.get(SensorCounter.LINK_CENTRAL_MISSING);
        this.licenseRoot = new LicenseStore(spoolRoot).root();
        this.eventsDropped = counters.get(SensorCounter.LINK_EVENTS_DROPPED);
        this.thread = new Thread(this, "central-sender");
        this.thread.setDaemon(true);
    }

    /**
     * Starts the thread.
     *
     * @return this.
     */
    public CentralSender start()
    {
        thread.start();
        return this;
    }

    /**
     * @return where a live call path publishes its legs in progress for the central (one publishing thread).
     */
    public LegEvents legEvents()
    {
        return events;
    }

    /** @return the last journal index the central acknowledged ({@link AckedIndex#NONE} if none). Any thread. */
    public long acked()
    {
        return acked;
    }

    /**
     * Waits until the central has acknowledged the journal up to the given index.
     *
     * @param index    a journal index (e.g. the journal's last index when the run finished journaling).
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

    /** Stops the thread (an unacknowledged batch is sent again by the next run). */
    @Override
    public void close()
    {
        running = false;
        final SenderConnection current = connection;
        if (current != null)
        {
            current.close();
        }
        LockSupport.unpark(thread);
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public void run()
    {
        long backoffNs = MIN_BACKOFF_NS;
        try (Journal journal = Journal.open(journalDirectory))
        {
            while (running)
            {
                try (SenderConnection link = SenderConnection.open(group, tls, settings.host(), settings.port(),
                    CONNECT_TIMEOUT_MS))
                {
                    connection = link;
                    handshake(link);
                    connected.setRelease(1);
                    reached(true);
                    if (lastProblem != null)
                    {
                        log.println("sipsensor: central " + destination() + " reachable again; shipping from " +
                            "journal index " + acked);
                        lastProblem = null;
                    }
                    backoffNs = MIN_BACKOFF_NS;
                    ship(link, journal);
                }
                catch (final IOException | RuntimeException ex)
                {
                    connected.setRelease(0);
                    connection = null;
                    if (!running)
                    {
                        break;
                    }
                    failures.incrementRelease();
                    updateBacklog(journal, true);
                    final String problem = ex instanceof IOException && ex.getMessage() != null ? ex.getMessage() :
                        ex.getClass().getSimpleName() + ": " + ex.getMessage();
                    if (!problem.equals(lastProblem))
                    {
                        lastProblem = problem;
                        log.println("sipsensor: central " + destination() + ": " + problem + "; legs stay " +
                            "in the journal and are sent on reconnect (retrying)");
                    }
                    reached(false);
                    // legs in progress while the central is away are not news when it is back: their CDRs will be
                    eventsDropped.getAndAddRelease(events.ring().read(eventDropper, Integer.MAX_VALUE));
                    LockSupport.parkNanos(backoffNs);
                    backoffNs = Math.min(MAX_BACKOFF_NS, backoffNs * 2);
                }
            }
        }
        finally
        {
            connected.setRelease(0);
            connection = null;
            compression.close();
        }
    }

    private void handshake(final SenderConnection link) throws IOException
    {
        final int helloLength = LinkEncoder.hello(frame, 0, LinkDescriptor.VERSION, idSensor,
            System.currentTimeMillis() * 1_000_000L, hardwareId);
        final byte[] hello = new byte[helloLength - LinkDescriptor.HEADER_LENGTH];
        frame.getBytes(LinkDescriptor.HEADER_LENGTH, hello);
        link.send(frame, helloLength);
        LinkDecoder answer = link.await(ACK_TIMEOUT_MS);
        Refusal bad = answer.challenge();
        if (bad != null)
        {
            throw refused("CHALLENGE", answer, bad);
        }
        final byte[] response = auth.response(answer.buffer(), answer.challengeNonceOffset(),
            new UnsafeBuffer(hello), 0, hello.length);
        link.send(frame, LinkEncoder.auth(frame, 0, response));
        answer = link.await(ACK_TIMEOUT_MS);
        bad = answer.welcome();
        if (bad != null)
        {
            throw refused("WELCOME", answer, bad);
        }
    }

    private void ship(final SenderConnection link, final Journal journal) throws IOException
    {
        Journal.Reader reader = Journal.tail(journalDirectory).after(acked);
        try
        {
            boolean pending = false;
            long pendingIndex = 0;
            while (running)
            {
                sendEvents(link);
                encoder.beginBatch(frame, 0);
                long last = acked;
                if (pending)
                {
                    encoder.addRecord(pendingIndex, record.buffer(), record.offset(), record.length());
                    last = pendingIndex;
                    pending = false;
                }
                while (reader.next(record))
                {
                    if (!encoder.fits(record.length()))
                    {
                        pending = true;
                        pendingIndex = reader.index();
                        break;
                    }
                    encoder.addRecord(reader.index(), record.buffer(), record.offset(), record.length());
                    last = reader.index();
                }
                final int count = encoder.batchCount();
                if (count == 0)
                {
                    // the tailing reader keeps its place: the next look reads what was appended since
                    updateBacklog(journal, false);
                    LockSupport.parkNanos(IDLE_POLL_NS);
                    continue;
                }
                sendBatch(link, encoder.endBatch());
                final LinkDecoder answer = link.await(ACK_TIMEOUT_MS);
                final Refusal bad = answer.ack();
                if (bad != null)
                {
                    throw refused("ACK", answer, bad);
                }
                final long index = answer.ackIndex();
                if (index > acked)
                {
                    ackedFile.store(index);
                    acked = index;
                }
                sent.getAndAddRelease(count);
                updateBacklog(journal, false);
                if (index < last)
                {
                    // the central took only part of the batch: read again from what it holds
                    reader.close();
                    reader = Journal.tail(journalDirectory).after(acked);
                    pending = false;
                }
            }
        }
        finally
        {
            reader.close();
        }
    }

    /**
     * MISSING_CENTRAL (LICENSING.md): raised in this spool's license conditions when the central has not been
     * reached for central_missing_timeout_s, cleared when it is reached again. Capture and journaling go on either
     * way. Sender thread.
     *
     * @param now true when the central was just reached.
     */
    private void reached(final boolean now)
    {
        final long nowMs = System.currentTimeMillis();
        final long timeoutMs = settings.centralMissingTimeoutNs() / 1_000_000L;
        List<Condition> conditions = null;
        if (now)
        {
            reachedMs = nowMs;
            if (missing)
            {
                conditions = List.of();
                log.println("sipsensor: MISSING_CENTRAL cleared: the central " + destination() + " is reached again");
            }
        }
        else if (!missing && nowMs - reachedMs >= timeoutMs)
        {
            final String cause = "the central " + destination() + " has not been reached since " +
                Instant.ofEpochMilli(reachedMs) + " (" + lastProblem + ")";
            conditions = List.of(new Condition(EventType.MISSING_CENTRAL, cause, Instant.ofEpochMilli(reachedMs +
                timeoutMs)));
            log.println("sipsensor: MISSING_CENTRAL: " + cause + "; capturing and journaling go on");
        }
        if (conditions != null)
        {
            try
            {
                ObservedConditions.write(licenseRoot, conditions);
                missing = !conditions.isEmpty();
                centralMissing.setRelease(missing ? 1 : 0);
            }
            catch (final IOException ex)
            {
                log.println("sipsensor: cannot record MISSING_CENTRAL in " + licenseRoot + ": " + ex.getMessage());
            }
        }
    }

    /** Sends a batch, deflated when the setting says so and it comes out smaller. */
    private void sendBatch(final SenderConnection link, final int length) throws IOException
    {
        final int packedLength = settings.compress() ? compression.deflate(frame.byteArray(), length, packed) : -1;
        if (packedLength > 0)
        {
            link.send(packedFrame, packedLength);
        }
        else
        {
            link.send(frame, length);
        }
        batchBytesPlain.getAndAddRelease(length);
        batchBytesSent.getAndAddRelease(packedLength > 0 ? packedLength : length);
    }

    /** Sends the legs in progress published since the last look, in EVENTS frames (not answered). */
    private void sendEvents(final SenderConnection link) throws IOException
    {
        while (true)
        {
            eventsInFrame = 0;
            final int count = events.ring().read(eventCopier, LinkDescriptor.MAX_EVENTS);
            if (count == 0)
            {
                return;
            }
            link.send(frame, LinkEncoder.events(frame, 0, eventsInFrame));
            eventsSent.getAndAddRelease(eventsInFrame);
        }
    }

    private void copyEvent(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        frame.putBytes(LinkDescriptor.HEADER_LENGTH + LinkDescriptor.EVENTS_OFFSET +
            eventsInFrame * LinkDescriptor.EVENT_LENGTH, buffer, index, LinkDescriptor.EVENT_LENGTH);
        eventsInFrame++;
    }

    /** The backlog gauge: journaled legs the central has not acknowledged; refreshed at most once a second. */
    private void updateBacklog(final Journal journal, final boolean now)
    {
        final long nowNs = System.nanoTime();
        if (now || nowNs >= nextBacklogNs)
        {
            nextBacklogNs = nowNs + TimeUnit.SECONDS.toNanos(1);
            backlog.setRelease(journal.recordsAfter(acked));
        }
    }

    private static IOException refused(final String expected, final LinkDecoder answer, final Refusal bad)
    {
        if (answer.type() == LinkDescriptor.TYPE_REFUSE)
        {
            return new IOException("refused by the central: " + bad.name().toLowerCase() + ": " +
                answer.refuseText());
        }
        return new IOException("expected " + expected + " from the central, got " + bad.name().toLowerCase());
    }

    /** @return the central's host:port. */
    public String destination()
    {
        return settings.host() + ":" + settings.port();
    }
}
