package io.sipsensor.channel;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.call.LegListener;

/**
 * Collects what the run summary needs from each completed leg: its time columns and dedup key (into a
 * {@link LegTable}), counts by final code and end reason. Runs on the packet thread; allocates only when the
 * table grows or a user without digits is first seen.
 */
public final class LegCollector implements LegListener
{
    private static final int NO_FINAL = 0;

    private final LegTable legs = new LegTable(4096);
    private final DedupKeys dedupKeys = new DedupKeys();
    private final long[] byFinalCode = new long[700];
    private final long[] byEndReason = new long[5];
    private long answered;

    @Override
    public void onLeg(final CallState leg)
    {
        final long key = dedupKeys.key(
            leg.text(), leg.callerOffset(), leg.callerLength(), leg.calledOffset(), leg.calledLength());
        legs.add(leg.startNs(), leg.connectNs(), leg.endNs(), key, leg.finalCode());
        final int code = leg.finalCode();
        byFinalCode[code > 0 && code < byFinalCode.length ? code : NO_FINAL]++;
        if (leg.endReason() >= 0 && leg.endReason() < byEndReason.length)
        {
            byEndReason[leg.endReason()]++;
        }
        if (leg.connectNs() != CallState.NO_TIME)
        {
            answered++;
        }
    }

    /** @return the legs' time columns. */
    public LegTable legs()
    {
        return legs;
    }

    /**
     * @param code final response code, or 0 for legs without one.
     * @return legs with that final code.
     */
    public long countByFinalCode(final int code)
    {
        return code >= 0 && code < byFinalCode.length ? byFinalCode[code] : 0;
    }

    /**
     * @param reason {@link EndReason} code.
     * @return legs that ended so.
     */
    public long countByEndReason(final int reason)
    {
        return byEndReason[reason];
    }

    /** @return legs with a connect time. */
    public long answered()
    {
        return answered;
    }
}
