package io.sipsensor.call;

/**
 * Receives each completed CDR leg from the {@link CallTracker}, on the tracking thread, and optionally the events of
 * legs in progress (live channel counting): {@link #onStart} at the first INVITE, {@link #onConnect} at the first 2xx
 * to it, {@link #onLeg} when the leg ends. Each leg has a {@link CallState#legId()} that ties its events together.
 * The {@link CallState} is valid only during the call: copy or encode what is kept.
 */
@FunctionalInterface
public interface LegListener
{
    /**
     * @param leg the completed leg.
     */
    void onLeg(CallState leg);

    /**
     * A leg has started (its first INVITE): id, start, caller and called are set.
     *
     * @param leg the leg in progress.
     */
    default void onStart(final CallState leg)
    {
    }

    /**
     * A leg was answered (first 2xx to its initial INVITE): {@link CallState#connectNs()} is set.
     *
     * @param leg the leg in progress.
     */
    default void onConnect(final CallState leg)
    {
    }
}
