package io.sipsensor.channel;

import java.util.concurrent.TimeUnit;

/**
 * How legs become license channels (LICENSING.md): legs with the same dedup key merge when their starts lie within
 * {@code dedupWindowNs} of the channel's first leg (so all starts of a channel are within the window of each other);
 * legs whose final code is 487 count zero unless {@code count487}.
 *
 * @param dedupWindowNs {@code license_dedup_window_s}, default 10 s; an exact 10 s difference merges.
 * @param count487      {@code license_count_487}, default false.
 */
public record LicenseChannelSettings(long dedupWindowNs, boolean count487)
{
    /**
     * @return the defaults: 10 s window, 487 legs not counted.
     */
    public static LicenseChannelSettings defaults()
    {
        return new LicenseChannelSettings(TimeUnit.SECONDS.toNanos(10), false);
    }
}
