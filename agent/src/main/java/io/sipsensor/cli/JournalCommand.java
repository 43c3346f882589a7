package io.sipsensor.cli;

import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.spool.Spool;
import io.sipsensor.spool.SpoolLock;
import io.sipsensor.journal.JournalRepair;
import io.sipsensor.journal.JournalScanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sipsensor journal verify|repair}: check every CDR record of the journal, and copy the intact ones into a
 * clean journal.
 */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = "Check the CDR journal for damage, and repair it.",
    subcommands = {JournalCommand.Verify.class, JournalCommand.Repair.class})
final class JournalCommand
{
    @ParentCommand
    SipsensorCommand parent;

    /**
     * Prints one line per damaged range and one line saying what it costs.
     *
     * @param damage the damaged ranges.
     * @param spool  the spool.
     * @param err    where the lines go.
     * @return true if any range lost records (or an unknown number of them).
     */
    static boolean reportDamage(final List<JournalScanner.Damage> damage, final Spool spool, final PrintStream err)
    {
        long lost = 0;
        boolean unknown = false;
        for (final JournalScanner.Damage range : damage)
        {
            err.println("sipsensor: " + range.line());
            unknown |= range.records() < 0;
            lost += Math.max(0, range.records());
        }
        if (lost == 0 && !unknown)
        {
            return false;
        }
        err.println("sipsensor: the journal is damaged: " + (unknown ? "at least " : "") + lost +
            " CDR record(s) unreadable and not in this output; 'sipsensor journal repair --spool " + spool.root() +
            "' keeps every intact record; reprocess the captures of the damaged time to get the lost legs back");
        return true;
    }

    /**
     * {@code sipsensor journal verify}.
     */
    @Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Read every CDR record of the journal and check its checksum; one line per damaged range (day file, " +
                "bytes, the records around it, how many records it held). Changes nothing.",
            "Exit status 0 clean, 4 records are unreadable."
        })
    static final class Verify implements Callable<Integer>
    {
        @ParentCommand
        JournalCommand journal;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Override
        public Integer call()
        {
            final PrintStream err = journal.parent.err();
            final SensorContext context = contextOptions.context(err);
            final Spool spool = new Spool(context.spoolDirectory());
            if (!Files.isDirectory(spool.journal()))
            {
                throw new IllegalStateException("no CDR journal at " + spool.journal());
            }
            final JournalRepair.Report report = JournalRepair.verify(spool.journal());
            final boolean lost = reportDamage(report.damage(), spool, err);
            err.println("sipsensor: journal " + spool.journal() + ": " + report.records() + " intact records, " +
                report.damage().size() + " damaged range(s)");
            return lost ? Main.EXIT_LEGS_LOST : 0;
        }
    }

    /**
     * {@code sipsensor journal repair}.
     */
    @Command(
        name = "repair",
        mixinStandardHelpOptions = true,
        description = {
            "Copy every intact CDR record, each into its own day, into a fresh journal; the damaged journal is " +
                "moved to <spool>/journal-damaged-<time>/ (never deleted), purges keep applying, and the identity " +
                "index is rebuilt at the next run. Needs the spool to itself.",
            "Exit status 0 nothing lost (or nothing to repair), 4 records were unreadable and are not in the " +
                "repaired journal."
        })
    static final class Repair implements Callable<Integer>
    {
        @ParentCommand
        JournalCommand journal;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Override
        public Integer call() throws IOException
        {
            final PrintStream err = journal.parent.err();
            final SensorContext context = contextOptions.context(err);
            final Spool spool = new Spool(context.spoolDirectory());
            if (!Files.isDirectory(spool.journal()))
            {
                throw new IllegalStateException("no CDR journal at " + spool.journal());
            }
            try (SpoolLock ignored = SpoolLock.acquire(spool.root(), "journal repair"))
            {
                final JournalRepair.Report check = JournalRepair.verify(spool.journal());
                if (check.clean())
                {
                    err.println("sipsensor: journal " + spool.journal() + ": " + check.records() +
                        " intact records, no damage; nothing to repair");
                    return 0;
                }
                final JournalRepair.Report repaired = JournalRepair.repair(spool.root());
                final boolean lost = reportDamage(repaired.damage(), spool, err);
                err.println("sipsensor: journal repaired: " + repaired.records() + " intact records copied into " +
                    spool.journal() + "; the damaged journal is kept in " + repaired.movedTo());
                CdrCommand.refreshChannelStats(context, spool, err);
                return lost ? Main.EXIT_LEGS_LOST : 0;
            }
        }
    }
}
