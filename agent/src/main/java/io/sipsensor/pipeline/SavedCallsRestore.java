package io.sipsensor.pipeline;

import io.sipsensor.call.CallTracker;
import io.sipsensor.call.SavedCalls;
import io.sipsensor.spool.AtomicFiles;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * At the start of a run, takes back the calls in progress an earlier live run saved in the spool
 * ({@link CallCheckpoint}): they continue in the tracker and end at their real end when seen again, or at their
 * stop instant with end reason shutdown when not seen again within the restore window. A file that is damaged or of
 * another version is said in one line and set aside (renamed beside it); the calls still readable from a damaged
 * one end at their stop instant at once. The file stays in place otherwise: the next checkpoint or stop replaces
 * it, so a crash before that restores the same calls again (legs already journaled are recognised as duplicates).
 * Caller's thread, before the tracker's thread starts.
 */
final class SavedCallsRestore
{
    private SavedCallsRestore()
    {
    }

    /**
     * @param file         the saved-calls file.
     * @param tracker      the tracker to restore into.
     * @param resumeFromNs when tracking resumes (wall clock), or Long.MIN_VALUE reading files.
     * @param windowNs     how long a restored call waits to be seen again.
     * @param counters     the tracker's counters.
     * @param log          where the one line goes.
     * @return calls restored.
     */
    static int restore(final Path file, final CallTracker tracker, final long resumeFromNs, final long windowNs,
        final Counters counters, final PrintStream log)
    {
        final SavedCalls.Loaded loaded;
        try
        {
            loaded = SavedCalls.read(file);
        }
        catch (final IOException | RuntimeException ex)
        {
            log.println("sipsensor: cannot read the saved calls in progress " + file + " (" + ex.getMessage() +
                ")" + setAside(file, counters) + "; their calls are not continued");
            return 0;
        }
        if (loaded == null)
        {
            return 0;
        }
        if (!loaded.sound())
        {
            // what is readable ends at its stop instant at the tracker's first tick
            final int ended = tracker.restore(loaded, Long.MIN_VALUE, -1);
            counters.get(SensorCounter.CALLS_RESTORED).getAndAddRelease(ended);
            log.println("sipsensor: the saved calls in progress " + file + " cannot be used: " + loaded.damage() +
                setAside(file, counters) + (ended > 0 ? "; the " + ended + " calls still readable end at their " +
                "stop instant (end reason shutdown)" : "; no call in it could be read"));
            return ended;
        }
        final int restored = tracker.restore(loaded, resumeFromNs, windowNs);
        counters.get(SensorCounter.CALLS_RESTORED).getAndAddRelease(restored);
        if (restored > 0)
        {
            log.println("sipsensor: continuing " + restored + " calls in progress saved at " +
                Instant.ofEpochSecond(0, loaded.writtenAtNs()).truncatedTo(ChronoUnit.SECONDS) +
                "; those not seen again within " + windowNs / 1_000_000_000L + " s end at that instant " +
                "(end reason shutdown)");
        }
        return restored;
    }

    private static String setAside(final Path file, final Counters counters)
    {
        final Path aside = file.resolveSibling(file.getFileName() + ".set-aside-" + System.currentTimeMillis());
        try
        {
            AtomicFiles.move(file, aside);
            counters.get(SensorCounter.SAVED_CALLS_SET_ASIDE).incrementRelease();
            return "; set aside as " + aside;
        }
        catch (final IOException ex)
        {
            return "; it could not be set aside (" + ex.getMessage() + ")";
        }
    }
}
