package io.sipsensor.web;

import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;

/**
 * The dashboard: the license channels and the other four channel views, calls in progress and capture health, as
 * the counters file last showed them; the page's script keeps every figure current from
 * {@code /api/v1/channels/live} once a second, without a reload.
 */
final class DashboardPage
{
    private DashboardPage()
    {
    }

    static String body(final CountersFile.Snapshot snapshot)
    {
        final StringBuilder body = new StringBuilder(2048);
        body.append("<h1>Dashboard</h1>");
        if (snapshot == null)
        {
            body.append("<p id=\"no-agent\">No live agent has run on this spool: the figures below stay at 0 " +
                "until one does.</p>");
        }
        body.append("<p>Agent: <span id=\"agent-state\" data-live=\"agent\">")
            .append(snapshot == null ? "none" : Pages.escape(snapshot.state().name().toLowerCase()))
            .append("</span>; updated every second (last <span id=\"live-updated\">at load</span>).</p>");
        body.append("<table id=\"channels\"><tr><th>View</th><th>Channels</th></tr>");
        row(body, "License channels", snapshot, SensorCounter.CHANNELS_LICENSE, "channels.license");
        row(body, "All legs", snapshot, SensorCounter.CHANNELS_ALL, "channels.all");
        row(body, "All, deduplicated", snapshot, SensorCounter.CHANNELS_ALL_DEDUP, "channels.all_dedup");
        row(body, "Answered", snapshot, SensorCounter.CHANNELS_ANSWERED, "channels.answered");
        row(body, "Answered, deduplicated", snapshot, SensorCounter.CHANNELS_ANSWERED_DEDUP,
            "channels.answered_dedup");
        row(body, "Calls in progress", snapshot, SensorCounter.CALLS_ACTIVE, "calls_active");
        body.append("</table><h2>Capture health</h2><table id=\"health\">");
        row(body, "Kernel drops", snapshot, SensorCounter.KERNEL_DROPS, "health.kernel_drops");
        row(body, "Malformed SIP", snapshot, SensorCounter.MALFORMED, "health.malformed");
        row(body, "Journal lag", snapshot, SensorCounter.JOURNAL_LAG, "health.journal_lag");
        row(body, "Legs lost", snapshot, SensorCounter.LEGS_LOST, "health.legs_lost");
        body.append("</table>");
        return body.toString();
    }

    private static void row(final StringBuilder body, final String name, final CountersFile.Snapshot snapshot,
        final SensorCounter counter, final String live)
    {
        Pages.row(body, name, snapshot == null ? 0 : snapshot.value(counter), live);
    }
}
