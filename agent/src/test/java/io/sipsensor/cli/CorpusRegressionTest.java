package io.sipsensor.cli;

import io.sipsensor.channel.ChannelReport;
import io.sipsensor.export.TimeFormat;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every corpus capture through the real command line: the summary's legs, final codes, four peaks, hourly windows
 * and license peak equal the expected file, and every exported CSV leg matches its expected leg to the microsecond.
 */
class CorpusRegressionTest
{
    private static final List<String> PEAKS =
        List.of("peak_all", "peak_all_dedup", "peak_answered", "peak_answered_dedup");

    @TempDir
    Path spool;

    @ParameterizedTest
    @ValueSource(strings = {"s1_basic_udp", "s2_failures", "s3_reinvite", "s4_tcp", "s5_frag_vlan", "s8_b2bua"})
    void shouldMatchExpectedSummaryAndLegs(final String capture) throws IOException
    {
        final Map<String, Object> expected = Corpus.expected(capture);
        final Corpus.Result run = Corpus.run(
            "-r", Corpus.pcap(capture).toString(), "--spool", spool.toString(), "--progress", "none");
        assertEquals(0, run.status(), run.err());
        final Map<String, Object> summary = run.json();

        assertEquals(expected.get("legs_total"), summary.get("legs_total"));
        assertEquals(expected.get("by_final_code"), summary.get("by_final_code"));
        for (final String peak : PEAKS)
        {
            assertEquals(expected.get(peak), summary.get(peak), peak);
        }
        assertHourlyWindows(expected, summary);
        assertEquals(expected.get("sip_messages"), summary.get("sip_messages"));
        assertEquals(LicenseOracle.peak(legsOf(expected)), Corpus.number(summary.get("license_peak")),
            "license peak by the license rule applied to the expected legs");
        assertEquals(summary.get("legs_total"), summary.get("legs_journaled"));

        final Corpus.Result export = Corpus.run("cdr", "export", "--spool", spool.toString(), "--format", "csv");
        assertEquals(0, export.status(), export.err());
        assertLegs(legsOf(expected), Corpus.csv(export.out()));

        // Concurrent Calls Stats in the spool agree with the expected hourly windows and the license rule.
        final Corpus.Result channels = Corpus.run("channels", "--spool", spool.toString(), "--format", "json");
        assertEquals(0, channels.status(), channels.err());
        final Map<String, Object> stats = channels.json();
        assertHourlyWindows(expected, Map.of("hourly_max", stats.get("hours")));
        long licenseMax = 0;
        for (final Object hour : (List<?>)stats.get("hours"))
        {
            licenseMax = Math.max(licenseMax, Corpus.number(((Map<?, ?>)hour).get("license_max")));
        }
        assertEquals(LicenseOracle.peak(legsOf(expected)), licenseMax);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s1_basic_udp", "s2_failures", "s3_reinvite", "s4_tcp", "s5_frag_vlan", "s8_b2bua"})
    void shouldGiveExpectedHoursWhenLiveTrackerIsFedExpectedLegs(final String capture) throws IOException
    {
        final Map<String, Object> expected = Corpus.expected(capture);
        final List<Map<String, Object>> legs = legsOf(expected);
        final List<ChannelReport.HourRow> rows = LiveFeed.rows(legs);
        final Map<String, Object> summary = new HashMap<>();
        final List<Map<String, Object>> hours = new ArrayList<>();
        long licenseMax = 0;
        for (final ChannelReport.HourRow row : rows)
        {
            hours.add(Map.of(
                "window_start", BigDecimal.valueOf(row.windowStartSeconds()),
                "window_end", BigDecimal.valueOf(row.windowEndSeconds()),
                "peak_all", BigDecimal.valueOf(row.peakAll()),
                "peak_all_dedup", BigDecimal.valueOf(row.peakAllDedup()),
                "peak_answered", BigDecimal.valueOf(row.peakAnswered()),
                "peak_answered_dedup", BigDecimal.valueOf(row.peakAnsweredDedup())));
            licenseMax = Math.max(licenseMax, row.licenseMax());
        }
        summary.put("hourly_max", hours);
        assertHourlyWindows(expected, summary);
        assertEquals(LicenseOracle.peak(legs), licenseMax);
    }

    @SuppressWarnings("unchecked")
    private static void assertHourlyWindows(final Map<String, Object> expected, final Map<String, Object> summary)
    {
        final List<Map<String, Object>> expectedHours = (List<Map<String, Object>>)expected.get("hourly_max");
        final List<Map<String, Object>> hours = (List<Map<String, Object>>)summary.get("hourly_max");
        assertEquals(expectedHours.size(), hours.size());
        for (int i = 0; i < hours.size(); i++)
        {
            for (final Map.Entry<String, Object> entry : expectedHours.get(i).entrySet())
            {
                assertEquals(entry.getValue(), hours.get(i).get(entry.getKey()), "hour " + i + " " + entry.getKey());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> legsOf(final Map<String, Object> expected)
    {
        return (List<Map<String, Object>>)expected.get("legs");
    }

    private static void assertLegs(final List<Map<String, Object>> expectedLegs, final List<List<String>> rows)
    {
        final List<String> header = rows.get(0);
        final Map<String, Map<String, String>> byCallId = new HashMap<>();
        for (final List<String> row : rows.subList(1, rows.size()))
        {
            final Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < header.size(); i++)
            {
                fields.put(header.get(i), row.get(i));
            }
            byCallId.put(fields.get("call_id"), fields);
        }
        assertEquals(expectedLegs.size(), byCallId.size());
        for (final Map<String, Object> leg : expectedLegs)
        {
            final String callId = (String)leg.get("call_id");
            final Map<String, String> row = byCallId.get(callId);
            assertNotNull(row, callId);
            assertEquals(leg.get("caller"), row.get("caller"), callId);
            assertEquals(leg.get("called"), row.get("called"), callId);
            assertEquals(leg.get("ruri_user"), row.get("ruri_user"), callId);
            assertEquals(iso(leg.get("start")), row.get("start"), callId);
            assertEquals(iso(leg.get("connect")), row.get("connect"), callId);
            assertEquals(iso(leg.get("end")), row.get("end"), callId);
            assertEquals(leg.get("final_code") == null ? "" : leg.get("final_code").toString(), row.get("final_code"));
            assertEquals(leg.get("end_reason"), row.get("end_reason"), callId);
            assertEquals(leg.get("reinvites").toString(), row.get("reinvites"), callId);
            final Object bye = leg.get("bye");
            assertEquals(bye == null ? "" : ((Map<?, ?>)bye).get("by"), row.get("bye_by"), callId);
        }
    }

    private static String iso(final Object seconds)
    {
        return TimeFormat.iso(Corpus.ns(seconds));
    }

    /**
     * The license rule written out independently and by brute force: drop 487 legs, group by dedup key, open a
     * channel per leg that starts more than 10 s after its key's current channel's first leg, then count
     * overlapping channels at every start instant.
     */
    static final class LicenseOracle
    {
        static long peak(final List<Map<String, Object>> legs)
        {
            final Map<String, List<long[]>> byKey = new HashMap<>();
            for (final Map<String, Object> leg : legs)
            {
                if (leg.get("final_code") != null && Corpus.number(leg.get("final_code")) == 487)
                {
                    continue;
                }
                final String key = last6((String)leg.get("caller")) + "|" + last6((String)leg.get("called"));
                byKey.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new long[]{Corpus.ns(leg.get("start")), Corpus.ns(leg.get("end"))});
            }
            final List<long[]> channels = new ArrayList<>();
            for (final List<long[]> keyLegs : byKey.values())
            {
                keyLegs.sort((a, b) -> Long.compare(a[0], b[0]));
                long[] channel = null;
                for (final long[] leg : keyLegs)
                {
                    if (channel != null && leg[0] - channel[0] <= 10_000_000_000L)
                    {
                        channel[1] = Math.max(channel[1], leg[1]);
                    }
                    else
                    {
                        channel = new long[]{leg[0], leg[1]};
                        channels.add(channel);
                    }
                }
            }
            long peak = 0;
            for (final long[] at : channels)
            {
                long count = 0;
                for (final long[] channel : channels)
                {
                    if (channel[0] <= at[0] && at[0] < channel[1])
                    {
                        count++;
                    }
                }
                peak = Math.max(peak, count);
            }
            return peak;
        }

        private static String last6(final String user)
        {
            final String digits = user.replaceAll("\\D", "");
            return digits.isEmpty() ? user : digits.substring(Math.max(0, digits.length() - 6));
        }
    }
}
