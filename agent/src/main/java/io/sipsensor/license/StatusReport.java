package io.sipsensor.license;

import io.sipsensor.json.JsonWriter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code license status} output: everything LICENSING.md lists under Status, as text for an operator or as JSON.
 */
public final class StatusReport
{
    private StatusReport()
    {
    }

    /**
     * @param status     the status.
     * @param hardwareId this host's hardware id and its sources.
     * @return the text form, several lines.
     */
    public static String text(final LicenseStatus status, final HardwareId hardwareId)
    {
        final StringBuilder out = new StringBuilder(2048);
        out.append("License status at ").append(status.asOf()).append('\n');
        line(out, "overall level", status.level().name());
        line(out, "hardware id", hardwareId.value() + "  (from " + String.join(" + ", hardwareId.sources()) + ")");
        line(out, "gui domain", status.identity().domain().isEmpty() ? "(gui_domain not set)" :
            status.identity().domain());
        final InstalledEntry entry = status.license();
        if (entry == null)
        {
            line(out, "license", "none in force (no valid license installed): licensed channels 0");
        }
        else
        {
            final License license = entry.license();
            line(out, "license", license.id() + " for " + license.customer() + ", issued " + license.issued() +
                ", ends " + license.ends() + (license.autoRenewal() ? " (automatic renewal)" : "") +
                (license.trial() ? " (trial)" : "") + ", bound to " + license.binding() + ", installed " +
                entry.installedAt());
        }
        line(out, "licensed limit", status.licensedChannels() + " channels");
        line(out, "effective limit", status.effectiveLimit() + " channels today");
        if (status.increases().isEmpty())
        {
            line(out, "temporary increase", "none");
        }
        for (final TemporaryIncrease increase : status.increases())
        {
            line(out, "temporary increase", "+" + increase.channels() + " channels from " + increase.from() +
                " until " + increase.effectiveUntil(status.policy().tempIncreaseDays()) + " (" + increase.id() + ")" +
                (increase.activeAt(status.asOf(), status.policy().tempIncreaseDays()) ? ", active: daily " +
                    "over-allocation alert silenced" : ""));
        }

        out.append("\nOpen events").append(status.events().isEmpty() ? ": none\n" : "\n");
        for (final OpenEvent event : status.events())
        {
            out.append("  ").append(event.type()).append("  ").append(event.level()).append(" since ")
                .append(event.levelSince()).append(" (event since ").append(event.since()).append(", day ")
                .append(event.day()).append(")\n");
            out.append("      cause: ").append(event.cause()).append('\n');
            out.append("      next:  ").append(next(event, status.asOf(), status.policy().zone())).append('\n');
        }
        for (final ClearedEvent cleared : status.history())
        {
            out.append("  history: ").append(cleared.type()).append(" cleared at ").append(cleared.clearedAt())
                .append(" after ").append(cleared.days()).append(" days; resumes at day ").append(cleared.days() + 1)
                .append(" if it recurs before ").append(cleared.keptUntil()).append('\n');
        }

        out.append("\nDaily license peaks, last ").append(status.policy().checkDays()).append(" days (")
            .append(status.policy().zone()).append(")\n");
        for (final DayPeak day : status.window())
        {
            out.append("  ").append(day.day()).append(String.format("  %7d / %d", day.peak(), day.limit()))
                .append(day.over() ? "  OVER" : "").append(day.complete() ? "" : "  (today, so far)").append('\n');
        }

        out.append('\n');
        line(out, "blocked", status.blocked().isEmpty() ? "nothing" : String.join(", ", status.blocked()));
        if (!status.warned().isEmpty())
        {
            line(out, "warning on", String.join(", ", status.warned()));
        }
        line(out, "never blocked", String.join(", ", LicenseStatus.NEVER_BLOCKED));
        return out.toString();
    }

