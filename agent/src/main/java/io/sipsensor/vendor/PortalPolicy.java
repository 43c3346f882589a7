package io.sipsensor.vendor;

import java.time.Duration;

/**
 * What the vendor's license portal grants: the size and life of a temporary increase and how often one license may
 * have one. The vendor's own settings ({@code sipsensor-vendor serve} options), never the customer's.
 *
 * @param percent        channels added, as a percentage of the license's channels (rounded up, at least 1).
 * @param days           life of a token, days from when it is asked.
 * @param everyDays      one token per license per this many days.
 * @param clockTolerance how far a request's time may be from the portal's clock.
 */
public record PortalPolicy(int percent, int days, int everyDays, Duration clockTolerance)
{
    /** The default: +20 % for 14 days, at most one per license per 14 days, 5 minutes of clock difference. */
    public static final PortalPolicy DEFAULT = new PortalPolicy(20, 14, 14, Duration.ofMinutes(5));

    /**
     * @param licensed the license's channels.
     * @return the channels a token adds.
     */
    public long channelsFor(final long licensed)
    {
        return Math.max(1, Math.ceilDiv(licensed * percent, 100L));
    }
}
