package io.sipsensor.pipeline;

import io.sipsensor.net.PacketInfo;
import io.sipsensor.status.Counters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.nio.charset.StandardCharsets;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Two capture threads hand SIP payloads to the one tracking thread through the many-to-one ring
 * ({@link SipHandoff}); each writes its record header (addressing, time) and payload between claim and commit. Once
 * both have handed off, the tracking side must read both records whole: each record's payload and addressing come
 * from the same capture thread, none is lost, none is read twice.
 */
@JCStressTest
@Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "both records read whole")
@Outcome(expect = FORBIDDEN, desc = "a record lost, repeated or mixed")
@State
public class SipHandoffRingTest
{
    private static final int[] SIP_PORTS = {5060};
    private static final byte[] FIRST = "INVITE sip:a@x SIP/2.0\r\nCall-ID: 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECOND =
        "BYE sip:bob@example.org SIP/2.0\r\nCall-ID: second\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(
        new UnsafeBuffer(new byte[4096 + RingBufferDescriptor.TRAILER_LENGTH]));
    private final Counters counters = new Counters();
    private final SipHandoff one = new SipHandoff(SIP_PORTS, ring, counters);
    private final SipHandoff two = new SipHandoff(SIP_PORTS, ring, counters.shard());
    private final PacketInfo infoOne = info(1111, 1);
    private final PacketInfo infoTwo = info(2222, 2);

    @Actor
    public void captureOne()
    {
        one.onDatagram(new UnsafeBuffer(FIRST), 0, FIRST.length, infoOne);
    }

    @Actor
    public void captureTwo()
    {
        two.onDatagram(new UnsafeBuffer(SECOND), 0, SECOND.length, infoTwo);
    }

    @Arbiter
    public void tracking(final II_Result result)
    {
        final PacketInfo read = new PacketInfo();
        ring.read((type, buffer, index, length) ->
        {
            SipHandoff.readInfo(buffer, index, read);
            final byte[] expected = read.sourcePort == 1111 ? FIRST : read.sourcePort == 2222 ? SECOND : null;
            final boolean whole = type == SipHandoff.MSG_TYPE_ID && expected != null &&
                read.timestampNs == (read.sourcePort == 1111 ? 1 : 2) &&
                samePayload(buffer, index + SipHandoff.PAYLOAD_OFFSET, length - SipHandoff.PAYLOAD_OFFSET, expected);
            if (whole)
            {
                result.r1++;
            }
            else
            {
                result.r2++;
            }
        }, 10);
    }

    private static boolean samePayload(final DirectBuffer buffer, final int offset, final int length,
        final byte[] expected)
    {
        if (length != expected.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    private static PacketInfo info(final int sourcePort, final long timestampNs)
    {
        final PacketInfo info = new PacketInfo();
        info.sourcePort = sourcePort;
        info.destinationPort = 5060;
        info.timestampNs = timestampNs;
        info.ipVersion = 4;
        info.transportProtocol = 17;
        return info;
    }
}
