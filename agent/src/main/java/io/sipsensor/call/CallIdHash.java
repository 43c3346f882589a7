package io.sipsensor.call;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * 64-bit hash of Call-ID bytes, eight bytes per step with a murmur3-style finaliser. Equal bytes give equal
 * hashes wherever they are stored; callers still compare bytes on a hash hit.
 */
public final class CallIdHash
{
    private static final long C1 = 0x9E3779B97F4A7C15L;
    private static final long C2 = 0xC2B2AE3D27D4EB4FL;

    private CallIdHash()
    {
    }

    /**
     * @param buffer holding the bytes.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @return the hash.
     */
    public static long hash(final DirectBuffer buffer, final int offset, final int length)
    {
        long h = C1 ^ (length * C2);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = step(h, buffer.getLong(offset + i, ByteOrder.LITTLE_ENDIAN));
        }
        if (i < length)
        {
            long tail = 0;
            for (int shift = 0; i < length; i++, shift += 8)
            {
                tail |= (buffer.getByte(offset + i) & 0xFFL) << shift;
            }
            h = step(h, tail);
        }
        return finish(h);
    }

    /**
     * @param bytes  holding the bytes.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @return the same hash as {@link #hash(DirectBuffer, int, int)} gives for the same bytes.
     */
    public static long hash(final byte[] bytes, final int offset, final int length)
    {
        long h = C1 ^ (length * C2);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            long word = 0;
            for (int b = 7; b >= 0; b--)
            {
                word = (word << 8) | (bytes[offset + i + b] & 0xFFL);
            }
            h = step(h, word);
        }
        if (i < length)
        {
            long tail = 0;
            for (int shift = 0; i < length; i++, shift += 8)
            {
                tail |= (bytes[offset + i] & 0xFFL) << shift;
            }
            h = step(h, tail);
        }
        return finish(h);
    }

    private static long step(final long h, final long word)
    {
        return Long.rotateLeft(h ^ (word * C2), 31) * C1;
    }

    private static long finish(final long value)
    {
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
