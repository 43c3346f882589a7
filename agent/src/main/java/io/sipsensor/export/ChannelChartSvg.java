package io.sipsensor.export;

import io.sipsensor.channel.ChannelReport;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The hourly chart as SVG: hours on x (every hour of the period, empty ones included), license channels on y;
 * a bar per hour for the maximum, a line for the mean, and the license limit as a dashed line when there is one.
 */
public final class ChannelChartSvg
{
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 380;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:00").withZone(ZoneOffset.UTC);

    private ChannelChartSvg()
    {
    }

    /**
     * @param rows  hourly rows, oldest first.
     * @param limit license limit, 0 if none.
     * @return the SVG document.
     */
    public static String render(final List<ChannelReport.HourRow> rows, final long limit)
    {
        final StringBuilder svg = new StringBuilder(16 * 1024);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
            .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"").append(LEFT).append("\" y=\"22\" font-size=\"14\">Concurrent license channels per " +
            "UTC hour (bars: max, line: mean").append(limit > 0 ? ", dashed: license limit " + limit : "")
            .append(")</text>\n");
        if (rows.isEmpty())
        {
            svg.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT / 2)
                .append("\">no hours with calls</text>\n</svg>\n");
            return svg.toString();
        }

        final long firstHour = rows.get(0).hour();
        final long lastHour = rows.get(rows.size() - 1).hour();
        final int slots = (int)(lastHour - firstHour + 1);
        long maxValue = Math.max(1, limit);
        for (final ChannelReport.HourRow row : rows)
        {
            maxValue = Math.max(maxValue, row.licenseMax());
        }
        final long yTop = niceCeiling(maxValue);
        final double plotWidth = WIDTH - LEFT - RIGHT;
        final double plotHeight = HEIGHT - TOP - BOTTOM;
        final double slotWidth = plotWidth / slots;

        // y axis and grid
        for (int i = 0; i <= 5; i++)
        {
            final long value = yTop * i / 5;
            final double y = TOP + plotHeight - plotHeight * value / yTop;
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>" +
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n",
                LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4, value));
        }

        // bars for the hourly maximum
        for (final ChannelReport.HourRow row : rows)
        {
            final double x = LEFT + (row.hour() - firstHour) * slotWidth;
            final double height = plotHeight * row.licenseMax() / yTop;
            final boolean over = limit > 0 && row.licenseMax() > limit;
            svg.append(String.format(Locale.ROOT,
                "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>%s UTC: max %d, " +
                "mean %.2f</title></rect>%n", x + slotWidth * 0.1, TOP + plotHeight - height,
                Math.max(0.5, slotWidth * 0.8), height, over ? "#d9534f" : "#4a90d9",
                DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(row.windowStartSeconds())),
                row.licenseMax(), row.licenseMean()));
        }

        // line for the mean
        svg.append("<polyline fill=\"none\" stroke=\"#2c3e50\" stroke-width=\"1.5\" points=\"");
        for (final ChannelReport.HourRow row : rows)
        {
            final double x = LEFT + (row.hour() - firstHour + 0.5) * slotWidth;
            final double y = TOP + plotHeight - plotHeight * row.licenseMean() / yTop;
            svg.append(String.format(Locale.ROOT, "%.2f,%.2f ", x, y));
        }
        svg.append("\"/>\n");

        if (limit > 0)
        {
            final double y = TOP + plotHeight - plotHeight * limit / yTop;
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d9534f\" stroke-dasharray=\"6,4\" " +
                "stroke-width=\"1.5\"/><text x=\"%d\" y=\"%.1f\" fill=\"#d9534f\" text-anchor=\"end\">limit %d</text>%n",
                LEFT, y, WIDTH - RIGHT, y, WIDTH - RIGHT, y - 4, limit));
        }

        // x axis labels: every midnight, or every few hours for short periods
        final int labelEvery = slots <= 48 ? Math.max(1, slots / 12) : 24;
        for (long hour = firstHour; hour <= lastHour; hour++)
        {
            if ((slots <= 48 && (hour - firstHour) % labelEvery == 0) || (slots > 48 && hour % 24 == 0))
            {
                final double x = LEFT + (hour - firstHour) * slotWidth;
                final Instant at = Instant.ofEpochSecond(hour * 3600);
                svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"#999\"/>" +
                    "<text x=\"%.2f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                    x, TOP + plotHeight, x, TOP + plotHeight + 5, x, TOP + plotHeight + 18,
                    slots <= 48 ? HOUR.format(at) : DAY.format(at)));
            }
        }
        svg.append(String.format(Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>%n",
            LEFT, TOP + plotHeight, WIDTH - RIGHT, TOP + plotHeight));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">hour (UTC), %s to %s" +
            "</text>%n", LEFT + (int)plotWidth / 2, HEIGHT - 15,
            DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(firstHour * 3600)),
            DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond((lastHour + 1) * 3600))));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static long niceCeiling(final long value)
    {
        long step = 1;
        while (step * 10 < value)
        {
            step *= 10;
        }
        for (final long multiple : new long[]{1, 2, 5, 10})
        {
            if (step * multiple >= value)
            {
                return step * multiple;
            }
        }
        return step * 10;
    }
}
