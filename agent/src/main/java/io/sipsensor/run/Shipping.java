package io.sipsensor.run;

import io.sipsensor.central.LinkConfig;
import io.sipsensor.central.link.CentralSender;
import io.sipsensor.config.ConfigException;
import io.sipsensor.journal.Journal;
import io.sipsensor.kafka.KafkaSender;
import io.sipsensor.license.HardwareId;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.status.Counters;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * A sensor run's shipping of its journal: to its central ({@code server_destination}, a {@link CentralSender}) and
 * to Kafka ({@code cdr_sink = kafka}, a {@link KafkaSender}), each beside the run from its own acknowledged index;
 * at the end of a run over files it waits a bounded time for each to have everything journaled acknowledged.
 */
final class Shipping implements AutoCloseable
{
    /** At the end of a run over files: how long to wait for the central's acknowledgements. */
    static final long DRAIN_WAIT_NS = TimeUnit.SECONDS.toNanos(Long.getLong("sipsensor.central.drainWaitS", 120));

    private final CentralSender central;
    private final KafkaSender kafka;

    private Shipping(final CentralSender central, final KafkaSender kafka)
    {
        this.central = central;
        this.kafka = kafka;
    }

    /**
     * Checks the shipping settings before any work.
     *
     * @param context the run's settings.
     * @throws ConfigException with one line when a destination is configured incompletely.
     */
    static void check(final SensorContext context)
    {
        context.link().senderSettings();
        if (context.kafka().sink())
        {
            context.kafka().producerProperties();
        }
    }

    /**
     * @param context  the run's settings.
     * @param counters a counter set for the sender threads.
     * @param err      where one-line reports go.
     * @return the running senders (none when neither is configured).
     * @throws ConfigException with one line when the settings are incomplete or the files unusable.
     */
    static Shipping start(final SensorContext context, final Counters counters, final PrintStream err)
    {
        return prepare(context, counters, err).begin(err);
    }

    /**
     * Makes the senders without starting them: a live run hands the central sender's legs-in-progress ring to the
     * pipeline first ({@link #legEvents()}), then calls {@link #begin}.
     *
     * @param context  the run's settings.
     * @param counters a counter set for the sender threads.
     * @param err      where one-line reports go.
     * @return the senders, not started (none when neither is configured).
     * @throws ConfigException with one line when the settings are incomplete or the files unusable.
     */
    static Shipping prepare(final SensorContext context, final Counters counters, final PrintStream err)
    {
        final LinkConfig.SenderSettings settings = context.link().senderSettings();
        CentralSender central = null;
        try
        {
            if (settings != null)
            {
                central = new CentralSender(settings, context.spoolDirectory(), context.idSensor(),
                    HardwareId.local().value(), counters, err);
            }
        }
        catch (final IOException ex)
        {
            throw new ConfigException("the acknowledged index in " + context.spoolDirectory() + "/central cannot be " +
                "read: " + ex.getMessage());
        }
        KafkaSender kafka = null;
        try
        {
            if (context.kafka().sink())
            {
                kafka = new KafkaSender(context.kafka(), context.spoolDirectory(), counters, err);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            if (central != null)
            {
                central.close();
            }
            if (ex instanceof ConfigException config)
            {
                throw config;
            }
            throw new ConfigException("the acknowledged index in " + context.spoolDirectory() + "/kafka cannot be " +
                "read: " + ex.getMessage());
        }
        return new Shipping(central, kafka);
    }

    /**
     * @return the central sender's legs-in-progress publisher, or null without a central.
     */
    io.sipsensor.central.LegEvents legEvents()
    {
        return central == null ? null : central.legEvents();
    }

    /**
     * Starts the prepared senders, each with one line.
     *
     * @param err where the lines go.
     * @return this.
     */
    Shipping begin(final PrintStream err)
    {
        if (central != null)
        {
            central.start();
            err.println("sipsensor: shipping journaled legs to the central " + central.destination() +
                " from journal index " + central.acked());
        }
        if (kafka != null)
        {
            kafka.start();
            err.println("sipsensor: producing journaled legs to kafka " + kafka.destination() + " from journal " +
                "index " + kafka.acked());
        }
        return this;
    }

    /**
     * Waits (bounded) until the central and Kafka acknowledged the whole journal, then stops the senders.
     *
     * @param context the run's settings.
     * @param err     where one-line reports go.
     */
    void drainAndStop(final SensorContext context, final PrintStream err)
    {
        if (central == null && kafka == null)
        {
            return;
        }
        final long last;
        try (Journal journal = Journal.open(context.spoolDirectory().resolve("journal")))
        {
            last = journal.lastIndex();
        }
        final long deadline = System.nanoTime() + DRAIN_WAIT_NS;
        if (central != null)
        {
            if (central.acked() < last)
            {
                err.println("sipsensor: waiting up to " + TimeUnit.NANOSECONDS.toSeconds(DRAIN_WAIT_NS) + " s for " +
                    "the central to acknowledge the journal up to index " + last);
            }
            if (!central.awaitAcked(last, deadline))
            {
                err.println("sipsensor: the central has not acknowledged every journaled leg yet; the rest stays " +
                    "in the spool and is shipped by the next run on it");
            }
        }
        if (kafka != null)
        {
            if (kafka.acked() < last)
            {
                err.println("sipsensor: waiting up to " + TimeUnit.NANOSECONDS.toSeconds(DRAIN_WAIT_NS) + " s for " +
                    "kafka to acknowledge the journal up to index " + last);
            }
            if (!kafka.awaitAcked(last, deadline))
            {
                err.println("sipsensor: kafka has not acknowledged every journaled leg yet; the rest stays in the " +
                    "spool and is produced by the next run on it");
            }
        }
        close();
    }

    @Override
    public void close()
    {
        if (central != null)
        {
            central.close();
        }
        if (kafka != null)
        {
            kafka.close();
        }
    }
}
