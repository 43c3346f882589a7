package io.sipsensor.capture;

import java.util.Arrays;

/**
 * The interfaces of one pcapng section, numbered from 0 in the order their Interface Description Blocks appear:
 * link type, snap length, and how to turn a 64-bit timestamp into nanoseconds since the epoch (if_tsresol, a power
 * of 10 or of 2, and if_tsoffset in seconds).
 * <p>
 * Owned by the reader's thread. The arrays grow when an interface is added (rare: once per Interface Description
 * Block), never per packet; at most {@link #MAX_INTERFACES}.
 */
final class PcapngInterfaces
{
    /** Interfaces per section kept before the file is treated as corrupt. */
    static final int MAX_INTERFACES = 65_536;

    private static final int MULTIPLY = 0;
    private static final int DIVIDE = 1;
    private static final int BINARY = 2;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private int count;
    private int[] linkTypes = new int[4];
    private int[] snapLengths = new int[4];
    private int[] conversions = new int[4];
    private long[] factors = new long[4];
    private long[] offsetsNs = new long[4];

    /**
     * Forgets every interface: a new section begins.
     */
    void clear()
    {
        count = 0;
    }

    /**
     * @return interfaces described so far in this section.
     */
    int count()
    {
        return count;
    }

    /**
     * @param linkType      LINKTYPE_ value.
     * @param snapLength    most bytes captured per packet (0: no limit).
     * @param tsresol       the if_tsresol byte: top bit clear, units of 10^-n s; set, units of 2^-n s.
     * @param offsetSeconds if_tsoffset.
     * @return true if added; false if the resolution cannot be represented or there are too many interfaces.
     */
    boolean add(final int linkType, final int snapLength, final int tsresol, final long offsetSeconds)
    {
        final int exponent = tsresol & 0x7F;
        final int conversion;
        final long factor;
        if ((tsresol & 0x80) != 0)
        {
            if (exponent > 63)
            {
                return false;
            }
            conversion = BINARY;
            factor = exponent;
        }
        else if (exponent <= 9)
        {
            conversion = MULTIPLY;
            factor = powerOfTen(9 - exponent);
        }
        else if (exponent - 9 <= 18)
        {
            conversion = DIVIDE;
            factor = powerOfTen(exponent - 9);
        }
        else
        {
            return false;
        }
        if (count == MAX_INTERFACES)
        {
            return false;
        }
        if (count == linkTypes.length)
        {
            final int capacity = count * 2;
            linkTypes = Arrays.copyOf(linkTypes, capacity);
            snapLengths = Arrays.copyOf(snapLengths, capacity);
            conversions = Arrays.copyOf(conversions, capacity);
            factors = Arrays.copyOf(factors, capacity);
            offsetsNs = Arrays.copyOf(offsetsNs, capacity);
        }
        linkTypes[count] = linkType;
        snapLengths[count] = snapLength;
        conversions[count] = conversion;
        factors[count] = factor;
        offsetsNs[count] = offsetSeconds * NANOS_PER_SECOND;
        count++;
        return true;
    }

    int linkType(final int index)
    {
        return linkTypes[index];
    }

    /**
     * @return the interface's snap length, 0 for none.
     */
    int snapLength(final int index)
    {
        return snapLengths[index];
    }

    /**
     * @param index interface.
     * @param units the packet's 64-bit timestamp (unsigned), in the interface's units.
     * @return nanoseconds since the epoch, if_tsoffset included. Resolutions finer than a nanosecond are truncated.
     */
    long timestampNs(final int index, final long units)
    {
        final long factor = factors[index];
        final long ns = switch (conversions[index])
        {
            case MULTIPLY -> units * factor;
            case DIVIDE -> Long.divideUnsigned(units, factor);
            default -> binaryToNs(units, (int)factor);
        };
        return ns + offsetsNs[index];
    }

    /**
     * Units of 2^-shift seconds to nanoseconds: whole seconds, plus the fraction times 10^9 over 2^shift taken from
     * the 128-bit product, so no resolution overflows.
     */
    private static long binaryToNs(final long units, final int shift)
    {
        if (shift == 0)
        {
            return units * NANOS_PER_SECOND;
        }
        final long seconds = units >>> shift;
        final long fraction = units & ((1L << shift) - 1);
        final long high = Math.unsignedMultiplyHigh(fraction, NANOS_PER_SECOND);
        final long low = fraction * NANOS_PER_SECOND;
        return seconds * NANOS_PER_SECOND + ((high << (64 - shift)) | (low >>> shift));
    }

    private static long powerOfTen(final int exponent)
    {
        long value = 1;
        for (int i = 0; i < exponent; i++)
        {
            value *= 10;
        }
        return value;
    }
}
