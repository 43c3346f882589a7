package io.sipsensor.license;

import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.spool.Spool;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the license state of a spool at an instant: reads the installed files, the events journal and the
 * state, takes the license channels from the call data, runs the {@link LicenseEngine}, and records what it saw
 * (under the store's lock): when each observed condition was first seen, the latest real-clock instant (to notice a
 * clock gone backwards), the final judgment of every day that has left the check window, and every level change
 * since the last evaluation, into the {@link EventJournal}. The journal is the record: the state file is rebuilt
 * from it when missing, damaged or rolled back (said in one line), and the newest call-data time is a clock reading
 * too. Evaluations of an instant before the journal's end ({@code --as-of} in the past) record no level changes,
 * and evaluations of an instant after the real clock's now (forecasts) record nothing at all. Nothing is written
 * when the spool folder does not exist; a spool that cannot be written is reported in one line and evaluated all
 * the same.
 * <p>
 * Used by {@code license status}, {@code license check}, {@code license install}, the {@link LicenseGate}, and
 * the running agent (each evaluation re-reads the installed files, so an install takes effect at the next one,
 * without restart).
 */
public final class LicenseEvaluator
{
    private final LicenseSettings settings;
    private final LicenseStore store;
    private final DailyPeakSource peaks;
    private final HardwareId hardwareId;
    private final PrintStream log;
    private final Clock clock;

    /**
     * @param settings   license settings.
     * @param spool      the spool folder.
     * @param peaks      where daily peaks come from.
     * @param hardwareId this host's hardware id.
     * @param log        where a damaged state file is reported.
     * @param clock      the real clock: evaluations of instants after its now are forecasts and record nothing.
     */
    public LicenseEvaluator(final LicenseSettings settings, final java.nio.file.Path spool, final DailyPeakSource peaks,
        final HardwareId hardwareId, final PrintStream log, final Clock clock)
    {
        this.clock = clock;
        this.settings = settings;
        this.store = new LicenseStore(spool);
        this.peaks = peaks;
        this.hardwareId = hardwareId;
        this.log = log;
    }

    /**
     * @param settings license key, binding, policy and alert settings.
     * @param channels license channel rules (how daily peaks are counted).
     * @param spool    the spool.
     * @param log      where problems are reported.
     * @return an evaluator of the spool, with peaks from its CDR journal and this host's hardware id.
     */
    public static LicenseEvaluator of(final LicenseSettings settings, final LicenseChannelSettings channels,
        final Spool spool, final PrintStream log)
    {
        return new LicenseEvaluator(settings, spool.root(), new JournalDailyPeaks(spool.journal(), channels),
            HardwareId.local(), log, Clock.systemUTC());
    }

