package io.sipsensor.run;

import io.sipsensor.capture.live.LiveCapture;
import io.sipsensor.config.ConfigFile;
import io.sipsensor.config.Setting;
import io.sipsensor.pipeline.Configuration;
import io.sipsensor.pipeline.LiveReload;
import io.sipsensor.pipeline.SensorContext;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * SIGHUP for a live run, on the main thread: re-reads the config file (if any) into a fresh context, applies the
 * reloadable settings to the run's context and posts them to the duty cycles, names the changed settings that need
 * a restart, then re-evaluates the license (its files are read on every evaluation, so a newly installed license
 * counts from here). A config file with a bad value is reported and changes nothing. Values given on the command
 * line win over the file, also on reload.
 */
final class ConfigReload
{
    private final SensorContext context;
    private final Path configFile;
    private final Consumer<LiveReload> post;
    private final Counters counters;
    private final PrintStream err;
    private final LicenseGauge licenseGauge;
    private String filter;

    /**
     * @param context    the run's settings; reloadable values are updated in place (main thread only).
     * @param configFile the config file, or null.
     * @param filter     the capture filter in force.
     * @param post       hands reloaded settings to the duty cycles.
     * @param counters   the main thread's counters.
     * @param err        where the lines go.
     */
    ConfigReload(final SensorContext context, final Path configFile, final String filter,
        final Consumer<LiveReload> post, final Counters counters, final PrintStream err)
    {
        this.context = context;
        this.configFile = configFile;
        this.filter = filter;
        this.post = post;
        this.counters = counters;
        this.err = err;
        this.licenseGauge = new LicenseGauge(context, counters, err);
    }

    /**
     * Reloads as on SIGHUP.
     */
    void reload()
    {
        counters.get(SensorCounter.RELOADS).incrementRelease();
        if (configFile == null)
        {
            err.println("sipsensor: reload: no config file to re-read (started without --config-file); " +
                "license files re-read");
        }
        else
        {
            try
            {
                applyConfigFile();
            }
            catch (final RuntimeException ex)
            {
                counters.get(SensorCounter.RELOAD_ERRORS).incrementRelease();
                err.println("sipsensor: reload refused, settings unchanged: " + ex.getMessage());
            }
        }
        evaluateLicense();
    }

    /**
     * Evaluates the license now and shows it in the gauges (start and every reload); its line is printed only when
     * the level or the limit changed.
     */
    void evaluateLicense()
    {
        licenseGauge.evaluate();
    }

    private void applyConfigFile()
    {
        final SensorContext fresh = new SensorContext();
        ConfigFile.load(configFile, fresh, err);
        final List<String> restartNeeded = new ArrayList<>();
        for (final Setting setting : Configuration.ALL)
        {
            final String key = setting.key();
            final String before = context.value(key);
            if (before != null && !before.equals(fresh.value(key)) && !Configuration.RELOADABLE.contains(key) &&
                !fromCommandLine(key))
            {
                restartNeeded.add(key);
            }
        }
        for (final String key : Configuration.RELOADABLE)
        {
            final String value = fresh.value(key);
            if (value != null && !fromCommandLine(key))
            {
                context.set(key, value, configFile + " (reload)");
            }
        }
        final String newFilter = context.liveCaptureSettings().filter();
        final String filterChange = newFilter.equals(filter) ? null : newFilter;
        if (filterChange != null)
        {
            LiveCapture.checkFilter(newFilter);
            filter = newFilter;
        }
        context.publish();
        post.accept(new LiveReload(context.callTrackerSettings(), filterChange));
        err.println("sipsensor: reloaded " + configFile + (filterChange != null ? "; filter now '" +
            filterChange + "'" : "") + (restartNeeded.isEmpty() ? "" : "; changes to " +
            String.join(", ", restartNeeded) + " take effect at the next start"));
    }

    /**
     * @return true when the key's value was given on the command line, which wins over the file also on reload.
     */
    private boolean fromCommandLine(final String key)
    {
        final String source = context.source(key);
        return source != null && source.startsWith("-");
    }
}
