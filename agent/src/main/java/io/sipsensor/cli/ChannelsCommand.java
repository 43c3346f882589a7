package io.sipsensor.cli;

import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.spool.Spool;
import io.sipsensor.channel.ChannelExplainer;
import io.sipsensor.channel.ChannelReport;
import io.sipsensor.channel.ChannelStatsUpdate;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.channel.StatsFile;
import io.sipsensor.channel.StatsRebuild;
import io.sipsensor.export.ChannelChartSvg;
import io.sipsensor.export.ChannelStatsReport;
import io.sipsensor.export.ExplanationReport;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.journal.Journal;
import io.sipsensor.license.LicenseEvaluator;
import io.sipsensor.license.LicenseGate;
import io.sipsensor.license.LicenseStatus;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sipsensor channels}: Concurrent Calls Stats from the spool, their rebuild from the journal, and the
 * explanation of a count.
 */
@Command(
    name = "channels",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Concurrent Calls Stats: per UTC hour the max and mean concurrent license channels (and the max of all, " +
            "deduplicated, answered legs), per UTC day the license peak.",
        "Kept in the spool for 14 days (hours) and 21 days (daily peaks, the license check's input)."
    },
    subcommands = {ChannelsCommand.Rebuild.class, ChannelsCommand.Explain.class})
final class ChannelsCommand implements Callable<Integer>
{
    @ParentCommand
    SipsensorCommand parent;

    @Mixin
    ContextOptions contextOptions = new ContextOptions();

