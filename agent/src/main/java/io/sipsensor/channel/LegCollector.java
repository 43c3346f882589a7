package io.sipsensor.channel;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.call.LegListener;

/**
 * Collects what the run summary needs from each completed leg: its time columns and dedup key (into a
 * {@link LegTable}), counts by final code and end reason, and the run's {@link ChannelReport}, computed as the legs
 * start, connect and end ({@link StreamingReport}) so it is ready when the input ends. Runs on the packet thread;
 * allocates only when its tables grow, a user without digits is first seen, or an hour begins.
 */
public final class LegCollector implements LegListener
{
    private static final int NO_FINAL = 0;

    private final LegTable legs = new LegTable(4096);
    private final DedupKeys dedupKeys = new DedupKeys();
    private final long[] byFinalCode = new long[700];
    private final long[] byEndReason = new long[5];
    private final StreamingReport report;
    private long answered;

    /**
     * A collector without license rules of its own: the defaults (tests).
     */
    public LegCollector()
    {
        this(LicenseChannelSettings.defaults());
    }

    /**
     * @param license license channel rules of the run's report.
     */
    public LegCollector(final LicenseChannelSettings license)
    {
        this.report = new StreamingReport(license);
    }

    @Override
    public void onStart(final CallState leg)
    {
        report.onStart(leg.legId(), leg.startNs(), key(leg));
    }

    @Override
    public void onConnect(final CallState leg)
    {
        report.onConnect(leg.legId(), leg.connectNs());
    }

    @Override
    public void onLeg(final CallState leg)
    {
        final long key = key(leg);
        report.onLeg(leg.legId(), leg.startNs(), leg.connectNs(), leg.endNs(), key, leg.finalCode());
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

    /**
     * The run's channel report: what {@link ChannelReport#compute} gives for {@link #legs()}, mostly computed already.
     * Call once, after the last leg.
     *
     * @return the report.
     */
    public ChannelReport report()
    {
        return report.finish(legs);
    }

    /**
     * @return whether the report is being computed as the legs come (false: {@link #report()} will compute it from
     * the legs, because a leg was seen only at its end).
     */
    public boolean isReportStreaming()
    {
        return report.isStreaming();
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

    private long key(final CallState leg)
    {
        return dedupKeys.key(
            leg.text(), leg.callerOffset(), leg.callerLength(), leg.calledOffset(), leg.calledLength());
    }
}
