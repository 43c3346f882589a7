package io.sipsensor.sip;

/**
 * Ids of the headers the parser recognises by full or compact name (RFC 3261 section 7.3.3 and extensions).
 * Any other header is {@link #OTHER} and stays reachable by index.
 */
public final class SipHeader
{
    public static final int OTHER = 0;
    public static final int VIA = 1;            // v
    public static final int FROM = 2;           // f
    public static final int TO = 3;             // t
    public static final int CALL_ID = 4;        // i
    public static final int CSEQ = 5;
    public static final int CONTACT = 6;        // m
    public static final int CONTENT_LENGTH = 7; // l
    public static final int CONTENT_TYPE = 8;   // c
    public static final int MAX_FORWARDS = 9;
    public static final int SUBJECT = 10;       // s
    public static final int SUPPORTED = 11;     // k
    public static final int ROUTE = 12;
    public static final int RECORD_ROUTE = 13;
    public static final int EVENT = 14;         // o
    public static final int REFER_TO = 15;      // r
    public static final int REFERRED_BY = 16;   // b
    public static final int ALLOW_EVENTS = 17;  // u
    public static final int CONTENT_ENCODING = 18; // e
    public static final int P_ASSERTED_IDENTITY = 19;
    public static final int USER_AGENT = 20;
    public static final int SESSION_EXPIRES = 21; // x
    public static final int REASON = 22;
    public static final int AUTHORIZATION = 23;
    public static final int PROXY_AUTHORIZATION = 24;

    public static final int ID_COUNT = 25;

    private SipHeader()
    {
    }
}
