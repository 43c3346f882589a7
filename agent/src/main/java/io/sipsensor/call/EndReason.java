package io.sipsensor.call;

/**
 * Why a leg ended (corpus definitions): BYE from either side, a final non-2xx response, a CANCEL that came before
 * the final response, or no end seen (closed at its last SIP message by input end or a timeout). A call that was in
 * progress when a live run stopped (or at its last checkpoint before a crash) and was not seen again after the
 * restart ends at that stop instant with {@link #SHUTDOWN}.
 */
public final class EndReason
{
    public static final int BYE = 0;
    public static final int FINAL = 1;
    public static final int CANCEL = 2;
    public static final int TIMEOUT = 3;
    public static final int SHUTDOWN = 4;

    private static final String[] NAMES = {"bye", "final", "cancel", "timeout", "shutdown"};

    private EndReason()
    {
    }

    /**
     * @param reason an end reason code.
     * @return its lower-case name as used in CSV, JSON and the summary.
     */
    public static String name(final int reason)
    {
        return reason >= 0 && reason < NAMES.length ? NAMES[reason] : "unknown";
    }

    /**
     * @param name lower-case name.
     * @return code, or -1 if unknown.
     */
    public static int parse(final String name)
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            if (NAMES[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }
}
