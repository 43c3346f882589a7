package io.sipsensor.sip;

/**
 * Method codes for requests and CSeq methods. Codes are small stable ints so they can be stored in primitive
 * fields and records. {@link #OTHER} is any extension method (its text stays available as a view).
 */
public final class SipMethod
{
    public static final int NONE = 0;
    public static final int INVITE = 1;
    public static final int ACK = 2;
    public static final int BYE = 3;
    public static final int CANCEL = 4;
    public static final int REGISTER = 5;
    public static final int OPTIONS = 6;
    public static final int PRACK = 7;
    public static final int UPDATE = 8;
    public static final int INFO = 9;
    public static final int SUBSCRIBE = 10;
    public static final int NOTIFY = 11;
    public static final int REFER = 12;
    public static final int MESSAGE = 13;
    public static final int PUBLISH = 14;
    public static final int OTHER = 15;

    public static final int CODE_COUNT = 16;

    private static final String[] NAMES =
    {
        "NONE", "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACK", "UPDATE", "INFO", "SUBSCRIBE",
        "NOTIFY", "REFER", "MESSAGE", "PUBLISH", "OTHER"
    };

    private SipMethod()
    {
    }

    /**
     * @param code method code.
     * @return upper-case method name, or "OTHER".
     */
    public static String name(final int code)
    {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "OTHER";
    }
}
