package io.sipsensor.sip;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot path allocates nothing: parse plus the views a call tracker uses, measured with the JVM's per-thread
 * allocation counter after warm-up. (The JMH benchmark with -prof gc gives the same figure per operation.)
 */
class SipParserAllocationTest
{
    private static final int WARM_UP = 30_000;
    private static final int MEASURED = 100_000;

    private final SipParser parser = new SipParser(SipParser.DEFAULT_MAX_HEADERS);
    private final SipMessage message = new SipMessage();
    private final NameAddr address = new NameAddr();
    private final Via via = new Via();
    private final SipUri uri = new SipUri();
    private final HeaderValues values = new HeaderValues();
    private final UnsafeBuffer[] buffers =
    {
        new UnsafeBuffer(Messages.utf8(SampleMessages.INVITE)),
        new UnsafeBuffer(Messages.utf8(SampleMessages.TRYING)),
        new UnsafeBuffer(Messages.utf8(SampleMessages.OK_COMPACT)),
        new UnsafeBuffer(Messages.utf8(SampleMessages.BYE)),
        new UnsafeBuffer(TortureMessages.load(TortureMessages.VALID, "wsinv")),
        // Recorded with anomalies: a repeated To, a bad Content-Length, a line without a colon, no blank line.
        new UnsafeBuffer(TortureMessages.load(TortureMessages.INVALID, "multi01")),
        new UnsafeBuffer(Messages.utf8("INVITE sip:b@example.com SIP/2.0\r\nCall-ID: 1\r\nno colon\r\n" +
            "CSeq: 1 INVITE\r\nFrom: <sip:a@e.com>;tag=1\r\nTo: <sip:b@e.com>\r\nt: <sip:c@e.com>\r\n" +
            "Content-Length: bad")),
    };

    @Test
    void shouldNotAllocateWhileParsingAndReadingViews()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());

        threads.getCurrentThreadAllocatedBytes();
        long checksum = run(WARM_UP);
        // The least of up to five rounds, so that a one-off JVM event on this thread (class loading behind a
        // deoptimisation, say) is not taken for an allocation per message.
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5 && allocated >= 1024; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            checksum += run(MEASURED);
            allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
        }

        assertTrue(checksum != 0);
        final long least = allocated;
        assertEquals(0, least / MEASURED, () -> least + " bytes over " + MEASURED + " messages");
        assertTrue(least < 1024, () -> least + " bytes over " + MEASURED + " messages");
    }

    private long run(final int count)
    {
        long checksum = 0;
        for (int i = 0; i < count; i++)
        {
            final UnsafeBuffer buffer = buffers[i % buffers.length];
            final int result = (i & 1) == 0 ?
                parser.parse(buffer, 0, buffer.capacity(), message) :
                parser.parseDatagram(buffer, 0, buffer.capacity(), message);
            checksum += result + message.callIdLength() + message.cseqNumber() + message.anomalies();
            if (address.wrap(message, message.fromIndex()))
            {
                checksum += address.tagLength() + address.uri().userLength();
                checksum += address.parameters().find("tag") ? 1 : 0;
            }
            checksum += via.wrapFirst(message) ? via.branchLength() : 0;
            if (message.isRequest() && uri.wrap(buffer, message.requestUriOffset(), message.requestUriLength()))
            {
                checksum += uri.hostLength() + uri.port();
            }
            values.wrap(message, message.firstHeader(SipHeader.VIA));
            while (values.next())
            {
                checksum += values.valueLength();
            }
            checksum += SipMethod.lookup(buffer, message.cseqMethodOffset(), message.cseqMethodLength());
        }
        return checksum;
    }
}
