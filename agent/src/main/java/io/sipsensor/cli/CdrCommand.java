package io.sipsensor.cli;

import io.sipsensor.agent.SensorContext;
import io.sipsensor.agent.Spool;
import io.sipsensor.export.CdrExporter;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.journal.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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
    subcommands = {CdrCommand.Export.class})
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
            "Times are ISO-8601 UTC with microseconds; absent values are empty (CSV) or null (JSON)."
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
}
