package io.sipsensor.license;

import io.sipsensor.channel.DedupKeys;
import io.sipsensor.channel.IntervalSweep;
import io.sipsensor.channel.LegTable;
import io.sipsensor.channel.LicenseChannelSettings;
import io.sipsensor.channel.LicenseChannels;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.Journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * License channels recomputed from the CDR journal: every journaled leg is merged into license channels
 * ({@link LicenseChannels}: dedup window, 487 rule), and the engine asks for the peak of any span (a day, or part
 * of one); a channel that spans midnight counts in both days. Reads the whole journal once per call; allocates
 * (not a packet path).
 */
public final class JournalDailyPeaks implements DailyPeakSource
{
    private static final long NS_PER_SECOND = 1_000_000_000L;

    private final Path journalDirectory;
    private final LicenseChannelSettings settings;

    /**
     * @param journalDirectory {@code <spool>/journal}.
     * @param settings         how legs merge into license channels.
     */
    public JournalDailyPeaks(final Path journalDirectory, final LicenseChannelSettings settings)
    {
        this.journalDirectory = journalDirectory;
        this.settings = settings;
    }

    @Override
    public LicensePeaks licensePeaks(final Instant from)
    {
        if (!Files.isDirectory(journalDirectory))
        {
            return LicensePeaks.NONE;
        }
        final LegTable legs = new LegTable(1024);
        final DedupKeys keys = new DedupKeys();
        final CdrDecoder decoder = new CdrDecoder();
        // a leg that ended before from, less the merge window, cannot touch a span the engine asks for
        final long fromNs = from == null ? Long.MIN_VALUE : nanos(from) - settings.dedupWindowNs();
        try (Journal.Reader reader = Journal.readPurged(journalDirectory))
        {
            while (reader.next(decoder))
            {
                if (decoder.endNs() <= fromNs && decoder.startNs() <= fromNs)
                {
                    continue;
                }
                final CdrLeg leg = decoder.toLeg();
                legs.add(leg.startNs(), leg.connectNs(), leg.endNs(), keys.key(leg.caller(), leg.called()),
                    leg.finalCode());
            }
        }
        return new ChannelPeaks(LicenseChannels.merge(legs, settings));
    }

    /**
     * @param channels license channels.
     * @param first    first day.
     * @param last     last day.
     * @param zone     zone of the days.
     * @param until    activity from here on is not counted.
     * @return each day's peak, for days with a non-zero peak.
     */
    static NavigableMap<LocalDate, Long> perDay(
        final LicenseChannels channels, final LocalDate first, final LocalDate last, final ZoneId zone,
        final Instant until)
    {
        final NavigableMap<LocalDate, Long> peaks = new TreeMap<>();
        final long untilNs = nanos(until);
        long[] starts = new long[64];
        long[] ends = new long[64];
        long[] ids = new long[64];
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1))
        {
            final long dayStart = nanos(day.atStartOfDay(zone).toInstant());
            final long dayEnd = Math.min(nanos(day.plusDays(1).atStartOfDay(zone).toInstant()), untilNs);
            int count = 0;
            for (int c = 0; c < channels.count(); c++)
            {
                final long start = Math.max(channels.start(c), dayStart);
                final long end = Math.min(channels.end(c), dayEnd);
                if (start < end)
                {
                    if (count == starts.length)
                    {
                        starts = Arrays.copyOf(starts, count * 2);
                        ends = Arrays.copyOf(ends, count * 2);
                        ids = Arrays.copyOf(ids, count * 2);
                    }
                    starts[count] = start;
                    ends[count] = end;
                    ids[count] = c;
                    count++;
                }
            }
            final long peak = IntervalSweep.sweep(starts, ends, ids, count).peak();
            if (peak > 0)
            {
                peaks.put(day, peak);
            }
        }
        return peaks;
    }

    private static long nanos(final Instant instant)
    {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NS_PER_SECOND), instant.getNano());
    }
}
