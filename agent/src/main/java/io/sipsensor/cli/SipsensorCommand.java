package io.sipsensor.cli;

import io.sipsensor.run.LiveRun;
import io.sipsensor.run.OfflineRun;
import io.sipsensor.run.Progress;
import io.sipsensor.pipeline.SensorContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sipsensor}: reads captures (files, a folder, or later live interfaces), journals every CDR leg and prints
 * the summary. Subcommands read what a run left in the spool.
 */
@Command(
    name = "sipsensor",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "SIP packet-capture sensor: turns SIP signalling into CDR legs, counts concurrent deduplicated channels " +
            "and journals every CDR to the spool.",
        "",
        "Offline: read capture files (pcap, pcap.gz) as one stream in capture-time order; the summary JSON goes " +
            "to stdout, progress to stderr.",
        "",
        "Live: capture on interfaces (-i, or 'interface' in the config file) until SIGTERM; SIGHUP reloads the " +
            "license and the reloadable settings; 'sipsensor status' shows the counters.",
        ""
    },
    footer = {
        "",
        "Examples:",
        "  Live capture on a mirror port, and the counters of the running agent:",
        "    sipsensor -i eth1 --spool /var/lib/sipsensor",
        "    sipsensor status --spool /var/lib/sipsensor",
        "  Every capture in a folder, or two files, as one stream in time order:",
        "    sipsensor --readpcapdir samples/ --spool /tmp/sp",
        "    sipsensor -r a.pcap,b.pcap.gz --spool /tmp/sp",
        "  What a spool holds: CDRs, channel counts, the busiest instant, the license:",
        "    sipsensor cdr export --spool /tmp/sp --format csv",
        "    sipsensor channels --spool /tmp/sp --svg chart.svg",
        "    sipsensor channels explain --spool /tmp/sp --peak 2026-11-22",
        "    sipsensor license status --spool /tmp/sp",
        "  A central that sensors in other datacenters ship their legs to:",
        "    sipsensor central --spool /var/lib/central --config-file central.conf",
        "",
        "Exit status: 0 done, 1 failed, 2 bad command line or configuration,",
        "3 refused by the license lock, 4 done but CDR legs were lost,",
        "5 license install refused."
    })
final class SipsensorCommand implements Callable<Integer>
{
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "-r", split = ",", paramLabel = "FILE",
        description = "Capture files to read, comma separated; processed together as one stream in time order.")
    List<Path> readFiles;

    @Option(names = "--readpcapdir", paramLabel = "DIR",
        description = "Read every capture file in DIR as one stream in time order (rotated files join up).")
    Path readPcapDir;

    @Option(names = "-i", split = ",", paramLabel = "IF",
        description = "Capture live on interfaces, comma separated, or 'any', until SIGTERM (default: 'interface' " +
            "from the config file).")
    List<String> interfaces;

    @Mixin
    ContextOptions contextOptions = new ContextOptions();

    @Option(names = "--id-sensor", paramLabel = "N",
        description = "Sensor id written into every CDR (0..65535; default 'id_sensor' from the config file, else 0).")
    Integer idSensor;

    @Mixin
    LiveOptions liveOptions = new LiveOptions();

    @Option(names = "--sipport", paramLabel = "PORTS",
        description = "Ports always decoded as SIP, e.g. 5060,5080-5090 (default 5060; SIP on other ports is " +
            "recognised by content).")
    String sipPorts;

    @Option(names = "--reprocess",
        description = "Replace the journaled legs of the input's time range (default: legs already journaled are " +
            "skipped, so running the same captures again adds nothing).")
    boolean reprocess;

    @Option(names = "--websocket-ports", paramLabel = "PORTS",
        description = "TCP ports carrying SIP over WebSocket (RFC 7118), such as 8080,5066 (default none).")
    String websocketPorts;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the summary JSON to FILE.")
    Path summaryJson;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
        description = "Progress on stderr: ${COMPLETION-CANDIDATES} (default: bar on a terminal, else a line " +
            "every 10 s).")
    Progress.Mode progressMode;

    SipsensorCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    PrintStream out()
    {
        return out;
    }

    PrintStream err()
    {
        return err;
    }

    @Override
    public Integer call()
    {
        final SensorContext context = contextOptions.context(err, idSensor);
        if (sipPorts != null)
        {
            context.set("sipport", sipPorts, "--sipport");
        }
        if (websocketPorts != null)
        {
            context.set("websocket_ports", websocketPorts, "--websocket-ports");
        }
        final boolean configuredInterfaces = !context.interfaces().isEmpty() && readFiles == null &&
            readPcapDir == null;
        final int sources = (readFiles != null ? 1 : 0) + (readPcapDir != null ? 1 : 0) +
            (interfaces != null || configuredInterfaces ? 1 : 0);
        if (sources == 0 && contextOptions.configFile != null)
        {
            // one line: the file was read and is fine otherwise, only the interface is missing
            err.println("sipsensor: " + contextOptions.configFile + " sets no 'interface': add 'interface = eth1' " +
                "(your mirror port) to it, or give -i IF, -r FILE or --readpcapdir DIR");
            return Main.EXIT_USAGE;
        }
        if (sources == 0)
        {
            spec.commandLine().usage(err);
            err.println();
            err.println("sipsensor: say what to read: -r FILE, --readpcapdir DIR or -i IF");
            return Main.EXIT_USAGE;
        }
        if (sources > 1)
        {
            err.println("sipsensor: give only one of -r, --readpcapdir and -i");
            return Main.EXIT_USAGE;
        }
        if (interfaces != null || configuredInterfaces)
        {
            if (interfaces != null)
            {
                context.set("interface", String.join(",", interfaces), "-i");
            }
            liveOptions.apply(context);
            return new LiveRun(context, contextOptions.configFile, err).run(true);
        }

        final String liveOnly = liveOptions.given();
        if (liveOnly != null)
        {
            // ignoring it would let a typo pass unseen: say it applies to live capture only
            err.println("sipsensor: " + liveOnly + " applies to live capture (-i) only, not to -r or --readpcapdir");
            return Main.EXIT_USAGE;
        }
        final boolean terminal = Boolean.getBoolean("sipsensor.stderr.tty");
        final OfflineRun run = new OfflineRun(context, out, err, new Progress(err, progressMode, terminal), reprocess);
        return run.run(readFiles, readPcapDir, summaryJson);
    }
}
