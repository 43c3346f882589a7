package io.sipsensor.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a unified JVM GC log ({@code -Xlog:gc*:file=...}) says about a run: every pause with its duration, and the
 * most heap seen in use (before each collection, and at exit).
 *
 * @param pausesMs      pause durations, in log order.
 * @param peakHeapBytes most heap in use at any logged point, 0 if the log says nothing about it.
 */
record GcLog(List<Double> pausesMs, long peakHeapBytes)
{
    private static final Pattern PAUSE = Pattern.compile("\\[gc\\s*]\\s*GC\\(\\d+\\) Pause .*?" +
        "(?:(\\d+)([KMG])->\\d+[KMG]\\(\\d+[KMG]\\) )?(\\d+\\.\\d+)ms\\s*$");
    /** The heap at exit: {@code [gc,heap,exit]} before JDK 22, {@code [gc,exit]} since ("garbage-first heap ..."). */
    private static final Pattern EXIT_USED = Pattern.compile("\\[gc,(?:heap,)?exit\\s*].* heap .* used (\\d+)K");

    static GcLog parse(final Path file) throws IOException
    {
        final List<Double> pauses = new ArrayList<>();
        long peak = 0;
        if (!Files.exists(file))
        {
            return new GcLog(pauses, 0);
        }
        for (final String line : Files.readAllLines(file))
        {
            final Matcher pause = PAUSE.matcher(line);
            if (pause.find())
            {
                pauses.add(Double.parseDouble(pause.group(3)));
                if (pause.group(1) != null)
                {
                    peak = Math.max(peak, bytes(Long.parseLong(pause.group(1)), pause.group(2)));
                }
                continue;
            }
            final Matcher exit = EXIT_USED.matcher(line);
            if (exit.find())
            {
                peak = Math.max(peak, Long.parseLong(exit.group(1)) << 10);
            }
        }
        return new GcLog(pauses, peak);
    }

    double maxPauseMs()
    {
        double max = 0;
        for (final double pause : pausesMs)
        {
            max = Math.max(max, pause);
        }
        return max;
    }

    private static long bytes(final long value, final String unit)
    {
        return switch (unit)
        {
            case "K" -> value << 10;
            case "M" -> value << 20;
            default -> value << 30;
        };
    }
}
