package io.sipsensor.sip;

/**
 * What was odd about a message the parser still returned as usable ({@link SipParseResult#OK} or
 * {@link SipParseResult#INCOMPLETE_BODY}): one bit each in {@link SipMessage#anomalies()}. A passive sensor is an
 * observer, not a SIP stack: when the endpoints accepted a message it must be recorded, and what was wrong with it
 * counted. Bits are stable (they index counters and appear in summaries as {@code sip_anomaly_<name>}).
 */
public final class SipAnomaly
{
    /** Call-ID, CSeq, From or To appeared more than once (e.g. {@code t:} and {@code To:}); the first is used. */
    public static final int DUPLICATE_HEADER = 1;
    /**
     * Content-Length not a number, repeated with other values, or too large: the message runs to the end of the
     * datagram (a stream framer resynchronises on its own before the parser sees such a message).
     */
    public static final int CONTENT_LENGTH = 1 << 1;
    /** A header line was skipped: no colon, or a stray byte in its name. */
    public static final int HEADER_LINE = 1 << 2;
    /** The header section ended with the datagram: no blank line, or a last line without its line feed. */
    public static final int UNTERMINATED = 1 << 3;
    /** From or To missing or unreadable (e.g. an unterminated quoted display name). */
    public static final int ADDRESS = 1 << 4;
    /**
     * The CSeq method is not the request's method; or, in a whole request ({@code parseDatagram}), it is empty or not
     * a token (garbled), and the request line's method is used.
     */
    public static final int CSEQ_METHOD = 1 << 5;
    /** Bytes other than padding (CR, LF, SP, NUL) follow the Content-Length body in the datagram. */
    public static final int TRAILING_BYTES = 1 << 6;

    /** More than one SP or HTAB between the request line's elements, or white space after its version. */
    public static final int START_LINE = 1 << 7;

    /** Number of anomaly bits; arrays indexed by bit position have this length. */
    public static final int COUNT = 8;

    private static final String[] NAMES =
    {
        "duplicate_header", "content_length", "header_line", "unterminated", "address", "cseq_method",
        "trailing_bytes", "start_line"
    };

    private SipAnomaly()
    {
    }

    /**
     * Stable lower-case name of the anomaly at a bit position, used as a counter suffix.
     *
     * @param bitIndex position of the bit, 0 to {@link #COUNT} - 1.
     * @return its name, or "unknown".
     */
    public static String name(final int bitIndex)
    {
        return bitIndex >= 0 && bitIndex < NAMES.length ? NAMES[bitIndex] : "unknown";
    }
}
