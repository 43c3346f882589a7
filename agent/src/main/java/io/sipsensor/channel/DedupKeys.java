package io.sipsensor.channel;

import java.util.HashMap;
import java.util.Map;

/**
 * Dedup keys of legs: (last 6 digits of the caller, last 6 digits of the called), digits only, so
 * {@code +421605123456} and {@code 00421605123456} give the same key; a user with no digits keys on its whole user
 * part. A key is one {@code long}: two 32-bit halves, caller high. A half with digits is
 * {@code digitCount << 20 | value} (so "0123" and "123" differ); a half without digits is
 * {@code 1 << 31 | id} where id interns the user text (one interner per run keeps keys comparable).
 * <p>
 * Owned by one thread. Allocates only when it meets a user text with no digits for the first time.
 */
public final class DedupKeys
{
    private static final int SIGNIFICANT_DIGITS = 6;
    private static final long TEXT_FLAG = 1L << 31;

    private final Map<String, Integer> textIds = new HashMap<>();

    /**
     * @param text       bytes holding both users.
     * @param callerOffset offset of the caller user.
     * @param callerLength length of the caller user.
     * @param calledOffset offset of the called user.
     * @param calledLength length of the called user.
     * @return the key.
     */
    public long key(
        final byte[] text, final int callerOffset, final int callerLength, final int calledOffset,
        final int calledLength)
    {
        return (half(text, callerOffset, callerLength) << 32) | half(text, calledOffset, calledLength);
    }

    /**
     * @param caller caller user.
     * @param called called user.
     * @return the key.
     */
    public long key(final String caller, final String called)
    {
        final byte[] callerBytes = caller.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final byte[] calledBytes = called.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return (half(callerBytes, 0, callerBytes.length) << 32) | half(calledBytes, 0, calledBytes.length);
    }

    private long half(final byte[] text, final int offset, final int length)
    {
        long value = 0;
        long scale = 1;
        int digits = 0;
        for (int i = offset + length - 1; i >= offset && digits < SIGNIFICANT_DIGITS; i--)
        {
            final int b = text[i];
            if (b >= '0' && b <= '9')
            {
                value += (b - '0') * scale;
                scale *= 10;
                digits++;
            }
        }
        if (digits > 0)
        {
            return ((long)digits << 20) | value;
        }
        final String user = new String(text, offset, length, java.nio.charset.StandardCharsets.UTF_8);
        final Integer id = textIds.computeIfAbsent(user, ignore -> textIds.size());
        return TEXT_FLAG | id;
    }

    /**
     * The key as text for CSV and JSON: {@code callerPart|calledPart}.
     *
     * @param caller caller user.
     * @param called called user.
     * @return e.g. {@code 123456|654321}.
     */
    public static String text(final String caller, final String called)
    {
        return side(caller) + "|" + side(called);
    }

    private static String side(final String user)
    {
        final StringBuilder digits = new StringBuilder(SIGNIFICANT_DIGITS);
        for (int i = user.length() - 1; i >= 0 && digits.length() < SIGNIFICANT_DIGITS; i--)
        {
            final char c = user.charAt(i);
            if (c >= '0' && c <= '9')
            {
                digits.append(c);
            }
        }
        return digits.length() > 0 ? digits.reverse().toString() : user;
    }
}
