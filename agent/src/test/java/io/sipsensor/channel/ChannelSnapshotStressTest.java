package io.sipsensor.channel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sequence lock under contention: one writer publishes value sets that are internally consistent
 * (value[i] = n * (i + 1)), readers on other threads must never see a mix of two sets.
 */
class ChannelSnapshotStressTest
{
    @Test
    void shouldNeverShowReaderAMixOfTwoPublishedSets() throws InterruptedException
    {
        final ChannelSnapshot snapshot = new ChannelSnapshot();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong torn = new AtomicLong();
        final AtomicLong reads = new AtomicLong();

        final Thread writer = new Thread(() ->
        {
            final long[] values = new long[ChannelSnapshot.LENGTH];
            long n = 0;
            while (running.get())
            {
                n++;
                for (int i = 0; i < values.length; i++)
                {
                    values[i] = n * (i + 1);
                }
                snapshot.publish(values);
            }
        });
        final Thread[] readers = new Thread[2];
        for (int r = 0; r < readers.length; r++)
        {
            readers[r] = new Thread(() ->
            {
                final long[] values = new long[ChannelSnapshot.LENGTH];
                long lastN = 0;
                while (running.get())
                {
                    snapshot.read(values);
                    final long n = values[0];
                    for (int i = 1; i < values.length; i++)
                    {
                        if (values[i] != n * (i + 1))
                        {
                            torn.incrementAndGet();
                        }
                    }
                    if (n < lastN)
                    {
                        torn.incrementAndGet(); // went backwards
                    }
                    lastN = n;
                    reads.incrementAndGet();
                }
            });
        }
        writer.start();
        for (final Thread reader : readers)
        {
            reader.start();
        }
        Thread.sleep(700);
        running.set(false);
        writer.join();
        for (final Thread reader : readers)
        {
            reader.join();
        }
        assertTrue(reads.get() > 1000, "readers made progress: " + reads.get());
        assertEquals(0, torn.get(), "torn or backward reads");
    }
}
