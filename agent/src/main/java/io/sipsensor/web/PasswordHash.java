package io.sipsensor.web;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Salted slow password hashes with the JDK's PBKDF2 (HMAC-SHA-512, 210,000 iterations as OWASP recommends, 16-byte
 * random salt, 64-byte key), stored as {@code pbkdf2-sha512$ITERATIONS$SALT$HASH} (Base64), so the cost can be raised
 * later without invalidating older hashes.
 */
public final class PasswordHash
{
    /** Iterations for new hashes. */
    public static final int ITERATIONS = 210_000;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    private static final String PREFIX = "pbkdf2-sha512";
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash()
    {
    }

    /**
     * @param password the password.
     * @return its salted hash in the stored form.
     */
    public static String hash(final char[] password)
    {
        final byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        final Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return PREFIX + '$' + ITERATIONS + '$' + base64.encodeToString(salt) + '$' +
            base64.encodeToString(derive(password, salt, ITERATIONS));
    }

    /**
     * Compares in constant time.
     *
     * @param password the password given.
     * @param stored   a hash in the stored form.
     * @return true if the password matches; false also when the stored form is not understood.
     */
    public static boolean verify(final char[] password, final String stored)
    {
        final String[] parts = stored.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0]))
        {
            return false;
        }
        try
        {
            final int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1_000 || iterations > 10_000_000)
            {
                return false;
            }
            final Base64.Decoder base64 = Base64.getDecoder();
            final byte[] expected = base64.decode(parts[3]);
            final byte[] actual = derive(password, base64.decode(parts[2]), iterations);
            return expected.length == actual.length && MessageDigest.isEqual(expected, actual);
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    private static byte[] derive(final char[] password, final byte[] salt, final int iterations)
    {
        final PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
        try
        {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("PBKDF2 is not available in this JDK", ex);
        }
        finally
        {
            spec.clearPassword();
        }
    }

    /**
     * Wipes a password held in an array.
     *
     * @param password the array.
     */
    public static void clear(final char[] password)
    {
        if (password != null)
        {
            Arrays.fill(password, '\0');
        }
    }
}
