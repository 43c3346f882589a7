package io.sipsensor.call;

/**
 * Receives each completed CDR leg from the {@link CallTracker}, on the tracking thread. The {@link CallState} is
 * valid only during the call: copy or encode what is kept.
 */
@FunctionalInterface
public interface LegListener
{
    /**
     * @param leg the completed leg.
     */
    void onLeg(CallState leg);
}
