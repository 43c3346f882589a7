package io.sipsensor.net;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class PoolIndexTest
{
    @Test
    void shouldFindEveryLiveKeyAndNoRemovedOneAfterRandomInsertsAndRemovals()
    {
        final int capacity = 64;
        final ReassemblyContext[] contexts = new ReassemblyContext[capacity];
        final List<Integer> free = new ArrayList<>();
        for (int i = 0; i < capacity; i++)
        {
            contexts[i] = new ReassemblyContext(i, 1, 8);
            free.add(i);
        }
        final PoolIndex<FragmentKey, ReassemblyContext> index = new PoolIndex<>(contexts);
        final Map<Integer, ReassemblyContext> live = new HashMap<>();
        final Random random = new Random(42);
        final FragmentKey probe = new FragmentKey();

        for (int step = 0; step < 200_000; step++)
        {
            // Few distinct ids, so keys collide often and removals shift chains around.
            final int id = random.nextInt(200);
            probe.ipv4(0x0a000001, 0x0a000002, id, 17);
            final ReassemblyContext present = live.get(id);
            assertSame(present, index.find(probe, probe.hash), "step " + step + " id " + id);
            if (present != null && random.nextBoolean())
            {
                index.remove(present);
                live.remove(id);
                free.add(present.index);
                assertNull(index.find(probe, probe.hash));
            }
            else if (present == null && !free.isEmpty())
            {
                final ReassemblyContext context = contexts[free.remove(free.size() - 1)];
                context.key.copyFrom(probe);
                index.insert(context);
                live.put(id, context);
            }
        }
        for (final Map.Entry<Integer, ReassemblyContext> entry : live.entrySet())
        {
            probe.ipv4(0x0a000001, 0x0a000002, entry.getKey(), 17);
            assertSame(entry.getValue(), index.find(probe, probe.hash));
        }
    }

    @Test
    void shouldTellKeysApartByEveryField()
    {
        final ReassemblyContext[] contexts = {new ReassemblyContext(0, 1, 8)};
        final PoolIndex<FragmentKey, ReassemblyContext> index = new PoolIndex<>(contexts);
        contexts[0].key.ipv4(1, 2, 3, 17);
        index.insert(contexts[0]);
        final FragmentKey probe = new FragmentKey();

        probe.ipv4(1, 2, 3, 17);
        assertSame(contexts[0], index.find(probe, probe.hash));
        probe.ipv4(9, 2, 3, 17);
        assertNull(index.find(probe, probe.hash));
        probe.ipv4(1, 9, 3, 17);
        assertNull(index.find(probe, probe.hash));
        probe.ipv4(1, 2, 9, 17);
        assertNull(index.find(probe, probe.hash));
        probe.ipv4(1, 2, 3, 6);
        assertNull(index.find(probe, probe.hash));
        // ::1 and ::2 as IPv6 hold the same numbers as IPv4 1 and 2: the version keeps them apart.
        final byte[] one = new byte[16];
        final byte[] two = new byte[16];
        one[15] = 1;
        two[15] = 2;
        probe.ipv6(one, two, 3, 17);
        assertNull(index.find(probe, probe.hash));
    }
}