    @Option(names = "--days", paramLabel = "N", defaultValue = "14",
        description = "Show the last N days of hours (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
        description = "table (with a bar chart), csv or json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--svg", paramLabel = "FILE", description = "Also write the chart as an SVG file.")
    Path svg;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
        description = "Draw a license limit of N channels (default: the installed license's effective limit).")
    long limit;

    @Override
    public Integer call() throws IOException
    {
        if (days < 1 || days > 3650)
        {
            throw new IllegalArgumentException("--days must be 1..3650");
        }
        if (!List.of("table", "csv", "json").contains(format))
        {
            throw new IllegalArgumentException("--format must be table, csv or json, not '" + format + "'");
        }
        if (limit < 0)
        {
            throw new IllegalArgumentException("--limit " + limit + ": give a number of channels, 0 or more");
        }
        final SensorContext context = contextOptions.context(parent.err());
        final ConcurrentCallsStats stats = load(context);
        final boolean atCentral = LicenseCheck.licensedAtCentral(context, "channels", parent.err());
        final LicenseStatus license = atCentral ? null : context.licenseEvaluator(parent.err())
            .evaluate(LicenseEvaluator.now(), true);
        if (license != null && LicenseGate.decide(license, "channels", parent.err()).refused())
        {
            return Main.EXIT_LOCKED;
        }
        if (limit == 0 && license != null && license.license() != null)
        {
            limit = license.effectiveLimit();
        }
        final List<ChannelReport.HourRow> rows = new ArrayList<>();
        if (!stats.hours().isEmpty())
        {
            rows.addAll(stats.hours().tailMap(stats.hours().lastKey() - days * 24L + 1, true).values());
        }
        switch (format)
        {
            case "csv" -> ChannelStatsReport.csv(parent.out(), rows);
            case "json" -> ChannelStatsReport.json(parent.out(), stats, rows, limit);
            default -> ChannelStatsReport.table(parent.out(), stats, rows, limit);
        }
        parent.out().flush();
        if (svg != null)
        {
            Files.writeString(svg, ChannelChartSvg.render(rows, limit), StandardCharsets.UTF_8);
            parent.err().println("sipsensor: chart written to " + svg);
        }
        return 0;
    }

    static ConcurrentCallsStats load(final SensorContext context) throws IOException
    {
        final Spool spool = new Spool(context.spoolDirectory());
        if (!Files.isDirectory(spool.root()))
        {
            throw new IllegalStateException("no spool at " + spool.root() + " (give --spool DIR)");
        }
        return ChannelStatsUpdate.load(spool);
    }

    /**
     * {@code sipsensor channels rebuild}: recompute every hour from the CDR journal.
     */
    @Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Recompute Concurrent Calls Stats from the CDR journal (after a purge, a crash, or legs that " +
            "arrived too late for the live tracker).")
    static final class Rebuild implements Callable<Integer>
    {
        @ParentCommand
        ChannelsCommand channels;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @Override
        public Integer call() throws IOException
        {
            final SensorContext context = contextOptions.context(channels.parent.err());
            final Spool spool = new Spool(context.spoolDirectory());
            // no journal is an error here, not empty stats
            final ConcurrentCallsStats stats = ChannelStatsUpdate.rebuild(spool, context.licenseChannelSettings(),
                ChannelStatsUpdate.MissingJournal.ERROR);
            channels.parent.err().println("sipsensor: rebuilt " + Console.count(stats.hours().size(), "hour", "hours") +
                " and " + Console.count(stats.days().size(), "daily peak", "daily peaks") + " from the journal into " +
                spool.channelStats());
            return 0;
        }
    }

    /**
     * {@code sipsensor channels explain}: the license channels at an instant and the legs in each.
     */
    @Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the license channels active at an instant (or at a day's peak), with the legs merged " +
            "into each and why: what to send when disputing a count.")
    static final class Explain implements Callable<Integer>
    {
        @ParentCommand
        ChannelsCommand channels;

        @Mixin
        ContextOptions contextOptions = new ContextOptions();

        @ArgGroup(exclusive = true, multiplicity = "1")
        When when;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        static final class When
        {
            @Option(names = "--at", paramLabel = "TIME", required = true,
                description = "The instant (2026-11-22T10:15:30Z, epoch seconds, ...).")
            String at;

            @Option(names = "--peak", paramLabel = "DAY", required = true,
                description = "The UTC day (2026-11-22) whose license peak instant to explain.")
            String peak;
        }

        @Override
        public Integer call() throws IOException
        {
            final SensorContext context = contextOptions.context(channels.parent.err());
            final Spool spool = new Spool(context.spoolDirectory());
            final java.io.PrintStream err = channels.parent.err();
            if (LicenseCheck.refused(context, "channels explain", err))
            {
                return Main.EXIT_LOCKED;
            }
            final long atNs;
            if (when.at != null)
            {
                atNs = TimeFormat.parse(when.at);
            }
            else
            {
                atNs = peakInstant(context, spool, when.peak);
                channels.parent.err().println("sipsensor: the license peak of " + when.peak + " was at " +
                    TimeFormat.iso(atNs));
            }
            try (Journal journal = Journal.openExisting(spool.journal()))
            {
                final ChannelExplainer.Explanation explanation =
                    ChannelExplainer.at(journal, atNs, context.licenseChannelSettings());
                if (json)
                {
                    ExplanationReport.json(channels.parent.out(), explanation);
                }
                else
                {
                    ExplanationReport.text(channels.parent.out(), explanation);
                }
            }
            channels.parent.out().flush();
            return 0;
        }

        private static long peakInstant(final SensorContext context, final Spool spool, final String day)
            throws IOException
        {
            final long epochDay;
            try
            {
                epochDay = LocalDate.parse(day).toEpochDay();
            }
            catch (final DateTimeParseException ex)
            {
                throw new IllegalArgumentException("--peak takes a UTC day like 2026-11-22, not '" + day + "'");
            }
            final ConcurrentCallsStats stats = load(context);
            ConcurrentCallsStats.DayPeak peak = stats.days().get(epochDay);
            if (peak == null)
            {
                try (Journal journal = Journal.openExisting(spool.journal()))
                {
                    final ConcurrentCallsStats fresh = new ConcurrentCallsStats(36500, 36500);
                    fresh.upsert(StatsRebuild.recompute(journal, epochDay * 24, epochDay * 24 + 23,
                        context.licenseChannelSettings()));
                    peak = fresh.days().get(epochDay);
                }
            }
            if (peak == null || peak.atNs() == Long.MIN_VALUE)
            {
                throw new IllegalStateException("no license channels on " + day + " in " + spool.root());
            }
            return peak.atNs();
        }
    }
}
