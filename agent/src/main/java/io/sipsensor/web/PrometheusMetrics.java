package io.sipsensor.web;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Labels;
import io.sipsensor.license.LicenseStatus;
import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /metrics}: every counter of the spool's counters file and the live gauges, the agent's state, and the
 * license level and limits, in the Prometheus text format written by the official client's exposition writer (the
 * values come from the counters file each scrape; no registry is kept, so nothing is counted twice).
 */
final class PrometheusMetrics
{
    /** The first id of the live gauges in {@link SensorCounter}; counters are below. */
    private static final int FIRST_GAUGE_ID = 210;
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private PrometheusMetrics()
    {
    }

    static String contentType()
    {
        return WRITER.getContentType();
    }

    /**
     * @param snapshot the counters file as read now, or null when no live agent has run on the spool.
     * @param license  the license state, or null if it could not be evaluated.
     * @param idSensor the sensor id (a label on every series).
     * @param out      where the text goes.
     */
    static void write(final CountersFile.Snapshot snapshot, final LicenseStatus license, final int idSensor,
        final OutputStream out) throws IOException
    {
        final Labels labels = Labels.of("id_sensor", Integer.toString(idSensor));
        final List<MetricSnapshot> metrics = new ArrayList<>();
        metrics.add(gauge("sipsensor_agent_running", "1 while the live agent of this spool runs and its heartbeat " +
            "is recent, else 0", snapshot != null && snapshot.state() == CountersFile.State.RUNNING ? 1 : 0,
            labels));
        if (snapshot != null)
        {
            for (final SensorCounter counter : SensorCounter.values())
            {
                final Long value = snapshot.values().get(counter.key());
                if (value == null || counter == SensorCounter.LICENSE_LEVEL || counter == SensorCounter.LICENSE_LIMIT)
                {
                    continue;
                }
                final String name = "sipsensor_" + counter.key();
                if (counter.id() >= FIRST_GAUGE_ID)
                {
                    metrics.add(gauge(name, "live gauge " + counter.key() + " of the counters file", value,
                        labels));
                }
                else
                {
                    metrics.add(CounterSnapshot.builder().name(name).help("counter " + counter.key() +
                        " of the counters file (since the agent started)")
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels)
                            .value(value).build()).build());
                }
            }
        }
        if (license != null)
        {
            metrics.add(gauge("sipsensor_license_level", "license level: 0 OK, 1 WARNING, 2 MINOR, 3 MAJOR, " +
                "4 CRITICAL, 5 LOCKED", license.level().ordinal(), labels));
            metrics.add(gauge("sipsensor_license_licensed_channels", "channels the installed license grants",
                license.licensedChannels(), labels));
            metrics.add(gauge("sipsensor_license_effective_limit", "today's channel limit with temporary " +
                "increases", license.effectiveLimit(), labels));
            metrics.add(gauge("sipsensor_license_level_info", "the license level by name (always 1)", 1,
                labels.add("level", license.level().name())));
        }
        WRITER.write(out, new MetricSnapshots(metrics), EscapingScheme.UNDERSCORE_ESCAPING);
    }

    private static GaugeSnapshot gauge(final String name, final String help, final double value, final Labels labels)
    {
        return GaugeSnapshot.builder().name(name).help(help)
            .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build()).build();
    }
}
