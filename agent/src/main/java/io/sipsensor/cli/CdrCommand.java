package io.sipsensor.cli;

import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.spool.Spool;
import io.sipsensor.export.CdrExporter;
import io.sipsensor.export.CdrImporter;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.spool.SpoolLock;
import io.sipsensor.channel.ChannelStatsUpdate;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.channel.StatsFile;
import io.sipsensor.channel.StatsRebuild;
import io.sipsensor.journal.Journal;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.journal.Purges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sipsensor cdr ...}: work with the CDR journal.
 */
@Command(
    name = "cdr",
    mixinStandardHelpOptions = true,
    description = "Work with the CDR journal in the spool.",
    subcommands = {CdrCommand.Export.class, CdrCommand.Purge.class, CdrCommand.Import.class})
final class CdrCommand
{
    @ParentCommand
    SipsensorCommand parent;

    /**
     * {@code sipsensor cdr export}: the journal's legs as CSV or JSON.
     */
    @Command(
        name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write the journaled CDR legs as CSV (header row, one leg per row) or JSON (an array of objects).",
            "Times are ISO-8601 UTC with microseconds; absent values are empty (CSV) or null (JSON).",
            "Refused with exit status 3 while the license is LOCKED; from MINOR a warning line comes first."
        })
    static final class Export implements Callable<Integer>
    {
        @ParentCommand
        CdrCommand cdr;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
            description = "csv or json (default csv).")
        CdrExporter.Format format;

        @Option(names = "--from", paramLabel = "TIME",
            description = "Only legs starting at or after TIME (2026-11-22T10:00:00Z, 2026-11-22, epoch seconds).")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "Only legs starting before TIME.")
        String to;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
        Path outFile;

        @Option(names = "--id-sensor", paramLabel = "N",
            description = "Only the legs journaled by sensor N (0..65535; default every sensor's).")
        Integer idSensor;

        @Override
        public Integer call() throws IOException
        {
            final SipsensorCommand root = cdr.parent;
            final SensorContext context = contextOptions.context(root.err());
            final long fromNs = from != null ? TimeFormat.parse(from) : Long.MIN_VALUE;
            final long toNs = to != null ? TimeFormat.parse(to) : Long.MAX_VALUE;
            if (idSensor != null && (idSensor < 0 || idSensor > 65535))
            {
                throw new IllegalArgumentException("--id-sensor " + idSensor + " is not a sensor id (0..65535)");
            }
            final int sensor = idSensor != null ? idSensor : CdrExporter.ANY_SENSOR;
            final Spool spool = new Spool(context.spoolDirectory());
            if (LicenseCheck.refused(context, "cdr export", root.err()))
            {
                return Main.EXIT_LOCKED;
            }

            if (!Files.isDirectory(spool.journal()))
            {
                throw new IllegalStateException("no CDR journal at " + spool.journal() +
                    " (run a capture with this --spool)");
            }
            // read from the day files themselves: damage that stops Chronicle from opening the queue is read past
            final Journal.Reader reader = Journal.reader(spool.journal(), Purges.load(spool.root()));
            if (outFile != null)
            {
                try (Writer writer = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8))
                {
                    final long legs = CdrExporter.export(reader, format, fromNs, toNs, sensor, writer);
                    root.err().println("sipsensor: exported " + Console.count(legs, "leg", "legs") + " to " +
                        outFile);
                }
            }
            else
            {
                final Writer writer = new BufferedWriter(new OutputStreamWriter(root.out(),
                    StandardCharsets.UTF_8));
                CdrExporter.export(reader, format, fromNs, toNs, sensor, writer);
            }
            return JournalCommand.reportDamage(reader.damage(), spool, root.err()) ? Main.EXIT_LEGS_LOST : 0;
        }
    }

    /**
     * {@code sipsensor cdr import}: legs from an export CSV into the journal.
     */
    @Command(
        name = "import",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Append CDR legs from a CSV file in the export format (header row naming the columns; call_id, caller, " +
                "called, start and end are required) to the spool's journal: to load a sensor's CDRs, or to build " +
                "multi-day data for license checks.",
            "The whole file is checked first: a bad row is reported with its line number and nothing is appended. " +
                "Never refused by the license."
        })
    static final class Import implements Callable<Integer>
    {
        @ParentCommand
        CdrCommand cdr;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Parameters(index = "0", paramLabel = "FILE", description = "CSV file in the cdr export format.")
        Path file;

        @Option(names = "--id-sensor", paramLabel = "N",
            description = "Sensor id for rows without an id_sensor value (0..65535; default 'id_sensor' from the " +
                "config file, else 0).")
        Integer idSensor;

        @Override
        public Integer call() throws IOException
        {
            final SipsensorCommand root = cdr.parent;
            final SensorContext context = contextOptions.context(root.err(), idSensor);
            if (!Files.isRegularFile(file))
            {
                throw new IllegalStateException("cannot read " + file + ": " +
                    (Files.exists(file) ? "not a regular file" : "no such file"));
            }
            final CdrImporter importer = new CdrImporter(context.idSensor());
            try
            {
                importer.read(file, leg -> { });
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalStateException(ex.getMessage(), ex); // unreadable input: exit 1, as the table says
            }
            final Spool spool = new Spool(context.spoolDirectory());
            spool.prepare();
            final Counters counters = new Counters();
            try (SpoolLock ignored = SpoolLock.acquire(spool.root(), "cdr import");
                JournalWriter writer = JournalWriter.open(spool.root(), context.journalSettings(), false, counters,
                    root.err()))
            {
                final long legs = importer.importFile(file, writer);
                writer.drainHeld();
                root.err().println("sipsensor: imported " + counters.value(SensorCounter.LEGS_JOURNALED) + " of " +
                    Console.count(legs, "leg", "legs") + " from " + file + " into " + spool.journal() +
                    (counters.value(SensorCounter.LEGS_DUPLICATE) > 0 ?
                    " (" + counters.value(SensorCounter.LEGS_DUPLICATE) + " already journaled)" : ""));
                refreshChannelStats(context, spool, root.err());
            }
            return 0;
        }
    }

    /**
     * {@code sipsensor cdr purge}: supersede journaled legs (all, or those starting before a time), so that they
     * can be recomputed from captures.
     */
    @Command(
        name = "purge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Remove CDR legs from what counts: all of them, or those starting before a time. Channel statistics " +
                "and the license state follow. Then recompute from captures (sipsensor --readpcapdir DIR).",
            "Nothing is changed without --yes."
        })
    static final class Purge implements Callable<Integer>
    {
        @ParentCommand
        CdrCommand cdr;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        @Option(names = "--yes", description = "Really purge.")
        boolean yes;

        static final class Which
        {
            @Option(names = "--all", required = true, description = "Every leg: the journal is deleted.")
            boolean all;

            @Option(names = "--before", required = true, paramLabel = "TIME",
                description = "Legs whose start is before TIME (2026-11-22, 2026-11-22T10:00:00Z, epoch seconds).")
            String before;
        }

        @Override
        public Integer call() throws IOException
        {
            final SipsensorCommand root = cdr.parent;
            final SensorContext context = contextOptions.context(root.err());
            final Spool spool = new Spool(context.spoolDirectory());
            final long beforeNs = which.before != null ? TimeFormat.parse(which.before) : Long.MAX_VALUE;
            if (!Files.isDirectory(spool.journal()))
            {
                throw new IllegalStateException("no CDR journal at " + spool.journal());
            }
            try (SpoolLock ignored = SpoolLock.acquire(spool.root(), "cdr purge"))
            {
                final long affected = countStartingBefore(spool, beforeNs);
                if (!yes)
                {
                    root.err().println("sipsensor: this would purge " + Console.count(affected, "leg", "legs") +
                        (which.all ? " (the whole journal)" : " starting before " + TimeFormat.iso(beforeNs)) +
                        " from " + spool.root() + "; add --yes to do it");
                    return Main.EXIT_USAGE;
                }
                if (which.all)
                {
                    deleteTree(spool.journal());
                    deleteTree(spool.root().resolve("index"));
                    Files.deleteIfExists(spool.root().resolve("journal-purges.json"));
                    Files.createDirectories(spool.journal()); // an empty journal, not a missing one
                }
                else
                {
                    Purges.record(spool.root(), new Purges.Purge(io.sipsensor.journal.PurgeRecord.BEFORE_SELF,
                        Long.MIN_VALUE, beforeNs,
                        Purges.ALL_SENSORS, "cdr purge --before " + TimeFormat.iso(beforeNs)));
                }
                root.err().println("sipsensor: purged " + Console.count(affected, "leg", "legs") + "; recompute them from captures with " +
                    "'sipsensor --readpcapdir DIR --spool " + spool.root() + "'");
                refreshChannelStats(context, spool, root.err());
            }
            return 0;
        }

        private static long countStartingBefore(final Spool spool, final long beforeNs)
        {
            long count = 0;
            try (Journal journal = Journal.openExisting(spool.journal());
                Journal.Reader reader = journal.reader())
            {
                final io.sipsensor.journal.CdrDecoder decoder = new io.sipsensor.journal.CdrDecoder();
                while (reader.next(decoder))
                {
                    if (decoder.startNs() < beforeNs)
                    {
                        count++;
                    }
                }
            }
            return count;
        }

        private static void deleteTree(final Path root) throws IOException
        {
            if (!Files.exists(root))
            {
                return;
            }
            try (java.util.stream.Stream<Path> paths = Files.walk(root))
            {
                for (final Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList())
                {
                    Files.delete(path);
                }
            }
        }
    }

    /**
     * Recomputes the spool's Concurrent Calls Stats from the journal after it changed outside a capture run.
     */
    static void refreshChannelStats(final SensorContext context, final Spool spool, final java.io.PrintStream err)
    {
        try
        {
            ChannelStatsUpdate.rebuild(spool, context.licenseChannelSettings(),
                ChannelStatsUpdate.MissingJournal.EMPTY);
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("sipsensor: channel statistics not updated (" + ex.getMessage() +
                "); run 'sipsensor channels rebuild'");
        }
    }
}
