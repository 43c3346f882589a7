package io.sipsensor.run;

import io.sipsensor.capture.live.InterfaceWatch;
import io.sipsensor.capture.live.LiveCapture;
import io.sipsensor.capture.live.LiveCaptureSettings;
import io.sipsensor.config.ConfigException;
import io.sipsensor.pipeline.LivePipeline;
import io.sipsensor.pipeline.PipelineBuilder;
import io.sipsensor.pipeline.RecoveryReport;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.spool.Spool;
import io.sipsensor.spool.SpoolLock;
import io.sipsensor.status.Counters;
import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.web.WebServer;
import org.agrona.concurrent.AgentRunner;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Live capture until SIGTERM or SIGINT: the agent's main deployment. The threads are assembled by the
 * {@link PipelineBuilder} (see {@link LivePipeline}); this class holds the run's life: the spool lock, the counters
 * file and its heartbeat, signals, reloads ({@link ConfigReload}) and the license gauge, on the main thread.
 * <p>
 * Stop: the capture threads take what the kernel holds and stop; the call path saves every call in progress to the
 * spool for the next start (docs/restart.md) and closes what else is open as at the end of a file, journaling it
 * waiting for ring space; the channel and journal threads drain their rings; the hours this run touched are
 * recomputed exactly from the journal and the saved calls; the counters file is marked stopped. Exit status 0.
 */
public final class LiveRun
{
    private final SensorContext context;
    private final Path configFile;
    private final java.io.PrintStream err;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicBoolean reload = new AtomicBoolean();

    /**
     * @param context    validated settings, with the interfaces set.
     * @param configFile the config file to re-read on SIGHUP, or null.
     * @param err        where the one-line notes and problems go.
     */
    public LiveRun(final SensorContext context, final Path configFile, final java.io.PrintStream err)
    {
        this.context = context;
        this.configFile = configFile;
        this.err = err;
    }

    /**
     * Asks a running {@link #run} to stop as on SIGTERM (tests, embedding). Any thread.
     */
    public void requestStop()
    {
        stop.countDown();
    }

    /**
     * Asks a running {@link #run} to reload as on SIGHUP. Any thread.
     */
    public void requestReload()
    {
        reload.set(true);
    }

    /**
     * Captures until a stop is requested.
     *
     * @param installSignals true to handle SIGTERM, SIGINT and SIGHUP (the command line), false when embedded.
     * @return exit status: 0 stopped on request, 1 a worker thread ended by itself, 4 legs were lost.
     * @throws ConfigException or {@link io.sipsensor.capture.live.CaptureOpenException} with one line when capture
     *                         cannot start.
     */
    public int run(final boolean installSignals)
    {
        final LiveCaptureSettings captureSettings = context.liveCaptureSettings();
        if (captureSettings.interfaces().isEmpty())
        {
            throw new ConfigException("no interface to capture on: give -i IF or 'interface' in the config file");
        }
        LiveCapture.checkInterfacesExist(captureSettings.interfaces());
        Shipping.check(context); // an incomplete server_destination or cdr_sink fails before capture starts
        final Spool spool = new Spool(context.spoolDirectory());
        spool.prepare();
        try (SpoolLock ignored = SpoolLock.acquire(spool.root(), "live capture"))
        {
            final CountersFile countersFile = CountersFile.create(spool.root(), context.idSensor(), version());
            try
            {
                return capture(spool, countersFile, captureSettings, installSignals);
            }
            finally
            {
                countersFile.markStopped();
                countersFile.close();
            }
        }
    }

    private int capture(final Spool spool, final CountersFile countersFile, final LiveCaptureSettings captureSettings,
        final boolean installSignals)
    {
        final Counters counters = countersFile.counters();
        final Counters mainCounters = counters.shard();
        final boolean failed;
        final long damagedRecords;
        try (Shipping shipping = Shipping.prepare(context, counters.shard(), err);
            LivePipeline pipeline = new PipelineBuilder(context, counters, err)
                .legEvents(shipping.legEvents())
                .onJournalOpen(recovery -> RecoveryReport.print(err, spool, recovery, false))
                .live(captureSettings, line -> err.println("sipsensor: " + line)))
        {
            shipping.begin(err);
            damagedRecords = pipeline.damagedRecords();
            final ConfigReload reloader = new ConfigReload(context, configFile, captureSettings.filter(),
                pipeline::post, mainCounters, err);
            reloader.evaluateLicense();
            if (installSignals)
            {
                Signals.install(this::requestStop, this::requestReload, err);
            }
            // Published last: a status that shows the capture means SIGHUP and SIGTERM are handled (a SIGHUP before
            // the handler is installed ends the JVM).
            countersFile.description(pipeline.description());
            err.println("sipsensor: capturing with " + pipeline.description() + "; spool " + spool.root() +
                "; Ctrl-C or SIGTERM stops, SIGHUP reloads");
            final InterfaceWatch interfaces = new InterfaceWatch(Path.of("/sys/class/net"),
                captureSettings.interfaces(), line -> err.println("sipsensor: " + line));
            final boolean[] callsLimitSaid = {false};
            // The web interface reads the counters file, the stats file and the journal on its own threads.
            try (WebServer ignored = WebRun.startBeside(context, err))
            {
                failed = !waitForStop(countersFile, pipeline.workers(), reloader, () ->
                {
                    interfaces.poll();
                    mainCounters.get(SensorCounter.INTERFACES_DOWN).setRelease(interfaces.down());
                    mainCounters.get(SensorCounter.INTERFACE_DOWN_EVENTS).setRelease(interfaces.downEvents());
                    // said once, when the limit is first hit; the counter goes on counting
                    callsLimitSaid[0] = callsLimitSaid[0] || RunOutcome.callsLimitLine(err,
                        counters.total(SensorCounter.CALLS_LIMIT_REACHED), context.callTrackerSettings().maxCalls());
                });
            }
        }
        RunOutcome.stopLine(err, counters);
        return failed ? 1 : RunOutcome.legsLost(err, counters.total(SensorCounter.LEGS_LOST), damagedRecords);
    }

    /**
     * @return true when stopped on request, false when a worker thread ended by itself (the run fails, so a service
     * manager restarts it).
     */
    private boolean waitForStop(final CountersFile countersFile, final List<AgentRunner> workers,
        final ConfigReload reloader, final Runnable watchInterfaces)
    {
        watchInterfaces.run();
        while (true)
        {
            try
            {
                if (stop.await(200, TimeUnit.MILLISECONDS))
                {
                    return true;
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return true;
            }
            countersFile.heartbeat();
            watchInterfaces.run();
            for (final AgentRunner worker : workers)
            {
                final Thread thread = worker.thread();
                if (thread != null && !thread.isAlive())
                {
                    err.println("sipsensor: the " + worker.agent().roleName() + " thread ended unexpectedly; " +
                        "stopping (exit status 1)");
                    return false;
                }
            }
            if (reload.getAndSet(false))
            {
                reloader.reload();
            }
        }
    }

    private static String version()
    {
        final String version = LiveRun.class.getPackage().getImplementationVersion();
        return "sipsensor " + (version != null ? version : "development");
    }
}
