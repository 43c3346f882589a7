package io.sipsensor.central.link;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.sipsensor.central.LegEvents;
import io.sipsensor.central.LinkAuth;
import io.sipsensor.central.LinkDecoder;
import io.sipsensor.central.LinkDescriptor;
import io.sipsensor.central.LinkEncoder;
import io.sipsensor.central.Refusal;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import javax.net.ssl.SSLException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * One sensor's connection at the central: HELLO, CHALLENGE, AUTH, WELCOME, then BATCH/ACK pairs
 * ({@link LinkDescriptor}). Anything else, a wrong secret, another protocol version or a bad frame ends the
 * connection with a REFUSE frame, one log line and a counter; other connections are not affected. Runs on the
 * connection's event loop (the central has one, so its counters have one writer); answers from the journal thread
 * are handed back to it.
 */
final class CentralSession extends FrameInbound implements CentralJournal.Owner
{
    private enum State
    {
        HELLO, AUTH, READY, CLOSED
    }

    /**
     * What a session enforces.
     *
     * @param maxClockDiffNs     most difference between the sensor's clock (in its HELLO) and the central's, ns.
     * @param handshakeTimeoutNs time from connect to authenticated, ns.
     */
    record Limits(long maxClockDiffNs, long handshakeTimeoutNs)
    {
    }

    /** Most legs in progress one sensor may have open at the central (bounds a connection's memory). */
    static final int MAX_OPEN_LEGS = 1 << 18;

