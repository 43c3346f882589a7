package io.sipsensor.web;

import io.sipsensor.license.Level;
import io.sipsensor.license.LicenseStatus;
import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;

/**
 * The server-rendered pages: plain HTML with an inline style sheet, no script and nothing from another site, so the
 * interface works offline. Every page but the log-in has the level banner and the footer
 * {@code Active channels N / License limit L}.
 */
final class Pages
{
    private static final String STYLE = "body{font-family:sans-serif;margin:0;color:#222}" +
        "header,main,footer{padding:0.6em 1.2em}header{background:#234;color:#fff}" +
        "header form{display:inline;float:right}footer{border-top:1px solid #ccc;color:#444}" +
        ".banner{padding:0.6em 1.2em;font-weight:bold}.WARNING,.MINOR{background:#fff3b0}" +
        ".MAJOR,.CRITICAL,.LOCKED{background:#c62828;color:#fff}" +
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:0.2em 0.6em;text-align:right}" +
        "th{text-align:left}label{display:block;margin:0.4em 0}";

    private Pages()
    {
    }

    static String login(final String message)
    {
        final StringBuilder page = head("Log in");
        page.append("<main><h1>sipsensor</h1>");
        if (message != null)
        {
            page.append("<p class=\"banner MAJOR\">").append(escape(message)).append("</p>");
        }
        page.append("<form method=\"post\" action=\"/login\">")
            .append("<label>User <input name=\"user\" autocomplete=\"username\" required></label>")
            .append("<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" " +
                "required></label>")
            .append("<button type=\"submit\">Log in</button></form></main></body></html>");
        return page.toString();
    }

    static String dashboard(final Sessions.Session session, final LicenseStatus license,
        final CountersFile.Snapshot snapshot)
    {
        final StringBuilder page = head("Dashboard");
        header(page, session);
        banner(page, license);
        page.append("<main>");
        if (license.level().locks())
        {
            page.append("<h1>Locked</h1><p>The license is LOCKED: reports, exports and this dashboard are " +
                "blocked until a larger license or a temporary increase is installed. Capture and journaling go " +
                "on.</p><p>See <a href=\"/api/v1/license\">the license status</a>.</p>");
        }
        else
        {
            page.append("<h1>Dashboard</h1>");
            if (snapshot == null)
            {
                page.append("<p>No live agent has run on this spool.</p>");
            }
            else
            {
                page.append("<p>Agent: ").append(escape(snapshot.state().name().toLowerCase())).append("</p>");
                page.append("<table><tr><th>View</th><th>Channels</th></tr>");
                row(page, "License channels", snapshot.value(SensorCounter.CHANNELS_LICENSE));
                row(page, "All", snapshot.value(SensorCounter.CHANNELS_ALL));
                row(page, "All, deduplicated", snapshot.value(SensorCounter.CHANNELS_ALL_DEDUP));
                row(page, "Answered", snapshot.value(SensorCounter.CHANNELS_ANSWERED));
                row(page, "Answered, deduplicated", snapshot.value(SensorCounter.CHANNELS_ANSWERED_DEDUP));
                row(page, "Calls in progress", snapshot.value(SensorCounter.CALLS_ACTIVE));
                page.append("</table>");
                page.append("<h2>Capture health</h2><table>");
                row(page, "Kernel drops", snapshot.value(SensorCounter.KERNEL_DROPS));
                row(page, "Malformed SIP", snapshot.value(SensorCounter.MALFORMED));
                row(page, "Journal lag", snapshot.value(SensorCounter.JOURNAL_LAG));
                row(page, "Legs lost", snapshot.value(SensorCounter.LEGS_LOST));
                page.append("</table>");
            }
            page.append("<p>API: <a href=\"/api/v1/channels/live\">live channels</a>, " +
                "<a href=\"/api/v1/stats/hourly\">hourly stats</a>, <a href=\"/api/v1/cdrs\">CDRs</a>, " +
                "<a href=\"/api/v1/cdrs.csv\">CDR CSV</a>, <a href=\"/api/v1/license\">license</a>.</p>");
        }
        page.append("</main>");
        footer(page, license, snapshot);
        return page.append("</body></html>").toString();
    }

    private static StringBuilder head(final String title)
    {
        return new StringBuilder(4096).append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<title>").append(escape(title)).append(" - sipsensor</title><style>").append(STYLE)
            .append("</style></head><body>");
    }

    private static void header(final StringBuilder page, final Sessions.Session session)
    {
        page.append("<header>sipsensor <form method=\"post\" action=\"/logout\">")
            .append(escape(session.user())).append(" (").append(session.role().text()).append(") ")
            .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(escape(session.csrf())).append("\">")
            .append("<button type=\"submit\">Log out</button></form></header>");
    }

    private static void banner(final StringBuilder page, final LicenseStatus license)
    {
        final Level level = license.level();
        if (level == Level.OK)
        {
            return;
        }
        page.append("<div class=\"banner ").append(level.name()).append("\">License ").append(level.name())
            .append(level.locks() ? ": reports and exports are blocked" : ": the channel limit is exceeded")
            .append("</div>");
    }

    private static void footer(final StringBuilder page, final LicenseStatus license,
        final CountersFile.Snapshot snapshot)
    {
        final long active = snapshot == null ? 0 : snapshot.value(SensorCounter.CHANNELS_LICENSE);
        page.append("<footer id=\"footer\">Active channels ").append(active).append(" / License limit ")
            .append(license.effectiveLimit()).append(" &middot; level ").append(license.level().name())
            .append("</footer>");
    }

    private static void row(final StringBuilder page, final String name, final long value)
    {
        page.append("<tr><th>").append(escape(name)).append("</th><td>").append(value).append("</td></tr>");
    }

    static String escape(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
