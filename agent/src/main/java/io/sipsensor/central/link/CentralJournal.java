package io.sipsensor.central.link;

import io.sipsensor.central.BatchCompression;
import io.sipsensor.central.LinkDecoder;
import io.sipsensor.central.LinkDescriptor;
import io.sipsensor.central.Refusal;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.JournalWriter;
import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The central's journal thread: the only writer of the central's {@link JournalWriter}. Sessions hand it whole
 * BATCH frames; it journals every record (the writer's leg identity table makes a resent leg a no-op, and each
 * record keeps the sensor id it was journaled with) and only then answers with the last sensor journal index the
 * central's journal holds. A record that is unreadable or names another sensor than the session's refuses the batch
 * from there on. While the central's journal cannot write (disk full) it acknowledges only what was written and
 * answers {@link Refusal#BUSY} when nothing was, so the sensor keeps the rest and retries later.
 * <p>
 * The queue is bounded; a session has at most one batch in flight and stops reading its socket until answered, so
 * the memory held is at most one frame per connected sensor. The central's other sources of legs (its Kafka reader,
 * {@code io.sipsensor.kafka}) hand their batches in the same way.
 */
public final class CentralJournal implements Runnable
{
    /**
     * A session's side of a batch: answered on the journal thread, so implementations hand the answer to their
     * own thread.
     */
    public interface Owner
    {
        /**
         * @param index the last sensor journal index the central's journal now holds.
         */
        void acknowledged(long index);

        /**
         * @param why  refusal.
         * @param text one line for the sensor and the log.
         */
        void refused(Refusal why, String text);
    }

    private record Batch(Owner owner, int idSensor, byte[] frame, int length)
    {
    }

    private final JournalWriter writer;
    private final GroupChannels channels;
    private final PrintStream log;
    private final BlockingQueue<Batch> queue;
    private final LinkDecoder decoder = new LinkDecoder();
    private final CdrDecoder record = new CdrDecoder();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final BatchCompression compression = new BatchCompression();
    private final byte[] plain = new byte[LinkDescriptor.MAX_FRAME_LENGTH];
    private final AtomicCounter batches;
    private final AtomicCounter legs;
    private volatile boolean running = true;

    /**
     * @param writer     the central's journal writer; used on this thread only from now on.
     * @param channels   the group's channel counting, told of every newly journaled leg.
     * @param maxPending most batches waiting (one per connected sensor is enough).
     * @param counters   a counter set for this thread.
     * @param log        where one-line reports go.
     */
    public CentralJournal(final JournalWriter writer, final GroupChannels channels, final int maxPending,
        final Counters counters, final PrintStream log)
    {
        this.writer = writer;
        this.channels = channels;
        this.log = log;
        this.queue = new ArrayBlockingQueue<>(maxPending);
        this.batches = counters.get(SensorCounter.LINK_BATCHES);
        this.legs = counters.get(SensorCounter.LINK_LEGS_RECEIVED);
    }

    /**
     * Hands a batch over. Any thread.
     *
     * @param owner    who is answered.
     * @param idSensor the session's authenticated sensor id.
     * @param frame    a copy of the whole BATCH frame, already checked by {@link LinkDecoder#batch()}.
     * @param length   its length.
     * @return false if the queue is full (the caller answers BUSY).
     */
    public boolean submit(final Owner owner, final int idSensor, final byte[] frame, final int length)
    {
        return queue.offer(new Batch(owner, idSensor, frame, length));
    }

    /** Stops the thread after the batch it is writing. Any thread. */
    public void stop()
    {
        running = false;
    }

    @Override
    public void run()
    {
        while (running)
        {
            final Batch batch;
            try
            {
                batch = queue.poll(100, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
            writer.retry();
            if (batch != null)
            {
                write(batch);
            }
        }
        Batch left;
        while ((left = queue.poll()) != null)
        {
            left.owner().refused(Refusal.BUSY, "the central is stopping");
        }
        compression.close();
    }

    private void write(final Batch batch)
    {
        if (writer.blocked())
        {
            batch.owner().refused(Refusal.BUSY, "the central's journal cannot write now (disk full); retry later");
            return;
        }
        view.wrap(batch.frame(), 0, batch.length());
        if (decoder.frame(view, 0, batch.length()) == batch.length() && decoder.deflated())
        {
            final int plainLength = compression.inflate(batch.frame(), batch.length(), plain);
            if (plainLength < 0)
            {
                batch.owner().refused(Refusal.MALFORMED, "deflated batch does not inflate to its declared length");
                return;
            }
            view.wrap(plain, 0, plainLength);
            if (decoder.frame(view, 0, plainLength) != plainLength || decoder.batch() != null)
            {
                batch.owner().refused(Refusal.MALFORMED, "batch damaged");
                return;
            }
        }
        else if (decoder.frame(view, 0, batch.length()) != batch.length() || decoder.batch() != null)
        {
            batch.owner().refused(Refusal.MALFORMED, "batch damaged");
            return;
        }
        long acknowledged = -1;
        int entry = decoder.firstEntry();
        final int count = decoder.batchCount();
        for (int i = 0; i < count; i++)
        {
            final int offset = decoder.entryRecordOffset(entry);
            final int length = decoder.entryRecordLength(entry);
            if (!record.wrap(view, offset, length) || record.idSensor() != batch.idSensor())
            {
                log.println("sipsensor central: sensor " + batch.idSensor() + " sent a CDR record that is " +
                    (record.wrap(view, offset, length) ? "of sensor " + record.idSensor() : "unreadable") +
                    " at its journal index " + decoder.entryIndex(entry) + "; refused");
                answer(batch, acknowledged, Refusal.BAD_RECORD, "CDR record unreadable or of another sensor");
                return;
            }
            writer.write(view, offset, length);
            if (writer.blocked())
            {
                // this record is held in memory by the writer, not journaled: acknowledge only what came before
                answer(batch, acknowledged, Refusal.BUSY, "the central's journal cannot write now (disk full)");
                return;
            }
            if (writer.appendedLast())
            {
                channels.journaled(record);
            }
            legs.incrementRelease();
            acknowledged = decoder.entryIndex(entry);
            entry = decoder.nextEntry(entry);
        }
        batches.incrementRelease();
        batch.owner().acknowledged(acknowledged);
    }

    private static void answer(final Batch batch, final long acknowledged, final Refusal why, final String text)
    {
        if (acknowledged >= 0)
        {
            batch.owner().acknowledged(acknowledged);
        }
        batch.owner().refused(why, text);
    }
}
