package io.sipsensor.web;

import io.sipsensor.license.Level;
import io.sipsensor.license.LicenseStatus;
import io.sipsensor.license.OpenEvent;
import io.sipsensor.license.StatusReport;
import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;

/**
 * The frame of every server-rendered page: the header with the menu and the log-out form, the license level as
 * people see it, and the footer {@code Active channels N / License limit L} with the level. The style sheet and the
 * one script are the agent's own ({@code /static/}), so the interface works offline.
 * <p>
 * The level: WARNING a yellow banner on every page; MINOR the same, plus a notice at log-in; MAJOR a red banner
 * (and the log-in notice); CRITICAL plus a dismissible pop-up on every page; LOCKED every page but License shows
 * the lock page ({@link LockPage}).
 */
final class Pages
{
    /** Menu entries: path and name. */
    private static final String[][] MENU = {
        {"/", "Dashboard"}, {"/stats", "Concurrent Calls Stats"}, {"/cdrs", "CDRs"}, {"/license", "License"}};

    /**
     * What every page shows around its own content.
     *
     * @param session     the user's session.
     * @param license     the license state last evaluated.
     * @param snapshot    the counters file, or null when no live agent has run on the spool.
     * @param loginNotice true on the first page after a log-in (MINOR and above show a notice then).
     */
    record Frame(Sessions.Session session, LicenseStatus license, CountersFile.Snapshot snapshot,
        boolean loginNotice)
    {
    }

    private Pages()
    {
    }

    static String login(final String message)
    {
        final StringBuilder page = head("Log in");
        page.append("<main><h1>sipsensor</h1>");
        if (message != null)
        {
            page.append("<p class=\"banner MAJOR\" id=\"login-error\">").append(escape(message)).append("</p>");
        }
        page.append("<form method=\"post\" action=\"/login\">")
            .append("<label>User <input name=\"user\" id=\"user\" autocomplete=\"username\" required></label>")
            .append("<label>Password <input name=\"password\" id=\"password\" type=\"password\" " +
                "autocomplete=\"current-password\" required></label>")
            .append("<button type=\"submit\" id=\"login\">Log in</button></form></main></body></html>");
        return page.toString();
    }

    /**
     * @param frame the frame.
     * @param title the page's title.
     * @param path  the menu entry to mark as current.
     * @param body  the page's own content (inside {@code <main>}).
     * @return the whole page.
     */
    static String page(final Frame frame, final String title, final String path, final CharSequence body)
    {
        final StringBuilder page = head(title);
        header(page, frame.session(), path);
        banner(page, frame.license());
        popups(page, frame);
        page.append("<main>").append(body).append("</main>");
        footer(page, frame.license(), frame.snapshot());
        return page.append("</body></html>").toString();
    }

    private static StringBuilder head(final String title)
    {
        return new StringBuilder(8192).append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<title>").append(escape(title)).append(" - sipsensor</title>")
            .append("<link rel=\"stylesheet\" href=\"/static/app.css\">")
            .append("<script src=\"/static/app.js\" defer></script></head><body>");
    }

    private static void header(final StringBuilder page, final Sessions.Session session, final String current)
    {
        page.append("<header><nav>");
        for (final String[] entry : MENU)
        {
            page.append("<a href=\"").append(entry[0]).append('"')
                .append(entry[0].equals(current) ? " class=\"active\"" : "").append('>').append(entry[1])
                .append("</a>");
        }
        page.append("</nav><form method=\"post\" action=\"/logout\">")
            .append(escape(session.user())).append(" (").append(session.role().text()).append(") ")
            .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(escape(session.csrf())).append("\">")
            .append("<button type=\"submit\" id=\"logout\">Log out</button></form></header>");
    }

    /** The banner: nothing at OK, yellow at WARNING and MINOR, red from MAJOR. */
    private static void banner(final StringBuilder page, final LicenseStatus license)
    {
        final Level level = license.level();
        if (level == Level.OK)
        {
            return;
        }
        page.append("<div class=\"banner ").append(level.name()).append("\" id=\"license-banner\">License ")
            .append(level.name()).append(": ");
        if (level.locks())
        {
            page.append("reports and exports are blocked; capture and journaling go on. ");
        }
        final OpenEvent worst = license.worst();
        if (worst != null)
        {
            page.append(escape(worst.cause())).append(". ");
            if (!level.locks())
            {
                page.append("Next: ").append(escape(StatusReport.next(worst, license.asOf(), license.policy().zone())))
                    .append(". ");
            }
        }
        page.append("<a href=\"/license\">See the license page</a>.</div>");
    }

    /** The log-in notice from MINOR on, and at CRITICAL a pop-up on every page; both dismissible without script. */
    private static void popups(final StringBuilder page, final Frame frame)
    {
        final LicenseStatus license = frame.license();
        final Level level = license.level();
        if (level == Level.CRITICAL)
        {
            popup(page, "critical-popup", level, "License CRITICAL: the next step locks reports and exports",
                license);
        }
        else if (frame.loginNotice() && level.compareTo(Level.MINOR) >= 0)
        {
            popup(page, "login-notice", level, "License " + level.name() + ": the channel license is violated",
                license);
        }
    }

    private static void popup(final StringBuilder page, final String id, final Level level, final String title,
        final LicenseStatus license)
    {
        page.append("<dialog open class=\"popup ").append(level.name()).append("\" id=\"").append(id).append("\">")
            .append("<h2>").append(escape(title)).append("</h2>");
        final OpenEvent worst = license.worst();
        if (worst != null)
        {
            page.append("<p>").append(escape(worst.cause())).append(" (").append(worst.type().name())
                .append(" since ").append(worst.since()).append(").</p><p>Next: ")
                .append(escape(StatusReport.next(worst, license.asOf(), license.policy().zone()))).append(".</p>");
        }
        page.append("<p>Install a larger license or a temporary increase on the <a href=\"/license\">license " +
            "page</a>.</p><form method=\"dialog\"><button id=\"").append(id).append("-dismiss\">Dismiss</button>" +
            "</form></dialog>");
    }

    private static void footer(final StringBuilder page, final LicenseStatus license,
        final CountersFile.Snapshot snapshot)
    {
        final long active = snapshot == null ? 0 : snapshot.value(SensorCounter.CHANNELS_LICENSE);
        page.append("<footer id=\"footer\">Active channels <span data-live=\"channels.license\">").append(active)
            .append("</span> / License limit <span data-live=\"license_limit\">").append(license.effectiveLimit())
            .append("</span> &middot; level <span data-live=\"license_level\">").append(license.level().name())
            .append("</span></footer>");
    }

    static void row(final StringBuilder page, final String name, final long value, final String live)
    {
        page.append("<tr><th>").append(escape(name)).append("</th><td")
            .append(live == null ? "" : " data-live=\"" + live + "\"").append('>').append(value).append("</td></tr>");
    }

    static String escape(final String text)
    {
        if (text == null)
        {
            return "";
        }
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

    /** @return the text percent-encoded for a query parameter. */
    static String query(final String text)
    {
        return java.net.URLEncoder.encode(text == null ? "" : text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
