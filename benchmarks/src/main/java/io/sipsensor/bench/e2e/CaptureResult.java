package io.sipsensor.bench.e2e;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The runs on one capture and their medians.
 *
 * @param capture the capture.
 * @param agent   the agent's runs.
 * @param tshark  tshark's runs (empty without tshark).
 */
record CaptureResult(Capture capture, List<AgentRun> agent, List<Measured> tshark)
{
    double wallMs()
    {
        return Stats.median(agent, run -> run.measured().wallMs());
    }

    double readMs()
    {
        return Stats.median(agent, AgentRun::readMs);
    }

    double startMs()
    {
        return Stats.median(agent, AgentRun::startMs);
    }

    double statsMs()
    {
        return Stats.median(agent, AgentRun::statsMs);
    }

    double tsharkWallMs()
    {
        return Stats.median(tshark, Measured::wallMs);
    }

    /**
     * @return SIP messages per second of the processing phase (reading, decoding, parsing, tracking, journal
     *         hand-off).
     */
    double messagesPerSecondRead()
    {
        return capture.sipMessages() / (readMs() / 1000);
    }

    /** @return packets per second of the processing phase. */
    double packetsPerSecondRead()
    {
        return capture.packets() / (readMs() / 1000);
    }

    double maxGcPauseMs()
    {
        return Stats.max(agent, run -> run.gc().maxPauseMs());
    }

    double peakHeapMb()
    {
        return Stats.median(agent, run -> run.gc().peakHeapBytes() / 1048576.0);
    }

    double rssMb()
    {
        return Stats.median(agent, run -> run.measured().rssBytes() / 1048576.0);
    }

    void printMedians(final PrintStream out)
    {
        final double wall = wallMs();
        out.printf(Locale.ROOT, "  median: wall %.0f ms (start %.0f, read %.0f, close %.0f, stats %.0f); " +
                "load %.2f..%.2f%n", wall, startMs(), readMs(), Stats.median(agent, AgentRun::closeMs), statsMs(),
            Stats.min(agent, run -> run.measured().load1()), Stats.max(agent, run -> run.measured().load1()));
        out.printf(Locale.ROOT, "  whole run: %,.0f SIP messages/s, %,.0f packets/s, %.0f ns per packet; " +
                "processing phase: %,.0f messages/s, %,.0f packets/s, %.0f ns per packet%n",
            capture.sipMessages() / (wall / 1000), capture.packets() / (wall / 1000), wall * 1e6 / capture.packets(),
            messagesPerSecondRead(), packetsPerSecondRead(), readMs() * 1e6 / capture.packets());
        out.printf(Locale.ROOT, "  peak heap %.0f MB, RSS %.0f MB, GC pauses: longest %.2f ms over all runs; " +
            "every leg journaled (%,d) in every run%n", peakHeapMb(), rssMb(), maxGcPauseMs(), capture.legs());
        if (!tshark.isEmpty())
        {
            final double tsharkWall = tsharkWallMs();
            out.printf(Locale.ROOT, "  tshark -q -z sip,stat: %.0f ms (RSS %.0f MB)  =>  sipsensor is %.1fx faster " +
                    "(median wall time against median wall time, same session)%n", tsharkWall,
                Stats.median(tshark, run -> run.rssBytes() / 1048576.0), tsharkWall / wall);
        }
    }
}
