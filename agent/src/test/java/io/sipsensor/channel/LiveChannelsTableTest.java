package io.sipsensor.channel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The table of legs in progress against a plain map model: starts, duplicate starts, connects and ends in random
 * order, on leg ids that are sequential, regularly strided (many share a probe start) or random, through several
 * growths and many backward-shift deletions. The counts of all four views and the legs visited must equal the model
 * after every step.
 */
class LiveChannelsTableTest
{
    private static final long NO_TIME = Long.MIN_VALUE;

    @Test
    void shouldMatchAMapModelForSequentialStridedAndRandomLegIds()
    {
        final long[] strides = {1, 64, 1024, 1L << 20, 0};
        for (final long stride : strides)
        {
            for (long seed = 1; seed <= 3; seed++)
            {
                run(stride, seed);
            }
        }
    }

    private static void run(final long stride, final long seed)
    {
        final Random random = new Random(seed * 31 + stride);
        final LiveChannels live = new LiveChannels(10_000_000_000L);
        final Map<Long, long[]> model = new HashMap<>(); // leg id -> {key, connected}
        final List<Long> active = new ArrayList<>();
        final long base = (seed << 40);
        long next = 0;
        for (int step = 0; step < 60_000; step++)
        {
            final int op = random.nextInt(10);
            if (op < 5 || active.isEmpty())
            {
                final long id = stride == 0 ? random.nextLong() >>> 1 : base + next++ * stride;
                final long key = random.nextInt(500);
                final boolean started = live.start(id, step * 1_000_000L, key);
                assertEquals(!model.containsKey(id), started, "start of " + id);
                if (started)
                {
                    model.put(id, new long[]{key, 0});
                    active.add(id);
                }
                if (random.nextInt(20) == 0)
                {
                    assertEquals(false, live.start(id, step * 1_000_000L, key), "duplicate start");
                }
            }
            else if (op < 7)
            {
                final long id = active.get(random.nextInt(active.size()));
                final boolean connected = live.connect(id, step * 1_000_000L);
                assertEquals(model.get(id)[1] == 0, connected, "connect of " + id);
                model.get(id)[1] = 1;
            }
            else
            {
                final int at = random.nextInt(active.size());
                final long id = active.get(at);
                active.set(at, active.get(active.size() - 1));
                active.remove(active.size() - 1);
                assertEquals(true, live.end(id), "end of " + id);
                assertEquals(false, live.end(id), "second end of " + id);
                model.remove(id);
            }
            if (step % 997 == 0 || step == 59_999)
            {
                check(live, model, "stride " + stride + " seed " + seed + " step " + step);
            }
        }
        for (final long id : active)
        {
            live.end(id);
        }
        assertEquals(0, live.activeLegs());
        assertEquals(0, live.all());
        assertEquals(0, live.license());
    }

    private static void check(final LiveChannels live, final Map<Long, long[]> model, final String where)
    {
        final Set<Long> keys = new HashSet<>();
        final Set<Long> answeredKeys = new HashSet<>();
        long answered = 0;
        for (final long[] leg : model.values())
        {
            keys.add(leg[0]);
            if (leg[1] != 0)
            {
                answered++;
                answeredKeys.add(leg[0]);
            }
        }
        assertEquals(model.size(), live.activeLegs(), where);
        assertEquals(model.size(), live.all(), where);
        assertEquals(keys.size(), live.allDedup(), where);
        assertEquals(answered, live.answered(), where);
        assertEquals(answeredKeys.size(), live.answeredDedup(), where);
        final long[] visited = new long[2];
        live.forEachActive((start, connect, key) ->
        {
            visited[0]++;
            if (connect != NO_TIME)
            {
                visited[1]++;
            }
        });
        assertEquals(model.size(), visited[0], where);
        assertEquals(answered, visited[1], where);
    }
}
