package io.sipsensor.agent;

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
    private static final int MAX_COUNTERS = 256;

    private final CountersManager manager;
    private final AtomicCounter[] byId;
    private final Map<SensorCounter, AtomicCounter> byCounter = new EnumMap<>(SensorCounter.class);

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
        manager = new CountersManager(metadataBuffer, valuesBuffer);
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
