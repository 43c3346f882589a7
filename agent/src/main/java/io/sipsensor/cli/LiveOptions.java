package io.sipsensor.cli;

import io.sipsensor.pipeline.SensorContext;
import picocli.CommandLine.Option;

/**
 * Live capture options of the command line; each overrides the config file setting of the same meaning.
 */
final class LiveOptions
{
    @Option(names = "--filter", paramLabel = "EXPR",
        description = "BPF capture filter in tcpdump syntax (config: filter).")
    String filter;

    @Option(names = "--capture-engine", paramLabel = "ENGINE",
        description = "auto, afpacket or pcap (config: capture_engine; default auto: the AF_PACKET ring when " +
            "permitted, else libpcap).")
    String engine;

    @Option(names = "--capture-threads", paramLabel = "N",
        description = "Capture threads, 1..16 (config: capture_threads).")
    String threads;

    /**
     * @return the first live-only option given, or null.
     */
    String given()
    {
        return filter != null ? "--filter" : engine != null ? "--capture-engine" :
            threads != null ? "--capture-threads" : null;
    }

    /**
     * @param context receives the options given.
     */
    void apply(final SensorContext context)
    {
        if (filter != null)
        {
            context.set("filter", filter, "--filter");
        }
        if (engine != null)
        {
            context.set("capture_engine", engine, "--capture-engine");
        }
        if (threads != null)
        {
            context.set("capture_threads", threads, "--capture-threads");
        }
    }
}
