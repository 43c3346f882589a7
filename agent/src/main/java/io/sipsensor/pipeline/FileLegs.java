package io.sipsensor.pipeline;

import io.sipsensor.call.CallState;
import io.sipsensor.channel.LegCollector;
import io.sipsensor.journal.JournalPublisher;

/**
 * Where the legs of a run over capture files go: into the run's {@link LegCollector} (summary, channel report) and
 * to the journal ring (whose publisher waits for space: reading a file can wait, a live link cannot). Packet thread.
 *
 * @param collector the run's legs.
 * @param journal   the journal ring's publisher.
 */
record FileLegs(LegCollector collector, JournalPublisher journal) implements LegSink
{
    @Override
    public void onStart(final CallState leg)
    {
        collector.onStart(leg);
    }

    @Override
    public void onConnect(final CallState leg)
    {
        collector.onConnect(leg);
    }

    @Override
    public void onLeg(final CallState leg)
    {
        collector.onLeg(leg);
        journal.onLeg(leg);
    }
}
