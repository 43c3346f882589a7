package io.sipsensor.run;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of long offline work on stderr: a bar redrawn in place on a terminal, a line every ten seconds
 * otherwise (so logs show the run is alive without flooding), nothing in quiet mode. Called from the packet
 * thread every few thousand packets; reads the clock, allocates only when it prints.
 */
public final class Progress
{
    /** How progress is shown. */
    public enum Mode
    {
        /** Bar on a terminal, lines otherwise. */
        AUTO,
        /** Redrawn bar. */
        BAR,
        /** A line every ten seconds. */
        LINES,
        /** Nothing. */
        NONE
    }

    private static final long BAR_INTERVAL_NS = 200_000_000L;
    private static final long LINE_INTERVAL_NS = 10_000_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintStream err;
    private final Mode mode;
    private final long startNs = System.nanoTime();
    private long lastPrintNs = startNs;
    private boolean barDrawn;

    /**
     * @param err            where progress goes.
     * @param mode           requested mode; AUTO picks BAR when {@code terminal}.
     * @param terminal       whether stderr is a terminal (the launcher tells).
     */
    public Progress(final PrintStream err, final Mode mode, final boolean terminal)
    {
        this.err = err;
        this.mode = mode == Mode.AUTO ? (terminal ? Mode.BAR : Mode.LINES) : mode;
    }

    /**
     * @param bytesDone  input bytes consumed.
     * @param bytesTotal input bytes in all, or -1.
     * @param packets    packets read.
     * @param legs       legs completed.
     */
    public void update(final long bytesDone, final long bytesTotal, final long packets, final long legs)
    {
        if (mode == Mode.NONE)
        {
            return;
        }
        final long now = System.nanoTime();
        final long interval = mode == Mode.BAR ? BAR_INTERVAL_NS : LINE_INTERVAL_NS;
        if (now - lastPrintNs < interval)
        {
            return;
        }
        lastPrintNs = now;
        print(now, bytesDone, bytesTotal, packets, legs);
    }

    /**
     * Final state; ends the bar's line.
     *
     * @param bytesDone  input bytes consumed.
     * @param bytesTotal input bytes in all, or -1.
     * @param packets    packets read.
     * @param legs       legs completed.
     */
    public void finish(final long bytesDone, final long bytesTotal, final long packets, final long legs)
    {
        if (mode == Mode.BAR && barDrawn)
        {
            print(System.nanoTime(), bytesDone, bytesTotal, packets, legs);
            err.print('\n');
            err.flush();
        }
    }

    private void print(final long now, final long bytesDone, final long bytesTotal, final long packets,
        final long legs)
    {
        final double seconds = Math.max(1e-9, (now - startNs) / 1e9);
        final double fraction = bytesTotal > 0 ? Math.min(1.0, (double)bytesDone / bytesTotal) : 0;
        final String rates = String.format(Locale.ROOT, "%s / %s  %,d packets (%,.0f/s)  %,d legs",
            bytes(bytesDone), bytesTotal > 0 ? bytes(bytesTotal) : "?", packets, packets / seconds, legs);
        if (mode == Mode.BAR)
        {
            final int filled = (int)(fraction * BAR_WIDTH);
            err.print("\r[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " +
                String.format(Locale.ROOT, "%3.0f%%  ", fraction * 100) + rates + "   ");
            barDrawn = true;
        }
        else
        {
            err.println("sipsensor: " + String.format(Locale.ROOT, "%.0f%% ", fraction * 100) + rates);
        }
        err.flush();
    }

    private static String bytes(final long bytes)
    {
        if (bytes < 1024 * 1024)
        {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024)
        {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
