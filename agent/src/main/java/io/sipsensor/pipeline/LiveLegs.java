package io.sipsensor.pipeline;

import io.sipsensor.call.CallState;
import io.sipsensor.central.LegEvents;
import io.sipsensor.channel.ChannelEventPublisher;
import io.sipsensor.channel.DedupKeys;
import io.sipsensor.channel.LegTable;
import io.sipsensor.journal.JournalPublisher;

/**
 * Where a live call tracker's legs go: every completed leg to the CDR journal (through its ring), and every leg's
 * start, connect and end to the live channel tracker (through its many-to-one ring), so the channel gauge follows
 * calls as they progress, and, on a sensor that ships to a central, to the central's sender too. Neither ring is waited on while capturing: a full ring is counted. At shutdown
 * {@link #beforeShutdown()} switches to a publisher that waits for journal space, so closing the open calls loses
 * none.
 * <p>
 * Owned by the tracking thread; no allocation per leg (a dedup key of a user without digits is interned once).
 */
final class LiveLegs implements LegSink
{
    private final ChannelEventPublisher channels;
    private final LegEvents.Publisher central;
    private final JournalPublisher waitingJournal;
    private final DedupKeys keys = new DedupKeys();
    private JournalPublisher journal;
    private long lastTickNs = Long.MIN_VALUE;
    private long earliestStartNs = Long.MAX_VALUE;
    private long latestEndNs = Long.MIN_VALUE;
    private final LegTable saved = new LegTable(64);

    /**
     * @param liveJournal    journal publisher that counts a leg lost when the ring is full.
     * @param waitingJournal journal publisher that waits for ring space (shutdown).
     * @param channels       the channel tracker's publisher.
     * @param central        the same events for the central this sensor ships to, or null.
     */
    LiveLegs(final JournalPublisher liveJournal, final JournalPublisher waitingJournal,
        final ChannelEventPublisher channels, final LegEvents.Publisher central)
    {
        this.central = central;
        this.journal = liveJournal;
        this.waitingJournal = waitingJournal;
        this.channels = channels;
    }

    @Override
    public void onStart(final CallState leg)
    {
        final long key = key(leg);
        channels.start(leg.legId(), leg.startNs(), key);
        if (central != null)
        {
            central.start(leg.legId(), leg.startNs(), key);
        }
    }

    @Override
    public void onConnect(final CallState leg)
    {
        channels.connect(leg.legId(), leg.connectNs());
        if (central != null)
        {
            central.connect(leg.legId(), leg.connectNs());
        }
    }

    @Override
    public void onLeg(final CallState leg)
    {
        earliestStartNs = Math.min(earliestStartNs, leg.startNs());
        latestEndNs = Math.max(latestEndNs, leg.endNs());
        journal.onLeg(leg);
        final long key = key(leg);
        channels.end(leg.legId(), leg.startNs(), leg.connectNs(), leg.endNs(), key, leg.finalCode());
        if (central != null)
        {
            central.end(leg.legId(), leg.startNs(), leg.connectNs(), leg.endNs(), key, leg.finalCode());
        }
    }

    /**
     * Moves the channel tracker's clock when traffic is quiet, so its hours close; at most once a second.
     *
     * @param nowNs wall-clock time.
     */
    @Override
    public void tick(final long nowNs)
    {
        if (nowNs - lastTickNs >= 1_000_000_000L)
        {
            lastTickNs = nowNs;
            channels.tick(nowNs);
        }
    }

    /**
     * From now on a full journal ring is waited on (shutdown: the open calls are being closed).
     */
    @Override
    public void beforeShutdown()
    {
        journal = waitingJournal;
    }

    @Override
    public void onSaved(final CallState leg)
    {
        earliestStartNs = Math.min(earliestStartNs, leg.startNs());
        latestEndNs = Math.max(latestEndNs, leg.endNs());
        saved.add(leg.startNs(), leg.connectNs(), leg.endNs(), key(leg), leg.finalCode());
    }

    /**
     * @return the calls saved at the stop, as legs ending at the stop instant; read after the thread stopped.
     */
    LegTable saved()
    {
        return saved;
    }

    /**
     * @return the earliest start of the legs emitted (Long.MAX_VALUE if none); read after the thread stopped.
     */
    long earliestStartNs()
    {
        return earliestStartNs;
    }

    /**
     * @return the latest end of the legs emitted; read after the thread stopped.
     */
    long latestEndNs()
    {
        return latestEndNs;
    }

    private long key(final CallState leg)
    {
        return keys.key(leg.text(), leg.callerOffset(), leg.callerLength(), leg.calledOffset(), leg.calledLength());
    }
}
