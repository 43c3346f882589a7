package io.sipsensor.license;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the installed files grant at one instant: the newest license installed by then (trusted or not), the newest
 * trusted one (the license in force), and the temporary increases of the license in force installed by then (its
 * own, and the tokens for it).
 *
 * @param newest    the newest license file installed by then, or null.
 * @param trusted   the license in force, or null.
 * @param increases its temporary increases, active or not.
 */
record LicenseTerms(InstalledEntry newest, InstalledEntry trusted, List<TemporaryIncrease> increases)
{
    static LicenseTerms at(final List<InstalledEntry> history, final Instant t)
    {
        final List<InstalledEntry> sorted = new ArrayList<>(history);
        sorted.sort(Comparator.comparing(InstalledEntry::installedAt).thenComparing(InstalledEntry::name));
        InstalledEntry newest = null;
        InstalledEntry trusted = null;
        for (final InstalledEntry entry : sorted)
        {
            if (entry.kind() == InstalledEntry.Kind.LICENSE && !entry.installedAt().isAfter(t))
            {
                newest = entry;
                trusted = entry.trusted() ? entry : trusted;
            }
        }
        final List<TemporaryIncrease> increases = new ArrayList<>();
        if (trusted != null)
        {
            if (trusted.license().increase() != null)
            {
                increases.add(trusted.license().increase());
            }
            for (final InstalledEntry entry : sorted)
            {
                if (entry.kind() == InstalledEntry.Kind.INCREASE && entry.trusted() &&
                    !entry.installedAt().isAfter(t) && entry.increase().licenseId().equals(trusted.license().id()))
                {
                    increases.add(entry.increase());
                }
            }
        }
        return new LicenseTerms(newest, trusted, List.copyOf(increases));
    }

    /** @return the license in force, or null. */
    License license()
    {
        return trusted == null ? null : trusted.license();
    }

    /** @return its channels, 0 without one. */
    long licensed()
    {
        return trusted == null ? 0 : trusted.license().channels();
    }

    /**
     * @param instant an instant.
     * @param maxDays {@code license_temp_increase_days}.
     * @return licensed channels plus the increases valid at that instant.
     */
    long limitAt(final Instant instant, final int maxDays)
    {
        long limit = licensed();
        for (final TemporaryIncrease increase : increases)
        {
            if (increase.activeAt(instant, maxDays))
            {
                limit += increase.channels();
            }
        }
        return limit;
    }
}
