package io.sipsensor.central;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.CdrEncoder;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.journal.CdrRecordDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import static io.sipsensor.central.LinkDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkCodecTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_FRAME_LENGTH + 64]);
    private final LinkDecoder decoder = new LinkDecoder();

    static CdrLeg leg(final int idSensor, final int i)
    {
        final long start = 1_795_343_581_759_434_000L + i * 1_000_000_000L;
        return new CdrLeg(
            idSensor, i + "-link@127.0.2.10", "0605" + (788613 + i), "0246296364", "0246296364",
            "127.0.2.10", 5070, "127.0.2.20", 5060,
            start, start + 643_452_000L, start + 3_145_971_000L, start + 643_452_000L, CallState.NO_TIME,
            start + 3_145_971_000L, start + 3_146_093_000L, 200, EndReason.BYE, CallState.BYE_BY_CALLER, 0);
    }

    @Test
    void shouldRoundTripHelloChallengeWelcomeAckAndRefuse()
    {
        int length = LinkEncoder.hello(buffer, 16, VERSION, 42, 1_700_000_000_123_456_789L, "hw-abc");
        assertEquals(length, decoder.frame(buffer, 16, length));
        assertNull(decoder.hello());
        assertEquals(42, decoder.helloIdSensor());
        assertEquals(1_700_000_000_123_456_789L, decoder.helloClockNs());
        assertEquals("hw-abc", decoder.helloHardwareId());

        final byte[] nonce = LinkAuth.nonce(new SecureRandom());
        length = LinkEncoder.challenge(buffer, 0, 99L, nonce);
        assertEquals(length, decoder.frame(buffer, 0, length));
        assertNull(decoder.challenge());
        assertEquals(99L, decoder.challengeClockNs());
        final byte[] echoed = new byte[NONCE_LENGTH];
        buffer.getBytes(decoder.challengeNonceOffset(), echoed);
        assertArrayEquals(nonce, echoed);

        length = LinkEncoder.welcome(buffer, 0, 5L);
        assertEquals(length, decoder.frame(buffer, 0, length));
        assertNull(decoder.welcome());

        length = LinkEncoder.ack(buffer, 0, 123_456_789_012L);
        assertEquals(length, decoder.frame(buffer, 0, length));
        assertNull(decoder.ack());
        assertEquals(123_456_789_012L, decoder.ackIndex());

        length = LinkEncoder.refuse(buffer, 0, Refusal.AUTHENTICATION, "wrong secret");
        assertEquals(length, decoder.frame(buffer, 0, length));
        assertEquals(Refusal.AUTHENTICATION, decoder.refusedBy());
        assertEquals("wrong secret", decoder.refuseText());
        assertEquals(Refusal.AUTHENTICATION, decoder.ack(), "a REFUSE where an ACK is due gives its reason");
    }

    @Test
    void shouldCarryJournalRecordsAndIndicesInABatch()
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final LinkEncoder encoder = new LinkEncoder();
        encoder.beginBatch(buffer, 0);
        for (int i = 0; i < 10; i++)
        {
            final int recordLength = CdrEncoder.encode(record, 0, leg(3, i));
            assertTrue(encoder.fits(recordLength));
            encoder.addRecord(1000L + i * 7, record, 0, recordLength);
        }
        final int length = encoder.endBatch();

        assertEquals(length, decoder.frame(buffer, 0, length));
        assertNull(decoder.batch());
        assertEquals(10, decoder.batchCount());
        final CdrDecoder cdr = new CdrDecoder();
        int entry = decoder.firstEntry();
        for (int i = 0; i < 10; i++)
        {
            assertEquals(1000L + i * 7, decoder.entryIndex(entry));
            assertTrue(cdr.wrap(buffer, decoder.entryRecordOffset(entry), decoder.entryRecordLength(entry)));
            assertEquals(leg(3, i), cdr.toLeg());
            entry = decoder.nextEntry(entry);
        }
    }

    @Test
    void shouldCarryLegsInProgressInAnEventsFrameAndRefuseBadOnes()
    {
        final int body = HEADER_LENGTH + EVENTS_OFFSET;
        LegEvents.put(buffer, body, LegEvents.START, 7, 100L, Long.MIN_VALUE, Long.MIN_VALUE, 42L, 0);
        LegEvents.put(buffer, body + EVENT_LENGTH, LegEvents.END, 7, 100L, 150L, 300L, 42L, 487);
        final int length = LinkEncoder.events(buffer, 0, 2);
        assertEquals(length, decoder.frame(buffer, 0, length));
        assertNull(decoder.events());
        assertEquals(2, decoder.eventCount());
        assertEquals(LegEvents.START, decoder.eventType(0));
        assertEquals(42L, decoder.eventKey(0));
        assertEquals(LegEvents.END, decoder.eventType(1));
        assertEquals(7L, decoder.eventLegId(1));
        assertEquals(150L, decoder.eventConnectNs(1));
        assertEquals(300L, decoder.eventEndNs(1));
        assertEquals(487, decoder.eventFinalCode(1));
        assertEquals(Refusal.OUT_OF_ORDER, decoder.batch(), "an EVENTS frame is not a batch");

        buffer.putInt(body + EVENT_LENGTH, 9, ByteOrder.LITTLE_ENDIAN); // no such event type
        assertEquals(length, decoder.frame(buffer, 0, length));
        assertEquals(Refusal.MALFORMED, decoder.events());
        buffer.putInt(HEADER_LENGTH, 3, ByteOrder.LITTLE_ENDIAN); // a count the body does not hold
        assertEquals(length, decoder.frame(buffer, 0, length));
        assertEquals(Refusal.MALFORMED, decoder.events());
    }

    @Test
    void shouldDeflateABatchAndInflateExactlyWhatItDeclares()
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final LinkEncoder encoder = new LinkEncoder();
        encoder.beginBatch(buffer, 0);
        for (int i = 0; i < 500; i++)
        {
            encoder.addRecord(i, record, 0, CdrEncoder.encode(record, 0, leg(3, i)));
        }
        final int length = encoder.endBatch();
        final byte[] plainFrame = new byte[length];
        buffer.getBytes(0, plainFrame);
        final byte[] packed = new byte[MAX_FRAME_LENGTH];
        final byte[] inflated = new byte[MAX_FRAME_LENGTH];
        try (BatchCompression compression = new BatchCompression())
        {
            final int packedLength = compression.deflate(plainFrame, length, packed);
            assertTrue(packedLength > 0 && packedLength * 3 < length, packedLength + " of " + length);
            final UnsafeBuffer packedBuffer = new UnsafeBuffer(packed);
            assertEquals(packedLength, decoder.frame(packedBuffer, 0, packedLength));
            assertTrue(decoder.deflated());
            assertNull(decoder.deflatedBatch());
            assertEquals(Refusal.OUT_OF_ORDER, decoder.batch(), "a deflated body is not read as records");
            assertEquals(length, compression.inflate(packed, packedLength, inflated));
            assertArrayEquals(plainFrame, java.util.Arrays.copyOf(inflated, length));

            // a body that declares less or more than it inflates to, or is cut, is refused
            packedBuffer.putInt(HEADER_LENGTH, length - HEADER_LENGTH - 1, ByteOrder.LITTLE_ENDIAN);
            assertEquals(-1, compression.inflate(packed, packedLength, inflated));
            packedBuffer.putInt(HEADER_LENGTH, length - HEADER_LENGTH + 1, ByteOrder.LITTLE_ENDIAN);
            assertEquals(-1, compression.inflate(packed, packedLength, inflated));
            packedBuffer.putInt(HEADER_LENGTH, length - HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
            assertEquals(-1, compression.inflate(packed, packedLength - 10, inflated));
            packedBuffer.putInt(HEADER_LENGTH, MAX_BODY_LENGTH + 1, ByteOrder.LITTLE_ENDIAN);
            assertEquals(packedLength, decoder.frame(packedBuffer, 0, packedLength));
            assertEquals(Refusal.MALFORMED, decoder.deflatedBatch());
        }
        buffer.putByte(FLAGS_OFFSET, FLAG_DEFLATE);
        buffer.putByte(TYPE_OFFSET, TYPE_ACK);
        assertEquals(-1, decoder.frame(buffer, 0, length), "only a batch may be deflated");
    }

    @Test
    void shouldStopFillingABatchAtTheFrameBound()
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final int recordLength = CdrEncoder.encode(record, 0, leg(3, 1));
        final LinkEncoder encoder = new LinkEncoder();
        encoder.beginBatch(buffer, 0);
        long index = 0;
        while (encoder.fits(recordLength))
        {
            encoder.addRecord(index++, record, 0, recordLength);
        }
        final int length = encoder.endBatch();
        assertTrue(length <= MAX_FRAME_LENGTH);
        assertEquals(MAX_BATCH_RECORDS, encoder.batchCount());
        assertEquals(length, decoder.frame(buffer, 0, length));
        assertNull(decoder.batch());
    }

    @Test
    void shouldWaitForTheRestOfATruncatedFrame()
    {
        final int length = LinkEncoder.hello(buffer, 0, VERSION, 1, 2L, "hw");
        for (int available = 0; available < length; available++)
        {
            assertEquals(LinkDecoder.INCOMPLETE, decoder.frame(buffer, 0, available), "prefix " + available);
            assertNull(decoder.refusal());
        }
        assertEquals(length, decoder.frame(buffer, 0, length));
    }

    @Test
    void shouldRefuseBadHeadersFromTheHeaderAlone()
    {
        buffer.putBytes(0, "GET / HTTP/1.1\r\n".getBytes());
        assertEquals(-1, decoder.frame(buffer, 0, 2));
        assertEquals(Refusal.BAD_MAGIC, decoder.refusal());

        LinkEncoder.ack(buffer, 0, 1);
        buffer.putByte(TYPE_OFFSET, (byte)99);
        assertEquals(-1, decoder.frame(buffer, 0, HEADER_LENGTH));
        assertEquals(Refusal.UNKNOWN_TYPE, decoder.refusal());

        LinkEncoder.ack(buffer, 0, 1);
        buffer.putByte(FLAGS_OFFSET, (byte)1);
        assertEquals(-1, decoder.frame(buffer, 0, HEADER_LENGTH));
        assertEquals(Refusal.UNKNOWN_TYPE, decoder.refusal());

        LinkEncoder.ack(buffer, 0, 1);
        buffer.putInt(BODY_LENGTH_OFFSET, MAX_BODY_LENGTH + 1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(-1, decoder.frame(buffer, 0, HEADER_LENGTH));
        assertEquals(Refusal.TOO_LONG, decoder.refusal());

        buffer.putInt(BODY_LENGTH_OFFSET, -5, ByteOrder.LITTLE_ENDIAN);
        assertEquals(-1, decoder.frame(buffer, 0, HEADER_LENGTH));
        assertEquals(Refusal.TOO_LONG, decoder.refusal());
    }

    @Test
    void shouldRefuseAHelloOfAnotherVersionOrWithBadLengths()
    {
        int length = LinkEncoder.hello(buffer, 0, VERSION + 1, 1, 2L, "hw");
        decoder.frame(buffer, 0, length);
        assertEquals(Refusal.VERSION, decoder.hello());
        assertEquals(VERSION + 1, decoder.helloVersion());

        length = LinkEncoder.hello(buffer, 0, VERSION, 1, 2L, "hw");
        buffer.putShort(HEADER_LENGTH + HELLO_HARDWARE_ID_LENGTH_OFFSET, (short)3, ByteOrder.LITTLE_ENDIAN);
        decoder.frame(buffer, 0, length);
        assertEquals(Refusal.MALFORMED, decoder.hello());

        length = LinkEncoder.ack(buffer, 0, 1);
        decoder.frame(buffer, 0, length);
        assertEquals(Refusal.OUT_OF_ORDER, decoder.hello());
    }

    @Test
    void shouldRefuseBatchesWhoseInnerLengthsDoNotAddUp()
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final int recordLength = CdrEncoder.encode(record, 0, leg(3, 1));
        final LinkEncoder encoder = new LinkEncoder();

        encoder.beginBatch(buffer, 0);
        encoder.addRecord(5, record, 0, recordLength);
        encoder.addRecord(6, record, 0, recordLength);
        int length = encoder.endBatch();
        buffer.putInt(HEADER_LENGTH + BATCH_COUNT_OFFSET, 3, ByteOrder.LITTLE_ENDIAN);
        decoder.frame(buffer, 0, length);
        assertEquals(Refusal.MALFORMED, decoder.batch(), "count beyond the records");

        encoder.beginBatch(buffer, 0);
        encoder.addRecord(6, record, 0, recordLength);
        encoder.addRecord(6, record, 0, recordLength);
        length = encoder.endBatch();
        decoder.frame(buffer, 0, length);
        assertEquals(Refusal.MALFORMED, decoder.batch(), "indices not increasing");

        encoder.beginBatch(buffer, 0);
        encoder.addRecord(6, record, 0, recordLength);
        length = encoder.endBatch();
        buffer.putInt(HEADER_LENGTH + BATCH_RECORDS_OFFSET + 8, recordLength + 1, ByteOrder.LITTLE_ENDIAN);
        decoder.frame(buffer, 0, length);
        assertEquals(Refusal.MALFORMED, decoder.batch(), "record past the body");

        encoder.beginBatch(buffer, 0);
        length = encoder.endBatch();
        decoder.frame(buffer, 0, length);
        assertEquals(Refusal.MALFORMED, decoder.batch(), "empty batch");
    }

    @Test
    void shouldNeverThrowOnRandomOrMutatedFramesAndCountEveryRefusal()
    {
        final Random random = new Random(13);
        final UnsafeBuffer record = new UnsafeBuffer(new byte[CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final LinkEncoder encoder = new LinkEncoder();
        final UnsafeBuffer valid = new UnsafeBuffer(new byte[64 * 1024]);
        final Map<Refusal, Integer> refusals = new EnumMap<>(Refusal.class);
        int complete = 0;
        int incomplete = 0;
        for (int round = 0; round < 20_000; round++)
        {
            final int length;
            switch (round % 4)
            {
                case 0 ->
                {
                    encoder.beginBatch(valid, 0);
                    for (int i = 0; i < 1 + random.nextInt(5); i++)
                    {
                        final int recordLength = CdrEncoder.encode(record, 0, leg(1, i));
                        encoder.addRecord(i, record, 0, recordLength);
                    }
                    length = encoder.endBatch();
                }
                case 1 -> length = LinkEncoder.hello(valid, 0, VERSION, round, round, "hw-" + round);
                case 2 -> length = LinkEncoder.refuse(valid, 0, Refusal.BUSY, "busy " + round);
                default ->
                {
                    length = 1 + random.nextInt(2048);
                    for (int i = 0; i < length; i++)
                    {
                        valid.putByte(i, (byte)random.nextInt());
                    }
                }
            }
            final int flips = random.nextInt(4);
            for (int i = 0; i < flips; i++)
            {
                valid.putByte(random.nextInt(length), (byte)random.nextInt());
            }
            final int available = random.nextBoolean() ? length : random.nextInt(length + 1);
            final int result = decoder.frame(valid, 0, available);
            if (result < 0)
            {
                assertNotNull(decoder.refusal());
                refusals.merge(decoder.refusal(), 1, Integer::sum);
            }
            else if (result == LinkDecoder.INCOMPLETE)
            {
                incomplete++;
            }
            else
            {
                complete++;
                assertTrue(result <= available);
                final Refusal typed = switch (decoder.type())
                {
                    case TYPE_HELLO -> decoder.hello();
                    case TYPE_CHALLENGE -> decoder.challenge();
                    case TYPE_AUTH -> decoder.auth();
                    case TYPE_WELCOME -> decoder.welcome();
                    case TYPE_ACK -> decoder.ack();
                    case TYPE_BATCH -> decoder.batch();
                    default -> decoder.refusedBy();
                };
                if (typed == null && decoder.type() == TYPE_BATCH)
                {
                    final CdrDecoder cdr = new CdrDecoder();
                    int entry = decoder.firstEntry();
                    for (int i = 0; i < decoder.batchCount(); i++)
                    {
                        cdr.wrap(valid, decoder.entryRecordOffset(entry), decoder.entryRecordLength(entry));
                        entry = decoder.nextEntry(entry);
                    }
                }
                else if (typed == null && decoder.type() == TYPE_HELLO)
                {
                    decoder.helloHardwareId();
                }
                decoder.refuseText();
            }
        }
        assertTrue(complete > 1000, "valid frames still pass: " + complete);
        assertTrue(incomplete > 100, "truncated frames wait: " + incomplete);
        assertTrue(refusals.getOrDefault(Refusal.BAD_MAGIC, 0) > 1000, "garbage refused: " + refusals);
        assertFalse(refusals.isEmpty());
    }

    @Test
    void shouldAuthenticateOnlyWithTheSameSecretAndTheSameHello()
    {
        final byte[] nonce = LinkAuth.nonce(new SecureRandom());
        final UnsafeBuffer nonceBuffer = new UnsafeBuffer(nonce);
        final int helloLength = LinkEncoder.hello(buffer, 0, VERSION, 7, 1L, "hw-7") - HEADER_LENGTH;

        final byte[] central = new LinkAuth("s3cret").response(nonceBuffer, 0, buffer, HEADER_LENGTH, helloLength)
            .clone();
        final byte[] sensor = new LinkAuth("s3cret").response(nonceBuffer, 0, buffer, HEADER_LENGTH, helloLength);
        final int authLength = LinkEncoder.auth(buffer, 1024, sensor);
        decoder.frame(buffer, 1024, authLength);
        assertNull(decoder.auth());
        assertTrue(LinkAuth.matches(central, buffer, decoder.bodyOffset()));

        final byte[] wrong = new LinkAuth("s3creT").response(nonceBuffer, 0, buffer, HEADER_LENGTH, helloLength);
        assertFalse(LinkAuth.matches(central, new UnsafeBuffer(wrong), 0));

        LinkEncoder.hello(buffer, 0, VERSION, 8, 1L, "hw-7");
        final byte[] otherSensor =
            new LinkAuth("s3cret").response(nonceBuffer, 0, buffer, HEADER_LENGTH, helloLength);
        assertFalse(LinkAuth.matches(central, new UnsafeBuffer(otherSensor), 0), "bound to the HELLO");
    }
}
