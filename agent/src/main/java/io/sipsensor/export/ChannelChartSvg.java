package io.sipsensor.export;

import io.sipsensor.channel.ChannelReport;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The hourly chart as SVG: hours on x (every hour of the period, empty ones included), license channels on y;
 * a bar per hour for the maximum (blue, orange above the limit), a line for the mean across each hour that has
 * calls (broken where hours have none, so no mean is made up for them), and the license limit as a dashed dark red
 * line drawn over the bars. The y axis ends at the first round step above the largest value or the limit.
 */
public final class ChannelChartSvg
{
    /** Bars at or under the limit. */
    static final String BAR_COLOUR = "#4a90d9";
    /** Bars over the limit: a colour of their own, so the limit line stays visible across them. */
    static final String OVER_LIMIT_BAR_COLOUR = "#f0a030";
    /** The license limit's dashed line and label. */
    static final String LIMIT_COLOUR = "#8b1a1a";
    /** The hourly mean. */
    static final String MEAN_COLOUR = "#2c3e50";

    static final int WIDTH = 1100;
    static final int HEIGHT = 380;
    static final int LEFT = 60;
    static final int RIGHT = 20;
    static final int TOP = 40;
    static final int BOTTOM = 60;
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
        return rows.isEmpty() ? render(rows, limit, 0, -1) :
            render(rows, limit, rows.get(0).hour(), rows.get(rows.size() - 1).hour());
    }

    /**
     * The chart of a fixed period (the web interface's last 14 days): one slot per hour from {@code firstHour} to
     * {@code lastHour}, whether the hour had calls or not.
     *
     * @param rows      hourly rows inside the period, oldest first.
     * @param limit     license limit, 0 if none.
     * @param firstHour first hour of the period (epoch hours).
     * @param lastHour  last hour of the period, included.
     * @return the SVG document.
     */
    public static String render(final List<ChannelReport.HourRow> rows, final long limit, final long firstHour,
        final long lastHour)
    {
        final StringBuilder svg = new StringBuilder(16 * 1024);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
            .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"").append(LEFT).append("\" y=\"22\" font-size=\"14\">Concurrent license channels per " +
            "UTC hour (bars: max, line: mean").append(limit > 0 ? ", dashed: license limit " + limit : "")
            .append(")</text>\n");
        if (rows.isEmpty() && lastHour < firstHour)
        {
            svg.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT / 2)
                .append("\">no hours with calls</text>\n</svg>\n");
            return svg.toString();
        }

        final int slots = (int)(lastHour - firstHour + 1);
        long maxValue = Math.max(1, limit);
        for (final ChannelReport.HourRow row : rows)
        {
            maxValue = Math.max(maxValue, row.licenseMax());
        }
        final long yStep = tickStep(maxValue);
        final long yTop = yStep * (maxValue / yStep + 1); // the first step above the peak: no bar touches the top
        final double plotWidth = WIDTH - LEFT - RIGHT;
        final double plotHeight = HEIGHT - TOP - BOTTOM;
        final double slotWidth = plotWidth / slots;

        // y axis and grid
        for (long value = 0; value <= yTop; value += yStep)
        {
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
                Math.max(0.5, slotWidth * 0.8), height, over ? OVER_LIMIT_BAR_COLOUR : BAR_COLOUR,
                DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(row.windowStartSeconds())),
                row.licenseMax(), row.licenseMean()));
        }

        // the mean: level across each hour with calls, one polyline per run of consecutive hours
        long previousHour = Long.MIN_VALUE;
        for (final ChannelReport.HourRow row : rows)
        {
            if (row.hour() != previousHour + 1)
            {
                svg.append(previousHour == Long.MIN_VALUE ? "" : "\"/>\n")
                    .append("<polyline fill=\"none\" stroke=\"").append(MEAN_COLOUR)
                    .append("\" stroke-width=\"2\" points=\"");
            }
            final double x = LEFT + (row.hour() - firstHour) * slotWidth;
            final double y = TOP + plotHeight - plotHeight * row.licenseMean() / yTop;
            svg.append(String.format(Locale.ROOT, "%.2f,%.2f %.2f,%.2f ", x, y, x + slotWidth, y));
            previousHour = row.hour();
        }
        if (previousHour != Long.MIN_VALUE)
        {
            svg.append("\"/>\n");
        }

        if (limit > 0)
        {
            final double y = TOP + plotHeight - plotHeight * limit / yTop;
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"6,4\" " +
                "stroke-width=\"2\"/><text x=\"%d\" y=\"%.1f\" fill=\"%s\" text-anchor=\"end\">limit %d</text>%n",
                LEFT, y, WIDTH - RIGHT, y, LIMIT_COLOUR, WIDTH - RIGHT, y - 4, LIMIT_COLOUR, limit));
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

    /**
     * @param maxValue the largest value to show (at least 1).
     * @return a round grid step (1, 2 or 5 times a power of ten, at least 1) giving about five steps up to it, so the
     * axis ends just above the data: 234 gives steps of 50 up to 250.
     */
    static long tickStep(final long maxValue)
    {
        final double raw = maxValue / 5.0;
        long power = 1;
        while (power * 10 <= raw)
        {
            power *= 10;
        }
        for (final long multiple : new long[]{1, 2, 5, 10})
        {
            if (power * multiple >= raw)
            {
                return power * multiple;
            }
        }
        return power * 10;
    }
}
