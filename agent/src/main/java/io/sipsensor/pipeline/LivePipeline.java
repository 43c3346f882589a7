package io.sipsensor.pipeline;

import io.sipsensor.channel.ChannelStatsUpdate;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.spool.Spool;
import org.agrona.concurrent.AgentRunner;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A live capture run, as {@link PipelineBuilder#live} assembles it. Threads, each the single writer of what it owns:
 * <pre>
 *  capture-0..n-1  kernel ring / libpcap -> FrameDecoder -+-> (one capture thread) CallPath -> LiveLegs
 *                                                         +-> (several) SipHandoff --ring--> tracking: CallPath
 *  LiveLegs        --journal ring-->  journal thread: Chronicle Queue (JournalStage)
 *                  --channel ring-->  channels thread: ChannelTracker (live gauge, hourly stats) + LiveGauges
 * </pre>
 * Started by the builder; the run's main thread watches {@link #workers()}, posts reloads and calls
 * {@link #close()}: the capture threads take what the kernel holds and stop, the call path closes every open call
 * and journals it waiting for ring space, the channel and journal threads drain their rings, and the hours this run
 * touched are recomputed exactly from the journal. The calls in progress are kept in the spool for the next start
 * ({@link CallCheckpoint}: every checkpoint interval, and at the stop).
 */
public final class LivePipeline implements AutoCloseable
{
    private final Spool spool;
    private final LicenseChannelSettings license;
    private final JournalStage journal;
    private final AgentRunner channels;
    private final List<AgentRunner> captures;
    private final List<CaptureAgent> captureAgents;
    private final AgentRunner tracking;
    private final TrackingAgent trackingAgent;
    private final LiveLegs legs;
    private final CallCheckpoint checkpoint;
    private final String description;
    private final PrintStream log;
    private boolean closed;

    LivePipeline(final Spool spool, final LicenseChannelSettings license, final JournalStage journal,
        final AgentRunner channels, final List<AgentRunner> captures, final List<CaptureAgent> captureAgents,
        final AgentRunner tracking, final TrackingAgent trackingAgent, final LiveLegs legs,
        final CallCheckpoint checkpoint, final String description, final PrintStream log)
    {
        this.spool = spool;
        this.license = license;
        this.journal = journal;
        this.channels = channels;
        this.captures = captures;
        this.captureAgents = captureAgents;
        this.tracking = tracking;
        this.trackingAgent = trackingAgent;
        this.legs = legs;
        this.checkpoint = checkpoint;
        this.description = description;
        this.log = log;
    }

    /**
     * @return what captures and how, e.g. "AF_PACKET TPACKET_V3 on eth1, 2 capture threads + 1 tracking thread".
     */
    public String description()
    {
        return description;
    }

    /**
     * @return the worker threads' runners (capture, tracking, channels): a run fails when one ends by itself.
     */
    public List<AgentRunner> workers()
    {
        final List<AgentRunner> workers = new ArrayList<>(captures);
        if (tracking != null)
        {
            workers.add(tracking);
        }
        workers.add(channels);
        return workers;
    }

    /**
     * Hands new settings to every duty cycle; each applies them on its own thread before its next batch.
     *
     * @param reload the settings.
     */
    public void post(final LiveReload reload)
    {
        for (final CaptureAgent agent : captureAgents)
        {
            agent.post(reload);
        }
        if (trackingAgent != null)
        {
            trackingAgent.post(reload);
        }
    }

    /**
     * @return records the journal had lost to damage found (and repaired) when it opened: 0 none, -1 unknown.
     */
    public long damagedRecords()
    {
        return journal.damagedRecords();
    }

    /**
     * Stops in order (capture, tracking, channels, journal), then brings the channel statistics of the hours this
     * run's legs touched up to date from the journal. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            for (final AgentRunner runner : captures)
            {
                runner.close();
            }
            if (tracking != null)
            {
                tracking.close();
            }
            channels.close();
        }
        finally
        {
            checkpoint.close();
            journal.close();
        }
        if (legs.earliestStartNs() != Long.MAX_VALUE)
        {
            try
            {
                // the calls saved for the next start count in the hours up to the stop, as if they ended then
                ChannelStatsUpdate.recompute(spool, legs.earliestStartNs(), legs.latestEndNs(), license, legs.saved());
            }
            catch (final IOException | RuntimeException ex)
            {
                log.println("sipsensor: channel statistics not updated (" + ex.getMessage() +
                    "); run 'sipsensor channels rebuild'");
            }
        }
    }
}
