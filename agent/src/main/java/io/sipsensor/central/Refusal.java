package io.sipsensor.central;

import io.sipsensor.status.SensorCounter;

/**
 * Why a link frame or a whole session was refused. Each reason has its own counter; its code travels in a REFUSE
 * frame so the other side can log it. Codes are stable: append, never reuse.
 */
public enum Refusal
{
    /** The first two bytes are not the link's magic: not our protocol, or a damaged stream. */
    BAD_MAGIC(1, SensorCounter.LINK_REFUSED_BAD_MAGIC),
    /** A frame type this version does not know, or non-zero flags. */
    UNKNOWN_TYPE(2, SensorCounter.LINK_REFUSED_UNKNOWN_TYPE),
    /** A body length over {@link LinkDescriptor#MAX_BODY_LENGTH}. */
    TOO_LONG(3, SensorCounter.LINK_REFUSED_TOO_LONG),
    /** A body whose inner lengths do not add up (a truncated or padded body, a record out of bounds). */
    MALFORMED(4, SensorCounter.LINK_REFUSED_MALFORMED),
    /** A protocol version the other side does not speak. */
    VERSION(5, SensorCounter.LINK_REFUSED_VERSION),
    /** The challenge response does not match the shared secret. */
    AUTHENTICATION(6, SensorCounter.LINK_REFUSED_AUTHENTICATION),
    /** A frame that is valid but not expected at this point of the session. */
    OUT_OF_ORDER(7, SensorCounter.LINK_REFUSED_OUT_OF_ORDER),
    /** A CDR record that is unreadable or names another sensor than the session's. */
    BAD_RECORD(8, SensorCounter.LINK_REFUSED_BAD_RECORD),
    /** The connection ended in the middle of a frame. */
    TRUNCATED(9, SensorCounter.LINK_REFUSED_TRUNCATED),
    /** The central cannot journal now (its disk is full); the sensor retries later. */
    BUSY(10, SensorCounter.LINK_REFUSED_BUSY),
    /** The sensor's clock differs from the central's by more than the setting allows. */
    CLOCK(11, SensorCounter.LINK_REFUSED_CLOCK),
    /** The connection did not authenticate in time. */
    TIMEOUT(12, SensorCounter.LINK_REFUSED_TIMEOUT),
    /** Another connected sensor has the same sensor id with another hardware id, or the same hardware id with
     * another sensor id (a cloned machine). */
    DUPLICATE_SENSOR(13, SensorCounter.LINK_REFUSED_DUPLICATE);

    private static final Refusal[] BY_CODE = byCode();

    private final int code;
    private final SensorCounter counter;

    Refusal(final int code, final SensorCounter counter)
    {
        this.code = code;
        this.counter = counter;
    }

    /** @return the code sent in a REFUSE frame. */
    public int code()
    {
        return code;
    }

    /** @return the counter that counts this reason. */
    public SensorCounter counter()
    {
        return counter;
    }

    /**
     * @param code a code from a REFUSE frame.
     * @return its reason, or null for a code this version does not know.
     */
    public static Refusal of(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    private static Refusal[] byCode()
    {
        int max = 0;
        for (final Refusal refusal : values())
        {
            max = Math.max(max, refusal.code);
        }
        final Refusal[] table = new Refusal[max + 1];
        for (final Refusal refusal : values())
        {
            table[refusal.code] = refusal;
        }
        return table;
    }
}
