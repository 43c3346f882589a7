package io.sipsensor.cli;

import io.sipsensor.central.link.AckedIndex;
import io.sipsensor.central.link.Backlog;
import io.sipsensor.status.CountersFile;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.json.JsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import io.sipsensor.spool.Spool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code sipsensor status}: the live agent's counters, read from the spool's memory-mapped counters file without
 * disturbing the agent; after it stopped, its last values.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Show whether the live agent of a spool runs, and its counters (read from <spool>/counters.dat while it " +
            "runs; the last values after it stopped): packets, kernel drops, ring full, decode drops by reason, " +
            "active calls, live channels, journal lag.",
        "Exit status: 0 running, 1 not running (the last values are shown), 2 no counters file."
    })
final class StatusCommand implements Callable<Integer>
{
    /** Shown even when zero: what an operator looks at first. */
    private static final Set<SensorCounter> HEADLINE = EnumSet.of(
        SensorCounter.PACKETS, SensorCounter.BYTES, SensorCounter.KERNEL_PACKETS, SensorCounter.KERNEL_DROPS,
        SensorCounter.KERNEL_FREEZE_QUEUE, SensorCounter.SIP_MESSAGES, SensorCounter.MALFORMED,
        SensorCounter.CALLS_ACTIVE, SensorCounter.CALLS_STARTED, SensorCounter.LEGS_COMPLETED,
        SensorCounter.LEGS_JOURNALED, SensorCounter.LEGS_LOST, SensorCounter.CALLS_LIMIT_REACHED,
        SensorCounter.JOURNAL_RING_FULL,
        SensorCounter.JOURNAL_LAG, SensorCounter.CHANNELS_ALL, SensorCounter.CHANNELS_ALL_DEDUP,
        SensorCounter.CHANNELS_ANSWERED, SensorCounter.CHANNELS_ANSWERED_DEDUP, SensorCounter.CHANNELS_LICENSE,
        SensorCounter.LICENSE_LIMIT, SensorCounter.SIP_HANDOFF_RING_FULL, SensorCounter.CHANNEL_EVENTS_DROPPED);

    @ParentCommand
    SipsensorCommand parent;

    @Mixin
    ContextOptions contextOptions = new ContextOptions();

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--all", description = "List every counter, also those at zero.")
    boolean all;

