package io.sipsensor.pipeline;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;

import io.sipsensor.capture.live.LiveCaptureSettings;
import io.sipsensor.capture.live.LiveClock;
import io.sipsensor.capture.live.LiveSource;
import io.sipsensor.capture.live.LiveTimeGuard;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A capture thread's duty cycle: takes what the kernel has captured (whole ring blocks or libpcap batches) and runs
 * each frame through the decoder and on, on this thread. When nothing is ready it waits in the kernel (at most
 * {@link LiveCaptureSettings#IDLE_WAIT_MS}), and if still nothing came, expires IP fragments and, when this thread
 * also tracks calls, advances the call timeouts to the run's clock: calls time out even when traffic stops. Reads
 * the kernel's drop counts once a second. Applies reloads posted by the main thread between batches.
 * <p>
 * Every time is the run's own ({@link LiveClock}): frames pass a {@link LiveTimeGuard} first, so a step of the host
 * clock or an impossible stamp is corrected and counted before anything below sees it; a step is said in one line.
 * <p>
 * With one capture thread the {@link CallPath} is this thread's; with several, frames are decoded here and the SIP
 * payloads handed to the tracking thread ({@link SipHandoff}), and {@code callPath} is null.
 */
final class CaptureAgent implements Agent
{
    private static final int BATCH = 8192;
    private static final long STATISTICS_INTERVAL_NS = 1_000_000_000L;
    private static final int DRAIN_BATCHES = 64;

    private final String role;
    private final LiveSource source;
    private final FrameDecoder frames;
    private final LiveTimeGuard guard;
    private final CallPath callPath;
    private final LiveClock clock;
    private final PrintStream log;
    private final AtomicCounter reloadErrors;
    private final AtomicReference<LiveReload> reloads = new AtomicReference<>();
    private long lastStatisticsNs;

    /**
     * @param role     thread name, e.g. "capture-0".
     * @param source   the thread's live source.
     * @param decoder  the thread's decoder.
     * @param callPath the call-tracking stage when this thread owns it, else null.
     * @param clock    the run's clock.
     * @param counters the thread's counters.
     * @param log      where a refused reload is reported.
     */
    CaptureAgent(final String role, final LiveSource source, final FrameDecoder decoder, final CallPath callPath,
        final LiveClock clock, final Counters counters, final PrintStream log)
    {
        this.role = role;
        this.source = source;
        this.frames = decoder;
        this.guard = new LiveTimeGuard(decoder, clock, counters.get(SensorCounter.PACKETS_TIME_OUTLIER),
            counters.get(SensorCounter.CLOCK_STEPS));
        this.callPath = callPath;
        this.clock = clock;
        this.log = log;
        this.reloadErrors = counters.get(SensorCounter.RELOAD_ERRORS);
    }

    /**
     * Posts new settings; applied on this agent's thread before its next batch. Any thread.
     *
     * @param reload the settings.
     */
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
            apply(reload);
        }

        beginPoll();
        int frameCount = source.poll(guard, BATCH);
        if (frameCount == 0)
        {
            source.await(LiveCaptureSettings.IDLE_WAIT_MS);
            beginPoll();
            frameCount = source.poll(guard, BATCH);
            if (frameCount == 0)
            {
                final long nowNs = guard.pollNs();
                frames.expire(nowNs);
                if (callPath != null)
                {
                    callPath.onIdle(nowNs);
                }
            }
        }

        final long nowNs = clock.nanoTime();
        if (nowNs - lastStatisticsNs >= STATISTICS_INTERVAL_NS)
        {
            lastStatisticsNs = nowNs;
            source.updateStatistics();
            if (callPath != null)
            {
                // the channel tracker's hours close even while only RTP flows (no SIP, so no leg events)
                callPath.tickChannels(nowNs);
            }
        }
        return frameCount;
    }

    @Override
    public void onClose()
    {
        try
        {
            // what the kernel already holds is taken before the socket goes (bounded: traffic does not stop)
            for (int i = 0; i < DRAIN_BATCHES; i++)
            {
                beginPoll();
                if (source.poll(guard, BATCH) == 0)
                {
                    break;
                }
            }
            source.updateStatistics();
            frames.flush();
            if (callPath != null)
            {
                callPath.finish(clock.nanoTime());
            }
        }
        finally
        {
            source.close();
        }
    }

    @Override
    public String roleName()
    {
        return role;
    }

    private void beginPoll()
    {
        if (guard.beginPoll())
        {
            log.println("sipsensor: " + role + ": " + LiveClock.stepLine(guard.lastStepChangeNs()));
        }
    }

    private void apply(final LiveReload reload)
    {
        if (callPath != null)
        {
            callPath.settings(reload.callSettings());
        }
        if (reload.filter() != null)
        {
            try
            {
                source.filter(reload.filter());
            }
            catch (final RuntimeException ex)
            {
                reloadErrors.incrementRelease();
                log.println("sipsensor: " + role + ": filter not changed: " + ex.getMessage());
            }
        }
    }
}
