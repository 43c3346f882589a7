package io.sipsensor.net.tcp;

import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.sipsensor.net.tcp.Conversation.PSH_ACK;
import static io.sipsensor.net.tcp.Conversation.SECOND;
import static io.sipsensor.net.tcp.Conversation.SYN;
import static io.sipsensor.net.tcp.Conversation.ascii;
import static io.sipsensor.net.tcp.Conversation.request;
import static io.sipsensor.net.tcp.Conversation.response;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seeded random streams of SIP messages and keep-alives, cut into random segments, reordered, duplicated and
 * re-sent with other boundaries, against an oracle: every message is delivered once, in order, at the time of the
 * first moment all its bytes and every byte before it had arrived.
 */
class TcpRandomSegmentationTest
{
    private static final long T0 = 1_800_000_000L * SECOND;
    private static final long MS = 1_000_000L;

    @Test
    void shouldDeliverEveryMessageOnceInOrderAtTheTimeItBecameCompleteWhateverTheSegmentation()
    {
        for (int seed = 1; seed <= 300; seed++)
        {
            run(seed);
        }
    }

    private static void run(final int seed)
    {
        final Random random = new Random(seed);
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        final List<String> messages = new ArrayList<>();
        final List<Integer> ends = new ArrayList<>();
        final int count = 5 + random.nextInt(25);
        for (int i = 0; i < count; i++)
        {
            if (random.nextInt(10) == 0)
            {
                stream.writeBytes(ascii(random.nextBoolean() ? "\r\n\r\n" : "\r\n"));
            }
            final String callId = "r" + seed + "-" + i;
            final String message = random.nextBoolean() ?
                request(random.nextBoolean() ? "INVITE" : "MESSAGE", callId, 1 + i, random.nextInt(4000)) :
                response(200, callId, 1 + i, "INVITE");
            stream.writeBytes(ascii(message));
            messages.add(message);
            ends.add(stream.size());
        }
        final byte[] bytes = stream.toByteArray();

        // Segments in order, then perturbed: neighbours swapped, some sent twice, some re-sent with other bounds.
        final List<int[]> segments = new ArrayList<>();
        for (int offset = 0; offset < bytes.length; )
        {
            final int size = Math.min(bytes.length - offset, random.nextInt(8) == 0 ? 1 + random.nextInt(20) :
                1 + random.nextInt(1460));
            segments.add(new int[]{offset, size});
            offset += size;
        }
        for (int i = 0; i + 1 < segments.size(); i++)
        {
            if (random.nextInt(5) == 0)
            {
                final int j = Math.min(segments.size() - 1, i + 1 + random.nextInt(3));
                final int[] swap = segments.get(i);
                segments.set(i, segments.get(j));
                segments.set(j, swap);
            }
        }
        for (int i = 0; i < segments.size(); i++)
        {
            final int roll = random.nextInt(20);
            final int at = Math.min(segments.size(), i + 1 + random.nextInt(4));
            if (roll == 0)
            {
                segments.add(at, segments.get(i).clone());
            }
            else if (roll == 1)
            {
                final int start = Math.max(0, segments.get(i)[0] - random.nextInt(2000));
                final int end = Math.min(bytes.length, segments.get(i)[0] + segments.get(i)[1] + random.nextInt(800));
                segments.add(at, new int[]{start, end - start});
            }
        }

        final long[] arrival = new long[bytes.length];
        Arrays.fill(arrival, Long.MAX_VALUE);
        final Conversation tcp = new Conversation();
        final int initial = random.nextInt();
        tcp.client(initial, SYN, "", T0);
        for (int k = 0; k < segments.size(); k++)
        {
            final int[] segment = segments.get(k);
            final long timeNs = T0 + (k + 1) * MS;
            for (int b = segment[0]; b < segment[0] + segment[1]; b++)
            {
                arrival[b] = Math.min(arrival[b], timeNs);
            }
            tcp.client(initial + 1 + segment[0], PSH_ACK,
                Arrays.copyOfRange(bytes, segment[0], segment[0] + segment[1]), timeNs);
        }
        tcp.reassembler.flush();

        assertEquals(messages, tcp.texts(), "seed " + seed);
        long complete = Long.MIN_VALUE;
        int from = 0;
        for (int m = 0; m < messages.size(); m++)
        {
            for (int b = from; b < ends.get(m); b++)
            {
                complete = Math.max(complete, arrival[b]);
            }
            from = ends.get(m);
            assertEquals(complete, tcp.messages.get(m).timeNs(), "seed " + seed + " message " + m);
        }
        assertEquals(0, tcp.count(SensorCounter.TCP_GAPS), "seed " + seed);
        assertEquals(0, tcp.count(SensorCounter.TCP_RESYNCS), "seed " + seed);
        assertEquals(0, tcp.count(SensorCounter.TCP_MESSAGES_INCOMPLETE), "seed " + seed);
        assertEquals(0, tcp.reassembler.heldBlocks(), "seed " + seed);
    }
}