    /**
     * @param status     the status.
     * @param hardwareId this host's hardware id and its sources.
     * @param json       where to write one object.
     */
    public static void json(final LicenseStatus status, final HardwareId hardwareId, final JsonWriter json)
    {
        json.beginObject();
        json.name("as_of").value(status.asOf().toString());
        json.name("level").value(status.level().name());
        json.name("hwid").value(hardwareId.value());
        json.name("hwid_sources").beginArray();
        hardwareId.sources().forEach(json::value);
        json.endArray();
        json.name("gui_domain").value(status.identity().domain());
        json.name("license");
        licenseJson(status.license(), json);
        json.name("licensed_channels").value(status.licensedChannels());
        json.name("effective_limit").value(status.effectiveLimit());
        json.name("temporary_increases").beginArray();
        for (final TemporaryIncrease increase : status.increases())
        {
            json.beginObject();
            json.name("id").value(increase.id());
            json.name("channels").value(increase.channels());
            json.name("from").value(increase.from().toString());
            json.name("until").value(increase.effectiveUntil(status.policy().tempIncreaseDays()).toString());
            json.name("active").value(increase.activeAt(status.asOf(), status.policy().tempIncreaseDays()));
            json.endObject();
        }
        json.endArray();
        json.name("alerts_silenced").value(status.alertsSilenced());
        json.name("events").beginArray();
        for (final OpenEvent event : status.events())
        {
            eventJson(event, status.asOf(), json);
        }
        json.endArray();
        json.name("history").beginArray();
        for (final ClearedEvent cleared : status.history())
        {
            json.beginObject();
            json.name("type").value(cleared.type().name());
            json.name("since").value(cleared.since().toString());
            json.name("cleared_at").value(cleared.clearedAt().toString());
            json.name("days").value(cleared.days());
            json.name("kept_until").value(cleared.keptUntil().toString());
            json.endObject();
        }
        json.endArray();
        json.name("check_days").value(status.policy().checkDays());
        json.name("timezone").value(status.policy().zone().getId());
        json.name("daily_peaks").beginArray();
        for (final DayPeak day : status.window())
        {
            json.beginObject();
            json.name("day").value(day.day().toString());
            json.name("peak").value(day.peak());
            json.name("limit").value(day.limit());
            json.name("over").value(day.over());
            json.name("complete").value(day.complete());
            json.endObject();
        }
        json.endArray();
        strings(json, "blocked", status.blocked());
        strings(json, "warned", status.warned());
        strings(json, "never_blocked", LicenseStatus.NEVER_BLOCKED);
        json.endObject();
    }

    /**
     * @param event an open event.
     * @param t     the instant evaluated.
     * @param json  where to write one object.
     */
    public static void eventJson(final OpenEvent event, final Instant t, final JsonWriter json)
    {
        json.beginObject();
        json.name("type").value(event.type().name());
        json.name("level").value(event.level().name());
        json.name("cause").value(event.cause());
        json.name("since").value(event.since().toString());
        json.name("level_since").value(event.levelSince().toString());
        json.name("day").value(event.day());
        json.name("next_level").value(event.nextLevel() == null ? null : event.nextLevel().name());
        json.name("next_escalation_at").value(event.nextEscalationAt() == null ? null :
            event.nextEscalationAt().toString());
        if (event.nextEscalationAt() == null)
        {
            json.name("next_escalation_in_s").nullValue();
        }
        else
        {
            json.name("next_escalation_in_s").value(Duration.between(t, event.nextEscalationAt()).toSeconds());
        }
        json.endObject();
    }

    /**
     * @param event an open event.
     * @param t     the instant evaluated.
     * @param zone  zone of the calendar days.
     * @return e.g. "MINOR at 2030-01-04T00:00:00Z (in 2d 12h) if it goes on"; for over-allocation, whose days
     *         count only when they go over, "MINOR if 2030-01-04 goes over the limit (it begins in 11h 0m)"; or
     *         "none (highest level)".
     */
    public static String next(final OpenEvent event, final Instant t, final java.time.ZoneId zone)
    {
        if (event.nextLevel() == null)
        {
            return "none (highest level of its schedule)";
        }
        if (event.type() == EventType.OVER_ALLOCATION)
        {
            final java.time.LocalDate day = java.time.LocalDate.ofInstant(event.nextEscalationAt(), zone);
            return event.nextLevel() + " if " + day + " goes over the limit" + (event.nextEscalationAt().isAfter(t) ?
                " (it begins in " + duration(Duration.between(t, event.nextEscalationAt())) + ")" :
                " (today: as soon as it does)");
        }
        return event.nextLevel() + " at " + event.nextEscalationAt() + " (in " +
            duration(Duration.between(t, event.nextEscalationAt())) + ") if it goes on";
    }

    private static String duration(final Duration duration)
    {
        final long days = duration.toDays();
        final long hours = duration.toHoursPart();
        final long minutes = duration.toMinutesPart();
        return days > 0 ? days + "d " + hours + "h" : hours > 0 ? hours + "h " + minutes + "m" : minutes + "m";
    }

    private static void licenseJson(final InstalledEntry entry, final JsonWriter json)
    {
        if (entry == null)
        {
            json.nullValue();
            return;
        }
        final License license = entry.license();
        json.beginObject();
        json.name("id").value(license.id());
        json.name("customer").value(license.customer());
        json.name("channels").value(license.channels());
        json.name("issued").value(license.issued().toString());
        json.name("ends").value(license.ends().toString());
        json.name("auto_renewal").value(license.autoRenewal());
        json.name("trial").value(license.trial());
        json.name("binding").value(license.binding().toString());
        json.name("installed_at").value(entry.installedAt().toString());
        json.name("file").value(entry.name());
        json.endObject();
    }

    private static void strings(final JsonWriter json, final String name, final List<String> values)
    {
        json.name(name).beginArray();
        values.forEach(json::value);
        json.endArray();
    }

    private static void line(final StringBuilder out, final String name, final String value)
    {
        out.append(String.format("  %-19s ", name)).append(value).append('\n');
    }
}