    private final CentralJournal journal;
    private final GroupChannels channels;
    private final SensorRegistry registry;
    private final Long2LongHashMap openLegs = new Long2LongHashMap(Long.MIN_VALUE);
    private final LinkAuth auth;
    private final Limits limits;
    private final SecureRandom random;
    private final Counters counters;
    private final PrintStream log;
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[512]);
    private ChannelHandlerContext context;
    private State state = State.HELLO;
    private byte[] expected;
    private int idSensor = -1;
    private long clockOffsetNs;
    private String hardwareId = "";
    private boolean batchInFlight;
    private long reportedOpenLegs;

    CentralSession(final CentralJournal journal, final GroupChannels channels, final SensorRegistry registry,
        final String secret, final Limits limits, final SecureRandom random, final Counters counters,
        final PrintStream log)
    {
        this.journal = journal;
        this.channels = channels;
        this.registry = registry;
        this.auth = new LinkAuth(secret);
        this.limits = limits;
        this.random = random;
        this.counters = counters;
        this.log = log;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx) throws Exception
    {
        context = ctx;
        super.handlerAdded(ctx);
        ctx.executor().schedule(() ->
        {
            if (state == State.HELLO || state == State.AUTH)
            {
                refuse(ctx, Refusal.TIMEOUT, "not authenticated within " +
                    limits.handshakeTimeoutNs() / 1_000_000_000L + " s");
            }
        }, limits.handshakeTimeoutNs(), TimeUnit.NANOSECONDS);
    }

    @Override
    void onFrame(final ChannelHandlerContext ctx, final LinkDecoder frame)
    {
        switch (state)
        {
            case HELLO -> hello(ctx, frame);
            case AUTH -> auth(ctx, frame);
            case READY ->
            {
                if (frame.type() == LinkDescriptor.TYPE_EVENTS)
                {
                    events(ctx, frame);
                }
                else
                {
                    batch(ctx, frame);
                }
            }
            default ->
            {
            }
        }
    }

    private void hello(final ChannelHandlerContext ctx, final LinkDecoder frame)
    {
        final Refusal bad = frame.hello();
        if (bad != null)
        {
            refuse(ctx, bad, bad == Refusal.VERSION ? "protocol version " + frame.helloVersion() +
                " is not spoken here (this central speaks " + LinkDescriptor.VERSION + ")" : "bad HELLO");
            return;
        }
        idSensor = frame.helloIdSensor();
        hardwareId = frame.helloHardwareId();
        final long nowNs = System.currentTimeMillis() * 1_000_000L;
        final long sensorNs = frame.helloClockNs();
        clockOffsetNs = sensorNs - nowNs;
        // compared without subtracting first: a hostile clock value must not overflow past the check
        if (sensorNs < nowNs - limits.maxClockDiffNs() || sensorNs > nowNs + limits.maxClockDiffNs())
        {
            refuse(ctx, Refusal.CLOCK, String.format("the sensor's clock differs from the central's by %+.3f s " +
                "(client_server_max_time_diff_s = %d)", clockOffsetNs / 1e9, limits.maxClockDiffNs() / 1_000_000_000L));
            return;
        }
        final byte[] nonce = LinkAuth.nonce(random);
        expected = auth.response(new UnsafeBuffer(nonce), 0, frame.buffer(), frame.bodyOffset(), frame.bodyLength())
            .clone();
        state = State.AUTH;
        send(ctx, LinkEncoder.challenge(out, 0, System.currentTimeMillis() * 1_000_000L, nonce));
    }

    private void auth(final ChannelHandlerContext ctx, final LinkDecoder frame)
    {
        final Refusal bad = frame.auth();
        if (bad != null)
        {
            refuse(ctx, bad, "expected AUTH");
            return;
        }
        if (!LinkAuth.matches(expected, frame.buffer(), frame.bodyOffset()))
        {
            refuse(ctx, Refusal.AUTHENTICATION, "authentication failed (server_password differs)");
            return;
        }
        final String duplicate = registry.admit(idSensor, hardwareId, System.currentTimeMillis());
        if (duplicate != null)
        {
            refuse(ctx, Refusal.DUPLICATE_SENSOR, duplicate);
            return;
        }
        state = State.READY;
        counters.get(SensorCounter.LINK_SESSIONS).incrementRelease();
        counters.get(SensorCounter.LINK_CONNECTED).incrementRelease();
        log.println("sipsensor central: sensor " + idSensor + " (hardware id " + hardwareId + ") connected from " +
            ctx.channel().remoteAddress() + String.format(", clock offset %+.3f s", clockOffsetNs / 1e9));
        send(ctx, LinkEncoder.welcome(out, 0, System.currentTimeMillis() * 1_000_000L));
    }

    private void batch(final ChannelHandlerContext ctx, final LinkDecoder frame)
    {
        // a deflated batch's records are checked on the journal thread, once inflated
        final Refusal bad = frame.deflated() ? frame.deflatedBatch() : frame.batch();
        if (bad != null)
        {
            refuse(ctx, bad, "bad BATCH");
            return;
        }
        if (batchInFlight)
        {
            refuse(ctx, Refusal.OUT_OF_ORDER, "a BATCH before the previous one was acknowledged");
            return;
        }
        final int length = LinkDescriptor.HEADER_LENGTH + frame.bodyLength();
        final byte[] copy = new byte[length];
        frame.buffer().getBytes(frame.bodyOffset() - LinkDescriptor.HEADER_LENGTH, copy);
        if (!journal.submit(this, idSensor, copy, length))
        {
            refuse(ctx, Refusal.BUSY, "too many batches waiting at the central");
            return;
        }
        batchInFlight = true;
        ctx.channel().config().setAutoRead(false);
    }

    /**
     * Legs in progress at the sensor: into the group's live channel count. A leg's id is made the group's
     * ({@link GroupChannels#legId}); the session remembers its open legs (bounded) so they end when the sensor goes
     * away. Event loop; no allocation beyond the open-leg table's growth.
     */
    private void events(final ChannelHandlerContext ctx, final LinkDecoder frame)
    {
        final Refusal bad = frame.events();
        if (bad != null)
        {
            refuse(ctx, bad, "bad EVENTS");
            return;
        }
        final int count = frame.eventCount();
        for (int i = 0; i < count; i++)
        {
            final long legId = GroupChannels.legId(idSensor, frame.eventLegId(i));
            switch (frame.eventType(i))
            {
                case LegEvents.START ->
                {
                    if (openLegs.size() < MAX_OPEN_LEGS && !openLegs.containsKey(legId))
                    {
                        openLegs.put(legId, frame.eventStartNs(i));
                        channels.started(legId, frame.eventStartNs(i), frame.eventKey(i));
                    }
                }
                case LegEvents.CONNECT ->
                {
                    if (openLegs.containsKey(legId))
                    {
                        channels.connected(legId, frame.eventConnectNs(i));
                    }
                }
                default ->
                {
                    if (openLegs.remove(legId) != Long.MIN_VALUE)
                    {
                        channels.ended(legId, frame.eventStartNs(i), frame.eventConnectNs(i), frame.eventEndNs(i),
                            frame.eventKey(i), frame.eventFinalCode(i));
                    }
                }
            }
        }
        counters.get(SensorCounter.LINK_EVENTS_RECEIVED).getAndAddRelease(count);
        reportOpenLegs();
    }

    /** The gauge of legs in progress over every session (one event loop writes it): this session's change. */
    private void reportOpenLegs()
    {
        counters.get(SensorCounter.LINK_LEGS_IN_PROGRESS).getAndAddRelease(openLegs.size() - reportedOpenLegs);
        reportedOpenLegs = openLegs.size();
    }

    /** The sensor went away: its legs in progress end now (their CDRs still come through its journal). */
    private void endOpenLegs()
    {
        if (openLegs.isEmpty())
        {
            return;
        }
        final long nowNs = System.currentTimeMillis() * 1_000_000L;
        openLegs.forEach((legId, startNs) -> channels.ended(legId, startNs, Long.MIN_VALUE, nowNs, 0, 0));
        openLegs.clear();
        reportOpenLegs();
    }

    @Override
    public void acknowledged(final long index)
    {
        context.executor().execute(() ->
        {
            if (state == State.READY)
            {
                batchInFlight = false;
                send(context, LinkEncoder.ack(out, 0, index));
                context.channel().config().setAutoRead(true);
            }
        });
    }

    @Override
    public void refused(final Refusal why, final String text)
    {
        context.executor().execute(() -> refuse(context, why, text));
    }

    @Override
    void onRefused(final ChannelHandlerContext ctx, final Refusal why)
    {
        refuse(ctx, why, "bad frame");
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        super.channelInactive(ctx);
        if (state == State.READY)
        {
            counters.get(SensorCounter.LINK_CONNECTED).decrementRelease();
            registry.left(idSensor, System.currentTimeMillis());
            log.println("sipsensor central: sensor " + idSensor + " disconnected");
        }
        endOpenLegs();
        state = State.CLOSED;
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (state == State.CLOSED)
        {
            return;
        }
        final boolean tls = cause instanceof SSLException ||
            (cause instanceof DecoderException && cause.getCause() instanceof SSLException);
        if (tls)
        {
            counters.get(SensorCounter.LINK_REFUSED_TLS).incrementRelease();
            log.println("sipsensor central: refused " + ctx.channel().remoteAddress() + ": TLS: " +
                firstLine(cause.getCause() != null && !(cause instanceof SSLException) ? cause.getCause() : cause));
        }
        else
        {
            log.println("sipsensor central: connection " + ctx.channel().remoteAddress() + " failed: " +
                firstLine(cause));
        }
        closeState();
        ctx.close();
    }

    private void refuse(final ChannelHandlerContext ctx, final Refusal why, final String text)
    {
        if (state == State.CLOSED)
        {
            return;
        }
        markRefused();
        counters.get(why.counter()).incrementRelease();
        log.println("sipsensor central: refused " + ctx.channel().remoteAddress() +
            (idSensor >= 0 ? " (sensor " + idSensor + ")" : "") + ": " + why.name().toLowerCase() + ": " + text);
        closeState();
        final int length = LinkEncoder.refuse(out, 0, why, text);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(out.byteArray(), 0, length).copy())
            .addListener(ChannelFutureListener.CLOSE);
    }

    private void closeState()
    {
        if (state == State.READY)
        {
            counters.get(SensorCounter.LINK_CONNECTED).decrementRelease();
            registry.left(idSensor, System.currentTimeMillis());
        }
        endOpenLegs();
        state = State.CLOSED;
    }

    private void send(final ChannelHandlerContext ctx, final int length)
    {
        ctx.writeAndFlush(Unpooled.copiedBuffer(out.byteArray(), 0, length));
    }

    static String firstLine(final Throwable cause)
    {
        final String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
