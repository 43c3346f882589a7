package io.sipsensor.pipeline;

import io.sipsensor.call.CallState;
import io.sipsensor.call.LegListener;

/**
 * Where a {@link CallPath}'s legs go: the leg events and completed legs, plus the two moments a sink may care about
 * besides legs. A run reading files collects legs and journals them ({@link FileLegs}); a live run journals them and
 * streams leg events to the channel tracker ({@link LiveLegs}). Owned by the call path's thread.
 */
interface LegSink extends LegListener
{
    /**
     * The call path's clock moved (quiet input, or once a second on a busy link).
     *
     * @param nowNs wall-clock time, ns since the epoch.
     */
    default void tick(final long nowNs)
    {
    }

    /**
     * Shutdown: the open calls are about to be closed; none of their legs may be lost.
     */
    default void beforeShutdown()
    {
    }

    /**
     * A call in progress was saved at the stop for the next start, as a leg ending at the stop instant (not
     * journaled: the next run journals it when it really ends).
     *
     * @param leg the saved call.
     */
    default void onSaved(final CallState leg)
    {
    }
}
