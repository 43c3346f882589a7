package io.sipsensor.run;

import io.sipsensor.central.LinkConfig;
import io.sipsensor.central.link.CentralServer;
import io.sipsensor.config.ConfigException;
import io.sipsensor.kafka.KafkaCentral;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.spool.Spool;
import io.sipsensor.spool.SpoolLock;
import io.sipsensor.status.Counters;
import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code sipsensor central}: receives the legs its sensors ship and journals them in its own spool (each CDR keeps
 * its sensor id), until SIGTERM or SIGINT. Holds the spool lock and a counters file ({@code sipsensor status} shows
 * the link counters: sessions, legs received, refusals by reason, and the group's live channels). The central owns
 * the group's license: it counts channels over every sensor's legs (live, hourly, daily peaks, with the cross-sensor
 * dedup of license channels), evaluates the license over them once a minute, and its spool answers
 * {@code cdr export}, {@code channels}, {@code channels explain} and {@code license status} for the whole group.
 */
public final class CentralRun
{
    /** How often the group's license is evaluated while the central runs. */
    private static final long LICENSE_INTERVAL_NS = TimeUnit.MINUTES.toNanos(1);

    private final SensorContext context;
    private final PrintStream err;
    private final boolean fromKafka;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile int port = -1;
    private String sensorsProblem;

    /**
     * @param context validated settings (spool, central_listen, central_keystore, server_password).
     * @param err     where one-line reports go.
     */
    public CentralRun(final SensorContext context, final PrintStream err)
    {
        this(context, err, false);
    }

    /**
     * @param context   validated settings.
     * @param err       where one-line reports go.
     * @param fromKafka true to read the legs from Kafka ({@code kafka_bootstrap}, {@code kafka_topic},
     *                  {@code kafka_group_id}) instead of listening for sensors.
     */
    public CentralRun(final SensorContext context, final PrintStream err, final boolean fromKafka)
    {
        this.context = context;
        this.err = err;
        this.fromKafka = fromKafka;
    }

    /** Asks a running {@link #run} to stop as on SIGTERM. Any thread. */
    public void requestStop()
    {
        stop.countDown();
    }

    /** @return the port listened on once running, else -1. Any thread. */
    public int port()
    {
        return port;
    }

    /**
     * Serves sensors until a stop is requested.
     *
     * @param installSignals true to handle SIGTERM and SIGINT (the command line).
     * @return exit status: 0 stopped on request, 1 the journal thread ended by itself.
     * @throws ConfigException with one line when the central cannot start.
     */
    public int run(final boolean installSignals)
    {
        final LinkConfig.CentralSettings settings = fromKafka ? null : context.link().centralSettings();
        if (fromKafka)
        {
            context.kafka().consumerProperties(); // an incomplete setting fails before the spool is touched
        }
        final Spool spool = new Spool(context.spoolDirectory());
        spool.prepare();
        try (SpoolLock ignored = SpoolLock.acquire(spool.root(), "a central"))
        {
            final CountersFile countersFile =
                CountersFile.create(spool.root(), context.idSensor(), "sipsensor central");
            try
            {
                return fromKafka ? serveKafka(spool, countersFile, installSignals) :
                    serve(settings, spool, countersFile, installSignals);
            }
            finally
            {
                countersFile.markStopped();
                countersFile.close();
            }
        }
    }

    /** @return true if the group's sensor conditions changed; a file that cannot be written is said once. */
    private boolean refreshSensors(final CentralServer server)
    {
        try
        {
            final boolean changed = server.refreshSensors();
            sensorsProblem = null;
            return changed;
        }
        catch (final IOException ex)
        {
            if (!String.valueOf(ex.getMessage()).equals(sensorsProblem))
            {
                sensorsProblem = String.valueOf(ex.getMessage());
                err.println("sipsensor central: the sensors file cannot be written: " + sensorsProblem + " (retrying)");
            }
            return false;
        }
    }

    private int serveKafka(final Spool spool, final CountersFile countersFile, final boolean installSignals)
    {
        final Counters counters = countersFile.counters();
        boolean failed = false;
        try (KafkaCentral central = KafkaCentral.start(context.kafka(), spool.root(), context.journalSettings(),
            context.licenseChannelSettings(), counters, err))
        {
            countersFile.description("central reading kafka " + context.kafka().topic());
            if (installSignals)
            {
                Signals.install(this::requestStop, () -> { }, err);
            }
            err.println("sipsensor central: reading kafka topic " + context.kafka().topic() + " from " +
                context.kafka().bootstrap() + "; spool " + spool.root() + "; SIGTERM stops");
            while (!stop.await(200, TimeUnit.MILLISECONDS))
            {
                countersFile.heartbeat();
                central.refreshStats();
                if (!central.alive())
                {
                    err.println("sipsensor central: the journal thread or the kafka reader ended unexpectedly; " +
                        "stopping (exit status 1)");
                    failed = true;
                    break;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new ConfigException("the central's journal in " + spool.journal() + " cannot be opened: " +
                ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        err.println("sipsensor central: stopped: " + counters.total(SensorCounter.KAFKA_LEGS_CONSUMED) +
            " legs read from kafka, " + counters.total(SensorCounter.LEGS_JOURNALED) + " journaled, " +
            counters.total(SensorCounter.LEGS_DUPLICATE) + " already there, " +
            counters.total(SensorCounter.KAFKA_POISON_RECORDS) + " poison records skipped");
        return failed ? 1 : 0;
    }

    private int serve(final LinkConfig.CentralSettings settings, final Spool spool, final CountersFile countersFile,
        final boolean installSignals)
    {
        final Counters counters = countersFile.counters();
        boolean failed = false;
        try (CentralServer server = CentralServer.start(settings, spool.root(), context.journalSettings(),
            context.licenseChannelSettings(), counters, err))
        {
            final LicenseGauge license = new LicenseGauge(context, counters, err);
            long nextLicenseNs = System.nanoTime();
            port = server.port();
            countersFile.description("central on " + settings.host() + ":" + server.port());
            if (installSignals)
            {
                Signals.install(this::requestStop, () -> { }, err);
            }
            err.println("sipsensor central: listening on " + settings.host() + ":" + server.port() + " (TLS 1.3); " +
                "spool " + spool.root() + "; SIGTERM stops");
            while (!stop.await(200, TimeUnit.MILLISECONDS))
            {
                countersFile.heartbeat();
                server.refreshStats();
                if (refreshSensors(server) || System.nanoTime() - nextLicenseNs >= 0)
                {
                    // the group's license: over every sensor's legs in this spool
                    nextLicenseNs = System.nanoTime() + LICENSE_INTERVAL_NS;
                    license.evaluate();
                }
                if (!server.journalThread().isAlive())
                {
                    err.println("sipsensor central: the journal thread ended unexpectedly; stopping (exit status 1)");
                    failed = true;
                    break;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new ConfigException("the central's journal in " + spool.journal() + " cannot be opened: " +
                ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        err.println("sipsensor central: stopped: " + counters.total(SensorCounter.LINK_LEGS_RECEIVED) +
            " legs received, " + counters.total(SensorCounter.LEGS_JOURNALED) + " journaled, " +
            counters.total(SensorCounter.LEGS_DUPLICATE) + " already there");
        return failed ? 1 : 0;
    }
}
