package io.sipsensor.web;

import io.sipsensor.license.LicenseStatus;
import io.sipsensor.license.OpenEvent;

/**
 * What every page but License shows at LOCKED: the cause, since when, and the ways out. Capture, journaling and
 * {@code /metrics} go on; reports, exports and alerts stop until a larger license or a temporary increase is
 * installed, which the License page does from the browser (no restart).
 */
final class LockPage
{
    private LockPage()
    {
    }

    static String body(final LicenseStatus license)
    {
        final StringBuilder body = new StringBuilder(2048);
        body.append("<h1 id=\"locked\">Locked</h1><p>The license is LOCKED: reports, CDR search and exports, the " +
            "statistics and the license alerts are stopped. Capture and journaling go on: no call is lost while " +
            "locked.</p>");
        final OpenEvent worst = license.worst();
        if (worst != null)
        {
            body.append("<table id=\"lock-cause\"><tr><th>Cause</th><td class=\"text\">")
                .append(Pages.escape(worst.cause())).append(" (").append(worst.type().name()).append(")</td></tr>")
                .append("<tr><th>Locked since</th><td class=\"text\" id=\"locked-since\">")
                .append(worst.levelSince()).append("</td></tr><tr><th>Event open since</th><td class=\"text\">")
                .append(worst.since()).append("</td></tr></table>");
        }
        body.append("<h2>Ways out</h2><ul id=\"ways-out\">")
            .append("<li>Install a license with more channels on the <a href=\"/license\">license page</a> " +
                "(an admin pastes or chooses the file the vendor sent).</li>")
            .append("<li>Install a temporary increase from the vendor the same way: it lifts the limit for up to " +
                license.policy().tempIncreaseDays() + " days.</li>")
            .append("<li>Or from the command line: <code>sipsensor license install FILE</code>.</li>")
            .append("</ul><p>The lock lifts as soon as the license is installed.</p>");
        return body.toString();
    }
}
