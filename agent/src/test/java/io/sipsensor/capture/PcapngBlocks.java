package io.sipsensor.capture;

import java.nio.ByteOrder;

import static io.sipsensor.capture.TestCaptures.concat;
import static io.sipsensor.capture.TestCaptures.int32;

/**
 * pcapng blocks written field by field from the format's drawings (draft-ietf-opsawg-pcapng), independent of
 * {@link PcapngWriter}, so the reader and the writer are both checked against the format itself.
 */
final class PcapngBlocks
{
    static final int NAME_RESOLUTION = 4;
    static final int INTERFACE_STATISTICS = 5;
    static final int DECRYPTION_SECRETS = 0x0A;
    static final int CUSTOM = 0x0000_0BAD;

    private PcapngBlocks()
    {
    }

    static byte[] int16(final int value, final ByteOrder order)
    {
        return order == ByteOrder.BIG_ENDIAN ? new byte[]{(byte)(value >>> 8), (byte)value} :
            new byte[]{(byte)value, (byte)(value >>> 8)};
    }

    static byte[] int64(final long value, final ByteOrder order)
    {
        final byte[] high = int32((int)(value >>> 32), order);
        final byte[] low = int32((int)value, order);
        return order == ByteOrder.BIG_ENDIAN ? concat(high, low) : concat(low, high);
    }

    /**
     * Any block: type, total length, the body padded to 32 bits, total length again.
     */
    static byte[] block(final int type, final ByteOrder order, final byte[] body)
    {
        final int padded = (body.length + 3) & ~3;
        final byte[] paddedBody = java.util.Arrays.copyOf(body, padded);
        final int length = 12 + padded;
        return concat(int32(type, order), int32(length, order), paddedBody, int32(length, order));
    }

    /**
     * Section Header Block, version 1.0, section length -1 (unknown), no options.
     */
    static byte[] sectionHeader(final ByteOrder order)
    {
        return block(0x0A0D0D0A, order, concat(int32(0x1A2B3C4D, order), int16(1, order), int16(0, order),
            int64(-1L, order)));
    }

    /**
     * An option: code, length, value padded to 32 bits.
     */
    static byte[] option(final int code, final ByteOrder order, final byte[] value)
    {
        return concat(int16(code, order), int16(value.length, order),
            java.util.Arrays.copyOf(value, (value.length + 3) & ~3));
    }

    static byte[] endOfOptions(final ByteOrder order)
    {
        return concat(int16(0, order), int16(0, order));
    }

    /**
     * Interface Description Block: link type, reserved, snap length, then the options as given.
     */
    static byte[] interfaceDescription(final ByteOrder order, final int linkType, final int snapLength,
        final byte[]... options)
    {
        return block(1, order, concat(int16(linkType, order), int16(0, order), int32(snapLength, order),
            concat(options)));
    }

    /**
     * if_tsresol (code 9).
     */
    static byte[] tsresol(final ByteOrder order, final int tsresol)
    {
        return option(9, order, new byte[]{(byte)tsresol});
    }

    /**
     * if_tsoffset (code 14), seconds.
     */
    static byte[] tsoffset(final ByteOrder order, final long seconds)
    {
        return option(14, order, int64(seconds, order));
    }

    /**
     * Enhanced Packet Block: interface id, timestamp (upper, lower 32 bits), captured and original length, data.
     */
    static byte[] enhancedPacket(final ByteOrder order, final int interfaceId, final long timestampUnits,
        final byte[] data, final int originalLength)
    {
        return block(6, order, concat(int32(interfaceId, order), int32((int)(timestampUnits >>> 32), order),
            int32((int)timestampUnits, order), int32(data.length, order), int32(originalLength, order), data));
    }

    /**
     * Simple Packet Block: original length, data.
     */
    static byte[] simplePacket(final ByteOrder order, final int originalLength, final byte[] data)
    {
        return block(3, order, concat(int32(originalLength, order), data));
    }

    /**
     * Packet Block (obsolete): 16-bit interface id, 16-bit drops count, timestamp, lengths, data.
     */
    static byte[] packet(final ByteOrder order, final int interfaceId, final long timestampUnits, final byte[] data)
    {
        return block(2, order, concat(int16(interfaceId, order), int16(0, order),
            int32((int)(timestampUnits >>> 32), order), int32((int)timestampUnits, order), int32(data.length, order),
            int32(data.length, order), data));
    }
}
