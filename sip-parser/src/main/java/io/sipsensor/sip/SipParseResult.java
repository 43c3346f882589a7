package io.sipsensor.sip;

/**
 * Result codes of {@link SipParser#parse}. The parser never throws on input; callers count each code in a named
 * counter and move on. Codes are stable (they index counters and appear in summaries).
 */
public final class SipParseResult
{
    /** A complete message: start line, headers, and a body of Content-Length bytes (or the rest, see parser). */
    public static final int OK = 0;
    /** The first line is neither a SIP request line nor a SIP status line. */
    public static final int NOT_SIP = 1;
    /** The header section has no terminating blank line inside the given length. */
    public static final int TRUNCATED = 2;
    /** Headers are complete and valid but the body is shorter than Content-Length says. Headers are usable. */
    public static final int INCOMPLETE_BODY = 3;
    /** Looks like SIP but the request or status line is broken (bad version, bad status code, bad URI). */
    public static final int MALFORMED_START_LINE = 4;
    /**
     * A CR not followed by LF where a header line should start, or an empty Call-ID. (A header line without a colon
     * or with an illegal name is skipped and flagged {@link SipAnomaly#HEADER_LINE}.)
     */
    public static final int MALFORMED_HEADER = 5;
    /** More header lines than the parser was sized for. */
    public static final int TOO_MANY_HEADERS = 6;
    /** Content-Length is not a number, is negative, repeated with different values, or absurdly large. */
    public static final int BAD_CONTENT_LENGTH = 7;
    /** Call-ID or CSeq is missing. (A missing From or To is flagged {@link SipAnomaly#ADDRESS}.) */
    public static final int MISSING_MANDATORY_HEADER = 8;
    /**
     * CSeq is present but not "number method", or its number exceeds 2^32-1. (A method other than the request's is
     * flagged {@link SipAnomaly#CSEQ_METHOD}.)
     */
    public static final int BAD_CSEQ = 9;

    /** Number of codes; arrays indexed by code have this length. */
    public static final int CODE_COUNT = 10;

    private static final String[] NAMES =
    {
        "ok", "not_sip", "truncated", "incomplete_body", "malformed_start_line", "malformed_header",
        "too_many_headers", "bad_content_length", "missing_mandatory_header", "bad_cseq"
    };

    private SipParseResult()
    {
    }

    /**
     * Stable lower-case name of a result code, used as a counter and summary key.
     *
     * @param code result code.
     * @return its name, or "unknown".
     */
    public static String name(final int code)
    {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "unknown";
    }
}
