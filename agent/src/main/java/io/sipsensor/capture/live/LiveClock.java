package io.sipsensor.capture.live;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A live run's own time: the host clock as it read when the run started, carried on by the monotonic clock. A step
 * of the host clock while capturing (set by hand, an NTP step, a bad RTC corrected) does not move it, so a leg in
 * progress keeps its real duration, no leg ends before it starts and the hourly statistics do not jump over the gap.
 * <p>
 * The kernel stamps frames with the host clock, so the clock also tracks how far the host clock has stepped from the
 * run's time ({@link #hostStepNs()}): the capture threads call {@link #observeHostStep()} once per poll and correct
 * the frames' stamps by it (see {@link LiveTimeGuard}). Without a step, CLOCK_REALTIME and CLOCK_MONOTONIC move
 * together (NTP slews both), so the step is 0; a change smaller than {@link #STEP_THRESHOLD_NS} is not taken as a
 * step (two clock reads can be apart by a preemption).
 * <p>
 * Thread safe: the run's time is read by every live thread; the step is published with a compare-and-set so that
 * exactly one observer counts a step. Allocates nothing after construction.
 */
public final class LiveClock implements EpochNanoClock
{
    /** A change of the host clock against the run's time larger than this is a step (1 s). */
    public static final long STEP_THRESHOLD_NS = 1_000_000_000L;

    private final EpochNanoClock host;
    private final NanoClock monotonic;
    private final long anchorNs;
    private final AtomicLong hostStepNs = new AtomicLong();

    /**
     * The system's clocks.
     */
    public LiveClock()
    {
        this(new SystemEpochNanoClock(), new SystemNanoClock());
    }

    /**
     * @param host      the host clock (ns since the epoch), the one the kernel stamps frames with.
     * @param monotonic a clock that never steps (ns, any origin).
     */
    public LiveClock(final EpochNanoClock host, final NanoClock monotonic)
    {
        this.host = host;
        this.monotonic = monotonic;
        this.anchorNs = host.nanoTime() - monotonic.nanoTime();
    }

    /**
     * @return the run's time, ns since the epoch: continuous, never stepping.
     */
    @Override
    public long nanoTime()
    {
        return monotonic.nanoTime() + anchorNs;
    }

    /**
     * @return how far the host clock is ahead of the run's time (negative: behind), as last observed.
     */
    public long hostStepNs()
    {
        return hostStepNs.get();
    }

    /**
     * Reads the host clock against the run's time and publishes a new step when it moved by more than the threshold.
     * Any thread.
     *
     * @return true when this call published a new step (the caller counts it and says it), false otherwise.
     */
    public boolean observeHostStep()
    {
        final long runNs = nanoTime();
        final long stepNs = host.nanoTime() - runNs;
        final long knownNs = hostStepNs.get();
        final long changeNs = stepNs - knownNs;
        return (changeNs > STEP_THRESHOLD_NS || changeNs < -STEP_THRESHOLD_NS) &&
            hostStepNs.compareAndSet(knownNs, stepNs);
    }

    /**
     * @param changeNs a change of the host clock, ns.
     * @return one line for the operator about the step.
     */
    public static String stepLine(final long changeNs)
    {
        final long seconds = Math.abs(changeNs) / 1_000_000_000L;
        return "the host clock stepped " + (changeNs > 0 ? "forward" : "back") + " by " + duration(seconds) +
            " while capturing (counted in clock_steps); this run keeps its own continuous time (legs in progress keep " +
            "their real durations; CDR times go on from the clock as it was before the step); restart sipsensor to " +
            "take the host's new time";
    }

    private static String duration(final long seconds)
    {
        final long days = seconds / 86_400;
        final long rest = seconds % 86_400;
        return (days > 0 ? days + " d " : "") + String.format("%02d:%02d:%02d", rest / 3600, rest / 60 % 60, rest % 60);
    }
}
