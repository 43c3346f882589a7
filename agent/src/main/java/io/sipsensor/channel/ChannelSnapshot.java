package io.sipsensor.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The live channel counts, published by the single writer (the {@link ChannelTracker}) and read by anyone (status,
 * stats, license check) without locks and without ever blocking the writer: a sequence lock. The writer makes the
 * sequence odd, writes the values, and makes it even again; a reader retries while the sequence is odd or changed
 * during its read. A reader therefore always sees the values as they were after some whole number of events.
 * <pre>
 *   index: 0 events applied | 1 watermark (ns) | 2 all | 3 all dedup | 4 answered | 5 answered dedup | 6 license
 * </pre>
 * Neither side allocates.
 */
public final class ChannelSnapshot
{
    public static final int EVENTS = 0;
    public static final int WATERMARK_NS = 1;
    public static final int ALL = 2;
    public static final int ALL_DEDUP = 3;
    public static final int ANSWERED = 4;
    public static final int ANSWERED_DEDUP = 5;
    public static final int LICENSE = 6;
    public static final int LENGTH = 7;

    private static final VarHandle SEQUENCE;
    private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(long[].class);

    static
    {
        try
        {
            SEQUENCE = MethodHandles.lookup().findVarHandle(ChannelSnapshot.class, "sequence", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") // accessed through SEQUENCE
    private volatile long sequence;
    private final long[] values = new long[LENGTH];

    /**
     * Publishes new values. Single writer only.
     *
     * @param source the values, {@link #LENGTH} of them, in index order.
     */
    public void publish(final long[] source)
    {
        final long next = (long)SEQUENCE.getOpaque(this) + 1;
        SEQUENCE.setOpaque(this, next);              // odd: a write is in progress
        VarHandle.storeStoreFence();
        for (int i = 0; i < LENGTH; i++)
        {
            VALUES.setOpaque(values, i, source[i]);
        }
        SEQUENCE.setRelease(this, next + 1);         // even: consistent again
    }

    /**
     * Copies a consistent set of values. Any thread; spins only while a publish is under way.
     *
     * @param target receives {@link #LENGTH} values.
     * @return the sequence the copy belongs to (even).
     */
    public long read(final long[] target)
    {
        while (true)
        {
            final long before = (long)SEQUENCE.getAcquire(this);
            if ((before & 1) != 0)
            {
                Thread.onSpinWait();
                continue;
            }
            for (int i = 0; i < LENGTH; i++)
            {
                target[i] = (long)VALUES.getOpaque(values, i);
            }
            VarHandle.loadLoadFence();
            if ((long)SEQUENCE.getOpaque(this) == before)
            {
                return before;
            }
        }
    }
}
