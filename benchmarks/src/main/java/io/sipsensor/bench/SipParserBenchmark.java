package io.sipsensor.bench;

import io.sipsensor.sip.NameAddr;
import io.sipsensor.sip.SipMessage;
import io.sipsensor.sip.SipMethod;
import io.sipsensor.sip.SipParser;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of parsing one SIP message as the capture path does it: {@link SipParser#parse} plus the fields a call
 * tracker reads (Call-ID, CSeq, method or status) and, on INVITEs, From and To with the tag and the numbers.
 * Each operation takes the next message of a realistic mix built in code: an answered call (INVITE with SDP,
 * 100, 180, 200 with SDP, ACK, BYE, 200) and a cancelled call written with compact headers (INVITE, 100, 180,
 * CANCEL, 200, 487, ACK), carrier-style headers included. Average message size is printed at set-up.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar SipParserBenchmark -prof gc}; the figure to read is
 * ns/op (one message) and gc.alloc.rate.norm, which must stay at about 0 B/op. The fork gets the JVM flags of the
 * parent pom's {@code sipsensor.jvm.flags} from {@link Fork}; a {@code -jvmArgsAppend} on the command line replaces
 * them rather than adding to them, so repeat them there when adding a flag.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow",
    "-Dchronicle.analytics.disable=true",
    "-Dchronicle.announcer.disable=true",
    "-Djdk.attach.allowAttachSelf=true" })
@State(Scope.Thread)
public class SipParserBenchmark
{
    private final SipParser parser = new SipParser(SipParser.DEFAULT_MAX_HEADERS);
    private final SipMessage message = new SipMessage();
    private final NameAddr from = new NameAddr();
    private final NameAddr to = new NameAddr();
    private UnsafeBuffer[] messages;
    private int next;

    @Setup
    public void setUp()
    {
        final List<String> mix = SipCallMix.messages();
        messages = new UnsafeBuffer[mix.size()];
        long bytes = 0;
        for (int i = 0; i < messages.length; i++)
        {
            final byte[] text = mix.get(i).getBytes(StandardCharsets.UTF_8);
            messages[i] = new UnsafeBuffer(text);
            bytes += text.length;
            final int result = parser.parse(messages[i], 0, text.length, message);
            if (result != 0)
            {
                throw new IllegalStateException("benchmark message " + i + " does not parse: " + result);
            }
        }
        System.out.println("\n" + messages.length + " messages, " + bytes / messages.length + " bytes on average");
    }

    /**
     * @return a checksum of what was read, so that nothing is optimised away.
     */
    @Benchmark
    public long parseAndReadCallFields()
    {
        final UnsafeBuffer buffer = nextMessage();
        final SipMessage message = this.message;
        long checksum = parser.parse(buffer, 0, buffer.capacity(), message);
        checksum += message.callIdOffset() + message.callIdLength() + message.cseqNumber() + message.cseqMethod();
        checksum += message.isRequest() ? message.method() : message.statusCode();
        if (message.method() == SipMethod.INVITE)
        {
            // A new leg: caller and called number and the From tag.
            if (from.wrap(message, message.fromIndex()))
            {
                checksum += from.tagOffset() + from.tagLength() + from.uri().userOffset() + from.uri().userLength();
            }
            if (to.wrap(message, message.toIndex()))
            {
                checksum += to.tagLength() + to.uri().userOffset() + to.uri().userLength();
            }
        }
        return checksum;
    }

    /**
     * @return the parse result and framing, to see the share of {@link SipParser#parse} alone.
     */
    @Benchmark
    public long parseOnly()
    {
        final UnsafeBuffer buffer = nextMessage();
        return parser.parse(buffer, 0, buffer.capacity(), message) + message.messageLength();
    }

    private UnsafeBuffer nextMessage()
    {
        final UnsafeBuffer[] messages = this.messages;
        int index = next + 1;
        if (index == messages.length)
        {
            index = 0;
        }
        next = index;
        return messages[index];
    }

