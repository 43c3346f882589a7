package io.sipsensor.central;

import org.agrona.DirectBuffer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The link's challenge-response: the central sends a fresh random nonce, the sensor answers
 * HMAC-SHA256(server_password, "sipsensor-link-1" | nonce | HELLO body). The secret never travels and is never
 * logged; binding the HELLO body means a response cannot be replayed for another sensor id, hardware id or clock.
 * One per connection side (a {@link Mac} is not thread-safe); allocates only at construction.
 */
public final class LinkAuth
{
    private static final byte[] CONTEXT = "sipsensor-link-1".getBytes(StandardCharsets.US_ASCII);

    private final Mac mac;
    private final byte[] scratch = new byte[256];
    private final byte[] result = new byte[LinkDescriptor.MAC_LENGTH];

    /**
     * @param secret the shared secret ({@code server_password}), UTF-8.
     */
    public LinkAuth(final String secret)
    {
        try
        {
            mac = Mac.getInstance("HmacSHA256");
            final byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            // HMAC keys may not be empty for SecretKeySpec; an empty password is refused by the settings.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK: " + ex.getMessage(), ex);
        }
    }

    /**
     * @param random source of the nonce.
     * @return a fresh nonce.
     */
    public static byte[] nonce(final SecureRandom random)
    {
        final byte[] nonce = new byte[LinkDescriptor.NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }

    /**
     * @param nonce       buffer holding the nonce.
     * @param nonceOffset offset of the {@link LinkDescriptor#NONCE_LENGTH} nonce bytes.
     * @param hello       buffer holding the HELLO body.
     * @param helloOffset offset of the HELLO body.
     * @param helloLength length of the HELLO body.
     * @return the response; the array is reused by the next call.
     */
    public byte[] response(final DirectBuffer nonce, final int nonceOffset, final DirectBuffer hello,
        final int helloOffset, final int helloLength)
    {
        mac.update(CONTEXT);
        update(nonce, nonceOffset, LinkDescriptor.NONCE_LENGTH);
        update(hello, helloOffset, helloLength);
        try
        {
            mac.doFinal(result, 0);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
        return result;
    }

    /**
     * Constant-time comparison of a received response with the expected one.
     *
     * @param expected the {@link #response} for the session.
     * @param received buffer holding the AUTH body.
     * @param offset   offset of the {@link LinkDescriptor#MAC_LENGTH} bytes.
     * @return true if they match.
     */
    public static boolean matches(final byte[] expected, final DirectBuffer received, final int offset)
    {
        final byte[] got = new byte[LinkDescriptor.MAC_LENGTH];
        received.getBytes(offset, got);
        return MessageDigest.isEqual(expected, got);
    }

    private void update(final DirectBuffer buffer, final int offset, final int length)
    {
        int done = 0;
        while (done < length)
        {
            final int chunk = Math.min(scratch.length, length - done);
            buffer.getBytes(offset + done, scratch, 0, chunk);
            mac.update(scratch, 0, chunk);
            done += chunk;
        }
    }
}
