package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.fold;
import static io.sipsensor.sip.SipGrammar.isToken;
import static io.sipsensor.sip.SipGrammar.pack;

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

    /** Longest header name that can be a known one; longer names are {@link #OTHER} without a compare. */
    static final int MAX_KNOWN_NAME_LENGTH = 24;

    private static final String[] NAMES =
    {
        "OTHER", "Via", "From", "To", "Call-ID", "CSeq", "Contact", "Content-Length", "Content-Type", "Max-Forwards", "Subject", "Supported", "Route", "Record-Route", "Event", "Refer-To", "Referred-By", "Allow-Events", "Content-Encoding", "P-Asserted-Identity", "User-Agent", "Session-Expires", "Reason", "Authorization", "Proxy-Authorization"
    };

    private static final long TO_0 = pack("to", 0);
    private static final long VIA_0 = pack("via", 0);
    private static final long FROM_0 = pack("from", 0);
    private static final long CSEQ_0 = pack("cseq", 0);
    private static final long ROUTE_0 = pack("route", 0);
    private static final long EVENT_0 = pack("event", 0);
    private static final long REASON_0 = pack("reason", 0);
    private static final long CALL_ID_0 = pack("call-id", 0);
    private static final long CONTACT_0 = pack("contact", 0);
    private static final long SUBJECT_0 = pack("subject", 0);
    private static final long REFER_TO_0 = pack("refer-to", 0);
    private static final long SUPPORTED_0 = pack("supported", 0);
    private static final long SUPPORTED_1 = pack("supported", 8);
    private static final long USER_AGENT_0 = pack("user-agent", 0);
    private static final long USER_AGENT_1 = pack("user-agent", 8);
    private static final long REFERRED_BY_0 = pack("referred-by", 0);
    private static final long REFERRED_BY_1 = pack("referred-by", 8);
    private static final long CONTENT_TYPE_0 = pack("content-type", 0);
    private static final long CONTENT_TYPE_1 = pack("content-type", 8);
    private static final long MAX_FORWARDS_0 = pack("max-forwards", 0);
    private static final long MAX_FORWARDS_1 = pack("max-forwards", 8);
    private static final long RECORD_ROUTE_0 = pack("record-route", 0);
    private static final long RECORD_ROUTE_1 = pack("record-route", 8);
    private static final long ALLOW_EVENTS_0 = pack("allow-events", 0);
    private static final long ALLOW_EVENTS_1 = pack("allow-events", 8);
    private static final long AUTHORIZATION_0 = pack("authorization", 0);
    private static final long AUTHORIZATION_1 = pack("authorization", 8);
    private static final long CONTENT_LENGTH_0 = pack("content-length", 0);
    private static final long CONTENT_LENGTH_1 = pack("content-length", 8);
    private static final long SESSION_EXPIRES_0 = pack("session-expires", 0);
    private static final long SESSION_EXPIRES_1 = pack("session-expires", 8);
    private static final long CONTENT_ENCODING_0 = pack("content-encoding", 0);
    private static final long CONTENT_ENCODING_1 = pack("content-encoding", 8);
    private static final long P_ASSERTED_IDENTITY_0 = pack("p-asserted-identity", 0);
    private static final long P_ASSERTED_IDENTITY_1 = pack("p-asserted-identity", 8);
    private static final long P_ASSERTED_IDENTITY_2 = pack("p-asserted-identity", 16);
    private static final long PROXY_AUTHORIZATION_0 = pack("proxy-authorization", 0);
    private static final long PROXY_AUTHORIZATION_1 = pack("proxy-authorization", 8);
    private static final long PROXY_AUTHORIZATION_2 = pack("proxy-authorization", 16);

    private SipHeader()
    {
    }

    /**
     * @param id header id.
     * @return canonical name of a known header ("Call-ID"), or "OTHER".
     */
    public static String name(final int id)
    {
        return id > 0 && id < NAMES.length ? NAMES[id] : "OTHER";
    }

    /**
     * Header id of a header name, matched case-insensitively against full and compact forms. Does not allocate.
     *
     * @param buffer holding the name.
     * @param offset of the name.
     * @param length of the name (no surrounding white space).
     * @return the {@link SipHeader} id, {@link #OTHER} for any other name or one with non-token characters.
     */
    public static int lookup(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0 || length > MAX_KNOWN_NAME_LENGTH)
        {
            return OTHER;
        }
        long w0 = 0;
        long w1 = 0;
        long w2 = 0;
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (!isToken(b))
            {
                return OTHER;
            }
            final long folded = fold(b);
            if (i < 8)
            {
                w0 |= folded << (i << 3);
            }
            else if (i < 16)
            {
                w1 |= folded << ((i - 8) << 3);
            }
            else
            {
                w2 |= folded << ((i - 16) << 3);
            }
        }
        return lookup(length, w0, w1, w2);
    }

    /**
     * Header id of a name already folded ({@link SipGrammar#fold}) and packed little-endian into three words, as
     * the parser builds them while it checks the name's characters.
     */
    static int lookup(final int length, final long w0, final long w1, final long w2)
    {
        switch (length)
        {
            case 1:
                return compact((int)w0);
            case 2:
                if (w0 == TO_0)
                {
                    return TO;
                }
                return OTHER;
            case 3:
                if (w0 == VIA_0)
                {
                    return VIA;
                }
                return OTHER;
            case 4:
                if (w0 == FROM_0)
                {
                    return FROM;
                }
                if (w0 == CSEQ_0)
                {
                    return CSEQ;
                }
                return OTHER;
            case 5:
                if (w0 == ROUTE_0)
                {
                    return ROUTE;
                }
                if (w0 == EVENT_0)
                {
                    return EVENT;
                }
                return OTHER;
            case 6:
                if (w0 == REASON_0)
                {
                    return REASON;
                }
                return OTHER;
            case 7:
                if (w0 == CALL_ID_0)
                {
                    return CALL_ID;
                }
                if (w0 == CONTACT_0)
                {
                    return CONTACT;
                }
                if (w0 == SUBJECT_0)
                {
                    return SUBJECT;
                }
                return OTHER;
            case 8:
                if (w0 == REFER_TO_0)
                {
                    return REFER_TO;
                }
                return OTHER;
            case 9:
                if (w0 == SUPPORTED_0 && w1 == SUPPORTED_1)
                {
                    return SUPPORTED;
                }
                return OTHER;
            case 10:
                if (w0 == USER_AGENT_0 && w1 == USER_AGENT_1)
                {
                    return USER_AGENT;
                }
                return OTHER;
            case 11:
                if (w0 == REFERRED_BY_0 && w1 == REFERRED_BY_1)
                {
                    return REFERRED_BY;
                }
                return OTHER;
            case 12:
                if (w0 == CONTENT_TYPE_0 && w1 == CONTENT_TYPE_1)
                {
                    return CONTENT_TYPE;
                }
                if (w0 == MAX_FORWARDS_0 && w1 == MAX_FORWARDS_1)
                {
                    return MAX_FORWARDS;
                }
                if (w0 == RECORD_ROUTE_0 && w1 == RECORD_ROUTE_1)
                {
                    return RECORD_ROUTE;
                }
                if (w0 == ALLOW_EVENTS_0 && w1 == ALLOW_EVENTS_1)
                {
                    return ALLOW_EVENTS;
                }
                return OTHER;
            case 13:
                if (w0 == AUTHORIZATION_0 && w1 == AUTHORIZATION_1)
                {
                    return AUTHORIZATION;
                }
                return OTHER;
            case 14:
                if (w0 == CONTENT_LENGTH_0 && w1 == CONTENT_LENGTH_1)
                {
                    return CONTENT_LENGTH;
                }
                return OTHER;
            case 15:
                if (w0 == SESSION_EXPIRES_0 && w1 == SESSION_EXPIRES_1)
                {
                    return SESSION_EXPIRES;
                }
                return OTHER;
            case 16:
                if (w0 == CONTENT_ENCODING_0 && w1 == CONTENT_ENCODING_1)
                {
                    return CONTENT_ENCODING;
                }
                return OTHER;
            case 19:
                if (w0 == P_ASSERTED_IDENTITY_0 && w1 == P_ASSERTED_IDENTITY_1 && w2 == P_ASSERTED_IDENTITY_2)
                {
                    return P_ASSERTED_IDENTITY;
                }
                if (w0 == PROXY_AUTHORIZATION_0 && w1 == PROXY_AUTHORIZATION_1 && w2 == PROXY_AUTHORIZATION_2)
                {
                    return PROXY_AUTHORIZATION;
                }
                return OTHER;
            default:
                return OTHER;
        }
    }

    private static int compact(final int folded)
    {
        switch (folded)
        {
            case 'v':
                return VIA;
            case 'f':
                return FROM;
            case 't':
                return TO;
            case 'i':
                return CALL_ID;
            case 'm':
                return CONTACT;
            case 'l':
                return CONTENT_LENGTH;
            case 'c':
                return CONTENT_TYPE;
            case 's':
                return SUBJECT;
            case 'k':
                return SUPPORTED;
            case 'o':
                return EVENT;
            case 'r':
                return REFER_TO;
            case 'b':
                return REFERRED_BY;
            case 'u':
                return ALLOW_EVENTS;
            case 'e':
                return CONTENT_ENCODING;
            case 'x':
                return SESSION_EXPIRES;
            default:
                return OTHER;
        }
    }
}
