package io.sipsensor.central;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static io.sipsensor.central.LinkDescriptor.*;

/**
 * Writes link frames ({@link LinkDescriptor}) into a buffer the caller owns and sizes; each method returns the
 * frame's whole length. A batch is built in place: {@link #beginBatch}, {@link #addRecord} per record while
 * {@link #fits} says so, then {@link #endBatch}. No allocation except the ASCII text of a REFUSE.
 */
public final class LinkEncoder
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private MutableDirectBuffer batchBuffer;
    private int batchOffset;
    private int batchPosition;
    private int batchCount;

    /**
     * @param buffer     destination.
     * @param offset     where the frame starts.
     * @param version    protocol version to announce (tests send others).
     * @param idSensor   this sensor's id.
     * @param clockNs    this sensor's clock, ns since the epoch.
     * @param hardwareId this machine's hardware id (ASCII, 1..128 bytes; longer is cut).
     * @return frame length.
     */
    public static int hello(final MutableDirectBuffer buffer, final int offset, final int version,
        final int idSensor, final long clockNs, final String hardwareId)
    {
        final int idLength = Math.max(1, Math.min(MAX_HARDWARE_ID_LENGTH, hardwareId.length()));
        final int body = offset + HEADER_LENGTH;
        buffer.putShort(body + HELLO_VERSION_OFFSET, (short)version, ORDER);
        buffer.putShort(body + HELLO_HARDWARE_ID_LENGTH_OFFSET, (short)idLength, ORDER);
        buffer.putInt(body + HELLO_ID_SENSOR_OFFSET, idSensor, ORDER);
        buffer.putLong(body + HELLO_CLOCK_OFFSET, clockNs, ORDER);
        for (int i = 0; i < idLength; i++)
        {
            final char c = i < hardwareId.length() ? hardwareId.charAt(i) : '?';
            buffer.putByte(body + HELLO_HARDWARE_ID_OFFSET + i, (byte)(c < 0x80 ? c : '?'));
        }
        return header(buffer, offset, TYPE_HELLO, HELLO_HARDWARE_ID_OFFSET + idLength);
    }

    /**
     * @param buffer  destination.
     * @param offset  where the frame starts.
     * @param clockNs the central's clock, ns since the epoch.
     * @param nonce   {@link LinkDescriptor#NONCE_LENGTH} random bytes.
     * @return frame length.
     */
    public static int challenge(final MutableDirectBuffer buffer, final int offset, final long clockNs,
        final byte[] nonce)
    {
        final int body = offset + HEADER_LENGTH;
        buffer.putShort(body + CHALLENGE_VERSION_OFFSET, (short)VERSION, ORDER);
        buffer.putShort(body + 2, (short)0, ORDER);
        buffer.putInt(body + 4, 0, ORDER);
        buffer.putLong(body + CHALLENGE_CLOCK_OFFSET, clockNs, ORDER);
        buffer.putBytes(body + CHALLENGE_NONCE_OFFSET, nonce, 0, NONCE_LENGTH);
        return header(buffer, offset, TYPE_CHALLENGE, CHALLENGE_LENGTH);
    }

    /**
     * @param buffer destination.
     * @param offset where the frame starts.
     * @param mac    the {@link LinkDescriptor#MAC_LENGTH}-byte challenge response.
     * @return frame length.
     */
    public static int auth(final MutableDirectBuffer buffer, final int offset, final byte[] mac)
    {
        buffer.putBytes(offset + HEADER_LENGTH, mac, 0, MAC_LENGTH);
        return header(buffer, offset, TYPE_AUTH, MAC_LENGTH);
    }

    /**
     * @param buffer  destination.
     * @param offset  where the frame starts.
     * @param clockNs the central's clock, ns since the epoch.
     * @return frame length.
     */
    public static int welcome(final MutableDirectBuffer buffer, final int offset, final long clockNs)
    {
        buffer.putLong(offset + HEADER_LENGTH, clockNs, ORDER);
        return header(buffer, offset, TYPE_WELCOME, WELCOME_LENGTH);
    }

    /**
     * @param buffer destination.
     * @param offset where the frame starts.
     * @param index  the last sensor journal index the central's journal holds.
     * @return frame length.
     */
    public static int ack(final MutableDirectBuffer buffer, final int offset, final long index)
    {
        buffer.putLong(offset + HEADER_LENGTH, index, ORDER);
        return header(buffer, offset, TYPE_ACK, ACK_LENGTH);
    }

    /**
     * @param buffer destination.
     * @param offset where the frame starts.
     * @param reason why.
     * @param text   one line for the other side's log (ASCII, cut to 200 bytes; never a secret).
     * @return frame length.
     */
    public static int refuse(final MutableDirectBuffer buffer, final int offset, final Refusal reason,
        final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        final int length = Math.min(bytes.length, MAX_REFUSE_TEXT_LENGTH);
        final int body = offset + HEADER_LENGTH;
        buffer.putShort(body + REFUSE_REASON_OFFSET, (short)reason.code(), ORDER);
        buffer.putShort(body + REFUSE_TEXT_LENGTH_OFFSET, (short)length, ORDER);
        buffer.putBytes(body + REFUSE_TEXT_OFFSET, bytes, 0, length);
        return header(buffer, offset, TYPE_REFUSE, REFUSE_TEXT_OFFSET + length);
    }

    /**
     * Starts a BATCH frame.
     *
     * @param buffer destination, at least {@link LinkDescriptor#MAX_FRAME_LENGTH} bytes from offset.
     * @param offset where the frame starts.
     */
    public void beginBatch(final MutableDirectBuffer buffer, final int offset)
    {
        batchBuffer = buffer;
        batchOffset = offset;
        batchPosition = offset + HEADER_LENGTH + BATCH_RECORDS_OFFSET;
        batchCount = 0;
    }

    /**
     * @param recordLength length of the next record.
     * @return true if the record fits in the batch being built.
     */
    public boolean fits(final int recordLength)
    {
        return batchCount < MAX_BATCH_RECORDS &&
            batchPosition + BATCH_ENTRY_HEADER_LENGTH + recordLength - batchOffset <= MAX_FRAME_LENGTH;
    }

    /**
     * Adds one record (the caller checked {@link #fits}).
     *
     * @param index  the record's journal index on this sensor (increasing).
     * @param record the CDR record bytes.
     * @param offset of the record.
     * @param length of the record.
     */
    public void addRecord(final long index, final DirectBuffer record, final int offset, final int length)
    {
        batchBuffer.putLong(batchPosition, index, ORDER);
        batchBuffer.putInt(batchPosition + 8, length, ORDER);
        batchBuffer.putBytes(batchPosition + BATCH_ENTRY_HEADER_LENGTH, record, offset, length);
        batchPosition += BATCH_ENTRY_HEADER_LENGTH + length;
        batchCount++;
    }

    /** @return records added to the batch being built. */
    public int batchCount()
    {
        return batchCount;
    }

    /**
     * Finishes the BATCH frame.
     *
     * @return frame length.
     */
    public int endBatch()
    {
        final int body = batchOffset + HEADER_LENGTH;
        batchBuffer.putInt(body + BATCH_COUNT_OFFSET, batchCount, ORDER);
        batchBuffer.putInt(body + 4, 0, ORDER);
        return header(batchBuffer, batchOffset, TYPE_BATCH, batchPosition - body);
    }

    /**
     * Finishes an EVENTS frame whose events the caller wrote at {@code offset + HEADER_LENGTH + EVENTS_OFFSET}
     * ({@link LegEvents#put}).
     *
     * @param buffer destination.
     * @param offset where the frame starts.
     * @param count  events written (1..{@link LinkDescriptor#MAX_EVENTS}).
     * @return frame length.
     */
    public static int events(final MutableDirectBuffer buffer, final int offset, final int count)
    {
        final int body = offset + HEADER_LENGTH;
        buffer.putInt(body + EVENTS_COUNT_OFFSET, count, ORDER);
        buffer.putInt(body + 4, 0, ORDER);
        return header(buffer, offset, TYPE_EVENTS, EVENTS_OFFSET + count * EVENT_LENGTH);
    }

    private static int header(final MutableDirectBuffer buffer, final int offset, final byte type, final int body)
    {
        buffer.putShort(offset + MAGIC_OFFSET, MAGIC, ORDER);
        buffer.putByte(offset + TYPE_OFFSET, type);
        buffer.putByte(offset + FLAGS_OFFSET, (byte)0);
        buffer.putInt(offset + BODY_LENGTH_OFFSET, body, ORDER);
        return HEADER_LENGTH + body;
    }
}
