package io.sipsensor.web;

import io.sipsensor.license.ClearedEvent;
import io.sipsensor.license.DayPeak;
import io.sipsensor.license.HardwareId;
import io.sipsensor.license.InstalledEntry;
import io.sipsensor.license.License;
import io.sipsensor.license.LicenseStatus;
import io.sipsensor.license.OpenEvent;
import io.sipsensor.license.StatusReport;
import io.sipsensor.license.TemporaryIncrease;

/**
 * The License page: the level, the license in force and today's limit, the hardware id to give the vendor, the open
 * events with their escalation (since when, at which level, the next level and when), the cleared events still
 * kept, the daily peaks of the check window, and for an admin the form that installs a license file or a
 * temporary-increase token (the same checks as {@code sipsensor license install}). The one page served at LOCKED,
 * so a locked customer can unlock from the browser.
 */
final class LicensePage
{
    private LicensePage()
    {
    }

    /**
     * The outcome of an install, shown above the status.
     *
     * @param ok   true when installed.
     * @param text the line to show.
     */
    record Outcome(boolean ok, String text)
    {
    }

    static String body(final LicenseStatus status, final HardwareId hardwareId, final boolean admin, final String csrf,
        final Outcome outcome)
    {
        final StringBuilder body = new StringBuilder(16 * 1024);
        body.append("<h1>License</h1>");
        if (outcome != null)
        {
            body.append("<p id=\"install-outcome\" class=\"").append(outcome.ok() ? "ok" : "error").append("\">")
                .append(Pages.escape(outcome.text())).append("</p>");
        }
        body.append("<table id=\"license-status\">");
        row(body, "Level", "<span id=\"license-level\">" + status.level().name() + "</span>");
        row(body, "Evaluated at", status.asOf().toString());
        final InstalledEntry entry = status.license();
        if (entry == null)
        {
            row(body, "License", "none in force (no valid license installed)");
        }
        else
        {
            final License license = entry.license();
            row(body, "License", "<span id=\"license-id\">" + Pages.escape(license.id()) + "</span> for " +
                Pages.escape(license.customer()) + ", issued " + license.issued() + ", ends " + license.ends() +
                (license.trial() ? " (trial)" : "") + (license.autoRenewal() ? " (automatic renewal)" : "") +
                ", installed " + entry.installedAt());
        }
        row(body, "Licensed channels", Long.toString(status.licensedChannels()));
        row(body, "Effective limit today", "<span id=\"effective-limit\">" + status.effectiveLimit() + "</span>");
        for (final TemporaryIncrease increase : status.increases())
        {
            row(body, "Temporary increase", "+" + increase.channels() + " channels from " + increase.from() +
                " until " + increase.effectiveUntil(status.policy().tempIncreaseDays()) +
                (increase.activeAt(status.asOf(), status.policy().tempIncreaseDays()) ?
                    " (active: daily over-allocation alert silenced)" : ""));
        }
        row(body, "Hardware id", "<code id=\"hwid\">" + Pages.escape(hardwareId.value()) + "</code> (from " +
            Pages.escape(String.join(" + ", hardwareId.sources())) + ")");
        row(body, "Blocked", status.blocked().isEmpty() ? "nothing" : String.join(", ", status.blocked()));
        row(body, "Never blocked", String.join(", ", LicenseStatus.NEVER_BLOCKED));
        body.append("</table>");

        body.append("<h2>Events</h2>");
        if (status.events().isEmpty())
        {
            body.append("<p id=\"no-events\">No open event.</p>");
        }
        else
        {
            body.append("<table id=\"events\"><tr><th>Event</th><th>Level</th><th>Since</th><th>At this level " +
                "since</th><th>Day</th><th>Cause</th><th>Next</th></tr>");
            for (final OpenEvent event : status.events())
            {
                body.append("<tr class=\"event\"><td class=\"text\">").append(event.type().name())
                    .append("</td><td class=\"text\">").append(event.level().name()).append("</td><td class=\"text\">")
                    .append(event.since()).append("</td><td class=\"text\">").append(event.levelSince())
                    .append("</td><td>").append(event.day()).append("</td><td class=\"text\">")
                    .append(Pages.escape(event.cause())).append("</td><td class=\"text next\">")
                    .append(Pages.escape(StatusReport.next(event, status.asOf(), status.policy().zone())))
                    .append("</td></tr>");
            }
            body.append("</table>");
        }
        for (final ClearedEvent cleared : status.history())
        {
            body.append("<p class=\"history\">").append(cleared.type().name()).append(" cleared at ")
                .append(cleared.clearedAt()).append(" after ").append(cleared.days()).append(" days; it resumes at " +
                    "day ").append(cleared.days() + 1).append(" if it recurs before ").append(cleared.keptUntil())
                .append(".</p>");
        }

        body.append("<h2>Daily license peaks, last ").append(status.policy().checkDays()).append(" days (")
            .append(status.policy().zone()).append(")</h2><table id=\"window\"><tr><th>Day</th><th>Peak</th>" +
                "<th>Limit</th></tr>");
        for (final DayPeak day : status.window())
        {
            body.append("<tr").append(day.over() ? " class=\"over\"" : "").append("><td class=\"text\">")
                .append(day.day()).append(day.complete() ? "" : " (today, so far)").append(day.over() ? " OVER" : "")
                .append("</td><td>").append(day.peak()).append("</td><td>").append(day.limit()).append("</td></tr>");
        }
        body.append("</table>");

        body.append("<h2>Install a license or a temporary increase</h2>");
        if (!admin)
        {
            body.append("<p id=\"install-admin-only\">Only an admin can install a license.</p>");
            return body.toString();
        }
        body.append("<form method=\"post\" action=\"/license/install\" id=\"install-form\">")
            .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Pages.escape(csrf)).append("\">")
            .append("<label>File from the vendor <input type=\"file\" id=\"license-file\" accept=\".json,.lic," +
                ".txt,application/json,text/plain\"></label>")
            .append("<label>or its text<textarea name=\"license\" id=\"license-text\" rows=\"8\" " +
                "maxlength=\"60000\" required></textarea></label>")
            .append("<button type=\"submit\" id=\"install\">Install</button></form>");
        body.append("<h2>Get License Key</h2>")
            .append("<p>Asks the vendor's license portal (setting <code>license_portal_url</code>) for a temporary " +
                "increase of this license (at most 14 days) and installs it at once.</p>")
            .append("<form method=\"post\" action=\"/license/fetch\" id=\"fetch-form\">")
            .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Pages.escape(csrf)).append("\">")
            .append("<button type=\"submit\" id=\"get-license-key\">Get License Key</button></form>");
        return body.toString();
    }

    private static void row(final StringBuilder body, final String name, final String html)
    {
        body.append("<tr><th>").append(name).append("</th><td class=\"text\">").append(html).append("</td></tr>");
    }
}
