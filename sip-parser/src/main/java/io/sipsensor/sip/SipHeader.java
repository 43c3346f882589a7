package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.fold;
import static io.sipsensor.sip.SipGrammar.isToken;

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

    /** Multipliers of a collision-free hash of the packed names below into 64 slots (found by search). */
    private static final long HASH0 = 0xa13fd09b454ef8cfL;
    private static final long HASH1 = 0x024123d5d77fded3L;
    private static final int SLOT_SHIFT = 58;
    private static final long[] SLOT_W0 = new long[64];
    private static final long[] SLOT_W1 = new long[64];
    private static final long[] SLOT_W2 = new long[64];
    private static final int[] SLOT_ID = new int[64];

    static
    {
        final String[] full =
        {
            "via", "from", "to", "call-id", "cseq", "contact", "content-length", "content-type", "max-forwards",
            "subject", "supported", "route", "record-route", "event", "refer-to", "referred-by", "allow-events",
            "content-encoding", "p-asserted-identity", "user-agent", "session-expires", "reason", "authorization",
            "proxy-authorization"
        };
        for (int id = 1; id < ID_COUNT; id++)
        {
            register(full[id - 1], id);
        }
        final String compact = "vftimlcskorbuex";
        final int[] compactIds =
        {
            VIA, FROM, TO, CALL_ID, CONTACT, CONTENT_LENGTH, CONTENT_TYPE, SUBJECT, SUPPORTED, EVENT, REFER_TO,
            REFERRED_BY, ALLOW_EVENTS, CONTENT_ENCODING, SESSION_EXPIRES
        };
        for (int i = 0; i < compact.length(); i++)
        {
            register(compact.substring(i, i + 1), compactIds[i]);
        }
    }

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
        return lookup(w0, w1, w2);
    }

    /**
     * Header id of a name already folded ({@link SipGrammar#fold}) and packed little-endian into three words (bytes
     * past the name zero), as the parser builds them while it scans the name. One hash and one compare: no branch
     * on the name's length or first letter to mispredict.
     */
    static int lookup(final long w0, final long w1, final long w2)
    {
        final int slot = (int)((w0 * HASH0 + w1 * HASH1 + w2) >>> SLOT_SHIFT);
        return SLOT_W0[slot] == w0 && SLOT_W1[slot] == w1 && SLOT_W2[slot] == w2 ? SLOT_ID[slot] : OTHER;
    }

    private static void register(final String lowerCaseName, final int id)
    {
        final long w0 = SipGrammar.pack(lowerCaseName, 0);
        final long w1 = SipGrammar.pack(lowerCaseName, 8);
        final long w2 = SipGrammar.pack(lowerCaseName, 16);
        final int slot = (int)((w0 * HASH0 + w1 * HASH1 + w2) >>> SLOT_SHIFT);
        if (SLOT_ID[slot] != OTHER)
        {
            throw new IllegalStateException("header name hash collision: " + lowerCaseName);
        }
        SLOT_W0[slot] = w0;
        SLOT_W1[slot] = w1;
        SLOT_W2[slot] = w2;
        SLOT_ID[slot] = id;
    }
}
