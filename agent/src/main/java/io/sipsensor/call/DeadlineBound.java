package io.sipsensor.call;

/**
 * A lower bound of the deadlines of the calls at the heads of the {@link CallList}s that share it: capture time
 * before it expires nothing, so {@link CallTracker#tick} can return without looking at any list (every packet moves
 * the clock, RTP too). The lists lower it whenever a call becomes a head (appended to an empty list, or next after a
 * removed head); the tracker raises it to the exact minimum after it has expired what was due. Raising a call's
 * deadline never invalidates it.
 * <p>
 * Owned by the tracking thread.
 */
final class DeadlineBound
{
    private long ns = Long.MAX_VALUE;

    /**
     * @return no head's deadline is earlier.
     */
    long ns()
    {
        return ns;
    }

    /**
     * @param deadlineNs the deadline of a call that became the head of a list.
     */
    void lower(final long deadlineNs)
    {
        if (deadlineNs < ns)
        {
            ns = deadlineNs;
        }
    }

    /**
     * @param minimumNs the earliest deadline among the heads now (Long.MAX_VALUE when all lists are empty).
     */
    void set(final long minimumNs)
    {
        ns = minimumNs;
    }
}
