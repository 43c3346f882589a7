package io.sipsensor.central;

import io.sipsensor.journal.CdrRecordDescriptor;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static io.sipsensor.central.LinkDescriptor.*;

/**
 * Flyweight reader of link frames ({@link LinkDescriptor}). {@link #frame} looks at the bytes received so far and
 * says whether a whole frame is there, more bytes are needed, or the stream is to be refused; the typed checks
 * ({@link #hello}, {@link #batch}, ...) validate a body before any accessor is used. Nothing here throws on any
 * input and nothing allocates: bad input comes back as a {@link Refusal}.
 * <p>
 * One per connection, used by the thread that owns the connection.
 */
public final class LinkDecoder
{
    /** {@link #frame} result: more bytes are needed. */
    public static final int INCOMPLETE = 0;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private int offset;
    private int type;
    private int flags;
    private int bodyOffset;
    private int bodyLength;
    private Refusal refusal;

    /**
     * Looks for one frame at the start of the received bytes.
     *
     * @param buffer    received bytes.
     * @param offset    where the frame starts.
     * @param available bytes received from offset on.
     * @return the frame's whole length when it is complete (then {@link #type} and the body are set),
     * {@link #INCOMPLETE} when more bytes are needed, or -1 when the stream is refused ({@link #refusal} says why;
     * a refusal is decided from the header alone, as soon as it is there).
     */
    public int frame(final DirectBuffer buffer, final int offset, final int available)
    {
        this.buffer = buffer;
        this.offset = offset;
        refusal = null;
        if (available >= 2 && buffer.getShort(offset + MAGIC_OFFSET, ORDER) != MAGIC)
        {
            return refuse(Refusal.BAD_MAGIC);
        }
        if (available < HEADER_LENGTH)
        {
            return INCOMPLETE;
        }
        final int frameType = buffer.getByte(offset + TYPE_OFFSET);
        final int frameFlags = buffer.getByte(offset + FLAGS_OFFSET);
        if (frameType < TYPE_HELLO || frameType > LAST_TYPE ||
            frameFlags != 0 && !(frameFlags == FLAG_DEFLATE && frameType == TYPE_BATCH))
        {
            return refuse(Refusal.UNKNOWN_TYPE);
        }
        final int length = buffer.getInt(offset + BODY_LENGTH_OFFSET, ORDER);
        if (length < 0 || length > MAX_BODY_LENGTH)
        {
            return refuse(Refusal.TOO_LONG);
        }
        if (available - HEADER_LENGTH < length)
        {
            return INCOMPLETE;
        }
        type = frameType;
        flags = frameFlags;
        bodyOffset = offset + HEADER_LENGTH;
        bodyLength = length;
        return HEADER_LENGTH + length;
    }

    /** @return why the last call refused, or null. */
    public Refusal refusal()
    {
        return refusal;
    }

    /** @return the type of the current frame. */
    public int type()
    {
        return type;
    }

    /** @return true if the current frame's body is deflated ({@link LinkDescriptor#FLAG_DEFLATE}). */
    public boolean deflated()
    {
        return (flags & FLAG_DEFLATE) != 0;
    }

    /** @return the buffer of the current frame. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return offset of the current frame's body. */
    public int bodyOffset()
    {
        return bodyOffset;
    }

    /** @return length of the current frame's body. */
    public int bodyLength()
    {
        return bodyLength;
    }

    /**
     * @return null if the current frame is a well-formed HELLO of this protocol version, else the refusal.
     */
    public Refusal hello()
    {
        if (type != TYPE_HELLO || bodyLength < HELLO_HARDWARE_ID_OFFSET)
        {
            return refusalOf(type != TYPE_HELLO ? Refusal.OUT_OF_ORDER : Refusal.MALFORMED);
        }
        final int idLength = buffer.getShort(bodyOffset + HELLO_HARDWARE_ID_LENGTH_OFFSET, ORDER) & 0xFFFF;
        if (idLength < 1 || idLength > MAX_HARDWARE_ID_LENGTH || HELLO_HARDWARE_ID_OFFSET + idLength != bodyLength)
        {
            return refusalOf(Refusal.MALFORMED);
        }
        if (helloVersion() != VERSION)
        {
            return refusalOf(Refusal.VERSION);
        }
        return null;
    }

