package io.sipsensor.sip;

import org.agrona.DirectBuffer;

import static io.sipsensor.sip.SipGrammar.LE;
import static io.sipsensor.sip.SipGrammar.pack;

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

    private static final short AC = (short)pack("AC", 0);
    private static final short BY = (short)pack("BY", 0);
    private static final int INFO_WORD = (int)pack("INFO", 0);
    private static final int PRAC = (int)pack("PRAC", 0);
    private static final int REFE = (int)pack("REFE", 0);
    private static final int INVI = (int)pack("INVI", 0);
    private static final int CANC = (int)pack("CANC", 0);
    private static final int UPDA = (int)pack("UPDA", 0);
    private static final int NOTI = (int)pack("NOTI", 0);
    private static final short TE = (short)pack("TE", 0);
    private static final short EL = (short)pack("EL", 0);
    private static final short FY = (short)pack("FY", 0);
    private static final int OPTI = (int)pack("OPTI", 0);
    private static final int MESS = (int)pack("MESS", 0);
    private static final int PUBL = (int)pack("PUBL", 0);
    private static final short ON = (short)pack("ON", 0);
    private static final short AG = (short)pack("AG", 0);
    private static final short IS = (short)pack("IS", 0);
    private static final long REGISTER_WORD = pack("REGISTER", 0);
    private static final long SUBSCRIB = pack("SUBSCRIB", 0);

    private SipMethod()
    {
    }

    /**
     * Method code of a method token. Method names are case-sensitive (RFC 3261 section 7.1): {@code invite} is an
     * extension method, not INVITE. Does not allocate.
     *
     * @param buffer holding the token.
     * @param offset of the token.
     * @param length of the token.
     * @return the method code, {@link #OTHER} for an extension method, {@link #NONE} when {@code length < 1}.
     */
    public static int lookup(final DirectBuffer buffer, final int offset, final int length)
    {
        switch (length)
        {
            case 0:
                return NONE;
            case 3:
            {
                final short head = buffer.getShort(offset, LE);
                final byte last = buffer.getByte(offset + 2);
                if (head == AC && last == 'K')
                {
                    return ACK;
                }
                return head == BY && last == 'E' ? BYE : OTHER;
            }
            case 4:
                return buffer.getInt(offset, LE) == INFO_WORD ? INFO : OTHER;
            case 5:
            {
                final int head = buffer.getInt(offset, LE);
                final byte last = buffer.getByte(offset + 4);
                if (head == PRAC && last == 'K')
                {
                    return PRACK;
                }
                return head == REFE && last == 'R' ? REFER : OTHER;
            }
            case 6:
            {
                final int head = buffer.getInt(offset, LE);
                final short tail = buffer.getShort(offset + 4, LE);
                if (head == INVI && tail == TE)
                {
                    return INVITE;
                }
                if (head == CANC && tail == EL)
                {
                    return CANCEL;
                }
                if (head == UPDA && tail == TE)
                {
                    return UPDATE;
                }
                return head == NOTI && tail == FY ? NOTIFY : OTHER;
            }
            case 7:
            {
                final int head = buffer.getInt(offset, LE);
                final short middle = buffer.getShort(offset + 4, LE);
                final byte last = buffer.getByte(offset + 6);
                if (head == OPTI && middle == ON && last == 'S')
                {
                    return OPTIONS;
                }
                if (head == MESS && middle == AG && last == 'E')
                {
                    return MESSAGE;
                }
                return head == PUBL && middle == IS && last == 'H' ? PUBLISH : OTHER;
            }
            case 8:
                return buffer.getLong(offset, LE) == REGISTER_WORD ? REGISTER : OTHER;
            case 9:
                return buffer.getLong(offset, LE) == SUBSCRIB && buffer.getByte(offset + 8) == 'E' ? SUBSCRIBE : OTHER;
            default:
                return length < 0 ? NONE : OTHER;
        }
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
