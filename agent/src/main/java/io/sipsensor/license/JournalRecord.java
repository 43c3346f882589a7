package io.sipsensor.license;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the events journal, the license engine's own record, says beyond the level changes themselves: the state
 * file rebuilt from it, the start of each event it shows open, and from when call data is still needed (the days
 * before are recorded). Stateless; allocates (not a packet path).
 */
final class JournalRecord
{
    private JournalRecord()
    {
    }

    /**
     * The state file is a convenience: what it says about level changes, and the latest instant evaluated, is also
     * in the events journal, which wins when the file is missing, damaged or older (deleted or rolled back). The
     * loss is reported once.
     *
     * @param state     the state as read (EMPTY when missing or unreadable).
     * @param journal   the events journal.
     * @param stateFile the state file, for the report.
     * @param log       where the loss is reported, or null to say nothing.
     * @return the state to go on with.
     */
    static LicenseState rebuilt(final LicenseState state, final EventJournal.Contents journal, final Path stateFile,
        final PrintStream log)
    {
        Instant through = null;
        final Map<EventType, Level> levels = new java.util.EnumMap<>(EventType.class);
        for (final Map<String, Object> entry : journal.changes())
        {
            try
            {
                final Instant evaluated = Instant.parse((String)entry.get("evaluated_at"));
                through = through == null || evaluated.isAfter(through) ? evaluated : through;
                levels.put(EventType.valueOf((String)entry.get("event")), Level.valueOf((String)entry.get("to")));
            }
            catch (final RuntimeException ex)
            {
                // an entry of an older or foreign form: not part of the level history
            }
        }
        if (through == null)
        {
            return state;
        }
        LicenseState merged = state;
        if (state.eventsThrough() == null || state.eventsThrough().isBefore(through))
        {
            if (log != null)
            {
                log.println("sipsensor: the license state file " + stateFile + " is " +
                    (state.eventsThrough() == null ? "missing or unreadable" : "older than the events journal (rolled back?)") +
                    "; rebuilt from the events journal, which records every level change up to " + through);
            }
            levels.values().removeIf(level -> level == Level.OK);
            merged = merged.withEvents(through, levels);
        }
        final Instant forgiven = journal.clockForgivenUpTo();
        if ((merged.lastSeen() == null || merged.lastSeen().isBefore(through)) &&
            (forgiven == null || through.isAfter(forgiven)))
        {
            merged = merged.withLastSeen(through);
        }
        return merged;
    }

    /**
     * @param journal the events journal.
     * @return the start of each event the journal shows open (its last change is not to OK).
     */
    static Map<EventType, Instant> openSince(final EventJournal.Contents journal)
    {
        final Map<EventType, Instant> since = new java.util.EnumMap<>(EventType.class);
        for (final Map<String, Object> entry : journal.changes())
        {
            try
            {
                final EventType type = EventType.valueOf((String)entry.get("event"));
                if ("OK".equals(entry.get("to")) || !(entry.get("since") instanceof String start))
                {
                    since.remove(type);
                }
                else
                {
                    since.put(type, Instant.parse(start));
                }
            }
            catch (final RuntimeException ex)
            {
                // not a level change of a known event
            }
        }
        return since;
    }

    /**
     * @param journal the events journal.
     * @param history the installed files.
     * @param policy  the policy.
     * @param t       the instant evaluated.
     * @return from when call data is needed: the day after the last one recorded in the journal, or the first day of
     *         the license history, but never after the start of the earliest check window an evaluation up to t
     *         looks at (two windows back, for the level changes in between); null when all of it is.
     */
    static Instant neededFrom(final EventJournal.Contents journal, final List<InstalledEntry> history,
        final LicensePolicy policy, final Instant t)
    {
        final LocalDate earliestWindow = LocalDate.ofInstant(t, policy.zone()).minusDays(2L * policy.checkDays());
        LocalDate from;
        final java.util.NavigableMap<LocalDate, DayPeak> recorded = journal.days();
        if (!recorded.isEmpty())
        {
            from = recorded.lastKey().plusDays(1);
        }
        else
        {
            Instant firstLicense = null;
            for (final InstalledEntry entry : history)
            {
                if (entry.kind() == InstalledEntry.Kind.LICENSE &&
                    (firstLicense == null || entry.installedAt().isBefore(firstLicense)))
                {
                    firstLicense = entry.installedAt();
                }
            }
            if (firstLicense == null)
            {
                from = earliestWindow;
            }
            else
            {
                from = LocalDate.ofInstant(firstLicense, policy.zone()).minusDays(policy.checkDays() + 1L);
            }
        }
        return (from.isAfter(earliestWindow) ? earliestWindow : from).atStartOfDay(policy.zone()).toInstant();
    }
}