    /** @return the protocol version a HELLO asks for (read before {@link #hello} refuses it, for the log). */
    public int helloVersion()
    {
        return buffer.getShort(bodyOffset + HELLO_VERSION_OFFSET, ORDER) & 0xFFFF;
    }

    /** @return the sensor id of a validated HELLO. */
    public int helloIdSensor()
    {
        return buffer.getInt(bodyOffset + HELLO_ID_SENSOR_OFFSET, ORDER);
    }

    /** @return the sensor's clock in a validated HELLO, ns since the epoch. */
    public long helloClockNs()
    {
        return buffer.getLong(bodyOffset + HELLO_CLOCK_OFFSET, ORDER);
    }

    /** @return the hardware id of a validated HELLO; allocates (once per session). */
    public String helloHardwareId()
    {
        final int length = buffer.getShort(bodyOffset + HELLO_HARDWARE_ID_LENGTH_OFFSET, ORDER) & 0xFFFF;
        return buffer.getStringWithoutLengthAscii(bodyOffset + HELLO_HARDWARE_ID_OFFSET, length);
    }

    /**
     * @return null if the current frame is a well-formed CHALLENGE of this version, else the refusal.
     */
    public Refusal challenge()
    {
        if (type != TYPE_CHALLENGE)
        {
            return refusalOf(Refusal.OUT_OF_ORDER);
        }
        if (bodyLength != CHALLENGE_LENGTH)
        {
            return refusalOf(Refusal.MALFORMED);
        }
        if ((buffer.getShort(bodyOffset + CHALLENGE_VERSION_OFFSET, ORDER) & 0xFFFF) != VERSION)
        {
            return refusalOf(Refusal.VERSION);
        }
        return null;
    }

    /** @return the central's clock in a validated CHALLENGE, ns since the epoch. */
    public long challengeClockNs()
    {
        return buffer.getLong(bodyOffset + CHALLENGE_CLOCK_OFFSET, ORDER);
    }

    /** @return offset of the nonce of a validated CHALLENGE. */
    public int challengeNonceOffset()
    {
        return bodyOffset + CHALLENGE_NONCE_OFFSET;
    }

    /**
     * @return null if the current frame is a well-formed AUTH, else the refusal.
     */
    public Refusal auth()
    {
        if (type != TYPE_AUTH)
        {
            return refusalOf(Refusal.OUT_OF_ORDER);
        }
        return bodyLength == MAC_LENGTH ? null : refusalOf(Refusal.MALFORMED);
    }

    /**
     * @return null if the current frame is a well-formed WELCOME, else the refusal.
     */
    public Refusal welcome()
    {
        if (type != TYPE_WELCOME)
        {
            return refusalOf(type == TYPE_REFUSE ? refusedBy() : Refusal.OUT_OF_ORDER);
        }
        return bodyLength == WELCOME_LENGTH ? null : refusalOf(Refusal.MALFORMED);
    }

    /**
     * @return null if the current frame is a well-formed ACK, else the refusal.
     */
    public Refusal ack()
    {
        if (type != TYPE_ACK)
        {
            return refusalOf(type == TYPE_REFUSE ? refusedBy() : Refusal.OUT_OF_ORDER);
        }
        return bodyLength == ACK_LENGTH ? null : refusalOf(Refusal.MALFORMED);
    }

    /** @return the acknowledged sensor journal index of a validated ACK. */
    public long ackIndex()
    {
        return buffer.getLong(bodyOffset, ORDER);
    }

