package io.sipsensor.cli;

import io.sipsensor.config.ConfigFile;
import io.sipsensor.pipeline.SensorContext;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Options every command shares: where the spool is and which config file to read ({@code --id-sensor} is not one of
 * them: it means "written into every CDR" to a capture run, "only this sensor's legs" to {@code cdr export}, and
 * nothing to the others, so each command that takes it declares it with its own help line). The config file is applied
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

    /**
     * @param warnings where config-file warnings go.
     * @return the validated context.
     */
    SensorContext context(final PrintStream warnings)
    {
        return context(warnings, null);
    }

    /**
     * @param warnings where config-file warnings go.
     * @param idSensor the command's {@code --id-sensor} where it writes CDRs (each command that has the option says
     *                 in its own help what it means there), or null.
     * @return the validated context.
     */
    SensorContext context(final PrintStream warnings, final Integer idSensor)
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
