package io.sipsensor.web;

import io.sipsensor.call.EndReason;
import io.sipsensor.channel.ChannelExplainer;
import io.sipsensor.channel.ChannelReport;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.export.ChannelChartSvg;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.journal.CdrLeg;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;

/**
 * Concurrent Calls Stats: the maximum (and time-weighted mean) of concurrent license channels in each 60-minute UTC
 * window of the last 14 days, as the project's own SVG chart with the limit line and as a table; the daily peaks of
 * the last 21 days with the days over the limit marked, each peak opening its explanation (the legs behind each
 * channel active at that instant, what {@code channels explain} prints). Read from the spool's channel statistics
 * file, the one the {@code channels} command reads.
 */
final class StatsPage
{
    /** Hours in the chart: 14 days of 24. */
    static final int HOURS = ConcurrentCallsStats.DEFAULT_HOUR_RETENTION_DAYS * 24;
    /** Days of daily peaks. */
    static final int DAYS = ConcurrentCallsStats.DEFAULT_DAY_RETENTION_DAYS;

    private StatsPage()
    {
    }

    /**
     * @param stats   the channel statistics.
     * @param limit   the effective license limit today (0: none).
     * @param nowHour the current hour (epoch hours): the chart's last.
     * @return the page's content.
     */
    static String body(final ConcurrentCallsStats stats, final long limit, final long nowHour)
    {
        final long firstHour = nowHour - HOURS + 1;
        final NavigableMap<Long, ChannelReport.HourRow> period = stats.hours().subMap(firstHour, true, nowHour, true);
        final List<ChannelReport.HourRow> rows = new ArrayList<>(period.values());
        final StringBuilder body = new StringBuilder(64 * 1024);
        body.append("<h1>Concurrent Calls Stats</h1><p>Maximum concurrent license channels in each 60-minute " +
            "window (UTC) of the last 14 days; bars over the limit are orange, the line is the hourly mean, the " +
            "dashed line the license limit (").append(limit).append(").</p>");
        body.append("<div class=\"chart\" id=\"hourly-chart\" data-hours=\"").append(HOURS).append("\" data-limit=\"")
            .append(limit).append("\">")
            .append(ChannelChartSvg.render(rows, limit, firstHour, nowHour).replace("<svg xmlns=", "<svg role=\"img\" " +
                "xmlns="))
            .append("</div>");

        final long today = Math.floorDiv(nowHour, 24);
        body.append("<h2>Daily peaks, last ").append(DAYS).append(" days</h2><p>Click a peak for the legs behind " +
            "each channel at that instant.</p><table id=\"daily-peaks\"><tr><th>Day (UTC)</th><th>Peak</th>" +
            "<th>At</th><th>Limit</th></tr>");
        for (long day = today - DAYS + 1; day <= today; day++)
        {
            final ConcurrentCallsStats.DayPeak peak = stats.days().get(day);
            final long value = peak == null ? 0 : peak.peak();
            final boolean over = value > limit;
            body.append("<tr").append(over ? " class=\"over\"" : "").append(" data-day=\"")
                .append(LocalDate.ofEpochDay(day)).append("\"><td class=\"text\">").append(LocalDate.ofEpochDay(day))
                .append(over ? " (over the limit)" : "").append("</td><td>");
            if (peak != null && peak.atNs() != Long.MIN_VALUE)
            {
                final String at = TimeFormat.iso(peak.atNs());
                body.append("<a class=\"peak\" href=\"/stats/explain?at=").append(Pages.query(at)).append("\">")
                    .append(value).append("</a></td><td class=\"text\">").append(at);
            }
            else
            {
                body.append(value).append("</td><td class=\"text\">");
            }
            body.append("</td><td>").append(limit).append("</td></tr>");
        }
        body.append("</table>");

        body.append("<details id=\"hourly\"><summary>The ").append(HOURS).append(" hours as a table</summary>" +
            "<table id=\"hourly-table\"><tr><th>Hour (UTC)</th><th>Max</th><th>Mean</th></tr>");
        for (long hour = firstHour; hour <= nowHour; hour++)
        {
            final ChannelReport.HourRow row = period.get(hour);
            body.append("<tr class=\"hour\"><td class=\"text\">").append(TimeFormat.iso(hour * 3_600_000_000_000L))
                .append("</td><td>").append(row == null ? 0 : row.licenseMax()).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.2f", row == null ? 0.0 : row.licenseMean()))
                .append("</td></tr>");
        }
        body.append("</table></details>");
        return body.toString();
    }

    /**
     * @param explanation the channels active at an instant and their legs.
     * @return the explanation page's content.
     */
    static String explanation(final ChannelExplainer.Explanation explanation)
    {
        final StringBuilder body = new StringBuilder(16 * 1024);
        body.append("<h1>License channels at ").append(TimeFormat.iso(explanation.atNs())).append("</h1><p id=" +
            "\"explain-summary\">").append(explanation.channels().size()).append(" license channels from ")
            .append(explanation.legsActive()).append(" legs active at that instant. <a href=\"/stats\">Back to " +
                "the stats</a>.</p>");
        int n = 1;
        for (final ChannelExplainer.ExplainedChannel channel : explanation.channels())
        {
            body.append("<h2>Channel ").append(n++).append("</h2><p>Key ").append(Pages.escape(channel.key()))
                .append(", active ").append(TimeFormat.iso(channel.startNs())).append(" to ")
                .append(TimeFormat.iso(channel.endNs())).append("</p><table class=\"channel-legs\">")
                .append("<tr><th>Sensor</th><th>Call-ID</th><th>Caller</th><th>Called</th><th>Start</th>" +
                    "<th>End</th><th>Final</th><th>Why</th></tr>");
            for (final ChannelExplainer.ExplainedLeg leg : channel.legs())
            {
                legRow(body, leg.leg(), leg.why());
            }
            body.append("</table>");
        }
        if (!explanation.excluded487().isEmpty())
        {
            body.append("<h2>Not counted (ended with 487 Request Terminated)</h2><table>");
            for (final CdrLeg leg : explanation.excluded487())
            {
                legRow(body, leg, "487");
            }
            body.append("</table>");
        }
        return body.toString();
    }

    private static void legRow(final StringBuilder body, final CdrLeg leg, final String why)
    {
        body.append("<tr class=\"leg\"><td>").append(leg.idSensor()).append("</td><td class=\"text call-id\">")
            .append(Pages.escape(leg.callId())).append("</td><td class=\"text\">").append(Pages.escape(leg.caller()))
            .append("</td><td class=\"text\">").append(Pages.escape(leg.called())).append("</td><td class=\"text\">")
            .append(TimeFormat.iso(leg.startNs())).append("</td><td class=\"text\">").append(TimeFormat.iso(leg.endNs()))
            .append("</td><td class=\"text\">").append(leg.finalCode() == 0 ? "no final" : leg.finalCode()).append(' ')
            .append(EndReason.name(leg.endReason())).append("</td><td class=\"text\">").append(Pages.escape(why))
            .append("</td></tr>");
    }
}
