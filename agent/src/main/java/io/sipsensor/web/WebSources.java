package io.sipsensor.web;

import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.license.LicenseEvaluator;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What the web interface reads: the spool (counters file, channel statistics, CDR journal, users) and the spool's
 * license evaluator, the same published data the command line reads. It never touches the capture pipeline.
 *
 * @param spoolRoot the spool folder.
 * @param license   makes the spool's license evaluator with the settings in force (any thread: from an immutable
 *                  snapshot of the settings, which a reload replaces).
 * @param channels  the license channel rules in force (dedup window, 487), for the peak explanations.
 * @param idSensor  this sensor's id, for {@code /healthz} and the metrics.
 */
public record WebSources(Path spoolRoot, Supplier<LicenseEvaluator> license,
    Supplier<LicenseChannelSettings> channels, int idSensor)
{
}
