package io.sipsensor.kafka;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.channel.DedupKeys;
import io.sipsensor.export.CdrJson;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrEncoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.CdrRecordDescriptor;
import io.sipsensor.journal.RecordChecksum;
import io.sipsensor.json.JsonException;
import io.sipsensor.json.JsonReader;
import io.sipsensor.json.JsonWriter;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * A CDR leg as a Kafka record, both ways. Key: the leg's dedup key as text ({@code 123456|654321}, UTF-8), so legs
 * that may merge into one channel land in the same partition. Value: the journal's CDR record as it is (binary,
 * {@link CdrRecordDescriptor}) or the export's JSON object ({@link CdrJson}). A reader tells them apart by the first
 * byte ({@code '{'} is JSON; a binary record starts with its little-endian version, 1 or 2) and says why a value is
 * not a leg instead of throwing. One thread per instance; allocates per record (the Kafka client's byte arrays).
 */
public final class KafkaLegCodec
{
    /** Why a value is not a leg. */
    public enum Poison
    {
        /** Neither JSON nor a CDR record of a known layout: garbage. */
        NOT_A_RECORD,
        /** A binary record of a version this build does not know. */
        UNKNOWN_VERSION,
        /** A version 2 record whose CRC-32C does not match. */
        CHECKSUM,
        /** JSON that is not a leg object (bad syntax, a field missing or out of range). */
        BAD_JSON
    }

    private final CdrDecoder decoder = new CdrDecoder();
    private final RecordChecksum checksum = new RecordChecksum();
    private final byte[] record = new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH];
    private final UnsafeBuffer recordBuffer = new UnsafeBuffer(record);
    private final StringBuilder json = new StringBuilder(512);
    private int recordLength;
    private String why;

    /**
     * @param leg a journaled record, wrapped.
     * @return the record key: the leg's dedup key.
     */
    public static byte[] key(final CdrDecoder leg)
    {
        final String caller = leg.buffer().getStringWithoutLengthUtf8(leg.callerOffset(), leg.callerLength());
        final String called = leg.buffer().getStringWithoutLengthUtf8(leg.calledOffset(), leg.calledLength());
        return DedupKeys.text(caller, called).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param leg    a journaled record, wrapped.
     * @param format the value's format.
     * @return the record value.
     */
    public byte[] value(final CdrDecoder leg, final KafkaFormat format)
    {
        if (format == KafkaFormat.BINARY)
        {
            final byte[] value = new byte[leg.length()];
            leg.buffer().getBytes(leg.offset(), value);
            return value;
        }
        json.setLength(0);
        CdrJson.write(new JsonWriter(json, false), leg.toLeg());
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a record value into a CDR record ({@link #record()}, {@link #recordLength()}).
     *
     * @param value the record value (null reads as garbage).
     * @return null if it is a leg, else why not ({@link #why()} has the details).
     */
    public Poison read(final byte[] value)
    {
        why = null;
        if (value == null || value.length == 0)
        {
            why = "an empty value";
            return Poison.NOT_A_RECORD;
        }
        if (value[0] == '{')
        {
            return readJson(value);
        }
        if (value.length < CdrRecordDescriptor.FIXED_LENGTH_V1 || value.length > record.length)
        {
            why = value.length + " bytes, not a CDR record";
            return Poison.NOT_A_RECORD;
        }
        final int version = (value[0] & 0xFF) | (value[1] & 0xFF) << 8;
        if (version > CdrRecordDescriptor.VERSION && version < 0x100)
        {
            why = "CDR record version " + version + " (this build reads 1 to " + CdrRecordDescriptor.VERSION + ")";
            return Poison.UNKNOWN_VERSION;
        }
        System.arraycopy(value, 0, record, 0, value.length);
        recordLength = value.length;
        if (!decoder.wrap(recordBuffer, 0, recordLength))
        {
            why = "not a readable CDR record";
            return Poison.NOT_A_RECORD;
        }
        if (version >= 2 && !checksum.verify(record, recordLength))
        {
            why = "CDR record checksum mismatch";
            return Poison.CHECKSUM;
        }
        return null;
    }

    /** @return the last value read as a CDR record (valid until the next {@link #read}). */
    public UnsafeBuffer record()
    {
        return recordBuffer;
    }

    /** @return its length. */
    public int recordLength()
    {
        return recordLength;
    }

    /** @return the record read, wrapped (after a {@link #read} that returned null). */
    public CdrDecoder decoder()
    {
        return decoder;
    }

    /** @return why the last value read is poison, in words. */
    public String why()
    {
        return why;
    }

    private Poison readJson(final byte[] value)
    {
        try
        {
            final String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(value)).toString();
            if (!(JsonReader.parse(text) instanceof Map<?, ?> object))
            {
                why = "JSON that is not an object";
                return Poison.BAD_JSON;
            }
            recordLength = CdrEncoder.encode(recordBuffer, 0, leg(object));
            decoder.wrap(recordBuffer, 0, recordLength);
            return null;
        }
        catch (final CharacterCodingException ex)
        {
            why = "JSON that is not UTF-8";
        }
        catch (final JsonException | IllegalArgumentException | ClassCastException | ArithmeticException ex)
        {
            why = "JSON leg: " + ex.getMessage();
        }
        return Poison.BAD_JSON;
    }

    private static CdrLeg leg(final Map<?, ?> json)
    {
        final long start = time(json, "start", true);
        final long end = time(json, "end", true);
        final String reason = text(json, "end_reason");
        final int endReason = reason.isEmpty() ? EndReason.TIMEOUT : EndReason.parse(reason);
        if (endReason < 0)
        {
            throw new IllegalArgumentException("end_reason '" + reason + "'");
        }
        final int byeBy = switch (text(json, "bye_by"))
        {
            case "caller" -> CallState.BYE_BY_CALLER;
            case "callee" -> CallState.BYE_BY_CALLEE;
            case "" -> CallState.BYE_BY_NONE;
            default -> throw new IllegalArgumentException("bye_by '" + text(json, "bye_by") + "'");
        };
        final String callId = text(json, "call_id");
        if (callId.isEmpty() || callId.length() > CdrRecordDescriptor.MAX_CALL_ID_LENGTH)
        {
            throw new IllegalArgumentException("call_id missing or too long");
        }
        final long lastPacket = time(json, "last_packet", false);
        return new CdrLeg(
            (int)number(json, "id_sensor", 0, 65535), callId, text(json, "caller"), text(json, "called"),
            text(json, "ruri_user"), text(json, "caller_ip"), (int)number(json, "caller_port", 0, 65535),
            text(json, "called_ip"), (int)number(json, "called_port", 0, 65535),
            start, time(json, "connect", false), end, time(json, "final_time", false),
            time(json, "cancel_time", false), time(json, "bye_time", false),
            lastPacket == CallState.NO_TIME ? end : lastPacket,
            (int)number(json, "final_code", 0, 699), endReason, byeBy,
            (int)number(json, "reinvites", 0, Integer.MAX_VALUE));
    }

    private static String text(final Map<?, ?> json, final String name)
    {
        final Object value = json.get(name);
        return value == null ? "" : (String)value;
    }

    private static long number(final Map<?, ?> json, final String name, final long min, final long max)
    {
        final Object value = json.get(name);
        if (value == null)
        {
            return 0;
        }
        final long number = ((BigDecimal)value).longValueExact();
        if (number < min || number > max)
        {
            throw new IllegalArgumentException(name + " " + number + " is outside " + min + ".." + max);
        }
        return number;
    }

    private static long time(final Map<?, ?> json, final String name, final boolean required)
    {
        final String value = text(json, name);
        if (value.isEmpty())
        {
            if (required)
            {
                throw new IllegalArgumentException(name + " missing");
            }
            return CallState.NO_TIME;
        }
        return TimeFormat.parse(value);
    }
}