    /**
     * @return the reason a REFUSE frame gives (MALFORMED if it cannot be read, OUT_OF_ORDER for an unknown code).
     */
    public Refusal refusedBy()
    {
        if (type != TYPE_REFUSE || bodyLength < REFUSE_TEXT_OFFSET)
        {
            return Refusal.MALFORMED;
        }
        final Refusal reason = Refusal.of(buffer.getShort(bodyOffset + REFUSE_REASON_OFFSET, ORDER) & 0xFFFF);
        return reason == null ? Refusal.OUT_OF_ORDER : reason;
    }

    /** @return the text of a REFUSE frame (cut to what the body holds); allocates. */
    public String refuseText()
    {
        if (type != TYPE_REFUSE || bodyLength < REFUSE_TEXT_OFFSET)
        {
            return "";
        }
        final int length = Math.min(buffer.getShort(bodyOffset + REFUSE_TEXT_LENGTH_OFFSET, ORDER) & 0xFFFF,
            Math.min(MAX_REFUSE_TEXT_LENGTH, bodyLength - REFUSE_TEXT_OFFSET));
        return buffer.getStringWithoutLengthAscii(bodyOffset + REFUSE_TEXT_OFFSET, length);
    }

    /**
     * Checks a BATCH body whole before any record is used: the count, every entry's length inside the body and
     * within a CDR record's bounds, journal indices strictly increasing, nothing left over.
     *
     * @return null if the current frame is a well-formed BATCH, else the refusal.
     */
    public Refusal batch()
    {
        if (type != TYPE_BATCH || deflated())
        {
            return refusalOf(Refusal.OUT_OF_ORDER);
        }
        if (bodyLength < BATCH_RECORDS_OFFSET)
        {
            return refusalOf(Refusal.MALFORMED);
        }
        final int count = buffer.getInt(bodyOffset + BATCH_COUNT_OFFSET, ORDER);
        if (count < 1 || count > MAX_BATCH_RECORDS)
        {
            return refusalOf(Refusal.MALFORMED);
        }
        final int end = bodyOffset + bodyLength;
        int position = bodyOffset + BATCH_RECORDS_OFFSET;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < count; i++)
        {
            if (end - position < BATCH_ENTRY_HEADER_LENGTH)
            {
                return refusalOf(Refusal.MALFORMED);
            }
            final long index = buffer.getLong(position, ORDER);
            final int length = buffer.getInt(position + 8, ORDER);
            if (index <= previous || index < 0 || length < CdrRecordDescriptor.FIXED_LENGTH ||
                length > CdrRecordDescriptor.MAX_RECORD_LENGTH || length > end - position - BATCH_ENTRY_HEADER_LENGTH)
            {
                return refusalOf(Refusal.MALFORMED);
            }
            previous = index;
            position += BATCH_ENTRY_HEADER_LENGTH + length;
        }
        return position == end ? null : refusalOf(Refusal.MALFORMED);
    }

    /**
     * The outer check of a deflated BATCH ({@link LinkDescriptor#FLAG_DEFLATE}); its records are checked by
     * {@link #batch} once inflated.
     *
     * @return null if the current frame is a deflated BATCH declaring a plain length within bounds, else the
     * refusal.
     */
    public Refusal deflatedBatch()
    {
        if (type != TYPE_BATCH || !deflated())
        {
            return refusalOf(Refusal.OUT_OF_ORDER);
        }
        if (bodyLength <= DEFLATE_DATA_OFFSET)
        {
            return refusalOf(Refusal.MALFORMED);
        }
        final int declared = buffer.getInt(bodyOffset + DEFLATE_PLAIN_LENGTH_OFFSET, ORDER);
        return declared < BATCH_RECORDS_OFFSET || declared > MAX_BODY_LENGTH ? refusalOf(Refusal.MALFORMED) : null;
    }

    /** @return records in a validated BATCH. */
    public int batchCount()
    {
        return buffer.getInt(bodyOffset + BATCH_COUNT_OFFSET, ORDER);
    }

    /** @return offset of the first entry of a validated BATCH, for {@link #entryIndex} and friends. */
    public int firstEntry()
    {
        return bodyOffset + BATCH_RECORDS_OFFSET;
    }

    /**
     * @param entry offset of an entry of a validated BATCH.
     * @return the sensor journal index of the record.
     */
    public long entryIndex(final int entry)
    {
        return buffer.getLong(entry, ORDER);
    }

    /**
     * @param entry offset of an entry of a validated BATCH.
     * @return length of its CDR record.
     */
    public int entryRecordLength(final int entry)
    {
        return buffer.getInt(entry + 8, ORDER);
    }

    /**
     * @param entry offset of an entry of a validated BATCH.
     * @return offset of its CDR record.
     */
    public int entryRecordOffset(final int entry)
    {
        return entry + BATCH_ENTRY_HEADER_LENGTH;
    }

    /**
     * @param entry offset of an entry of a validated BATCH.
     * @return offset of the next entry.
     */
    public int nextEntry(final int entry)
    {
        return entry + BATCH_ENTRY_HEADER_LENGTH + entryRecordLength(entry);
    }

    /**
     * @return null if the current frame is a well-formed EVENTS frame (count, length, every event's type), else the
     * refusal.
     */
    public Refusal events()
    {
        if (type != TYPE_EVENTS)
        {
            return refusalOf(Refusal.OUT_OF_ORDER);
        }
        if (bodyLength < EVENTS_OFFSET)
        {
            return refusalOf(Refusal.MALFORMED);
        }
        final int count = buffer.getInt(bodyOffset + EVENTS_COUNT_OFFSET, ORDER);
        if (count < 1 || count > MAX_EVENTS || bodyLength != EVENTS_OFFSET + count * EVENT_LENGTH)
        {
            return refusalOf(Refusal.MALFORMED);
        }
        for (int i = 0; i < count; i++)
        {
            final int eventType = eventType(i);
            if (eventType < LegEvents.START || eventType > LegEvents.END)
            {
                return refusalOf(Refusal.MALFORMED);
            }
        }
        return null;
    }

    /** @return events in a validated EVENTS frame. */
    public int eventCount()
    {
        return buffer.getInt(bodyOffset + EVENTS_COUNT_OFFSET, ORDER);
    }

    /**
     * @param i event number.
     * @return its type ({@link LegEvents#START}, ...).
     */
    public int eventType(final int i)
    {
        return buffer.getInt(event(i) + EVENT_TYPE_OFFSET, ORDER);
    }

    /**
     * @param i event number.
     * @return its final code.
     */
    public int eventFinalCode(final int i)
    {
        return buffer.getInt(event(i) + EVENT_FINAL_CODE_OFFSET, ORDER);
    }

    /**
     * @param i event number.
     * @return the sensor's leg id.
     */
    public long eventLegId(final int i)
    {
        return buffer.getLong(event(i) + EVENT_LEG_ID_OFFSET, ORDER);
    }

    /**
     * @param i event number.
     * @return its start, ns.
     */
    public long eventStartNs(final int i)
    {
        return buffer.getLong(event(i) + EVENT_START_OFFSET, ORDER);
    }

    /**
     * @param i event number.
     * @return its connect, ns, or Long.MIN_VALUE.
     */
    public long eventConnectNs(final int i)
    {
        return buffer.getLong(event(i) + EVENT_CONNECT_OFFSET, ORDER);
    }

    /**
     * @param i event number.
     * @return its end, ns.
     */
    public long eventEndNs(final int i)
    {
        return buffer.getLong(event(i) + EVENT_END_OFFSET, ORDER);
    }

    /**
     * @param i event number.
     * @return its dedup key as the sensor computed it.
     */
    public long eventKey(final int i)
    {
        return buffer.getLong(event(i) + EVENT_KEY_OFFSET, ORDER);
    }

    private int event(final int i)
    {
        return bodyOffset + EVENTS_OFFSET + i * EVENT_LENGTH;
    }

    private int refuse(final Refusal why)
    {
        refusal = why;
        return -1;
    }

    private Refusal refusalOf(final Refusal why)
    {
        refusal = why;
        return why;
    }
}
