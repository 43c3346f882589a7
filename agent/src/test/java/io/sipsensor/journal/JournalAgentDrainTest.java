package io.sipsensor.journal;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At shutdown the journal agent writes everything the packet thread committed, also when the ring's contents wrap
 * around its end (a single read then stops at the padding record and returns 0 while records remain).
 */
class JournalAgentDrainTest
{
    @TempDir
    Path spool;

    @Test
    void shouldJournalEveryRecordLeftInWrappedRingAtClose() throws Exception
    {
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(4096 + RingBufferDescriptor.TRAILER_LENGTH)));
        final Counters counters = new Counters();
        final JournalWriter writer = JournalWriter.open(spool, JournalSettings.defaults(), false, counters,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        final JournalAgent agent = new JournalAgent(ring, writer);
        agent.onStart();

        final UnsafeBuffer record = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        int published = 0;
        // Fill the ring and let the agent take everything: the head now sits where the next record would go, too
        // close to the end for it, so the next record is written after a padding record, at the start of the ring.
        while (publish(ring, record, published))
        {
            published++;
        }
        while (ring.read((type, buffer, index, length) -> writer.write(buffer, index, length)) > 0)
        {
            // consume what was published so far
        }
        assertTrue(publish(ring, record, published++));
        assertTrue(publish(ring, record, published++));
        assertEquals(0, ring.read((type, buffer, index, length) -> { }, 0), "no message is consumed with a limit of 0");

        agent.onClose();
        assertEquals(published, counters.value(SensorCounter.LEGS_JOURNALED));
    }

    private static boolean publish(final OneToOneRingBuffer ring, final UnsafeBuffer record, final int i)
    {
        final CdrLeg leg = JournalTest.leg(i);
        final int length = CdrEncoder.encode(record, 0, leg);
        return ring.write(CdrRecordDescriptor.MSG_TYPE_ID, record, 0, length);
    }
}
