package io.sipsensor.pipeline;

import io.sipsensor.call.CallTracker;
import io.sipsensor.call.CallTrackerSettings;
import io.sipsensor.call.SipDatagramHandler;
import io.sipsensor.net.DatagramHandler;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The call-tracking stage of every run: SIP parsing, the {@link CallTracker} and where its legs go (a
 * {@link LegSink}). Exactly one thread owns it: the packet thread reading files, the capture thread when there is
 * one, else the tracking thread that the capture threads hand SIP payloads to. Besides the packets, a live owner
 * calls {@link #onIdle} with the wall clock whenever its input is quiet, so calls still time out when traffic stops,
 * and {@link #finish} once at shutdown; a run over files calls {@link #flush} at the end of its input.
 */
final class CallPath
{
    private final CallTracker tracker;
    private final SipDatagramHandler sip;
    private final DatagramHandler sipMessages;
    private final LegSink legs;
    private final AtomicCounter closedAtShutdown;
    private CallCheckpoint checkpoint;
    private java.nio.file.Path savedCallsFile;
    private int savedCallsRestored;
    private int idSensor;
    private java.io.PrintStream log;

    /**
     * @param context   settings (SIP ports, header limit, timeouts).
     * @param counters  the owner thread's counters.
     * @param legs      where legs and leg events go.
     * @param legIdBase high bits of the leg ids (sensor id), 0 for none.
     */
    CallPath(final SensorContext context, final Counters counters, final LegSink legs, final long legIdBase)
    {
        this.legs = legs;
        this.tracker = new CallTracker(context.callTrackerSettings(), counters, legs).legIdBase(legIdBase);
        this.sip = new SipDatagramHandler(context.sipPorts(), context.maxSipHeaders(), tracker, counters);
        this.sipMessages = sip::onSipPayload;
        this.closedAtShutdown = counters.get(SensorCounter.LEGS_CLOSED_AT_SHUTDOWN);
    }

    /**
     * Live runs: takes back the calls in progress an earlier run saved and from now on keeps them saved (a checkpoint
     * every interval, a save at {@link #finish}). Before the owner thread starts.
     *
     * @param checkpoint   the checkpoint writer.
     * @param file         the saved-calls file.
     * @param resumeFromNs the wall clock now.
     * @param windowNs     how long a restored call waits to be seen again.
     * @param counters     the owner thread's counters.
     * @param log          where the restore's line goes.
     */
    void keepCallsAcrossRestart(final CallCheckpoint checkpoint, final java.nio.file.Path file,
        final long resumeFromNs, final long windowNs, final Counters counters, final java.io.PrintStream log)
    {
        SavedCallsRestore.restore(file, tracker, resumeFromNs, windowNs, counters, log);
        this.checkpoint = checkpoint;
    }

    /**
     * Runs over files: takes back the calls in progress a live run saved, so a later capture file continuing them
     * ends them at their real end. Their window runs in capture time from their stop instant: files from before the
     * stop leave them waiting; at the end of the input ({@link #flush}) those not seen are saved back for the next
     * live start. Before the first packet.
     *
     * @param file     the saved-calls file.
     * @param windowNs how long after its stop instant a restored call waits to be seen again.
     * @param idSensor the sensor's id (for the file saved back).
     * @param counters the packet thread's counters.
     * @param log      where the restore's and the save's lines go.
     */
    void continueSavedCalls(final java.nio.file.Path file, final long windowNs, final int idSensor,
        final Counters counters, final java.io.PrintStream log)
    {
        savedCallsRestored = SavedCallsRestore.restore(file, tracker, Long.MIN_VALUE, windowNs, counters, log);
        savedCallsFile = file;
        this.idSensor = idSensor;
        this.log = log;
    }

    /**
     * @return where UDP payloads go (the SIP recogniser and parser).
     */
    DatagramHandler datagrams()
    {
        return sip;
    }

    /**
     * @return where whole SIP messages framed from TCP streams go (parsed without the SIP recogniser).
     */
    DatagramHandler sipMessages()
    {
        return sipMessages;
    }

    /**
     * @return the tracker (tests, status).
     */
    CallTracker tracker()
    {
        return tracker;
    }

    /**
     * The input is quiet: advance the call timeouts and the leg sink's clock to the wall clock.
     *
     * @param nowNs wall-clock time, ns since the epoch.
     */
    void onIdle(final long nowNs)
    {
        tracker.tick(nowNs);
        legs.tick(nowNs);
        if (checkpoint != null)
        {
            checkpoint.onTick(tracker, nowNs);
        }
    }

    /**
     * Moves the leg sink's clock (the channel tracker's hours) without touching the call timeouts: for a busy link
     * whose input is never quiet.
     *
     * @param nowNs wall-clock time, ns since the epoch.
     */
    void tickChannels(final long nowNs)
    {
        legs.tick(nowNs);
        if (checkpoint != null)
        {
            checkpoint.onTick(tracker, nowNs);
        }
    }

    /**
     * A reload: new timeouts and limits from now on.
     *
     * @param settings the new settings.
     */
    void settings(final CallTrackerSettings settings)
    {
        tracker.settings(settings);
    }

    /**
     * End of a capture file's input: every call still open is closed by the leg definitions (no BYE or no final
     * response: end reason timeout, ending at its last SIP message).
     */
    void flush()
    {
        if (savedCallsRestored > 0)
        {
            final io.sipsensor.call.SavedCalls save = new io.sipsensor.call.SavedCalls();
            tracker.tick(Long.MIN_VALUE + 1); // calls of a damaged file end (if no packet came to end them)
            final int waiting = tracker.suspendRestored(save, idSensor, System.currentTimeMillis() * 1_000_000L);
            try
            {
                save.writeTo(savedCallsFile);
                if (waiting > 0)
                {
                    log.println("sipsensor: " + waiting + " saved calls in progress were not seen in this input; " +
                        "they stay saved for the next live start");
                }
            }
            catch (final java.io.IOException | RuntimeException ex)
            {
                log.println("sipsensor: cannot save back the " + waiting + " calls in progress not seen in this " +
                    "input to " + savedCallsFile + " (" + ex.getMessage() + "); the next live start may " +
                    "continue calls that ended in this input (their legs are not journaled twice)");
            }
            savedCallsRestored = 0;
        }
        tracker.flush();
    }

    /**
     * Live shutdown: the calls in progress are saved for the next start (when they are kept across restarts) and
     * forgotten without legs; whatever else is still open is closed as at the end of a capture file, counted as
     * closed at shutdown, and journaled without loss.
     *
     * @param nowNs the stop instant (wall clock).
     */
    void finish(final long nowNs)
    {
        legs.beforeShutdown();
        final int open = tracker.openCalls();
        if (checkpoint != null)
        {
            final int saved = checkpoint.stop(tracker, nowNs, legs::onSaved);
            closedAtShutdown.setRelease(open - saved);
        }
        else
        {
            closedAtShutdown.setRelease(open);
            tracker.flush();
        }
    }
}
