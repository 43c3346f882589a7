package io.sipsensor.license;

import java.time.Instant;

/**
 * One installed file of the license history: a license, a temporary-increase token or a clock reset, when it was installed, and
 * whether it can be trusted now. For a license or a token, exactly one of license and increase is set when the file reads and verifies (a
 * clock reset sets neither: it acts when installed, through the events journal).
 *
 * @param installedAt when {@code license install} accepted it.
 * @param name        its file name in {@code <spool>/license/installed/}.
 * @param kind        what the file name says it is.
 * @param license     the license, or null.
 * @param increase    the token, or null.
 * @param problem     null when it verifies and (for a license) its binding holds; else KEY_INVALID or
 *                    BINDING_MISMATCH with the cause and when it was first observed.
 */
public record InstalledEntry(
    Instant installedAt, String name, Kind kind, License license, TemporaryIncrease increase, Condition problem)
{
    /** What an installed file is. */
    public enum Kind
    {
        LICENSE, INCREASE, CLOCK_RESET
    }

    /**
     * @return true if the file reads, verifies and binds.
     */
    public boolean trusted()
    {
        return problem == null;
    }
}
