package io.sipsensor.license;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The license state as a pure function of (daily license peaks, installed licenses and tokens, policy, observed
 * conditions, instant). Nothing here reads files or clocks: the same inputs and instant give the same status, so
 * the state can always be recomputed and explained.
 * <p>
 * At instant t: the license in force is the newest one installed at or before t that verifies and binds (none: 0
 * channels); its tokens, and its own temporary increase, add channels while they are valid. Then
 * {@link OverAllocation} walks the days of the license history and the check window, the license's dates give LICENSE_EXPIRED, and the installed
 * files' problems and the observed conditions give the other events, each counted by {@link EventClock}.
 */
public final class LicenseEngine
{
    private LicenseEngine()
    {
    }

    /**
     * @param in the inputs.
     * @param t  the instant to evaluate at.
     * @return the status at t.
     */
    public static LicenseStatus evaluate(final LicenseInputs in, final Instant t)
    {
        final LicensePolicy policy = in.policy();
        final LicenseTerms terms = LicenseTerms.at(in.history(), t);
        final InstalledEntry newest = terms.newest();
        final InstalledEntry trusted = terms.trusted();
        final License license = terms.license();
        final List<TemporaryIncrease> increases = terms.increases();
        final long licensed = terms.licensed();

        final List<OpenEvent> events = new ArrayList<>();
        final OverAllocation.Result over = OverAllocation.walk(in, t);
        if (over.open() != null)
        {
            events.add(over.open());
        }
        if (license != null)
        {
            final OpenEvent expired = expiry(license, policy, t);
            if (expired != null)
            {
                events.add(expired);
            }
            final OpenEvent ending = ending(license, policy, t);
            if (ending != null)
            {
                events.add(ending);
            }
        }

        final List<Condition> conditions = new ArrayList<>(in.conditions());
        if (newest != null && newest.problem() != null)
        {
            conditions.add(atOrAfterInstall(newest));
        }
        for (final InstalledEntry entry : in.history())
        {
            final boolean recent = t.isBefore(entry.installedAt().plus(Duration.ofDays(policy.tempIncreaseDays())));
            if (entry.kind() != InstalledEntry.Kind.LICENSE && entry.problem() != null &&
                !entry.installedAt().isAfter(t) && recent)
            {
                conditions.add(atOrAfterInstall(entry));
            }
        }
        if (license != null && t.isBefore(license.validFrom()))
        {
            conditions.add(new Condition(EventType.CLOCK_INVALID, "the clock (" + t + ") is before the issue date " +
                license.issued() + " of license " + license.id(), trusted.installedAt()));
        }
        events.addAll(conditionEvents(conditions, policy, t));
        events.sort(Comparator.comparing(OpenEvent::level).reversed().thenComparing(OpenEvent::type));

        Level level = Level.OK;
        for (final OpenEvent event : events)
        {
            level = level.max(event.level());
        }
        boolean silenced = false;
        for (final TemporaryIncrease increase : increases)
        {
            silenced |= increase.activeAt(t, policy.tempIncreaseDays());
        }
        return new LicenseStatus(t, level, List.copyOf(events),
            over.cleared() == null ? List.of() : List.of(over.cleared()), trusted, licensed,
            terms.limitAt(t, policy.tempIncreaseDays()), List.copyOf(increases), silenced, over.window(),
            in.identity(), policy);
    }

    /** Days before the end of a cancelled license or a trial from which LICENSE_ENDING is noticed. */
    static final int ENDING_NOTICE_DAYS = 14;

    /**
     * @return when a cancelled license or a trial stops (reporting locks), or null with automatic renewal.
     */
    private static Instant stopsAt(final License license, final LicensePolicy policy)
    {
        if (license.trial())
        {
            return license.trialEnd(policy.trialDays());
        }
        return license.autoRenewal() ? null : license.formalEnd();
    }