    @Override
    public Integer call()
    {
        final PrintStream out = parent.out();
        final SensorContext context = contextOptions.context(parent.err());
        if (!Files.isDirectory(context.spoolDirectory()))
        {
            parent.err().println("sipsensor: no spool at " + context.spoolDirectory());
            return Main.EXIT_USAGE;
        }
        final Spool.Usage usage = usage(new Spool(context.spoolDirectory()));
        final CountersFile.Snapshot snapshot = CountersFile.read(context.spoolDirectory());
        final Backlog backlog = backlog(context);
        if (snapshot == null)
        {
            if (usage != null && !json)
            {
                out.println(spoolLine(context.spoolDirectory(), usage));
            }
            if (backlog != null && !json)
            {
                out.println(centralLine(backlog));
            }
            if (json)
            {
                // a spool that only file runs wrote: its disk use, and a state that says no agent ran here
                final StringBuilder text = new StringBuilder(1024);
                final JsonWriter writer = new JsonWriter(text, true);
                writer.beginObject();
                writer.name("state").value("never_run");
                writeSpool(writer, context.spoolDirectory(), usage);
                writeCentral(writer, backlog);
                writer.endObject();
                out.println(text);
                out.flush();
            }
            final String damage = CountersFile.damage(context.spoolDirectory());
            parent.err().println("sipsensor: " + (damage != null ?
                "counters file " + CountersFile.path(context.spoolDirectory()) + " is damaged (" + damage +
                    "); the agent writes it anew when it starts" :
                "no counters in " + CountersFile.path(context.spoolDirectory()) +
                    ": no live agent has run on this spool"));
            return Main.EXIT_USAGE;
        }
        if (json)
        {
            final StringBuilder text = new StringBuilder(8192);
            final JsonWriter writer = new JsonWriter(text, true);
            writer.beginObject();
            writer.name("state").value(snapshot.state().name().toLowerCase());
            writer.name("pid").value(snapshot.pid());
            writer.name("started").value(Instant.ofEpochMilli(snapshot.startMs()).toString());
            writer.name("heartbeat").value(Instant.ofEpochMilli(snapshot.heartbeatMs()).toString());
            if (snapshot.stopMs() != 0)
            {
                writer.name("stopped").value(Instant.ofEpochMilli(snapshot.stopMs()).toString());
            }
            writer.name("id_sensor").value(snapshot.idSensor());
            writer.name("version").value(snapshot.version());
            writer.name("capture").value(snapshot.description());
            writeSpool(writer, context.spoolDirectory(), usage);
            writeCentral(writer, backlog);
            writer.name("counters").beginObject();
            for (final Map.Entry<String, Long> entry : snapshot.values().entrySet())
            {
                writer.name(entry.getKey()).value(entry.getValue());
            }
            writer.endObject();
            writer.endObject();
            out.println(text);
        }
        else
        {
            out.println(headline(snapshot));
            if (!snapshot.description().isEmpty())
            {
                out.println("capture: " + snapshot.description());
            }
            if (usage != null)
            {
                out.println(spoolLine(context.spoolDirectory(), usage));
            }
            if (backlog != null)
            {
                out.println(centralLine(backlog));
            }
            final String damage = journalDamage(new Spool(context.spoolDirectory()));
            if (damage != null)
            {
                out.println(damage);
            }
            final Long untracked = snapshot.values().get(SensorCounter.CALLS_LIMIT_REACHED.key());
            if (untracked != null && untracked > 0)
            {
                out.println("warning: max_calls reached: " + untracked + " call(s) not tracked, no CDR for them " +
                    "(raise max_calls)");
            }
            for (final Map.Entry<String, Long> entry : snapshot.values().entrySet())
            {
                final SensorCounter counter = counter(entry.getKey());
                if (all || entry.getValue() != 0 || (counter != null && HEADLINE.contains(counter)))
                {
                    out.printf("  %-40s %,d%n", entry.getKey(), entry.getValue());
                }
            }
        }
        out.flush();
        return snapshot.state() == CountersFile.State.RUNNING ? 0 : 1;
    }

    private static void writeSpool(final JsonWriter writer, final java.nio.file.Path root, final Spool.Usage usage)
    {
        if (usage != null)
        {
            writer.name("spool").beginObject();
            writer.name("path").value(root.toString());
            writer.name("bytes").value(usage.totalBytes());
            writer.name("journal_bytes").value(usage.journalBytes());
            writer.name("journal_days").value(usage.journalFiles());
            writer.name("free_bytes").value(usage.freeBytes());
            writer.name("disk_bytes").value(usage.totalDiskBytes());
            writer.name("journal_disk_bytes").value(usage.journalDiskBytes());
            writer.endObject();
        }
    }

    private static void writeCentral(final JsonWriter writer, final Backlog backlog)
    {
        if (backlog != null)
        {
            writer.name("central").beginObject();
            writer.name("destination").value(backlog.destination());
            writer.name("acked_index").value(backlog.ackedIndex());
            writer.name("backlog_legs").value(backlog.legs());
            if (backlog.oldestEndNs() != 0)
            {
                writer.name("backlog_oldest_end").value(Instant.ofEpochMilli(backlog.oldestEndNs() / 1_000_000)
                    .toString());
            }
            writer.endObject();
        }
    }

