package io.sipsensor.cli;

import io.sipsensor.config.ConfigException;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.json.JsonWriter;
import io.sipsensor.license.EventJournal;
import io.sipsensor.license.LicenseAlerts;
import io.sipsensor.license.LicenseEvaluator;
import io.sipsensor.license.LicenseStatus;
import io.sipsensor.license.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sipsensor license ...}: the license state of a spool.
 */
@Command(
    name = "license",
    mixinStandardHelpOptions = true,
    description = "Read the license state of the spool, install licenses and temporary increases, run the daily " +
        "check.",
    subcommands = {LicenseCommand.Status.class, LicenseInstall.class, LicenseFetch.class, LicenseCommand.Check.class,
        LicenseCommand.Events.class})
final class LicenseCommand
{
    @ParentCommand
    SipsensorCommand parent;

    static Instant instant(final String text)
    {
        final long ns = TimeFormat.parse(text);
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }

    static void requireSpool(final SensorContext context)
    {
        if (!Files.isDirectory(context.spoolDirectory()))
        {
            throw new ConfigException("no spool at " + context.spoolDirectory() + " (give --spool DIR of a sensor)");
        }
    }

    /**
     * {@code sipsensor license status}.
     */
    @Command(
        name = "status",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Show the license state: overall level, each open event with its cause, since when and the time to its " +
                "next escalation, licensed and effective limits, temporary increases, the daily peaks of the " +
                "check window, what is blocked, and this host's hardware id (to request a license).",
            "Level changes found are appended to the events journal."
        })
    static final class Status implements Callable<Integer>
    {
        @ParentCommand
        LicenseCommand license;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Option(names = "--as-of", paramLabel = "TIME",
            description = "Evaluate at TIME instead of now (2030-01-14T12:00:00Z, 2030-01-14, epoch seconds).")
        String asOf;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException
        {
            final PrintStream out = license.parent.out();
            final SensorContext context = contextOptions.context(license.parent.err());
            requireSpool(context);
            final LicenseEvaluator evaluator = context.licenseEvaluator(license.parent.err());
            final LicenseStatus status =
                evaluator.evaluate(asOf != null ? instant(asOf) : LicenseEvaluator.now(), asOf == null);
            if (json)
            {
                final StringBuilder text = new StringBuilder(4096);
                StatusReport.json(status, evaluator.hardwareId(), new JsonWriter(text, true));
                out.print(text);
            }
            else
            {
                out.print(StatusReport.text(status, evaluator.hardwareId()));
            }
            out.flush();
            return 0;
        }
    }

    /**
     * {@code sipsensor license check}.
     */
    @Command(
        name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Evaluate the license now, journal level changes, and raise the daily alert (or the alert of a level " +
                "change) if one is due (a log line, a POST to license_alert_webhook and a mail to alert_email_to " +
                "when set). Run it from cron or a systemd timer until the " +
                "live agent does it itself. Prints one line with the level."
        })
    static final class Check implements Callable<Integer>
    {
        @ParentCommand
        LicenseCommand license;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Option(names = "--as-of", paramLabel = "TIME", description = "Evaluate at TIME instead of now.")
        String asOf;

        @Option(names = "--id-sensor", paramLabel = "N",
            description = "Sensor id named in the alert (0..65535; default 'id_sensor' from the config file, else 0).")
        Integer idSensor;

        @Override
        public Integer call() throws IOException
        {
            final PrintStream err = license.parent.err();
            final SensorContext context = contextOptions.context(err, idSensor);
            requireSpool(context);
            final LicenseEvaluator evaluator = context.licenseEvaluator(err);
            final LicenseStatus status =
                evaluator.evaluate(asOf != null ? instant(asOf) : LicenseEvaluator.now(), asOf == null);
            new LicenseAlerts(context.licenseSettings().webhook(), context.alertMail(),
                context.licenseSettings().alertTimeout(), context.idSensor(), err).alertIfDue(status, evaluator.store());
            final StringBuilder line = new StringBuilder("license level ").append(status.level());
            status.events().forEach(event -> line.append("; ").append(event.type()).append(' ').append(event.level())
                .append(" day ").append(event.day()));
            license.parent.out().println(line);
            return 0;
        }
    }

    /**
     * {@code sipsensor license events}.
     */
    @Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Print the events journal: every level change of every license event, oldest first.")
    static final class Events implements Callable<Integer>
    {
        @ParentCommand
        LicenseCommand license;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Option(names = "--json", description = "One JSON object per line.")
        boolean json;

        @Override
        public Integer call()
        {
            final SensorContext context = contextOptions.context(license.parent.err());
            requireSpool(context);
            final PrintStream out = license.parent.out();
            for (final Map<String, Object> entry : EventJournal.readAll(
                context.spoolDirectory().resolve("license").resolve("events")))
            {
                if (json)
                {
                    final StringBuilder text = new StringBuilder();
                    io.sipsensor.license.CanonicalJson.write(new JsonWriter(text, false), entry);
                    out.println(text);
                }
                else
                {
                    out.println(entry.get("at") + "  " + entry.get("event") + "  " + entry.get("from") + " -> " +
                        entry.get("to") + "  (overall " + entry.get("overall") + ")  " + entry.get("cause"));
                }
            }
            out.flush();
            return 0;
        }
    }
}
