package io.sipsensor.channel;

import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.Journal;

import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes exact hourly rows from the CDR journal: the legs that touch the hours asked for (plus an hour before,
 * so license channels that began just before are merged as they would be in a full computation) go through
 * {@link ChannelReport}. Used by {@code channels rebuild}, after offline runs, and when a leg arrives too late
 * for the tracker's in-memory window. Reads the whole journal; allocates per leg kept.
 */
public final class StatsRebuild
{
    private static final long MARGIN_NS = HourStats.HOUR_NS;

    private StatsRebuild()
    {
    }

    /**
     * @param journal   the CDR journal.
     * @param fromHour  first hour index wanted (Long.MIN_VALUE for all).
     * @param toHour    last hour index wanted, inclusive (Long.MAX_VALUE for all).
     * @param settings  license channel rules.
     * @return exact rows of the hours in range that have legs.
     */
    public static List<ChannelReport.HourRow> recompute(
        final Journal journal, final long fromHour, final long toHour, final LicenseChannelSettings settings)
    {
        return recompute(journal, fromHour, toHour, settings, new LegTable(1));
    }

    /**
     * @param journal  the CDR journal.
     * @param fromHour first hour index wanted (Long.MIN_VALUE for all).
     * @param toHour   last hour index wanted, inclusive (Long.MAX_VALUE for all).
     * @param settings license channel rules.
     * @param extra    legs counted besides the journal's (e.g. calls in progress saved at a live stop).
     * @return exact rows of the hours in range that have legs.
     */
    public static List<ChannelReport.HourRow> recompute(final Journal journal, final long fromHour,
        final long toHour, final LicenseChannelSettings settings, final LegTable extra)
    {
        final long fromNs = fromHour == Long.MIN_VALUE ? Long.MIN_VALUE : fromHour * HourStats.HOUR_NS - MARGIN_NS;
        final long toNs = toHour == Long.MAX_VALUE ? Long.MAX_VALUE : (toHour + 1) * HourStats.HOUR_NS;
        final LegTable legs = new LegTable(1024);
        final DedupKeys keys = new DedupKeys();
        final CdrDecoder decoder = new CdrDecoder();
        for (int i = 0; i < extra.size(); i++)
        {
            if (extra.start(i) < toNs && (extra.end(i) > fromNs || extra.start(i) >= fromNs))
            {
                legs.add(extra.start(i), extra.connect(i), extra.end(i), extra.key(i), extra.finalCode(i));
            }
        }
        try (Journal.Reader reader = journal.reader())
        {
            while (reader.next(decoder))
            {
                final long start = decoder.startNs();
                final long end = decoder.endNs();
                if (start < toNs && (end > fromNs || start >= fromNs))
                {
                    final byte[] text = new byte[decoder.callerLength() + decoder.calledLength()];
                    decoder.buffer().getBytes(decoder.callerOffset(), text, 0, decoder.callerLength());
                    decoder.buffer().getBytes(decoder.calledOffset(), text, decoder.callerLength(),
                        decoder.calledLength());
                    final long key = keys.key(text, 0, decoder.callerLength(), decoder.callerLength(),
                        decoder.calledLength());
                    legs.add(start, decoder.connectNs(), end, key, decoder.finalCode());
                }
            }
        }
        return rowsInRange(ChannelReport.compute(legs, settings), fromHour, toHour);
    }

    /**
     * @param report  a computed report.
     * @param fromHour first hour kept.
     * @param toHour   last hour kept, inclusive.
     * @return its rows within the range.
     */
    static List<ChannelReport.HourRow> rowsInRange(final ChannelReport report, final long fromHour, final long toHour)
    {
        final List<ChannelReport.HourRow> rows = new ArrayList<>();
        for (final ChannelReport.HourRow row : report.hours())
        {
            if (row.hour() >= fromHour && row.hour() <= toHour)
            {
                rows.add(row);
            }
        }
        return rows;
    }
}