    /**
     * @return the system clock's now, to the second (what real-clock evaluations and installs use).
     */
    public static Instant now()
    {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** @return the settings this evaluator applies (public key, policy, portal). */
    public LicenseSettings settings()
    {
        return settings;
    }

    /** @return the store evaluated. */
    public LicenseStore store()
    {
        return store;
    }

    /** @return this host's identity as licenses see it. */
    public Identity identity()
    {
        return new Identity(hardwareId.value(), settings.guiDomain());
    }

    /** @return this host's hardware id and its sources. */
    public HardwareId hardwareId()
    {
        return hardwareId;
    }

    /**
     * @param t         the instant.
     * @param realClock true when t is the system clock's now (the clock check applies and is recorded).
     * @return the status at t. A failure to record what was seen is reported on the log, not thrown.
     * @throws IOException if the state cannot be read.
     */
    public LicenseStatus evaluate(final Instant t, final boolean realClock) throws IOException
    {
        final Map<String, Instant> present = new HashMap<>();
        final LicenseInputs inputs = inputs(t, realClock, present, true);
        final LicenseStatus status = LicenseEngine.evaluate(inputs, t);
        if (store.spoolExists() && !t.isAfter(clock.instant()))
        {
            try
            {
                record(inputs, t, realClock, present);
            }
            catch (final IOException | RuntimeException ex)
            {
                // the status stands on its own; a read-only spool or a damaged journal must not hide it
                log.println("sipsensor: cannot record the license state in " + store.root() + ": " +
                    (ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName()));
            }
        }
        return status;
    }

    /**
     * What the status would be at t with one more installed file, without recording or reporting anything (to say
     * what an install would do before it is made).
     *
     * @param t         the instant.
     * @param realClock true when t is the system clock's now.
     * @param extra     the file as it would be installed, or null for the status as it is.
     * @return the status.
     * @throws IOException if the state cannot be read.
     */
    public LicenseStatus preview(final Instant t, final boolean realClock, final InstalledEntry extra)
        throws IOException
    {
        final LicenseInputs inputs = inputs(t, realClock, new HashMap<>(), false);
        final List<InstalledEntry> history = new ArrayList<>(inputs.history());
        if (extra != null)
        {
            history.add(extra);
        }
        return LicenseEngine.evaluate(new LicenseInputs(inputs.peaks(), inputs.recorded(), history, inputs.identity(),
            inputs.policy(), inputs.conditions()), t);
    }

    private LicenseInputs inputs(final Instant t, final boolean realClock, final Map<String, Instant> present,
        final boolean report) throws IOException
    {
        final LicensePolicy policy = settings.policy();
        final Identity identity = identity();
        final EventJournal.Contents journal = EventJournal.read(store.events());
        if (journal.incomplete() && report)
        {
            log.println("sipsensor: the license events journal in " + store.events() + " is damaged (" +
                (journal.problem() != null ? journal.problem() : journal.damaged() + " entries unreadable") +
                "): the license history it holds may be incomplete");
        }
        final LicenseState state = JournalRecord.rebuilt(readState(report), journal, stateFile(), report ? log : null);
        final Map<EventType, Instant> openSince = JournalRecord.openSince(journal);

        final List<InstalledEntry> history = history(state, openSince, t, present);
        final LicensePeaks licensePeaks = peaks.licensePeaks(JournalRecord.neededFrom(journal, history, policy, t));

        final List<Condition> conditions = new ArrayList<>();
        Instant lastSeen = state.lastSeen();
        String lastSeenBy = "this spool was already evaluated at ";
        final Instant lastActivity = licensePeaks.lastActivity();
        // a clock reset forgave the readings the spool held when it was installed (the state's was replaced then)
        final Instant forgiven = journal.clockForgivenUpTo();
        if (lastActivity != null && (forgiven == null || lastActivity.isAfter(forgiven)) &&
            (lastSeen == null || lastActivity.isAfter(lastSeen)))
        {
            lastSeen = lastActivity;
            lastSeenBy = "the spool holds call data up to ";
        }
        if (realClock && lastSeen != null && t.isBefore(lastSeen.minusSeconds(policy.clockToleranceSeconds())))
        {
            final String key = "CLOCK_INVALID:backwards";
            final Condition backwards = new Condition(EventType.CLOCK_INVALID, "the clock (" + t + ") has gone " +
                "backwards: " + lastSeenBy + lastSeen, seen(state, openSince, key, t));
            conditions.add(backwards);
            present.put(key, backwards.since());
        }

        // what a running central or shipping sensor observes: duplicate or missing sensors, a missing central
        conditions.addAll(ObservedConditions.read(store.root()));
        return new LicenseInputs(licensePeaks, journal.days(), history, identity, policy, conditions);
    }

    /**
     * Applies an installed clock reset: every clock reading the spool holds now (the state's, the events journal's,
     * the call data's newest time) is forgiven, recorded in the events journal, and the state's latest reading
     * becomes the install instant. Caller holds the store's lock.
     *
     * @param reset the verified token.
     * @param at    the install instant.
     * @return the latest reading forgiven, or null when there was none.
     * @throws IOException if the state cannot be written.
     */
    public Instant applyClockReset(final ClockReset reset, final Instant at) throws IOException
    {
        final EventJournal.Contents journal = EventJournal.read(store.events());
        final LicenseState state = JournalRecord.rebuilt(readState(false), journal, stateFile(), null);
        Instant forgiven = state.lastSeen();
        final Instant activity = peaks.licensePeaks(null).lastActivity();
        if (activity != null && (forgiven == null || activity.isAfter(forgiven)))
        {
            forgiven = activity;
        }
        EventJournal.appendClockReset(store.events(), reset.id(), at, forgiven);
        store.writeState(state.withLastSeen(at));
        return forgiven;
    }

    /**
     * The license in force at an instant, without recording anything (for checks before an install).
     *
     * @param t the instant.
     * @return the newest license installed at or before t that verifies and binds, or null.
     */
    public InstalledEntry licenseInForce(final Instant t)
    {
        InstalledEntry inForce = null;
        for (final InstalledEntry entry : history(LicenseState.EMPTY, Map.of(), t, new HashMap<>()))
        {
            if (entry.kind() == InstalledEntry.Kind.LICENSE && entry.trusted() && !entry.installedAt().isAfter(t) &&
                (inForce == null || !entry.installedAt().isBefore(inForce.installedAt())))
            {
                inForce = entry;
            }
        }
        return inForce;
    }

    private List<InstalledEntry> history(final LicenseState state, final Map<EventType, Instant> openSince,
        final Instant t, final Map<String, Instant> present)
    {
        final Identity identity = identity();
        final List<InstalledEntry> history = new ArrayList<>();
        for (final LicenseStore.StoredFile file : store.files())
        {
            final LicenseVerifier.Verdict verdict = file.text() == null ?
                new LicenseVerifier.Verdict(null, null, EventType.KEY_INVALID, file.readError()) :
                LicenseVerifier.verify(file.text(), settings.publicKey(), identity);
            Condition problem = null;
            EventType type = verdict.problem();
            String cause = verdict.cause();
            if (type == null && verdict.kind() != file.kind())
            {
                type = EventType.KEY_INVALID;
                cause = "its content is not what its name says (" + file.kind().name().toLowerCase() + ")";
            }
            if (type != null)
            {
                final String key = type + ":" + file.name();
                problem = new Condition(type, "installed file " + file.name() + ": " + cause,
                    seen(state, openSince, key, t));
                present.put(key, problem.since());
            }
            history.add(new InstalledEntry(file.installedAt(), file.name(), file.kind(),
                problem == null ? verdict.license() : null, problem == null ? verdict.increase() : null, problem));
        }
        return history;
    }

    private void record(final LicenseInputs inputs, final Instant t, final boolean realClock,
        final Map<String, Instant> present) throws IOException
    {
        try (LicenseStore.Lock ignored = store.lock())
        {
            final LicenseState before = readState(false);
            final EventJournal.Contents journal = EventJournal.read(store.events());
            LicenseState state = JournalRecord.rebuilt(before, journal, stateFile(), null);

            final Map<String, Instant> seen = new HashMap<>(state.firstSeen());
            seen.entrySet().removeIf(entry -> !present.containsKey(entry.getKey()) && !entry.getValue().isAfter(t));
            present.forEach(seen::putIfAbsent);
            state = state.withFirstSeen(seen);

            if (realClock && (state.lastSeen() == null || t.isAfter(state.lastSeen())))
            {
                state = state.withLastSeen(t);
            }

            // the final judgment of each day that has left the check window: the history outlives the window
            final java.util.NavigableMap<LocalDate, DayPeak> recorded = journal.days();
            LocalDate day = recorded.isEmpty() ? OverAllocation.firstDay(inputs) : recorded.lastKey().plusDays(1);
            final List<DayPeak> judged = new ArrayList<>();
            while (day != null && !OverAllocation.leftWindow(day, inputs.policy()).isAfter(t))
            {
                judged.add(OverAllocation.judge(inputs, day, t));
                day = day.plusDays(1);
            }
            EventJournal.appendDays(store.events(), judged);

            final Instant through = state.eventsThrough();
            if (through == null || t.isAfter(through))
            {
                final Instant windowStart = t.minus(Duration.ofDays(inputs.policy().checkDays()));
                final Instant from = through == null || through.isBefore(windowStart) ? windowStart : through;
                final LevelTimeline.Result timeline = LevelTimeline.between(inputs, from, t, state.levels());
                EventJournal.append(store.events(), timeline.changes());
                state = state.withEvents(t, timeline.levels());
            }
            if (!state.equals(before))
            {
                store.writeState(state);
            }
        }
    }

    private java.nio.file.Path stateFile()
    {
        return store.root().resolve("state.json");
    }

    private LicenseState readState(final boolean report) throws IOException
    {
        try
        {
            return store.readState();
        }
        catch (final RuntimeException ex)
        {
            if (report)
            {
                log.println("sipsensor: license state file in " + store.root() + " is damaged (" + ex.getMessage() +
                    "); starting a fresh one");
            }
            return LicenseState.EMPTY;
        }
    }

    private static Instant seen(final LicenseState state, final Map<EventType, Instant> openSince, final String key,
        final Instant t)
    {
        final Instant first = state.firstSeen().get(key);
        if (first != null && !first.isAfter(t))
        {
            return first;
        }
        // first seen lost with the state file: the event the journal shows open started then
        final Instant journaled = openSince.get(EventType.valueOf(key.substring(0, key.indexOf(':'))));
        return journaled != null && !journaled.isAfter(t) ? journaled : t;
    }
}
