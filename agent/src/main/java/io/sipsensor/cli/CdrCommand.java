package io.sipsensor.cli;

import io.sipsensor.agent.SensorContext;
import io.sipsensor.agent.Spool;
import io.sipsensor.export.CdrExporter;
import io.sipsensor.export.CdrImporter;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.journal.Journal;
import io.sipsensor.license.LicenseGate;
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
    subcommands = {CdrCommand.Export.class, CdrCommand.Import.class})
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

        @Override
        public Integer call() throws IOException
        {
            final SipsensorCommand root = cdr.parent;
            final SensorContext context = contextOptions.context(root.err());
            final long fromNs = from != null ? TimeFormat.parse(from) : Long.MIN_VALUE;
            final long toNs = to != null ? TimeFormat.parse(to) : Long.MAX_VALUE;
            final Spool spool = new Spool(context.spoolDirectory());
            if (LicenseGate.check(context, "cdr export", root.err()).refused())
            {
                return Main.EXIT_LOCKED;
            }

            try (Journal journal = Journal.openExisting(spool.journal()))
            {
                if (outFile != null)
                {
                    try (Writer writer = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8))
                    {
                        final long legs = CdrExporter.export(journal, format, fromNs, toNs, writer);
                        root.err().println("sipsensor: exported " + legs + " legs to " + outFile);
                    }
                }
                else
                {
                    final Writer writer = new BufferedWriter(new OutputStreamWriter(root.out(),
                        StandardCharsets.UTF_8));
                    CdrExporter.export(journal, format, fromNs, toNs, writer);
                }
            }
            return 0;
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

        @Override
        public Integer call() throws IOException
        {
            final SipsensorCommand root = cdr.parent;
            final SensorContext context = contextOptions.context(root.err());
            if (!Files.isRegularFile(file))
            {
                throw new io.sipsensor.agent.ConfigException("cannot read " + file + ": no such file");
            }
            final CdrImporter importer = new CdrImporter(context.idSensor());
            importer.read(file, leg -> { });
            final Spool spool = new Spool(context.spoolDirectory());
            spool.prepare();
            try (Journal journal = Journal.open(spool.journal()))
            {
                final long legs = importer.importFile(file, journal);
                root.err().println("sipsensor: imported " + legs + " legs from " + file + " into " + spool.journal());
            }
            return 0;
        }
    }
}
