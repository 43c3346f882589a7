package io.sipsensor.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Log-in sessions of the web interface, in memory (a restart logs everyone out): a random 256-bit token in the
 * cookie, the user, a CSRF token for forms and POSTs, and idle and absolute expiry. A session ends when its user is
 * removed or changes password or role (checked at each request against the users file).
 */
public final class Sessions
{
    /** The cookie's name. */
    public static final String COOKIE = "sipsensor_session";
    /** A session unused this long ends. */
    public static final long IDLE_MS = 30 * 60_000L;
    /** A session ends this long after log-in, used or not. */
    public static final long ABSOLUTE_MS = 12 * 3_600_000L;
    /** Most sessions at once; beyond, the oldest is ended. */
    public static final int MAX_SESSIONS = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One log-in.
     *
     * @param token     the cookie value.
     * @param user      log-in name.
     * @param role      role at log-in.
     * @param hash      the user's password hash at log-in (a change ends the session).
     * @param csrf      the token forms and POSTs must carry.
     * @param createdMs log-in time.
     */
    public record Session(String token, String user, Role role, String hash, String csrf, long createdMs)
    {
    }

    private record Entry(Session session, long lastSeenMs)
    {
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final LongSupplier clockMs;

    /**
     * @param clockMs the time in epoch ms.
     */
    public Sessions(final LongSupplier clockMs)
    {
        this.clockMs = clockMs;
    }

    /**
     * @return a new random token (256 bits, URL-safe Base64).
     */
    public static String token()
    {
        final byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Starts a session for a user who just logged in.
     *
     * @param user the user.
     * @return the session.
     */
    public Session start(final Users.User user)
    {
        final long now = clockMs.getAsLong();
        if (sessions.size() >= MAX_SESSIONS)
        {
            expire(now);
            if (sessions.size() >= MAX_SESSIONS)
            {
                sessions.entrySet().stream().min((a, b) -> Long.compare(a.getValue().session().createdMs(),
                    b.getValue().session().createdMs())).ifPresent(oldest -> sessions.remove(oldest.getKey()));
            }
        }
        final Session session = new Session(token(), user.name(), user.role(), user.hash(), token(), now);
        sessions.put(session.token(), new Entry(session, now));
        return session;
    }

    /**
     * @param token the cookie value, may be null.
     * @param users the users as they are now.
     * @return the live session, touched, or null (unknown, expired, or its user changed or was removed).
     */
    public Session find(final String token, final Map<String, Users.User> users)
    {
        if (token == null)
        {
            return null;
        }
        final Entry entry = sessions.get(token);
        if (entry == null)
        {
            return null;
        }
        final long now = clockMs.getAsLong();
        final Session session = entry.session();
        final Users.User user = users.get(session.user());
        if (now - entry.lastSeenMs() > IDLE_MS || now - session.createdMs() > ABSOLUTE_MS || user == null ||
            user.role() != session.role() || !user.hash().equals(session.hash()))
        {
            sessions.remove(token);
            return null;
        }
        sessions.put(token, new Entry(session, now));
        return session;
    }

    /**
     * @param token the cookie value of the session to end, may be null.
     */
    public void end(final String token)
    {
        if (token != null)
        {
            sessions.remove(token);
        }
    }

    private void expire(final long now)
    {
        final Iterator<Entry> entries = sessions.values().iterator();
        while (entries.hasNext())
        {
            final Entry entry = entries.next();
            if (now - entry.lastSeenMs() > IDLE_MS || now - entry.session().createdMs() > ABSOLUTE_MS)
            {
                entries.remove();
            }
        }
    }
}