    /**
     * LICENSE_ENDING: the notice, from 14 days before a cancelled license or a trial stops, that reporting locks
     * then. Its days count from the start of the notice on its own schedule; its next step is the lock.
     */
    private static OpenEvent ending(final License license, final LicensePolicy policy, final Instant t)
    {
        final Instant stops = stopsAt(license, policy);
        if (stops == null || !t.isBefore(stops))
        {
            return null;
        }
        final Instant notice = stops.minus(Duration.ofDays(ENDING_NOTICE_DAYS));
        if (t.isBefore(notice))
        {
            return null;
        }
        final String cause = (license.trial() ? "trial license " + license.id() + " ends at " + stops +
            " (trials last " + policy.trialDays() + " days from the issue date " + license.issued() + ")" :
            "license " + license.id() + " ends at its formal end " + stops + " (last day " + license.ends() +
                ") without automatic renewal") + ": reporting locks then unless a renewed license is installed";
        final OpenEvent clock = EventClock.evaluate(EventType.LICENSE_ENDING, cause, notice, notice, t,
            policy.schedule(EventType.LICENSE_ENDING));
        final boolean lockFirst = clock.nextEscalationAt() == null || !clock.nextEscalationAt().isBefore(stops);
        return new OpenEvent(clock.type(), cause, notice, clock.level(), clock.levelSince(), clock.day(),
            lockFirst ? Level.LOCKED : clock.nextLevel(), lockFirst ? stops : clock.nextEscalationAt());
    }

    /**
     * LICENSE_EXPIRED. A cancelled license stops at its formal end and a trial at its trial end: LOCKED at once.
     * With automatic renewal it keeps working (WARNING) for the renewal grace, then its schedule counts from the
     * end of the grace.
     */
    private static OpenEvent expiry(final License license, final LicensePolicy policy, final Instant t)
    {
        final Instant stops = stopsAt(license, policy);
        if (stops != null)
        {
            if (t.isBefore(stops))
            {
                return null;
            }
            final String cause = license.trial() ? "trial license " + license.id() + " ended at " + stops +
                " (trials last " + policy.trialDays() + " days from the issue date " + license.issued() + ")" :
                "license " + license.id() + " ended on its formal end date " + license.ends() +
                    " (no automatic renewal): a cancelled license stops at its end";
            return new OpenEvent(EventType.LICENSE_EXPIRED, cause, stops, Level.LOCKED, stops,
                Duration.between(stops, t).toDays() + 1, null, null);
        }
        final Schedule schedule = policy.schedule(EventType.LICENSE_EXPIRED);
        final Instant opens = license.formalEnd();
        final Instant graceEnds = opens.plus(Duration.ofDays(policy.renewalGraceDays()));
        if (t.isBefore(opens))
        {
            return null;
        }
        if (t.isBefore(graceEnds))
        {
            Schedule.Step next = null;
            for (final Schedule.Step step : schedule.steps())
            {
                next = next == null && step.level().compareTo(Level.WARNING) > 0 ? step : next;
            }
            return new OpenEvent(EventType.LICENSE_EXPIRED, "license " + license.id() + " passed its formal end " +
                "date " + license.ends() + "; automatic renewal: it keeps working until " + graceEnds +
                " while the renewed license is awaited", opens, Level.WARNING, opens,
                Duration.between(opens, t).toDays() + 1, next == null ? null : next.level(),
                next == null ? null : graceEnds.plus(Duration.ofDays(next.day() - 1)));
        }
        final String cause = "license " + license.id() + " passed its formal end date " + license.ends() +
            " and no renewed license was installed within the " + policy.renewalGraceDays() +
            "-day renewal grace (ended " + graceEnds + ")";
        return EventClock.evaluate(EventType.LICENSE_EXPIRED, cause, opens, graceEnds, t, schedule);
    }

    private static Condition atOrAfterInstall(final InstalledEntry entry)
    {
        final Condition problem = entry.problem();
        return problem.since().isBefore(entry.installedAt()) ?
            new Condition(problem.type(), problem.cause(), entry.installedAt()) : problem;
    }

    /** One event per type: the earliest start among its conditions observed by t, the causes joined. */
    private static List<OpenEvent> conditionEvents(
        final List<Condition> conditions, final LicensePolicy policy, final Instant t)
    {
        final Map<EventType, Instant> since = new EnumMap<>(EventType.class);
        final Map<EventType, StringBuilder> causes = new EnumMap<>(EventType.class);
        for (final Condition condition : conditions)
        {
            if (condition.since().isAfter(t))
            {
                continue;
            }
            since.merge(condition.type(), condition.since(), (a, b) -> a.isBefore(b) ? a : b);
            final StringBuilder cause = causes.computeIfAbsent(condition.type(), ignore -> new StringBuilder());
            cause.append(cause.isEmpty() ? "" : "; ").append(condition.cause());
        }
        final List<OpenEvent> events = new ArrayList<>();
        for (final Map.Entry<EventType, Instant> entry : since.entrySet())
        {
            events.add(EventClock.evaluate(entry.getKey(), causes.get(entry.getKey()).toString(), entry.getValue(),
                entry.getValue(), t, policy.schedule(entry.getKey())));
        }
        return events;
    }
}
