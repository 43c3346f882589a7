package io.sipsensor.channel;

import io.sipsensor.call.CallState;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Concurrent channels of a set of legs in the four views of the summary (all / answered, plain / deduplicated),
 * as license channels, and per UTC hour for every hour the legs touch. All legs: active {@code start <= t < end};
 * answered legs: {@code connect <= t < end}.
 *
 * @param peakAll             maximum concurrent legs.
 * @param peakAllAtNs         first instant of that maximum.
 * @param peakAllDedup        maximum distinct dedup keys among concurrent legs.
 * @param peakAllDedupAtNs    first instant of that maximum.
 * @param peakAnswered        maximum concurrent answered legs.
 * @param peakAnsweredAtNs    first instant of that maximum.
 * @param peakAnsweredDedup   maximum distinct keys among concurrent answered legs.
 * @param peakAnsweredDedupAtNs first instant of that maximum.
 * @param licensePeak         maximum concurrent license channels.
 * @param licensePeakAtNs     first instant of that maximum.
 * @param licenseChannels     number of license channels the legs merged into.
 * @param hours               one row per touched hour, in time order.
 */
public record ChannelReport(
    long peakAll, long peakAllAtNs, long peakAllDedup, long peakAllDedupAtNs,
    long peakAnswered, long peakAnsweredAtNs, long peakAnsweredDedup, long peakAnsweredDedupAtNs,
    long licensePeak, long licensePeakAtNs, int licenseChannels, List<HourRow> hours)
{
    /**
     * One UTC hour.
     *
     * @param hour              hour index (epoch seconds / 3600).
     * @param peakAll           max concurrent legs in the hour.
     * @param peakAllDedup      max distinct keys in the hour.
     * @param peakAnswered      max concurrent answered legs in the hour.
     * @param peakAnsweredDedup max distinct keys among answered legs in the hour.
     * @param licenseMax        max concurrent license channels in the hour.
     * @param licenseMaxAtNs    first instant of that maximum (Long.MIN_VALUE if no channel was active).
     * @param licenseMean       time-weighted mean of concurrent license channels over the hour.
     */
    public record HourRow(
        long hour, long peakAll, long peakAllDedup, long peakAnswered, long peakAnsweredDedup, long licenseMax,
        long licenseMaxAtNs, double licenseMean)
    {
        /** @return epoch seconds of the window start. */
        public long windowStartSeconds()
        {
            return hour * 3600;
        }

        /** @return epoch seconds of the window end. */
        public long windowEndSeconds()
        {
            return (hour + 1) * 3600;
        }
    }

    /**
     * @param legs     the legs.
     * @param settings license merge rules.
     * @return the report.
     */
    public static ChannelReport compute(final LegTable legs, final LicenseChannelSettings settings)
    {
        final int n = legs.size();
        final SweepResult all = IntervalSweep.sweep(legs.startsArray(), legs.endsArray(), legs.keysArray(), n);

        final long[] answeredStarts = new long[n];
        final long[] answeredEnds = new long[n];
        for (int i = 0; i < n; i++)
        {
            if (legs.connect(i) != CallState.NO_TIME)
            {
                answeredStarts[i] = legs.connect(i);
                answeredEnds[i] = legs.end(i);
            }
        }
        final SweepResult answered = IntervalSweep.sweep(answeredStarts, answeredEnds, legs.keysArray(), n);

        final LicenseChannels channels = LicenseChannels.merge(legs, settings);
        final SweepResult license = channels.sweep();

        final TreeSet<Long> touched = new TreeSet<>();
        for (int i = 0; i < n; i++)
        {
            final long first = IntervalSweep.hourOf(legs.start(i));
            final long last = IntervalSweep.hourOf(Math.max(legs.start(i), legs.end(i) - 1));
            for (long h = first; h <= last; h++)
            {
                touched.add(h);
            }
        }
        final List<HourRow> rows = new ArrayList<>(touched.size());
        for (final long h : touched)
        {
            rows.add(new HourRow(
                h, all.hourMax(h), all.hourMaxDedup(h), answered.hourMax(h), answered.hourMaxDedup(h),
                license.hourMax(h), license.hourMaxAtNs(h), license.hourMean(h)));
        }

        return new ChannelReport(
            all.peak(), all.peakAtNs(), all.peakDedup(), all.peakDedupAtNs(),
            answered.peak(), answered.peakAtNs(), answered.peakDedup(), answered.peakDedupAtNs(),
            license.peak(), license.peakAtNs(), channels.count(), rows);
    }
}
