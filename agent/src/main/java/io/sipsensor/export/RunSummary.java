package io.sipsensor.export;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.call.EndReason;
import io.sipsensor.channel.ChannelReport;
import io.sipsensor.channel.LegCollector;
import io.sipsensor.json.JsonWriter;

import java.util.Locale;

/**
 * The summary JSON of a run (stdout and {@code --summary-json}): legs by final code and end reason, the four
 * channel peaks with the instants they were first reached, the hourly windows, the license peak, and every
 * counter. Keys as in the corpus's expected files; hourly window bounds are epoch seconds like there, every other
 * time is ISO-8601 UTC.
 */
public final class RunSummary
{
    private RunSummary()
    {
    }

    /**
     * @param out         where the JSON goes.
     * @param idSensor    the sensor id of the run.
     * @param legs        legs collected during the run.
     * @param report      channel counts of those legs.
     * @param counters    the run's counters.
     * @param elapsedNs   wall-clock duration of the run.
     */
    public static void write(
        final Appendable out, final int idSensor, final LegCollector legs, final ChannelReport report,
        final Counters counters, final long elapsedNs)
    {
        final JsonWriter json = new JsonWriter(out, true);
        json.beginObject();
        json.name("id_sensor").value(idSensor);
        json.name("legs_total").value(legs.legs().size());
        json.name("by_final_code").beginObject();
        for (int code = 1; code < 700; code++)
        {
            final long count = legs.countByFinalCode(code);
            if (count > 0)
            {
                json.name(Integer.toString(code)).value(count);
            }
        }
        if (legs.countByFinalCode(0) > 0)
        {
            json.name("none").value(legs.countByFinalCode(0));
        }
        json.endObject();
        json.name("peak_all").value(report.peakAll());
        json.name("peak_all_dedup").value(report.peakAllDedup());
        json.name("peak_answered").value(report.peakAnswered());
        json.name("peak_answered_dedup").value(report.peakAnsweredDedup());

        json.name("hourly_max").beginArray();
        for (final ChannelReport.HourRow row : report.hours())
        {
            json.beginObject();
            json.name("window_start").value(row.windowStartSeconds());
            json.name("window_end").value(row.windowEndSeconds());
            json.name("peak_all").value(row.peakAll());
            json.name("peak_all_dedup").value(row.peakAllDedup());
            json.name("peak_answered").value(row.peakAnswered());
            json.name("peak_answered_dedup").value(row.peakAnsweredDedup());
            json.name("license_max").value(row.licenseMax());
            json.name("license_mean").rawValue(String.format(Locale.ROOT, "%.3f", row.licenseMean()));
            json.endObject();
        }
        json.endArray();

        json.name("license_peak").value(report.licensePeak());
        json.name("license_channels").value(report.licenseChannels());
        json.name("answered_total").value(legs.answered());
        json.name("by_end_reason").beginObject();
        for (int reason = EndReason.BYE; reason <= EndReason.TIMEOUT; reason++)
        {
            json.name(EndReason.name(reason)).value(legs.countByEndReason(reason));
        }
        if (legs.countByEndReason(EndReason.SHUTDOWN) > 0)
        {
            // calls a live run saved at its stop, continued by this input and not seen again
            json.name(EndReason.name(EndReason.SHUTDOWN)).value(legs.countByEndReason(EndReason.SHUTDOWN));
        }
        json.endObject();
        json.name("peak_times").beginObject();
        time(json, "peak_all_at", report.peakAllAtNs());
        time(json, "peak_all_dedup_at", report.peakAllDedupAtNs());
        time(json, "peak_answered_at", report.peakAnsweredAtNs());
        time(json, "peak_answered_dedup_at", report.peakAnsweredDedupAtNs());
        time(json, "license_peak_at", report.licensePeakAtNs());
        json.endObject();

        json.name("packets").value(counters.value(SensorCounter.PACKETS));
        json.name("sip_messages").value(counters.value(SensorCounter.SIP_MESSAGES));
        json.name("non_sip").value(counters.value(SensorCounter.NON_SIP_PAYLOADS));
        json.name("malformed").value(counters.value(SensorCounter.MALFORMED));
        json.name("legs_journaled").value(counters.value(SensorCounter.LEGS_JOURNALED));
        json.name("legs_lost").value(counters.value(SensorCounter.LEGS_LOST));
        json.name("counters").beginObject();
        for (final SensorCounter counter : SensorCounter.values())
        {
            json.name(counter.key()).value(counters.value(counter));
        }
        json.endObject();
        json.name("elapsed_s").rawValue(String.format(Locale.ROOT, "%.3f", elapsedNs / 1e9));
        json.endObject();
    }

    private static void time(final JsonWriter json, final String name, final long timeNs)
    {
        if (timeNs == Long.MIN_VALUE)
        {
            json.name(name).nullValue();
        }
        else
        {
            json.name(name).value(TimeFormat.iso(timeNs));
        }
    }
}
