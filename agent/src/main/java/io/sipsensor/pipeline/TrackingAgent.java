package io.sipsensor.pipeline;

import io.sipsensor.status.RingDrain;

import io.sipsensor.net.PacketInfo;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The call-tracking thread's duty cycle when several capture threads decode frames: the single owner of the
 * {@link CallPath}, fed with SIP payloads through the many-to-one {@link SipHandoff} ring. One tracker sees every
 * Call-ID, whatever flow (and so whichever capture thread) its messages came on. When the ring is empty it advances
 * the call timeouts to the wall clock; at shutdown (after the capture threads stopped) it drains the ring and closes
 * the open calls.
 */
final class TrackingAgent implements Agent
{
    private static final int BATCH = 1024;

    private final RingBuffer ring;
    private final CallPath callPath;
    private final io.sipsensor.net.DatagramHandler datagrams;
    private final io.sipsensor.net.DatagramHandler sipMessages;
    private final EpochNanoClock clock;
    private final PacketInfo info = new PacketInfo();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private final MessageHandler handler = this::onRecord;
    private final AtomicReference<LiveReload> reloads = new AtomicReference<>();
    private long lastIdleNs;

    TrackingAgent(final RingBuffer ring, final CallPath callPath, final EpochNanoClock clock)
    {
        this.ring = ring;
        this.callPath = callPath;
        this.datagrams = callPath.datagrams();
        this.sipMessages = callPath.sipMessages();
        this.clock = clock;
    }

    void post(final LiveReload reload)
    {
        reloads.set(reload);
    }

    @Override
    public int doWork()
    {
        final LiveReload reload = reloads.getAndSet(null);
        if (reload != null)
        {
            callPath.settings(reload.callSettings());
        }
        final int read = ring.read(handler, BATCH);
        final long nowNs = clock.nanoTime();
        if (read == 0)
        {
            if (nowNs - lastIdleNs >= 10_000_000L)
            {
                lastIdleNs = nowNs;
                callPath.onIdle(nowNs);
            }
        }
        else
        {
            callPath.tickChannels(nowNs);
        }
        return read;
    }

    @Override
    public void onClose()
    {
        RingDrain.drain(ring, handler, BATCH); // every capture thread has stopped: take all they handed off
        callPath.finish(clock.nanoTime());
    }

    @Override
    public String roleName()
    {
        return "tracking";
    }

    private void onRecord(final int type, final DirectBuffer buffer, final int index, final int length)
    {
        if (type != SipHandoff.MSG_TYPE_ID || length < SipHandoff.PAYLOAD_OFFSET)
        {
            return;
        }
        SipHandoff.readInfo(buffer, index, info);
        payload.wrap(buffer, index + SipHandoff.PAYLOAD_OFFSET, length - SipHandoff.PAYLOAD_OFFSET);
        if (info.transportProtocol == SipHandoff.TCP)
        {
            sipMessages.onDatagram(payload, 0, payload.capacity(), info); // framed from a TCP stream: SIP already
        }
        else
        {
            datagrams.onDatagram(payload, 0, payload.capacity(), info);
        }
    }
}