    /** Set-up only: the two calls of the mix as text. */
    static final class SipCallMix
    {
        private static final String SDP_OFFER =
            "v=0\r\n" +
            "o=- 3894172365 3894172365 IN IP4 198.51.100.20\r\n" +
            "s=SBC call\r\n" +
            "c=IN IP4 198.51.100.20\r\n" +
            "t=0 0\r\n" +
            "m=audio 31044 RTP/AVP 8 0 18 101\r\n" +
            "a=rtpmap:8 PCMA/8000\r\n" +
            "a=rtpmap:0 PCMU/8000\r\n" +
            "a=rtpmap:18 G729/8000\r\n" +
            "a=fmtp:18 annexb=no\r\n" +
            "a=rtpmap:101 telephone-event/8000\r\n" +
            "a=fmtp:101 0-15\r\n" +
            "a=ptime:20\r\n" +
            "a=sendrecv\r\n";

        private static final String SDP_ANSWER =
            "v=0\r\n" +
            "o=- 1190 1190 IN IP4 203.0.113.45\r\n" +
            "s=-\r\n" +
            "c=IN IP4 203.0.113.45\r\n" +
            "t=0 0\r\n" +
            "m=audio 18762 RTP/AVP 8 101\r\n" +
            "a=rtpmap:8 PCMA/8000\r\n" +
            "a=rtpmap:101 telephone-event/8000\r\n" +
            "a=fmtp:101 0-15\r\n" +
            "a=ptime:20\r\n";

        private static final String CALL_A = "Call-ID: 4f2a1c7e-91b3-4d0e-a6c2-7b95e0d3f811@198.51.100.20";
        private static final String VIA_A =
            "Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-524287-1---3c5b0a6f2d9e1b47;rport";
        private static final String FROM_A = "From: \"+44 20 7946 0018\" <sip:+442079460018@198.51.100.20>" +
            ";tag=3b7e9a21";
        private static final String TO_A = "To: <sip:+442079460958@203.0.113.45;user=phone>";
        private static final String TO_A_TAG = TO_A + ";tag=as5f2c81d3";

        private static final String CALL_B = "i: 7723985511@10.20.30.40";
        private static final String VIA_B = "v: SIP/2.0/UDP 10.20.30.40:5060;branch=z9hG4bK1822553291";
        private static final String FROM_B = "f: <sip:4055@pbx.example.net>;tag=1427650397";
        private static final String TO_B = "t: <sip:00492216690180@carrier.example.net>";
        private static final String TO_B_TAG = TO_B + ";tag=gK0a6b2c1d";

        private SipCallMix()
        {
        }

