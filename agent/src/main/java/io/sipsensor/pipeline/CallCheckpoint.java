package io.sipsensor.pipeline;

import io.sipsensor.call.CallState;
import io.sipsensor.call.CallTracker;
import io.sipsensor.call.SavedCalls;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Keeps a live run's calls in progress in the spool ({@code calls/in-progress}) so that the next start continues
 * them: every {@code calls_checkpoint_interval} the tracking thread copies the open call records into a buffer kept
 * from one checkpoint to the next (no allocation once it has grown to the calls in progress) and hands it to this
 * object's writer thread, which writes the file atomically; at a clean stop the tracking thread saves them once
 * more itself and forgets them without legs. A checkpoint due while the previous one is still being written is
 * skipped (counted). Two threads: the tracking thread (which calls {@link #onTick} and {@link #stop}) and the
 * writer; the save buffer belongs to whichever the {@code busy} flag says.
 */
final class CallCheckpoint implements AutoCloseable
{
    private final Path file;
    private final long intervalNs;
    private final int idSensor;
    private final PrintStream log;
    private final SavedCalls save = new SavedCalls();
    private final AtomicCounter saved;
    private final AtomicCounter checkpoints;
    private final AtomicCounter errors;
    private final AtomicCounter skipped;
    private final Thread writer;
    private volatile boolean busy;
    private volatile boolean closed;
    private long lastNs;
    /** Calls in the last checkpoint handed to the writer (-1 none yet): an idle link does not rewrite an empty file. */
    private int lastCount = -1;

    /**
     * @param file       the saved-calls file.
     * @param intervalNs time between checkpoints.
     * @param idSensor   the sensor's id (in the file's header).
     * @param counters   the tracking thread's counters.
     * @param log        where a failed write is said (once per run of failures).
     * @param startNs    wall-clock time now: the first checkpoint is one interval later.
     */
    CallCheckpoint(final Path file, final long intervalNs, final int idSensor, final Counters counters,
        final PrintStream log, final long startNs)
    {
        this.file = file;
        this.intervalNs = intervalNs;
        this.idSensor = idSensor;
        this.log = log;
        this.lastNs = startNs;
        this.saved = counters.get(SensorCounter.CALLS_SAVED);
        this.checkpoints = counters.get(SensorCounter.CALLS_CHECKPOINTS);
        this.errors = counters.get(SensorCounter.CALLS_CHECKPOINT_ERRORS);
        this.skipped = counters.get(SensorCounter.CALLS_CHECKPOINTS_SKIPPED);
        this.writer = new Thread(this::writeLoop, "calls-checkpoint");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Tracking thread, with the wall clock: starts a checkpoint when one is due.
     *
     * @param tracker the tracker whose calls are saved.
     * @param nowNs   wall-clock time.
     */
    void onTick(final CallTracker tracker, final long nowNs)
    {
        if (nowNs - lastNs < intervalNs)
        {
            return;
        }
        lastNs = nowNs;
        if (busy)
        {
            skipped.incrementRelease();
            return;
        }
        final int count = tracker.saveOpenCalls(save, SavedCalls.KIND_CHECKPOINT, nowNs, idSensor);
        saved.setRelease(count);
        if (count == 0 && lastCount == 0)
        {
            return; // the file already says there is nothing in progress
        }
        lastCount = count;
        busy = true;
        LockSupport.unpark(writer);
    }

    /**
     * Tracking thread, at a live stop: saves the calls in progress and forgets them without legs, so the next start
     * continues them. If they cannot be saved, they end now with end reason shutdown instead.
     *
     * @param tracker the tracker.
     * @param nowNs   the stop instant (wall clock).
     * @param onSaved shown each saved call as a leg ending at the stop instant (the stop's channel statistics).
     * @return calls saved (0 if they could not be).
     */
    int stop(final CallTracker tracker, final long nowNs, final Consumer<CallState> onSaved)
    {
        closed = true;
        LockSupport.unpark(writer);
        try
        {
            writer.join(); // a checkpoint being written finishes first, so it cannot replace this save
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final int count = tracker.saveOpenCalls(save, SavedCalls.KIND_STOP, nowNs, idSensor);
        try
        {
            save.writeTo(file);
        }
        catch (final IOException | RuntimeException ex)
        {
            errors.incrementRelease();
            log.println("sipsensor: cannot save the " + count + " calls in progress to " + file + " (" +
                ex.getMessage() + "); they end now with end reason shutdown");
            try
            {
                java.nio.file.Files.deleteIfExists(file); // an older checkpoint must not bring them back
            }
            catch (final IOException ignored)
            {
                // the journal's identity check keeps a leg journaled twice out
            }
            tracker.endAtShutdown(nowNs);
            saved.setRelease(0);
            return 0;
        }
        saved.setRelease(count);
        save.forEach(new CallState(), onSaved);
        tracker.suspend();
        return count;
    }

    @Override
    public void close()
    {
        closed = true;
        LockSupport.unpark(writer);
    }

    private void writeLoop()
    {
        boolean failing = false;
        while (!closed || busy)
        {
            if (!busy)
            {
                LockSupport.parkNanos(this, 1_000_000_000L);
                continue;
            }
            try
            {
                save.writeTo(file);
                checkpoints.incrementRelease();
                failing = false;
            }
            catch (final IOException | RuntimeException ex)
            {
                errors.incrementRelease();
                if (!failing)
                {
                    log.println("sipsensor: cannot write the checkpoint of the calls in progress to " + file + " (" +
                        ex.getMessage() + "); a crash now would end them at the last checkpoint");
                }
                failing = true;
            }
            busy = false;
        }
    }
}
