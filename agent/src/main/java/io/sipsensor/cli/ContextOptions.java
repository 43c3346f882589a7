package io.sipsensor.cli;

import io.sipsensor.config.ConfigFile;
import io.sipsensor.pipeline.SensorContext;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Options every command shares: where the spool is and which config file to read. The config file is applied
 * first, then the options, so the command line wins.
 */
final class ContextOptions
{
    @Option(names = "--spool", paramLabel = "DIR",
        description = "Spool folder: CDR journal, channel statistics, license state (default: ./spool, or " +
            "'spooldir' from the config file).")
    Path spool;

    @Option(names = "--config-file", paramLabel = "FILE",
        description = "Config file of 'key = value' lines (VoIPmonitor names where they exist).")
    Path configFile;

    @Option(names = "--id-sensor", paramLabel = "N", description = "Sensor id written into every CDR (0..65535).")
    Integer idSensor;

    /**
     * @param warnings where config-file warnings go.
     * @return the validated context.
     */
    SensorContext context(final PrintStream warnings)
    {
        final SensorContext context = new SensorContext();
        if (configFile != null)
        {
            ConfigFile.load(configFile, context, warnings);
        }
        if (spool != null)
        {
            context.set("spooldir", spool.toString(), "--spool");
        }
        if (idSensor != null)
        {
            context.set("id_sensor", Integer.toString(idSensor), "--id-sensor");
        }
        return context;
    }
}
