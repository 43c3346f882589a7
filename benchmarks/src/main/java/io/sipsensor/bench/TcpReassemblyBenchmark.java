package io.sipsensor.bench;

import io.sipsensor.status.Counters;
import io.sipsensor.net.PacketInfo;
import io.sipsensor.net.tcp.TcpReassembler;
import io.sipsensor.net.tcp.TcpSettings;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * TCP stream reassembly and SIP framing, per segment: one call's signalling (INVITE and 200 with SDP, 100, 180,
 * ACK, BYE and its 200; 7 messages) on one connection, both directions, each direction cut into 6 segments of
 * unequal size (17, 14, 2, 25, 22 and 20 % of its bytes) so that most messages span segments and some segments
 * carry several. 12 segments per round, per operation 1/12 of a round.
 * <ul>
 *   <li>{@code in-order}: segments as sent.</li>
 *   <li>{@code out-of-order}: every pair of neighbouring segments of a direction swapped, so half the segments wait
 *       behind a hole.</li>
 *   <li>{@code websocket}: the same messages as RFC 7118 WebSocket text frames (client frames masked) on a
 *       WebSocket port, cut the same way.</li>
 * </ul>
 * Each round moves the sequence numbers on in place, so the streams run forever without allocation. Messages go to
 * a sink that only sums their lengths (SIP parsing downstream is measured by the parser benchmarks). Run with
 * {@code -prof gc}: the allocation rate should be ~0 B/op.
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar TcpReassemblyBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--enable-native-access=ALL-UNNAMED"})
public class TcpReassemblyBenchmark
{
    private static final int TCP_HEADER_LENGTH = 20;
    /** Where each direction is cut, as fractions of its bytes per round: 6 segments each way. */
    private static final double[] CUTS = {0.17, 0.31, 0.33, 0.58, 0.80, 1.0};
    private static final int SEGMENTS_PER_ROUND = 2 * 6;
    private static final int MESSAGES_PER_ROUND = 7;

    @Param({"in-order", "out-of-order", "websocket"})
    public String scenario;

    private final UnsafeBuffer segments = new UnsafeBuffer(new byte[32 * 1024]);
    private final int[] offsets = new int[SEGMENTS_PER_ROUND];
    private final int[] lengths = new int[SEGMENTS_PER_ROUND];
    private final int[] relativeSequence = new int[SEGMENTS_PER_ROUND];
    private final boolean[] fromClient = new boolean[SEGMENTS_PER_ROUND];
    private final PacketInfo clientInfo = new PacketInfo();
    private final PacketInfo serverInfo = new PacketInfo();
    private int count;
    private int clientBytesPerRound;
    private int serverBytesPerRound;
    private TcpReassembler reassembler;
    private long messages;
    private long messageBytes;
    private long round;

    @Setup
    public void setUp()
    {
        final boolean websocket = "websocket".equals(scenario);
        final int serverPort = websocket ? 8080 : 5060;
        reassembler = new TcpReassembler(new TcpSettings().websocketPorts(8080), new Counters(),
            (buffer, offset, length, info) ->
            {
                messages++;
                messageBytes += length;
            });
        address(clientInfo, 10, 40_000, 20, serverPort);
        address(serverInfo, 20, serverPort, 10, 40_000);

        final String callId = "a84b4c76e66710@pc33.example.com";
        final byte[] client = stream(websocket, true,
            invite(callId), request("ACK", callId, 1, ""), request("BYE", callId, 2, ""));
        final byte[] server = stream(websocket, false,
            response(100, "Trying", callId, ""), response(180, "Ringing", callId, ""),
            response(200, "OK", callId, sdp()), byeOk(callId));
        clientBytesPerRound = client.length;
        serverBytesPerRound = server.length;

        // Open both directions once (SYN, and the WebSocket upgrade), outside the measured rounds.
        final int clientStart = open(clientInfo, websocket ? "GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n" : "");
        final int serverStart = open(serverInfo, websocket ? "HTTP/1.1 101 Switching Protocols\r\n\r\n" : "");

        cut(client, true, clientStart);
        cut(server, false, serverStart);
        if ("out-of-order".equals(scenario))
        {
            swapNeighbours(true);
            swapNeighbours(false);
        }

        reassemble();
        reassemble();
        if (messages != 2 * MESSAGES_PER_ROUND)
        {
            throw new IllegalStateException(scenario + ": " + messages + " messages in two rounds");
        }
    }

    /**
     * @return message bytes delivered so far, so the work cannot be optimised away.
     */
    @Benchmark
    @OperationsPerInvocation(SEGMENTS_PER_ROUND)
    public long reassemble()
    {
        final long r = round++;
        final long timeNs = 1_800_000_000_000_000_000L + r * 1_000_000L;
        for (int i = 0; i < count; i++)
        {
            final int perRound = fromClient[i] ? clientBytesPerRound : serverBytesPerRound;
            segments.putInt(offsets[i] + 4, relativeSequence[i] + (int)r * perRound, ByteOrder.BIG_ENDIAN);
            final PacketInfo info = fromClient[i] ? clientInfo : serverInfo;
            info.timestampNs = timeNs + i;
            reassembler.onSegment(segments, offsets[i], lengths[i], lengths[i], info);
        }
        return messageBytes;
    }

    private int open(final PacketInfo info, final String first)
    {
        final UnsafeBuffer once = new UnsafeBuffer(new byte[256]);
        header(once, 0, 0, 0x02);
        info.timestampNs = 1_800_000_000_000_000_000L;
        reassembler.onSegment(once, 0, TCP_HEADER_LENGTH, TCP_HEADER_LENGTH, info);
        if (!first.isEmpty())
        {
            header(once, 0, 1, 0x18);
            once.putStringWithoutLengthAscii(TCP_HEADER_LENGTH, first);
            reassembler.onSegment(once, 0, TCP_HEADER_LENGTH + first.length(), TCP_HEADER_LENGTH + first.length(),
                info);
        }
        return 1 + first.length();
    }

