package io.sipsensor.channel;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

import java.util.Arrays;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The channel tracker publishes its live counts through a sequence lock ({@link ChannelSnapshot}); status, stats
 * and the license check read them from other threads. A reader racing two publishes must see the values of exactly
 * one publish (or the initial zeros), never a mix: every value of a publish here is the publish's number, so a
 * read whose values differ is torn.
 */
@JCStressTest
@Outcome(id = "0", expect = ACCEPTABLE, desc = "read before the first publish")
@Outcome(id = "1", expect = ACCEPTABLE, desc = "read the first publish whole")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "read the second publish whole")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "torn read: values of different publishes")
@State
public class ChannelSnapshotTornReadTest
{
    private final ChannelSnapshot snapshot = new ChannelSnapshot();
    private final long[] first = filled(1);
    private final long[] second = filled(2);
    private final long[] target = new long[ChannelSnapshot.LENGTH];

    @Actor
    public void writer()
    {
        snapshot.publish(first);
        snapshot.publish(second);
    }

    @Actor
    public void reader(final J_Result result)
    {
        snapshot.read(target);
        final long value = target[0];
        for (final long each : target)
        {
            if (each != value)
            {
                result.r1 = -1;
                return;
            }
        }
        result.r1 = value;
    }

    private static long[] filled(final long value)
    {
        final long[] values = new long[ChannelSnapshot.LENGTH];
        Arrays.fill(values, value);
        return values;
    }
}