    private static String headline(final CountersFile.Snapshot snapshot)
    {
        final Instant started = Instant.ofEpochMilli(snapshot.startMs());
        return switch (snapshot.state())
        {
            case RUNNING -> "running: pid " + snapshot.pid() + ", sensor " + snapshot.idSensor() + ", up " +
                duration(Duration.between(started, Instant.now())) + " (since " + started + "), " +
                snapshot.version();
            case NOT_RESPONDING -> "not responding: pid " + snapshot.pid() + " is alive but its last heartbeat " +
                "was at " + Instant.ofEpochMilli(snapshot.heartbeatMs()) + "; values as of then";
            case STOPPED -> "not running: pid " + snapshot.pid() + " stopped at " +
                Instant.ofEpochMilli(snapshot.stopMs()) + " after " +
                duration(Duration.ofMillis(snapshot.stopMs() - snapshot.startMs())) + "; last values:";
            case EXITED -> "not running: pid " + snapshot.pid() + " exited without a clean stop (last heartbeat " +
                Instant.ofEpochMilli(snapshot.heartbeatMs()) + "); last values:";
        };
    }

    private Spool.Usage usage(final Spool spool)
    {
        try
        {
            return spool.usage();
        }
        catch (final IOException | RuntimeException ex)
        {
            parent.err().println("sipsensor: cannot measure the spool's disk use: " + ex.getMessage());
            return null;
        }
    }

    private Backlog backlog(final SensorContext context)
    {
        try
        {
            return Backlog.read(context.spoolDirectory(), context.link().destination());
        }
        catch (final IOException | RuntimeException ex)
        {
            parent.err().println("sipsensor: cannot read what is left to ship to the central: " + ex.getMessage());
            return null;
        }
    }

    private static String centralLine(final Backlog backlog)
    {
        final String acked = backlog.ackedIndex() == AckedIndex.NONE ? "nothing acknowledged yet" :
            "acknowledged through journal index " + backlog.ackedIndex();
        final String oldest = backlog.oldestEndNs() == 0 ? "" : ", oldest ended " +
            duration(Duration.between(Instant.ofEpochMilli(backlog.oldestEndNs() / 1_000_000), Instant.now())) +
            " ago";
        return "central: " + backlog.destination() + ": " + acked + "; backlog " +
            String.format("%,d", backlog.legs()) + " legs" + oldest;
    }

    /**
     * @return one line if the journal's newest day file is damaged, else null.
     */
    private static String journalDamage(final Spool spool)
    {
        if (!Files.isDirectory(spool.journal()))
        {
            return null;
        }
        try
        {
            final io.sipsensor.journal.JournalRepair.Report report =
                io.sipsensor.journal.JournalRepair.verifyNewest(spool.journal());
            return report.clean() ? null : "warning: journal damaged: " + report.damage().size() +
                " damaged range(s) in the newest day file, " + report.lostText() + " record(s) unreadable; " +
                "'sipsensor journal verify' says where, the next run repairs it";
        }
        catch (final RuntimeException ex)
        {
            return "warning: journal unreadable: " + ex.getMessage();
        }
    }

    private static String spoolLine(final java.nio.file.Path root, final Spool.Usage usage)
    {
        final String days = usage.journalFiles() + " day file" + (usage.journalFiles() == 1 ? "" : "s");
        if (usage.totalDiskBytes() < 0)
        {
            return "spool: " + root + ": " + megabytes(usage.totalBytes()) + " (journal " +
                megabytes(usage.journalBytes()) + " in " + days + "), " + megabytes(usage.freeBytes()) +
                " free on its file system (file sizes: day files are sparse, so less is on disk)";
        }
        return "spool: " + root + ": " + megabytes(usage.totalDiskBytes()) + " on disk (journal " +
            megabytes(usage.journalDiskBytes()) + " in " + days + "; file sizes " + megabytes(usage.totalBytes()) +
            ", day files are sparse), " + megabytes(usage.freeBytes()) + " free on its file system";
    }

    private static String megabytes(final long bytes)
    {
        return String.format("%,.1f MB", bytes / 1_000_000.0);
    }

    private static String duration(final Duration duration)
    {
        final long seconds = Math.max(0, duration.toSeconds());
        return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static SensorCounter counter(final String key)
    {
        for (final SensorCounter counter : SensorCounter.values())
        {
            if (counter.key().equals(key))
            {
                return counter;
            }
        }
        return null;
    }
}
