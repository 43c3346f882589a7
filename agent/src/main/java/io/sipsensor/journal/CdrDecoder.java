package io.sipsensor.journal;

import io.sipsensor.net.IpAddresses;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.sipsensor.journal.CdrRecordDescriptor.*;

/**
 * Flyweight reader of a CDR record ({@link CdrRecordDescriptor}). {@link #wrap} validates the framing and returns
 * false on a record it cannot read (unknown version, lengths outside the record), so a damaged record is counted
 * and skipped. The accessors do not allocate; {@link #toLeg()} does.
 */
public final class CdrDecoder
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int callIdOffset;
    private int callIdLength;
    private int callerOffset;
    private int callerLength;
    private int calledOffset;
    private int calledLength;
    private int ruriOffset;
    private int ruriLength;

    /**
     * @param buffer holding the record.
     * @param offset of the record.
     * @param length of the record.
     * @return true if the record is readable.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        if (length < FIXED_LENGTH_V1)
        {
            return false;
        }
        final int version = buffer.getShort(offset + VERSION_OFFSET, ORDER) & 0xFFFF;
        final int fixedLength = buffer.getShort(offset + FIXED_LENGTH_OFFSET, ORDER) & 0xFFFF;
        if (version < 1 || version > VERSION || fixedLength < (version == 1 ? FIXED_LENGTH_V1 : FIXED_LENGTH) ||
            fixedLength > length)
        {
            return false;
        }
        final int limit = offset + length;
        int position = offset + fixedLength;
        for (int field = 0; field < 4; field++)
        {
            if (position + 2 > limit)
            {
                return false;
            }
            final int textLength = buffer.getShort(position, ORDER) & 0xFFFF;
            if (position + 2 + textLength > limit)
            {
                return false;
            }
            switch (field)
            {
                case 0 ->
                {
                    callIdOffset = position + 2;
                    callIdLength = textLength;
                }
                case 1 ->
                {
                    callerOffset = position + 2;
                    callerLength = textLength;
                }
                case 2 ->
                {
                    calledOffset = position + 2;
                    calledLength = textLength;
                }
                default ->
                {
                    ruriOffset = position + 2;
                    ruriLength = textLength;
                }
            }
            position += 2 + textLength;
        }
        return true;
    }

    /** @return offset of the wrapped record in {@link #buffer()}. */
    public int offset()
    {
        return offset;
    }

    /** @return length of the wrapped record, as given to {@link #wrap}. */
    public int length()
    {
        return length;
    }

    /** @return record version (1: no checksum, no journal index). */
    public int version()
    {
        return buffer.getShort(offset + VERSION_OFFSET, ORDER) & 0xFFFF;
    }

    /** @return the journal index stamped into the record when it was journaled, or -1 (version 1, or not yet). */
    public long journalIndex()
    {
        return version() >= 2 ? buffer.getLong(offset + JOURNAL_INDEX_OFFSET, ORDER) : -1;
    }

    /** @return sensor id. */
    public int idSensor()
    {
        return buffer.getInt(offset + ID_SENSOR_OFFSET, ORDER);
    }

    /** @return start, ns. */
    public long startNs()
    {
        return buffer.getLong(offset + START_OFFSET, ORDER);
    }

    /** @return connect, ns or NO_TIME. */
    public long connectNs()
    {
        return buffer.getLong(offset + CONNECT_OFFSET, ORDER);
    }

    /** @return end, ns. */
    public long endNs()
    {
        return buffer.getLong(offset + END_OFFSET, ORDER);
    }

    /** @return final code, 0 if none. */
    public int finalCode()
    {
        return buffer.getInt(offset + FINAL_CODE_OFFSET, ORDER);
    }

    /** @return the buffer of the wrapped record. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return offset of the Call-ID bytes. */
    public int callIdOffset()
    {
        return callIdOffset;
    }

    /** @return length of the Call-ID bytes. */
    public int callIdLength()
    {
        return callIdLength;
    }

    /** @return offset of the caller bytes. */
    public int callerOffset()
    {
        return callerOffset;
    }

    /** @return length of the caller bytes. */
    public int callerLength()
    {
        return callerLength;
    }

    /** @return offset of the called bytes. */
    public int calledOffset()
    {
        return calledOffset;
    }

    /** @return length of the called bytes. */
    public int calledLength()
    {
        return calledLength;
    }

    /**
     * @return the record as values (allocates).
     */
    public CdrLeg toLeg()
    {
        final int ipVersion = buffer.getByte(offset + IP_VERSION_OFFSET);
        final byte[] callerIp = new byte[16];
        final byte[] calledIp = new byte[16];
        buffer.getBytes(offset + CALLER_IP_OFFSET, callerIp);
        buffer.getBytes(offset + CALLED_IP_OFFSET, calledIp);
        return new CdrLeg(
            idSensor(),
            text(callIdOffset, callIdLength),
            text(callerOffset, callerLength),
            text(calledOffset, calledLength),
            text(ruriOffset, ruriLength),
            ipText(ipVersion, callerIp),
            buffer.getShort(offset + CALLER_PORT_OFFSET, ORDER) & 0xFFFF,
            ipText(ipVersion, calledIp),
            buffer.getShort(offset + CALLED_PORT_OFFSET, ORDER) & 0xFFFF,
            startNs(),
            connectNs(),
            endNs(),
            buffer.getLong(offset + FINAL_TIME_OFFSET, ORDER),
            buffer.getLong(offset + CANCEL_TIME_OFFSET, ORDER),
            buffer.getLong(offset + BYE_TIME_OFFSET, ORDER),
            buffer.getLong(offset + LAST_PACKET_OFFSET, ORDER),
            finalCode(),
            buffer.getByte(offset + END_REASON_OFFSET),
            buffer.getByte(offset + BYE_BY_OFFSET),
            buffer.getInt(offset + REINVITES_OFFSET, ORDER),
            flags());
    }

    /** @return the record's flag bits ({@code CallState.FLAG_*}). */
    public int flags()
    {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    private String text(final int textOffset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(textOffset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String ipText(final int ipVersion, final byte[] address)
    {
        if (ipVersion == 4)
        {
            return IpAddresses.format(4, Arrays.copyOf(address, 4));
        }
        return ipVersion == 6 ? IpAddresses.format(6, address) : "";
    }
}
