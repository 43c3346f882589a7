package io.sipsensor.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows password guessing: after {@link #MAX_FAILURES} failed log-ins within {@link #WINDOW_MS} from one address,
 * or for one user name, further attempts from it or for it are refused without checking the password until the
 * window has passed. A successful log-in clears the user name's and the address's count.
 */
public final class LoginThrottle
{
    /** Failed attempts allowed per window. */
    public static final int MAX_FAILURES = 5;
    /** The window, and how long a throttled key stays throttled. */
    public static final long WINDOW_MS = 15 * 60_000L;
    private static final int MAX_KEYS = 100_000;

    private record Failures(int count, long firstMs)
    {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final LongSupplier clockMs;

    /**
     * @param clockMs the time in epoch ms.
     */
    public LoginThrottle(final LongSupplier clockMs)
    {
        this.clockMs = clockMs;
    }

    /**
     * @param address the client's address.
     * @param user    the user name tried.
     * @return seconds to wait before trying again, or 0 if an attempt may be made now.
     */
    public long retryAfterSeconds(final String address, final String user)
    {
        final long now = clockMs.getAsLong();
        return Math.max(wait(now, "ip:" + address), wait(now, "user:" + user));
    }

    private long wait(final long now, final String key)
    {
        final Failures entry = failures.get(key);
        if (entry == null)
        {
            return 0;
        }
        final long left = entry.firstMs() + WINDOW_MS - now;
        if (left <= 0)
        {
            failures.remove(key, entry);
            return 0;
        }
        return entry.count() >= MAX_FAILURES ? (left + 999) / 1000 : 0;
    }

    /**
     * Counts a failed attempt.
     */
    public void failed(final String address, final String user)
    {
        final long now = clockMs.getAsLong();
        if (failures.size() >= MAX_KEYS)
        {
            failures.values().removeIf(entry -> now - entry.firstMs() > WINDOW_MS);
        }
        count(now, "ip:" + address);
        count(now, "user:" + user);
    }

    private void count(final long now, final String key)
    {
        failures.merge(key, new Failures(1, now), (old, one) ->
            now - old.firstMs() > WINDOW_MS ? one : new Failures(old.count() + 1, old.firstMs()));
    }

    /**
     * Clears the counts after a successful log-in.
     */
    public void succeeded(final String address, final String user)
    {
        failures.remove("ip:" + address);
        failures.remove("user:" + user);
    }
}
