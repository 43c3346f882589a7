package io.sipsensor.net.tcp;

import io.sipsensor.net.IpProtocol;
import io.sipsensor.net.PacketInfo;

/**
 * One direction of a TCP connection: IP version, source and destination address and port. Addresses are held as two
 * longs each (an IPv4 address in the low 32 bits of the low long); {@link #hash} is a 64-bit mix of all of it, and
 * tables compare the fields on a hash hit. The VLAN id is not part of the key, so the same segment mirrored twice on
 * two VLANs is a retransmission, not a second stream. Mutable and reused; owned by the decoding thread.
 */
final class StreamKey
{
    int ipVersion;
    long sourceHigh;
    long sourceLow;
    long destinationHigh;
    long destinationLow;
    /** Source port in the high 16 bits, destination port in the low 16. */
    int ports;
    long hash;

    /**
     * Sets the key from a decoded segment's addressing.
     */
    void set(final PacketInfo info)
    {
        ipVersion = info.ipVersion;
        if (ipVersion == 4)
        {
            sourceHigh = 0;
            sourceLow = bigEndianInt(info.sourceAddress);
            destinationHigh = 0;
            destinationLow = bigEndianInt(info.destinationAddress);
        }
        else
        {
            sourceHigh = bigEndianLong(info.sourceAddress, 0);
            sourceLow = bigEndianLong(info.sourceAddress, 8);
            destinationHigh = bigEndianLong(info.destinationAddress, 0);
            destinationLow = bigEndianLong(info.destinationAddress, 8);
        }
        ports = (info.sourcePort << 16) | (info.destinationPort & 0xFFFF);
        hash = computeHash();
    }

    /**
     * Sets this key to the other direction of {@code other}.
     */
    void reverseOf(final StreamKey other)
    {
        ipVersion = other.ipVersion;
        sourceHigh = other.destinationHigh;
        sourceLow = other.destinationLow;
        destinationHigh = other.sourceHigh;
        destinationLow = other.sourceLow;
        ports = (other.ports >>> 16) | (other.ports << 16);
        hash = computeHash();
    }

    void copyFrom(final StreamKey other)
    {
        ipVersion = other.ipVersion;
        sourceHigh = other.sourceHigh;
        sourceLow = other.sourceLow;
        destinationHigh = other.destinationHigh;
        destinationLow = other.destinationLow;
        ports = other.ports;
        hash = other.hash;
    }

    boolean matches(final StreamKey other)
    {
        return hash == other.hash && ports == other.ports && sourceLow == other.sourceLow &&
            destinationLow == other.destinationLow && sourceHigh == other.sourceHigh &&
            destinationHigh == other.destinationHigh && ipVersion == other.ipVersion;
    }

    int sourcePort()
    {
        return ports >>> 16;
    }

    int destinationPort()
    {
        return ports & 0xFFFF;
    }

    /**
     * Writes this direction's addressing into {@code info} (time, VLAN and flags are left to the caller).
     */
    void fill(final PacketInfo info)
    {
        info.ipVersion = ipVersion;
        if (ipVersion == 4)
        {
            putBigEndianInt(info.sourceAddress, (int)sourceLow);
            putBigEndianInt(info.destinationAddress, (int)destinationLow);
        }
        else
        {
            putBigEndianLong(info.sourceAddress, 0, sourceHigh);
            putBigEndianLong(info.sourceAddress, 8, sourceLow);
            putBigEndianLong(info.destinationAddress, 0, destinationHigh);
            putBigEndianLong(info.destinationAddress, 8, destinationLow);
        }
        info.sourcePort = sourcePort();
        info.destinationPort = destinationPort();
        info.transportProtocol = IpProtocol.TCP;
    }

    private long computeHash()
    {
        long h = sourceLow * 0x9E37_79B9_7F4A_7C15L;
        h ^= destinationLow + 0xC2B2_AE3D_27D4_EB4FL + (h << 6) + (h >>> 2);
        h ^= sourceHigh * 0x1656_67B1_9E37_79F9L + (h << 6) + (h >>> 2);
        h ^= destinationHigh * 0x85EB_CA77_C2B2_AE63L + (h << 6) + (h >>> 2);
        h ^= ((long)ports << 8) ^ ipVersion;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return h;
    }

    private static long bigEndianInt(final byte[] bytes)
    {
        return ((bytes[0] & 0xFFL) << 24) | ((bytes[1] & 0xFFL) << 16) | ((bytes[2] & 0xFFL) << 8) |
            (bytes[3] & 0xFFL);
    }

    private static long bigEndianLong(final byte[] bytes, final int offset)
    {
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    private static void putBigEndianInt(final byte[] bytes, final int value)
    {
        bytes[0] = (byte)(value >>> 24);
        bytes[1] = (byte)(value >>> 16);
        bytes[2] = (byte)(value >>> 8);
        bytes[3] = (byte)value;
    }

    private static void putBigEndianLong(final byte[] bytes, final int offset, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            bytes[offset + i] = (byte)(value >>> (56 - 8 * i));
        }
    }
}
