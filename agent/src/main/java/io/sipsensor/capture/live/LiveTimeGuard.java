package io.sipsensor.capture.live;

import io.sipsensor.capture.PacketHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Gives every live frame a time on the run's own clock ({@link LiveClock}) before it is decoded: the kernel's stamp
 * corrected by the host clock's step, when the host clock stepped while capturing; and the stream's time (the last
 * frame's) for a frame whose stamp is impossible, counted as {@code packets_time_outlier}: stamped after the moment
 * it was read (beyond {@link #FUTURE_SLACK_NS}) or more than {@link #PAST_BOUND_NS} before the frame before it (the
 * first frame: before the poll). So one bad stamp, or a host clock stepped back or forward, cannot make a leg end
 * before it starts, span the step, or fill the hourly statistics with empty hours.
 * <p>
 * Frames read from the kernel after a step may have been captured before it: a frame whose stamp fits the step
 * known before this poll takes that correction instead.
 * <p>
 * One per capture thread; the thread calls {@link #beginPoll()} before each poll and passes this as the handler.
 * Allocates nothing.
 */
public final class LiveTimeGuard implements PacketHandler
{
    /** A corrected stamp may lie this far after the poll's time (reads of two clocks, a step under the threshold). */
    public static final long FUTURE_SLACK_NS = 2 * LiveClock.STEP_THRESHOLD_NS;
    /** A corrected stamp this far before the stream's time is impossible from one ring (60 s). */
    public static final long PAST_BOUND_NS = 60_000_000_000L;

    private final PacketHandler next;
    private final LiveClock clock;
    private final AtomicCounter outliers;
    private final AtomicCounter steps;
    private long pollNs;
    private long stepNs;
    private long previousStepNs;
    private long streamNs = Long.MIN_VALUE;
    private long lastStepChangeNs;

    /**
     * @param next     receives the frames with their run times.
     * @param clock    the run's clock.
     * @param outliers counts frames given the stream's time.
     * @param steps    counts steps of the host clock this thread observed first.
     */
    public LiveTimeGuard(final PacketHandler next, final LiveClock clock, final AtomicCounter outliers,
        final AtomicCounter steps)
    {
        this.next = next;
        this.clock = clock;
        this.outliers = outliers;
        this.steps = steps;
    }

    /**
     * Reads the run's time and the host clock's step for the frames of the coming poll.
     *
     * @return true when this call found a new step of the host clock (counted; {@link #lastStepChangeNs()} says by
     * how much), so the caller can say it in one line.
     */
    public boolean beginPoll()
    {
        final boolean stepped = clock.observeHostStep();
        final long currentNs = clock.hostStepNs();
        if (currentNs != stepNs)
        {
            previousStepNs = stepNs;
            lastStepChangeNs = currentNs - stepNs;
            stepNs = currentNs;
        }
        if (stepped)
        {
            steps.incrementRelease();
        }
        pollNs = clock.nanoTime();
        return stepped;
    }

    /**
     * @return by how much the host clock moved at the last step this guard saw, ns (negative: back).
     */
    public long lastStepChangeNs()
    {
        return lastStepChangeNs;
    }

    /**
     * @return the run's time read by the last {@link #beginPoll()}.
     */
    public long pollNs()
    {
        return pollNs;
    }

    @Override
    public void onPacket(final int linkType, final DirectBuffer buffer, final int offset, final int capturedLength,
        final int originalLength, final long timestampNs)
    {
        long timeNs = timestampNs - stepNs;
        if (!plausible(timeNs))
        {
            final long beforeStepNs = timestampNs - previousStepNs;
            if (previousStepNs != stepNs && plausible(beforeStepNs))
            {
                timeNs = beforeStepNs;
            }
            else
            {
                outliers.incrementRelease();
                timeNs = streamNs != Long.MIN_VALUE ? streamNs : pollNs;
            }
        }
        streamNs = timeNs;
        next.onPacket(linkType, buffer, offset, capturedLength, originalLength, timeNs);
    }

    private boolean plausible(final long timeNs)
    {
        final long floorNs = (streamNs != Long.MIN_VALUE ? streamNs : pollNs) - PAST_BOUND_NS;
        return timeNs <= pollNs + FUTURE_SLACK_NS && timeNs >= floorNs;
    }
}
