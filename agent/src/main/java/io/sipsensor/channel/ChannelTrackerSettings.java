package io.sipsensor.channel;

import java.util.concurrent.TimeUnit;

/**
 * Settings of the live {@link ChannelTracker}.
 *
 * @param license       license channel rules (merge window, 487 rule).
 * @param closeDelayNs  an hour's exact row is computed once the watermark is this far past its end (late starts
 *                      within the merge window and reordering between producers are absorbed).
 * @param lateWindowNs  completed legs are kept in memory this long after their end, so a late leg for an hour
 *                      closed within this window recomputes it exactly; older hours need {@code channels rebuild}.
 */
public record ChannelTrackerSettings(LicenseChannelSettings license, long closeDelayNs, long lateWindowNs)
{
    /**
     * @param license license channel rules.
     * @return 60 s close delay, 2 h late window.
     */
    public static ChannelTrackerSettings defaults(final LicenseChannelSettings license)
    {
        return new ChannelTrackerSettings(license, TimeUnit.SECONDS.toNanos(60), TimeUnit.HOURS.toNanos(2));
    }
}
