package io.sipsensor.export;

import io.sipsensor.channel.ChannelReport;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The channel chart as an operator sees it: checked in the SVG, and in the picture headless Chromium renders from it
 * (skipped where Chromium is not installed; the PNGs stay in target/chart-*.png to look at).
 */
class ChannelChartSvgTest
{
    private static final long HOUR = 493_000; // an hour number (epoch hours), 2026-03-29

    @Test
    void shouldEndTheAxisAtTheFirstRoundStepAboveThePeak()
    {
        assertEquals(50, ChannelChartSvg.tickStep(234));
        final String svg = ChannelChartSvg.render(List.of(row(HOUR, 234, 120)), 0);
        assertTrue(svg.contains("text-anchor=\"end\">250</text>"), svg);
        assertFalse(svg.contains(">300</text>") || svg.contains(">500</text>"), svg);
        assertEquals(1, ChannelChartSvg.tickStep(1));
        assertEquals(2, ChannelChartSvg.tickStep(7));
        assertEquals(200, ChannelChartSvg.tickStep(1000));
    }

    @Test
    void shouldDrawTheMeanOnlyAcrossHoursWithCallsAndAlsoForOneHour() throws Exception
    {
        final List<ChannelReport.HourRow> gap = List.of(row(HOUR, 40, 30), row(HOUR + 1, 50, 35),
            row(HOUR + 5, 45, 32));
        final String svg = ChannelChartSvg.render(gap, 0);
        assertEquals(2, count(svg, "<polyline"), "broken at the hours without calls: " + svg);

        final String one = ChannelChartSvg.render(List.of(row(HOUR, 40, 30)), 0);
        final Matcher points = Pattern.compile("<polyline[^>]*points=\"([^\"]*)\"").matcher(one);
        assertTrue(points.find(), one);
        assertEquals(2, points.group(1).trim().split(" ").length, "a level segment across the hour: " + one);

        final BufferedImage picture = render("chart-gap", svg);
        if (picture != null)
        {
            final double slot = (ChannelChartSvg.WIDTH - ChannelChartSvg.LEFT - ChannelChartSvg.RIGHT) / 6.0;
            final int meanInHourOne = pixels(picture, ChannelChartSvg.MEAN_COLOUR,
                (int)(ChannelChartSvg.LEFT + slot * 0.2), (int)(ChannelChartSvg.LEFT + slot * 1.8));
            final int meanInGap = pixels(picture, ChannelChartSvg.MEAN_COLOUR,
                (int)(ChannelChartSvg.LEFT + slot * 2.2), (int)(ChannelChartSvg.LEFT + slot * 4.8));
            assertTrue(meanInHourOne > 50, "the mean is drawn where there are calls: " + meanInHourOne);
            assertEquals(0, meanInGap, "no mean drawn across the hours without calls");
            final BufferedImage single = render("chart-one-hour", one);
            assertTrue(pixels(single, ChannelChartSvg.MEAN_COLOUR, ChannelChartSvg.LEFT,
                ChannelChartSvg.WIDTH - ChannelChartSvg.RIGHT) > 50, "one hour: its mean is drawn");
        }
    }

    @Test
    void shouldKeepTheLimitLineVisibleAcrossBarsOverTheLimit() throws Exception
    {
        assertNotEquals(ChannelChartSvg.LIMIT_COLOUR, ChannelChartSvg.OVER_LIMIT_BAR_COLOUR);
        final String svg = ChannelChartSvg.render(List.of(row(HOUR, 80, 40), row(HOUR + 1, 150, 90),
            row(HOUR + 2, 60, 30)), 100);
        assertTrue(svg.contains("fill=\"" + ChannelChartSvg.OVER_LIMIT_BAR_COLOUR + "\""), svg);
        assertTrue(svg.indexOf("stroke-dasharray") > svg.lastIndexOf("<rect "), "the limit is drawn over the bars");

        final BufferedImage picture = render("chart-over-limit", svg);
        if (picture != null)
        {
            final double slot = (ChannelChartSvg.WIDTH - ChannelChartSvg.LEFT - ChannelChartSvg.RIGHT) / 3.0;
            final int overBar = pixels(picture, ChannelChartSvg.LIMIT_COLOUR,
                (int)(ChannelChartSvg.LEFT + slot * 1.2), (int)(ChannelChartSvg.LEFT + slot * 1.8));
            assertTrue(overBar > 20, "the limit line shows across the over-limit bar: " + overBar + " pixels");
            assertTrue(pixels(picture, ChannelChartSvg.OVER_LIMIT_BAR_COLOUR,
                (int)(ChannelChartSvg.LEFT + slot * 1.2), (int)(ChannelChartSvg.LEFT + slot * 1.8)) > 1000);
        }
    }

    private static ChannelReport.HourRow row(final long hour, final long max, final double mean)
    {
        return new ChannelReport.HourRow(hour, max, max, max, max, max, hour * 3_600_000_000_000L, mean);
    }

    private static int count(final String text, final String what)
    {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    /**
     * Pixels of about the given colour inside the plot area between two x positions.
     */
    private static int pixels(final BufferedImage image, final String colour, final int fromX, final int toX)
    {
        final int rgb = Integer.parseInt(colour.substring(1), 16);
        int found = 0;
        for (int x = fromX; x < toX && x < image.getWidth(); x++)
        {
            for (int y = ChannelChartSvg.TOP; y < ChannelChartSvg.HEIGHT - ChannelChartSvg.BOTTOM; y++)
            {
                final int pixel = image.getRGB(x, y);
                final int distance = Math.abs(((pixel >> 16) & 0xFF) - ((rgb >> 16) & 0xFF)) +
                    Math.abs(((pixel >> 8) & 0xFF) - ((rgb >> 8) & 0xFF)) + Math.abs((pixel & 0xFF) - (rgb & 0xFF));
                if (distance < 40)
                {
                    found++;
                }
            }
        }
        return found;
    }

    /**
     * @return the SVG as headless Chromium draws it, or null (test part skipped) when Chromium is not installed.
     */
    private static BufferedImage render(final String name, final String svg) throws IOException, InterruptedException
    {
        String chromium = null;
        for (final String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome"))
        {
            if (new File(candidate).canExecute())
            {
                chromium = candidate;
            }
        }
        if (chromium == null)
        {
            return null;
        }
        final Path target = Path.of(System.getProperty("user.dir"), "target");
        final Path svgFile = target.resolve(name + ".svg");
        final Path png = target.resolve(name + ".png");
        Files.writeString(svgFile, svg, StandardCharsets.UTF_8);
        Files.deleteIfExists(png);
        final Path profile = Files.createTempDirectory("chromium-");
        final List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", "--user-data-dir=" + profile, "--screenshot=" + png,
            "--window-size=" + ChannelChartSvg.WIDTH + "," + ChannelChartSvg.HEIGHT, svgFile.toUri().toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(target.resolve(name + ".chromium.log").toFile()).start();
        final boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        try (java.util.stream.Stream<Path> files = Files.walk(profile))
        {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
        assertTrue(finished, "chromium did not finish");
        assumeTrue(Files.exists(png), "chromium made no screenshot: " +
            Files.readString(target.resolve(name + ".chromium.log")));
        return ImageIO.read(png.toFile());
    }
}
