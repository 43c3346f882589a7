package io.sipsensor.channel;

import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.Journal;

import java.util.ArrayList;
import java.util.List;

/**
 * Explains a license count: the license channels active at an instant, each with the legs merged into it and why
 * each leg is there. The legs considered are those journaled with a start from a day before the instant to the
 * merge window after it; the merge is the same as everywhere else ({@link LicenseChannels}).
 */
public final class ChannelExplainer
{
    private static final long DAY_NS = 24 * HourStats.HOUR_NS;

    /**
     * A leg in a channel.
     *
     * @param leg the CDR leg.
     * @param why why it belongs to the channel, in words.
     */
    public record ExplainedLeg(CdrLeg leg, String why)
    {
    }

    /**
     * A license channel active at the instant.
     *
     * @param key     the dedup key as text.
     * @param startNs earliest start of its legs.
     * @param endNs   latest end of its legs.
     * @param legs    its legs, first leg first.
     */
    public record ExplainedChannel(String key, long startNs, long endNs, List<ExplainedLeg> legs)
    {
    }

    /**
     * @param atNs            the instant.
     * @param channels        license channels active at it.
     * @param excluded487     legs active at the instant that count zero because they ended with 487.
     * @param legsActive      legs active at the instant (start &lt;= t &lt; end).
     */
    public record Explanation(long atNs, List<ExplainedChannel> channels, List<CdrLeg> excluded487, int legsActive)
    {
    }

    private ChannelExplainer()
    {
    }

    /**
     * @param journal  the CDR journal.
     * @param atNs     the instant.
     * @param settings merge rules.
     * @return the channels active at the instant and their legs.
     */
    public static Explanation at(final Journal journal, final long atNs, final LicenseChannelSettings settings)
    {
        final List<CdrLeg> candidates = new ArrayList<>();
        final CdrDecoder decoder = new CdrDecoder();
        try (Journal.Reader reader = journal.reader())
        {
            while (reader.next(decoder))
            {
                final long start = decoder.startNs();
                if (start >= atNs - DAY_NS && start <= atNs + settings.dedupWindowNs())
                {
                    candidates.add(decoder.toLeg());
                }
            }
        }

        final DedupKeys keys = new DedupKeys();
        final LegTable table = new LegTable(candidates.size());
        for (final CdrLeg leg : candidates)
        {
            table.add(leg.startNs(), leg.connectNs(), leg.endNs(), keys.key(leg.caller(), leg.called()),
                leg.finalCode());
        }
        final LicenseChannels channels = LicenseChannels.merge(table, settings);

        final List<ExplainedChannel> active = new ArrayList<>();
        for (int c = 0; c < channels.count(); c++)
        {
            if (channels.start(c) <= atNs && atNs < channels.end(c))
            {
                final CdrLeg first = candidates.get(channels.firstLeg(c));
                final List<ExplainedLeg> legs = new ArrayList<>();
                legs.add(new ExplainedLeg(first, "first leg of the channel"));
                for (int i = 0; i < candidates.size(); i++)
                {
                    if (channels.channelOf(i) == c && i != channels.firstLeg(c))
                    {
                        final CdrLeg leg = candidates.get(i);
                        legs.add(new ExplainedLeg(leg, String.format(java.util.Locale.ROOT,
                            "same dedup key, starts %.3f s after the first leg (merge window %d s)",
                            (leg.startNs() - first.startNs()) / 1e9, settings.dedupWindowNs() / 1_000_000_000L)));
                    }
                }
                legs.sort((a, b) -> Long.compare(a.leg().startNs(), b.leg().startNs()));
                active.add(new ExplainedChannel(DedupKeys.text(first.caller(), first.called()),
                    channels.start(c), channels.end(c), legs));
            }
        }
        active.sort((a, b) -> Long.compare(a.startNs(), b.startNs()));

        final List<CdrLeg> excluded = new ArrayList<>();
        int legsActive = 0;
        for (int i = 0; i < candidates.size(); i++)
        {
            final CdrLeg leg = candidates.get(i);
            if (leg.startNs() <= atNs && atNs < leg.endNs())
            {
                legsActive++;
                if (channels.channelOf(i) < 0)
                {
                    excluded.add(leg);
                }
            }
        }
        return new Explanation(atNs, active, excluded, legsActive);
    }
}
