package io.sipsensor.web;

import io.sipsensor.call.EndReason;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.journal.CdrLeg;

/**
 * CDRs: a search form (time range, number or Call-ID text, final code, sensor), one page of matching legs read
 * from the journal after a cursor (the same {@link CdrQuery} as {@code /api/v1/cdrs}), a link to the next page, the
 * CSV export of the whole search, and one leg opened with every field.
 */
final class CdrPage
{
    private CdrPage()
    {
    }

    /** The search as given, to fill the form and build the links (null fields are absent). */
    record Search(String from, String to, String q, String code, String sensor, String limit)
    {
        /** @return the search as query parameters, without the page size (what the CSV export takes). */
        String parameters()
        {
            final StringBuilder text = new StringBuilder(128);
            add(text, "from", from);
            add(text, "to", to);
            add(text, "q", q);
            add(text, "code", code);
            add(text, "sensor", sensor);
            return text.toString();
        }

        /** @return the search and the page size as query parameters (what the next page takes). */
        String pageParameters()
        {
            final StringBuilder text = new StringBuilder(parameters());
            add(text, "limit", limit);
            return text.toString();
        }

        private static void add(final StringBuilder text, final String name, final String value)
        {
            if (value != null && !value.isBlank())
            {
                text.append(text.isEmpty() ? "" : "&").append(name).append('=').append(Pages.query(value));
            }
        }
    }

    /**
     * @param search the search as given.
     * @param page   the page found, or null when the search is not valid.
     * @param error  why the search is not valid, or null.
     * @return the page's content.
     */
    static String body(final Search search, final CdrQuery.Page page, final String error)
    {
        final StringBuilder body = new StringBuilder(32 * 1024);
        body.append("<h1>CDRs</h1><form class=\"search\" method=\"get\" action=\"/cdrs\" id=\"cdr-search\">");
        field(body, "From (UTC)", "from", search.from(), "2026-03-29 or 2026-03-29T10:00:00Z");
        field(body, "To (UTC, excluded)", "to", search.to(), "");
        field(body, "Number or Call-ID contains", "q", search.q(), "");
        field(body, "Final code", "code", search.code(), "200");
        field(body, "Sensor", "sensor", search.sensor(), "");
        body.append("<button type=\"submit\" id=\"search\">Search</button></form>");
        if (error != null)
        {
            body.append("<p class=\"error\" id=\"search-error\">").append(Pages.escape(error)).append("</p>");
            return body.toString();
        }
        final String parameters = search.parameters();
        body.append("<p><a id=\"csv-export\" href=\"/api/v1/cdrs.csv").append(parameters.isEmpty() ? "" : "?")
            .append(Pages.escape(parameters)).append("\">Export this search as CSV</a> (every matching leg)</p>");
        body.append("<table id=\"cdrs\"><tr><th>Sensor</th><th>Call-ID</th><th>Caller</th><th>Called</th>" +
            "<th>Start</th><th>End</th><th>Final</th></tr>");
        for (final CdrQuery.Found found : page.legs())
        {
            final CdrLeg leg = found.leg();
            body.append("<tr class=\"cdr\"><td>").append(leg.idSensor()).append("</td><td class=\"text\">")
                .append("<a class=\"leg-link\" href=\"/cdrs/leg?index=").append(found.index()).append("\">")
                .append(Pages.escape(leg.callId())).append("</a></td><td class=\"text\">")
                .append(Pages.escape(leg.caller())).append("</td><td class=\"text\">")
                .append(Pages.escape(leg.called())).append("</td><td class=\"text\">")
                .append(TimeFormat.iso(leg.startNs())).append("</td><td class=\"text\">")
                .append(TimeFormat.iso(leg.endNs())).append("</td><td>")
                .append(leg.finalCode() == 0 ? "-" : Integer.toString(leg.finalCode())).append("</td></tr>");
        }
        body.append("</table><p id=\"cdr-count\">").append(page.legs().size()).append(" legs on this page (")
            .append(page.scanned()).append(" journal records read).");
        if (page.nextCursor() >= 0)
        {
            final String next = search.pageParameters();
            body.append(" <a id=\"next-page\" href=\"/cdrs?").append(Pages.escape(next))
                .append(next.isEmpty() ? "" : "&amp;").append("cursor=").append(page.nextCursor())
                .append("\">Next page</a>");
        }
        return body.append("</p>").toString();
    }

    private static void field(final StringBuilder body, final String label, final String name, final String value,
        final String placeholder)
    {
        body.append("<label>").append(label).append(" <input name=\"").append(name).append("\" id=\"").append(name)
            .append("\" value=\"").append(Pages.escape(value)).append("\" placeholder=\"")
            .append(Pages.escape(placeholder)).append("\" maxlength=\"256\"></label>");
    }

    /**
     * @param index the leg's journal index.
     * @param leg   the leg, or null when there is none at that index.
     * @return the leg page's content.
     */
    static String leg(final long index, final CdrLeg leg)
    {
        final StringBuilder body = new StringBuilder(4096);
        if (leg == null)
        {
            return body.append("<h1>No leg</h1><p class=\"error\">No CDR leg at journal index ").append(index)
                .append(" (retention may have removed it). <a href=\"/cdrs\">Back to the search</a>.</p>").toString();
        }
        body.append("<h1>CDR leg ").append(Pages.escape(leg.callId())).append("</h1><table id=\"leg\">");
        final String[][] fields = {
            {"sensor", Integer.toString(leg.idSensor())}, {"Call-ID", leg.callId()}, {"caller", leg.caller()},
            {"called", leg.called()}, {"request-URI user", leg.ruriUser()},
            {"caller address", leg.callerIp() + " port " + leg.callerPort()},
            {"called address", leg.calledIp() + " port " + leg.calledPort()},
            {"start", TimeFormat.iso(leg.startNs())}, {"connect", TimeFormat.iso(leg.connectNs())},
            {"end", TimeFormat.iso(leg.endNs())}, {"final response", TimeFormat.iso(leg.finalNs())},
            {"CANCEL", TimeFormat.iso(leg.cancelNs())}, {"BYE", TimeFormat.iso(leg.byeNs())},
            {"last packet", TimeFormat.iso(leg.lastPacketNs())},
            {"final code", leg.finalCode() == 0 ? "none" : Integer.toString(leg.finalCode())},
            {"BYE by", leg.byeByName()}, {"re-INVITEs", Integer.toString(leg.reinvites())}};
        for (final String[] field : fields)
        {
            body.append("<tr><th>").append(field[0]).append("</th><td class=\"text\">")
                .append(Pages.escape(field[1])).append("</td></tr>");
        }
        body.append("<tr><th>end reason</th><td class=\"text\">").append(EndReason.name(leg.endReason()))
            .append("</td></tr><tr><th>journal index</th><td class=\"text\">").append(index).append("</td></tr>");
        return body.append("</table><p><a href=\"/cdrs\">Back to the search</a></p>").toString();
    }
}