        static List<String> messages()
        {
            final List<String> mix = new ArrayList<>();
            mix.add(message(SDP_OFFER,
                "INVITE sip:+442079460958@203.0.113.45;user=phone SIP/2.0",
                VIA_A,
                "Max-Forwards: 69",
                FROM_A,
                TO_A,
                CALL_A,
                "CSeq: 102 INVITE",
                "Contact: <sip:+442079460018@198.51.100.20:5060;transport=udp>",
                "Record-Route: <sip:198.51.100.20;lr;ftag=3b7e9a21;did=a51.c1>",
                "P-Asserted-Identity: \"+44 20 7946 0018\" <sip:+442079460018@198.51.100.20;user=phone>",
                "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, UPDATE, INFO, REFER, NOTIFY",
                "Supported: 100rel, timer, replaces",
                "Session-Expires: 1800;refresher=uac",
                "Min-SE: 90",
                "User-Agent: Example-SBC/4.2",
                "Content-Type: application/sdp"));
            mix.add(message("", "SIP/2.0 100 Trying", VIA_A, FROM_A, TO_A, CALL_A, "CSeq: 102 INVITE"));
            mix.add(message("", "SIP/2.0 180 Ringing", VIA_A,
                "Record-Route: <sip:198.51.100.20;lr;ftag=3b7e9a21;did=a51.c1>", FROM_A, TO_A_TAG, CALL_A,
                "CSeq: 102 INVITE", "Contact: <sip:+442079460958@203.0.113.45:5060>",
                "Server: Example-Switch 9"));
            mix.add(message(SDP_ANSWER, "SIP/2.0 200 OK", VIA_A,
                "Record-Route: <sip:198.51.100.20;lr;ftag=3b7e9a21;did=a51.c1>", FROM_A, TO_A_TAG, CALL_A,
                "CSeq: 102 INVITE", "Contact: <sip:+442079460958@203.0.113.45:5060>",
                "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE", "Supported: timer",
                "Session-Expires: 1800;refresher=uac", "Require: timer", "Server: Example-Switch 9",
                "Content-Type: application/sdp"));
            mix.add(message("", "ACK sip:+442079460958@203.0.113.45:5060 SIP/2.0",
                "Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-524287-1---9a01e6c3b2f8d455;rport",
                "Max-Forwards: 69", "Route: <sip:198.51.100.20;lr;ftag=3b7e9a21;did=a51.c1>", FROM_A, TO_A_TAG,
                CALL_A, "CSeq: 102 ACK", "User-Agent: Example-SBC/4.2"));
            mix.add(message("", "BYE sip:+442079460018@198.51.100.20:5060;transport=udp SIP/2.0",
                "Via: SIP/2.0/UDP 203.0.113.45:5060;branch=z9hG4bK5f0d3a8c-77e1",
                "Max-Forwards: 70", "Route: <sip:198.51.100.20;lr;ftag=3b7e9a21;did=a51.c1>",
                "From: <sip:+442079460958@203.0.113.45;user=phone>;tag=as5f2c81d3",
                "To: \"+44 20 7946 0018\" <sip:+442079460018@198.51.100.20>;tag=3b7e9a21",
                CALL_A, "CSeq: 7 BYE", "Reason: Q.850;cause=16;text=\"Normal call clearing\"",
                "Server: Example-Switch 9"));
            mix.add(message("", "SIP/2.0 200 OK",
                "Via: SIP/2.0/UDP 203.0.113.45:5060;branch=z9hG4bK5f0d3a8c-77e1;received=203.0.113.45",
                "From: <sip:+442079460958@203.0.113.45;user=phone>;tag=as5f2c81d3",
                "To: \"+44 20 7946 0018\" <sip:+442079460018@198.51.100.20>;tag=3b7e9a21",
                CALL_A, "CSeq: 7 BYE", "User-Agent: Example-SBC/4.2"));

            mix.add(message(SDP_OFFER, "INVITE sip:00492216690180@carrier.example.net SIP/2.0", VIA_B,
                "Max-Forwards: 70", FROM_B, TO_B, CALL_B, "CSeq: 20 INVITE",
                "m: <sip:4055@10.20.30.40:5060>", "k: replaces, timer", "c: application/sdp"));
            mix.add(message("", "SIP/2.0 100 Trying", VIA_B, FROM_B, TO_B, CALL_B, "CSeq: 20 INVITE"));
            mix.add(message("", "SIP/2.0 180 Ringing", VIA_B, FROM_B, TO_B_TAG, CALL_B, "CSeq: 20 INVITE",
                "m: <sip:00492216690180@192.0.2.99:5060>"));
            mix.add(message("", "CANCEL sip:00492216690180@carrier.example.net SIP/2.0", VIA_B,
                "Max-Forwards: 70", FROM_B, TO_B, CALL_B, "CSeq: 20 CANCEL",
                "Reason: SIP;cause=487;text=\"Request Terminated\""));
            mix.add(message("", "SIP/2.0 200 OK", VIA_B, FROM_B, TO_B_TAG, CALL_B, "CSeq: 20 CANCEL"));
            mix.add(message("", "SIP/2.0 487 Request Terminated", VIA_B, FROM_B, TO_B_TAG, CALL_B,
                "CSeq: 20 INVITE"));
            mix.add(message("", "ACK sip:00492216690180@carrier.example.net SIP/2.0", VIA_B,
                "Max-Forwards: 70", FROM_B, TO_B_TAG, CALL_B, "CSeq: 20 ACK"));
            return mix;
        }

        private static String message(final String body, final String... lines)
        {
            final StringBuilder text = new StringBuilder();
            for (final String line : lines)
            {
                text.append(line).append("\r\n");
            }
            // The cancelled call is written with compact header names throughout.
            final boolean compact = List.of(lines).contains(CALL_B);
            return text.append(compact ? "l: " : "Content-Length: ")
                .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body).toString();
        }
    }
}
