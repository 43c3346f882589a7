package io.sipsensor.license;

/**
 * Severity of a license violation, in escalation order. The overall level is the most severe level of the open
 * events; {@link #OK} when none is open.
 */
public enum Level
{
    /** No open event. */
    OK,
    /** Grace: nothing blocked; daily alert. */
    WARNING,
    /** Lockdown begins: every report and export prints a warning first. */
    MINOR,
    /** As MINOR. */
    MAJOR,
    /** As MINOR; the last step before the lock. */
    CRITICAL,
    /** Reports, alerts and exports refuse; capture, journaling and CDR import go on. */
    LOCKED;

    /**
     * @return true when reports, alerts and exports refuse.
     */
    public boolean locks()
    {
        return this == LOCKED;
    }

    /**
     * @return true when reports and exports print a warning line first (MINOR and above, short of LOCKED).
     */
    public boolean warns()
    {
        return compareTo(MINOR) >= 0 && this != LOCKED;
    }

    /**
     * @param other another level.
     * @return the more severe of the two.
     */
    public Level max(final Level other)
    {
        return compareTo(other) >= 0 ? this : other;
    }
}
