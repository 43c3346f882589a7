package io.sipsensor.run;

import io.sipsensor.status.SensorCounter;

import java.io.PrintStream;

/**
 * What a run that did its work says at its end besides its summary, and the exit status that follows: calls left
 * untracked because {@code max_calls} was reached, and CDR legs lost (not journaled for lack of disk space, or
 * unreadable in a damaged journal). Never exit 0 having lost legs silently.
 */
public final class RunOutcome
{
    /** Exit status when legs were lost; the same as {@code Main.EXIT_LEGS_LOST} (the CLI's table). */
    public static final int EXIT_LEGS_LOST = 4;

    private RunOutcome()
    {
    }

    /**
     * The last line of a live run: packets, kernel drops, legs journaled, closed at shutdown and lost.
     *
     * @param err      where the line goes.
     * @param counters the run's counters (still mapped).
     */
    static void stopLine(final PrintStream err, final io.sipsensor.status.Counters counters)
    {
        err.println("sipsensor: stopped: " + counters.total(SensorCounter.PACKETS) + " packets, " +
            counters.total(SensorCounter.KERNEL_DROPS) + " dropped by the kernel, " +
            counters.total(SensorCounter.LEGS_JOURNALED) + " legs journaled (" +
            counters.total(SensorCounter.LEGS_CLOSED_AT_SHUTDOWN) + " closed at shutdown), " +
            counters.total(SensorCounter.CALLS_SAVED) + " calls in progress saved for the next start, " +
            counters.total(SensorCounter.LEGS_LOST) + " lost");
    }

    /**
     * Says once that calls went untracked because {@code max_calls} was reached (the counter alone went unseen).
     *
     * @param err       where the line goes.
     * @param untracked calls not tracked (counter calls_limit_reached).
     * @param maxCalls  the limit.
     * @return true if it said so.
     */
    public static boolean callsLimitLine(final PrintStream err, final long untracked, final int maxCalls)
    {
        if (untracked == 0)
        {
            return false;
        }
        err.println("sipsensor: max_calls (" + maxCalls + ") reached: " + untracked + " call(s) not tracked, no " +
            "CDR for them (counter calls_limit_reached); raise max_calls in the config file");
        return true;
    }

    /**
     * The exit status of a run that did its work: {@link #EXIT_LEGS_LOST} with one line if legs were lost.
     *
     * @param err            where the line goes.
     * @param lost           legs the run could not journal (counter legs_lost).
     * @param damagedRecords records the journal had lost to damage found at open (-1 unknown).
     * @return 0, or {@link #EXIT_LEGS_LOST}.
     */
    public static int legsLost(final PrintStream err, final long lost, final long damagedRecords)
    {
        if (lost == 0 && damagedRecords == 0)
        {
            return 0;
        }
        err.println("sipsensor: CDR legs lost: " + (lost > 0 ? lost + " not journaled (see legs_lost)" : "") +
            (lost > 0 && damagedRecords != 0 ? ", " : "") + (damagedRecords != 0 ? (damagedRecords < 0 ?
            "an unknown number" : Long.toString(damagedRecords)) + " unreadable in the damaged journal" : "") +
            "; exit status " + EXIT_LEGS_LOST);
        return EXIT_LEGS_LOST;
    }
}
