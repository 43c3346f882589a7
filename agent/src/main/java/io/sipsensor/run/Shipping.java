package io.sipsensor.run;

import io.sipsensor.central.LinkConfig;
import io.sipsensor.central.link.CentralSender;
import io.sipsensor.config.ConfigException;
import io.sipsensor.journal.Journal;
import io.sipsensor.license.HardwareId;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.status.Counters;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * A sensor run's shipping to its central ({@code server_destination}): starts the {@link CentralSender} beside the
 * run, and at the end of a run over files waits a bounded time for the central to acknowledge everything journaled.
 */
final class Shipping
{
    /** At the end of a run over files: how long to wait for the central's acknowledgements. */
    static final long DRAIN_WAIT_NS = TimeUnit.SECONDS.toNanos(Long.getLong("sipsensor.central.drainWaitS", 120));

    private Shipping()
    {
    }

    /**
     * @param context  the run's settings.
     * @param counters a counter set for the sender thread.
     * @param err      where one-line reports go.
     * @return the running sender, or null when no central is configured.
     * @throws ConfigException with one line when the settings are incomplete or the files unusable.
     */
    static CentralSender start(final SensorContext context, final Counters counters, final PrintStream err)
    {
        return begin(prepare(context, counters, err), err);
    }

    /**
     * Makes the sender without starting it: a live run hands its legs-in-progress ring to the pipeline first.
     *
     * @param context  the run's settings.
     * @param counters a counter set for the sender thread.
     * @param err      where one-line reports go.
     * @return the sender, not started, or null when no central is configured.
     * @throws ConfigException with one line when the settings are incomplete or the files unusable.
     */
    static CentralSender prepare(final SensorContext context, final Counters counters, final PrintStream err)
    {
        final LinkConfig.SenderSettings settings = context.link().senderSettings();
        if (settings == null)
        {
            return null;
        }
        try
        {
            return new CentralSender(settings, context.spoolDirectory(), context.idSensor(),
                HardwareId.local().value(), counters, err);
        }
        catch (final IOException ex)
        {
            throw new ConfigException("the acknowledged index in " + context.spoolDirectory() + "/central cannot be " +
                "read: " + ex.getMessage());
        }
    }

    /**
     * @param sender a prepared sender, or null.
     * @param err    where the line goes.
     * @return the sender, started.
     */
    static CentralSender begin(final CentralSender sender, final PrintStream err)
    {
        if (sender != null)
        {
            sender.start();
            err.println("sipsensor: shipping journaled legs to the central " + sender.destination() +
                " from journal index " + sender.acked());
        }
        return sender;
    }

    /**
     * Waits (bounded) until the central acknowledged the whole journal, then stops the sender.
     *
     * @param sender  the sender, or null.
     * @param context the run's settings.
     * @param err     where one-line reports go.
     */
    static void drainAndStop(final CentralSender sender, final SensorContext context, final PrintStream err)
    {
        if (sender == null)
        {
            return;
        }
        final long last;
        try (Journal journal = Journal.open(context.spoolDirectory().resolve("journal")))
        {
            last = journal.lastIndex();
        }
        if (sender.acked() < last)
        {
            err.println("sipsensor: waiting up to " + TimeUnit.NANOSECONDS.toSeconds(DRAIN_WAIT_NS) + " s for the " +
                "central to acknowledge the journal up to index " + last);
        }
        if (!sender.awaitAcked(last, System.nanoTime() + DRAIN_WAIT_NS))
        {
            err.println("sipsensor: the central has not acknowledged every journaled leg yet; the rest stays in " +
                "the spool and is shipped by the next run on it");
        }
        sender.close();
    }
}
