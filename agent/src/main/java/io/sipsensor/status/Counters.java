package io.sipsensor.status;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

/**
 * The sensor's counters in an Agrona counters buffer: one {@link AtomicCounter} per {@link SensorCounter}, each
 * incremented by a single writer (the thread that owns the step it counts) and readable from any thread, or from
 * another process when the buffers are memory-mapped. Allocates only at construction.
 */
public final class Counters
{
    /** In-process buffers hold four full sets (a run's own and up to three {@link #shard()}s). */
    private static final int MAX_COUNTERS = SensorCounter.values().length * 4;

    private final CountersManager manager;
    private final AtomicCounter[] byId;
    private final Map<SensorCounter, AtomicCounter> byCounter = new EnumMap<>(SensorCounter.class);
    private volatile Counters[] shards = new Counters[0];

    /**
     * Counters over heap-independent direct buffers owned by this object.
     */
    public Counters()
    {
        this(
            new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_COUNTERS * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_COUNTERS * CountersReader.COUNTER_LENGTH)));
    }

    /**
     * Counters over the given buffers (e.g. a memory-mapped counters file).
     *
     * @param metadataBuffer for labels and type ids.
     * @param valuesBuffer   for the values.
     */
    public Counters(final AtomicBuffer metadataBuffer, final AtomicBuffer valuesBuffer)
    {
        this(new CountersManager(metadataBuffer, valuesBuffer));
    }

    private Counters(final CountersManager manager)
    {
        this.manager = manager;
        int maxId = 0;
        for (final SensorCounter counter : SensorCounter.values())
        {
            maxId = Math.max(maxId, counter.id());
        }
        byId = new AtomicCounter[maxId + 1];
        for (final SensorCounter counter : SensorCounter.values())
        {
            final AtomicCounter atomicCounter = manager.newCounter(counter.key(), counter.id());
            byId[counter.id()] = atomicCounter;
            byCounter.put(counter, atomicCounter);
        }
    }

    /**
     * @param counter which.
     * @return the counter to increment (hold on to it; do not look it up per packet).
     */
    public AtomicCounter get(final SensorCounter counter)
    {
        return byId[counter.id()];
    }

    /**
     * @param counter which.
     * @return current value.
     */
    public long value(final SensorCounter counter)
    {
        return byId[counter.id()].get();
    }

    /**
     * Another full set of the counters in the same buffers, for a second thread that counts the same things (e.g.
     * a capture thread per fanout socket): each set keeps one writer per counter. Readers sum the sets by type id
     * (the {@link SensorCounter} id); {@link #total} does it in-process. Allocates; call at start-up.
     *
     * @return the new set.
     */
    public Counters shard()
    {
        final Counters shard = new Counters(manager);
        synchronized (this)
        {
            final Counters[] grown = java.util.Arrays.copyOf(shards, shards.length + 1);
            grown[shards.length] = shard;
            shards = grown;
        }
        return shard;
    }

    /**
     * @param counter which.
     * @return its value summed over this set and its {@link #shard()}s. Any thread; no allocation.
     */
    public long total(final SensorCounter counter)
    {
        long total = value(counter);
        for (final Counters shard : shards)
        {
            total += shard.value(counter);
        }
        return total;
    }

    /**
     * @return the reader for status output.
     */
    public CountersReader reader()
    {
        return manager;
    }

    /**
     * @return an ordered view of every counter, for summaries.
     */
    public Map<SensorCounter, AtomicCounter> all()
    {
        return byCounter;
    }
}
