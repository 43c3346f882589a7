package io.sipsensor.net;

/**
 * What tells the fragments of one datagram from another's: IP version, source, destination, identification and
 * protocol (IPv6: the fragment header's next header). Addresses are held as two longs each (an IPv4 address in the
 * low 32 bits of the low long). Mutable and reused; owned by the decoding thread.
 */
final class FragmentKey
{
    int ipVersion;
    long sourceHigh;
    long sourceLow;
    long destinationHigh;
    long destinationLow;
    int id;
    int protocol;
    int hash;

    void ipv4(final int source, final int destination, final int identification, final int protocol)
    {
        ipVersion = 4;
        sourceHigh = 0;
        sourceLow = source & 0xFFFF_FFFFL;
        destinationHigh = 0;
        destinationLow = destination & 0xFFFF_FFFFL;
        id = identification;
        this.protocol = protocol;
        hash = computeHash();
    }

    void ipv6(final byte[] source, final byte[] destination, final int identification, final int nextHeader)
    {
        ipVersion = 6;
        sourceHigh = bigEndianLong(source, 0);
        sourceLow = bigEndianLong(source, 8);
        destinationHigh = bigEndianLong(destination, 0);
        destinationLow = bigEndianLong(destination, 8);
        id = identification;
        protocol = nextHeader;
        hash = computeHash();
    }

    void copyFrom(final FragmentKey other)
    {
        ipVersion = other.ipVersion;
        sourceHigh = other.sourceHigh;
        sourceLow = other.sourceLow;
        destinationHigh = other.destinationHigh;
        destinationLow = other.destinationLow;
        id = other.id;
        protocol = other.protocol;
        hash = other.hash;
    }

    boolean matches(final FragmentKey other)
    {
        return hash == other.hash && sourceLow == other.sourceLow && destinationLow == other.destinationLow &&
            id == other.id && protocol == other.protocol && ipVersion == other.ipVersion &&
            sourceHigh == other.sourceHigh && destinationHigh == other.destinationHigh;
    }

    private int computeHash()
    {
        long h = sourceLow * 0x9E37_79B9_7F4A_7C15L;
        h ^= destinationLow + 0xC2B2_AE3D_27D4_EB4FL + (h << 6) + (h >>> 2);
        h ^= sourceHigh * 0x1656_67B1_9E37_79F9L + (h << 6) + (h >>> 2);
        h ^= destinationHigh * 0x85EB_CA77_C2B2_AE63L + (h << 6) + (h >>> 2);
        h ^= ((long)id << 16) ^ ((long)protocol << 8) ^ ipVersion;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return (int)h;
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
}
