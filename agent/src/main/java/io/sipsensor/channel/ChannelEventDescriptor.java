package io.sipsensor.channel;

/**
 * Layout of a leg event in the channel tracker's ring (little endian, 48 bytes):
 * <pre>
 *   0 final code (int) | 4 reserved (int) | 8 leg id | 16 start ns | 24 connect ns | 32 end ns | 40 dedup key
 * </pre>
 * The ring's message type says which event it is. START carries id, start and key; CONNECT id and connect; END
 * carries everything (so the ended leg joins the exact statistics); LEG is a complete leg that never had live
 * events (a remote sensor's CDR, an import, a late leg): it feeds the statistics only. TICK carries only a time
 * (in the end field): a quiet live sensor moves the tracker's clock with it so hours still close.
 */
public final class ChannelEventDescriptor
{
    public static final int START = 1;
    public static final int CONNECT = 2;
    public static final int END = 3;
    public static final int LEG = 4;
    public static final int TICK = 5;

    public static final int FINAL_CODE_OFFSET = 0;
    public static final int LEG_ID_OFFSET = 8;
    public static final int START_OFFSET = 16;
    public static final int CONNECT_OFFSET = 24;
    public static final int END_OFFSET = 32;
    public static final int KEY_OFFSET = 40;
    public static final int LENGTH = 48;

    private ChannelEventDescriptor()
    {
    }
}
