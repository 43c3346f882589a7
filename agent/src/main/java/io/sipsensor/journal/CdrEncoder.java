package io.sipsensor.journal;

import io.sipsensor.call.CallState;
import org.agrona.MutableDirectBuffer;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static io.sipsensor.journal.CdrRecordDescriptor.*;

/**
 * Writes CDR records ({@link CdrRecordDescriptor}) into a buffer: from a tracked call without allocating (the
 * packet thread's path), or from a {@link CdrLeg} (import and tests).
 */
public final class CdrEncoder
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private CdrEncoder()
    {
    }

    /**
     * Encoded length of a call's record, to claim ring space before encoding.
     *
     * @param call the completed leg.
     * @return bytes {@link #encode(MutableDirectBuffer, int, int, CallState)} will write.
     */
    public static int encodedLength(final CallState call)
    {
        return FIXED_LENGTH + 8 + Math.min(call.callIdLength(), MAX_CALL_ID_LENGTH) + clip(call.callerLength()) +
            clip(call.calledLength()) +
            clip(call.ruriLength());
    }

    /**
     * @param buffer   to write into.
     * @param offset   where the record starts.
     * @param idSensor sensor id.
     * @param call     the completed leg.
     * @return bytes written.
     */
    public static int encode(final MutableDirectBuffer buffer, final int offset, final int idSensor,
        final CallState call)
    {
        buffer.putShort(offset + VERSION_OFFSET, (short)VERSION, ORDER);
        buffer.putShort(offset + FIXED_LENGTH_OFFSET, (short)FIXED_LENGTH, ORDER);
        buffer.putInt(offset + ID_SENSOR_OFFSET, idSensor, ORDER);
        buffer.putLong(offset + START_OFFSET, call.startNs(), ORDER);
        buffer.putLong(offset + CONNECT_OFFSET, call.connectNs(), ORDER);
        buffer.putLong(offset + END_OFFSET, call.endNs(), ORDER);
        buffer.putLong(offset + FINAL_TIME_OFFSET, call.finalNs(), ORDER);
        buffer.putLong(offset + CANCEL_TIME_OFFSET, call.cancelNs(), ORDER);
        buffer.putLong(offset + BYE_TIME_OFFSET, call.byeNs(), ORDER);
        buffer.putLong(offset + LAST_PACKET_OFFSET, call.lastPacketNs(), ORDER);
        buffer.putInt(offset + FINAL_CODE_OFFSET, call.finalCode(), ORDER);
        buffer.putByte(offset + END_REASON_OFFSET, (byte)call.endReason());
        buffer.putByte(offset + BYE_BY_OFFSET, (byte)call.byeBy());
        buffer.putByte(offset + IP_VERSION_OFFSET, (byte)call.ipVersion());
        buffer.putByte(offset + FLAGS_OFFSET, (byte)call.flags());
        buffer.putShort(offset + CALLER_PORT_OFFSET, (short)call.callerPort(), ORDER);
        buffer.putShort(offset + CALLED_PORT_OFFSET, (short)call.calledPort(), ORDER);
        buffer.putInt(offset + REINVITES_OFFSET, call.reinvites(), ORDER);
        buffer.putBytes(offset + CALLER_IP_OFFSET, call.callerIp(), 0, 16);
        buffer.putBytes(offset + CALLED_IP_OFFSET, call.calledIp(), 0, 16);
        clearJournalFields(buffer, offset);

        int position = offset + FIXED_LENGTH;
        final byte[] text = call.text();
        position = putCallId(buffer, position, call.callIdBytes(), call.callIdLength());
        position = putText(buffer, position, text, call.callerOffset(), call.callerLength());
        position = putText(buffer, position, text, call.calledOffset(), call.calledLength());
        position = putText(buffer, position, text, call.ruriOffset(), call.ruriLength());
        return position - offset;
    }

    /**
     * Encodes a leg given as values (allocates).
     *
     * @param buffer to write into; must hold {@link CdrRecordDescriptor#MAX_RECORD_LENGTH} bytes after offset.
     * @param offset where the record starts.
     * @param leg    the leg.
     * @return bytes written.
     * @throws IllegalArgumentException if an address is not an IP literal.
     */
    public static int encode(final MutableDirectBuffer buffer, final int offset, final CdrLeg leg)
    {
        final byte[] callerIp = new byte[16];
        final byte[] calledIp = new byte[16];
        final int callerVersion = parseIp(leg.callerIp(), callerIp);
        final int calledVersion = parseIp(leg.calledIp(), calledIp);

        buffer.putShort(offset + VERSION_OFFSET, (short)VERSION, ORDER);
        buffer.putShort(offset + FIXED_LENGTH_OFFSET, (short)FIXED_LENGTH, ORDER);
        buffer.putInt(offset + ID_SENSOR_OFFSET, leg.idSensor(), ORDER);
        buffer.putLong(offset + START_OFFSET, leg.startNs(), ORDER);
        buffer.putLong(offset + CONNECT_OFFSET, leg.connectNs(), ORDER);
        buffer.putLong(offset + END_OFFSET, leg.endNs(), ORDER);
        buffer.putLong(offset + FINAL_TIME_OFFSET, leg.finalNs(), ORDER);
        buffer.putLong(offset + CANCEL_TIME_OFFSET, leg.cancelNs(), ORDER);
        buffer.putLong(offset + BYE_TIME_OFFSET, leg.byeNs(), ORDER);
        buffer.putLong(offset + LAST_PACKET_OFFSET, leg.lastPacketNs(), ORDER);
        buffer.putInt(offset + FINAL_CODE_OFFSET, leg.finalCode(), ORDER);
        buffer.putByte(offset + END_REASON_OFFSET, (byte)leg.endReason());
        buffer.putByte(offset + BYE_BY_OFFSET, (byte)leg.byeBy());
        buffer.putByte(offset + IP_VERSION_OFFSET, (byte)Math.max(callerVersion, calledVersion));
        buffer.putByte(offset + FLAGS_OFFSET, (byte)leg.flags());
        buffer.putShort(offset + CALLER_PORT_OFFSET, (short)leg.callerPort(), ORDER);
        buffer.putShort(offset + CALLED_PORT_OFFSET, (short)leg.calledPort(), ORDER);
        buffer.putInt(offset + REINVITES_OFFSET, leg.reinvites(), ORDER);
        buffer.putBytes(offset + CALLER_IP_OFFSET, callerIp, 0, 16);
        buffer.putBytes(offset + CALLED_IP_OFFSET, calledIp, 0, 16);
        clearJournalFields(buffer, offset);

        int position = offset + FIXED_LENGTH;
        final byte[] callId = leg.callId().getBytes(StandardCharsets.UTF_8);
        position = putCallId(buffer, position, callId, callId.length);
        position = putText(buffer, position, leg.caller());
        position = putText(buffer, position, leg.called());
        position = putText(buffer, position, leg.ruriUser());
        return position - offset;
    }

    private static void clearJournalFields(final MutableDirectBuffer buffer, final int offset)
    {
        // stamped by Journal.append as the record is written
        buffer.putInt(offset + CHECKSUM_OFFSET, 0);
        buffer.putInt(offset + CHECKSUM_OFFSET + 4, 0);
        buffer.putLong(offset + JOURNAL_INDEX_OFFSET, 0);
    }

    private static int putCallId(
        final MutableDirectBuffer buffer, final int position, final byte[] callId, final int length)
    {
        final int kept = Math.min(length, MAX_CALL_ID_LENGTH);
        buffer.putShort(position, (short)kept, ORDER);
        buffer.putBytes(position + 2, callId, 0, kept);
        return position + 2 + kept;
    }

    private static int putText(final MutableDirectBuffer buffer, final int position, final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return putText(buffer, position, bytes, 0, bytes.length);
    }

    private static int putText(
        final MutableDirectBuffer buffer, final int position, final byte[] text, final int offset, final int length)
    {
        final int clipped = clip(length);
        buffer.putShort(position, (short)clipped, ORDER);
        buffer.putBytes(position + 2, text, offset, clipped);
        return position + 2 + clipped;
    }

    private static int clip(final int length)
    {
        return Math.min(length, MAX_TEXT_LENGTH);
    }

    /**
     * @param text    an IPv4 or IPv6 literal, or empty.
     * @param address receives 4 or 16 bytes.
     * @return 4, 6, or 0 for empty text.
     */
    static int parseIp(final String text, final byte[] address)
    {
        if (text == null || text.isEmpty())
        {
            return 0;
        }
        try
        {
            final byte[] bytes = InetAddress.ofLiteral(text).getAddress();
            System.arraycopy(bytes, 0, address, 0, bytes.length);
            return bytes.length == 4 ? 4 : 6;
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not an IP address: " + text, ex);
        }
    }
}