    private void cut(final byte[] stream, final boolean client, final int start)
    {
        int position = 0;
        int at = count == 0 ? 0 : offsets[count - 1] + lengths[count - 1];
        for (final double cut : CUTS)
        {
            final int size = (int)Math.round(cut * stream.length) - position;
            header(segments, at, 0, 0x18);
            segments.putBytes(at + TCP_HEADER_LENGTH, stream, position, size);
            offsets[count] = at;
            lengths[count] = TCP_HEADER_LENGTH + size;
            relativeSequence[count] = start + position;
            fromClient[count] = client;
            count++;
            at += TCP_HEADER_LENGTH + size;
            position += size;
        }
    }

    private void swapNeighbours(final boolean client)
    {
        int previous = -1;
        for (int i = 0; i < count; i++)
        {
            if (fromClient[i] != client)
            {
                continue;
            }
            if (previous < 0)
            {
                previous = i;
                continue;
            }
            swap(previous, i);
            previous = -1;
        }
    }

    private void swap(final int a, final int b)
    {
        final int offset = offsets[a];
        final int length = lengths[a];
        final int sequence = relativeSequence[a];
        offsets[a] = offsets[b];
        lengths[a] = lengths[b];
        relativeSequence[a] = relativeSequence[b];
        offsets[b] = offset;
        lengths[b] = length;
        relativeSequence[b] = sequence;
    }

    private static void header(final UnsafeBuffer buffer, final int at, final int sequence, final int flags)
    {
        buffer.setMemory(at, TCP_HEADER_LENGTH, (byte)0);
        buffer.putInt(at + 4, sequence, ByteOrder.BIG_ENDIAN);
        buffer.putByte(at + 12, (byte)0x50);
        buffer.putByte(at + 13, (byte)flags);
        buffer.putShort(at + 14, (short)0xFFFF, ByteOrder.BIG_ENDIAN);
    }

    private static void address(final PacketInfo info, final int source, final int sourcePort, final int destination,
        final int destinationPort)
    {
        info.ipVersion = 4;
        info.sourceAddress[0] = 10;
        info.sourceAddress[3] = (byte)source;
        info.destinationAddress[0] = 10;
        info.destinationAddress[3] = (byte)destination;
        info.sourcePort = sourcePort;
        info.destinationPort = destinationPort;
        info.vlanId = -1;
    }

    private static byte[] stream(final boolean websocket, final boolean masked, final String... messages)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final String message : messages)
        {
            final byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
            if (!websocket)
            {
                out.writeBytes(bytes);
                continue;
            }
            out.write(0x81);
            final int maskBit = masked ? 0x80 : 0;
            if (bytes.length < 126)
            {
                out.write(maskBit | bytes.length);
            }
            else
            {
                out.write(maskBit | 126);
                out.write(bytes.length >>> 8);
                out.write(bytes.length);
            }
            final byte[] key = {0x11, 0x22, 0x33, 0x44};
            if (masked)
            {
                out.writeBytes(key);
            }
            for (int i = 0; i < bytes.length; i++)
            {
                out.write(masked ? bytes[i] ^ key[i & 3] : bytes[i]);
            }
        }
        return out.toByteArray();
    }

    private static String invite(final String callId)
    {
        return "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/TCP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n" +
            "Max-Forwards: 70\r\n" +
            "To: Bob <sip:bob@biloxi.example.com>\r\n" +
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Contact: <sip:alice@pc33.atlanta.example.com;transport=tcp>\r\n" +
            "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO, UPDATE\r\n" +
            "Supported: replaces, timer\r\n" +
            "User-Agent: bench/1.0\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: " + sdp().length() + "\r\n\r\n" + sdp();
    }

    private static String request(final String method, final String callId, final int cseq, final String body)
    {
        return method + " sip:bob@192.0.2.4;transport=tcp SIP/2.0\r\n" +
            "Via: SIP/2.0/TCP pc33.atlanta.example.com;branch=z9hG4bKnashds" + cseq + method.length() + "\r\n" +
            "Max-Forwards: 70\r\n" +
            "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n" +
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: " + cseq + " " + method + "\r\n" +
            "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String response(final int code, final String reason, final String callId, final String body)
    {
        return "SIP/2.0 " + code + " " + reason + "\r\n" +
            "Via: SIP/2.0/TCP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1\r\n" +
            "To: Bob <sip:bob@biloxi.example.com>" + (code > 100 ? ";tag=a6c85cf" : "") + "\r\n" +
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: 1 INVITE\r\n" +
            (code > 100 ? "Contact: <sip:bob@192.0.2.4;transport=tcp>\r\n" : "") +
            (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n") +
            "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String byeOk(final String callId)
    {
        return response(200, "OK", callId, "").replace("CSeq: 1 INVITE", "CSeq: 2 BYE");
    }

    private static String sdp()
    {
        return "v=0\r\n" +
            "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\n" +
            "s=-\r\n" +
            "c=IN IP4 192.0.2.101\r\n" +
            "t=0 0\r\n" +
            "m=audio 49172 RTP/AVP 0 8 18 101\r\n" +
            "a=rtpmap:0 PCMU/8000\r\n" +
            "a=rtpmap:8 PCMA/8000\r\n" +
            "a=rtpmap:18 G729/8000\r\n" +
            "a=rtpmap:101 telephone-event/8000\r\n" +
            "a=fmtp:101 0-16\r\n" +
            "a=ptime:20\r\n" +
            "a=sendrecv\r\n";
    }
}
