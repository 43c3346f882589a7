package io.sipsensor.bench;

import io.sipsensor.call.CallState;
import io.sipsensor.call.CallTracker;
import io.sipsensor.call.CallTrackerSettings;
import io.sipsensor.call.LegListener;
import io.sipsensor.net.PacketInfo;
import io.sipsensor.sip.SipMessage;
import io.sipsensor.sip.SipParseResult;
import io.sipsensor.sip.SipParser;
import io.sipsensor.status.Counters;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The Call-ID path of call tracking (hash, table lookup, compare against the stored bytes, insert on an INVITE)
 * with short and long Call-IDs. The generated call mix of {@link CallTrackerBenchmark}, at 10,000 calls per 150 s
 * cycle (about 3,000 calls in progress and 2,000 lingering), with every Call-ID made {@code callIdBytes} long by a
 * prefix that all calls share: the worst case for a tracker that compares only a Call-ID's first bytes (all calls
 * agree on them), and the case of issue 19 (two Call-IDs sharing 130 bytes). {@code 0} keeps the generated Call-IDs
 * (about 30 bytes). A Call-ID longer than a call record holds inline (128 bytes) is kept whole beside it and compared
 * in full on every message of its call.
 * <p>
 * {@code parseAndTrack} parses and tracks each message; {@code parseOnly} parses alone (a longer Call-ID makes a
 * longer message to scan): the tracker's cost per message is the difference. {@code -prof gc} must show about 0 B/op;
 * on a busy host, compare builds on the CPU time per operation ({@link CpuTimeProfiler}).
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar CallIdBenchmark -prof gc -prof io.sipsensor.bench.CpuTimeProfiler
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class CallIdBenchmark
{
    private static final byte[] CALL_ID = "\r\nCall-ID:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMPACT_CALL_ID = "\r\ni:".getBytes(StandardCharsets.US_ASCII);

    /** Bytes of every Call-ID; 0: as generated. */
    @Param({"0", "130", "300", "4000"})
    public int callIdBytes;

    private static final int CALLS = 10_000;

    private CallCycle cycle;
    private UnsafeBuffer stream;
    private int[] offsets;
    private int[] lengths;
    private final SipParser parser = new SipParser(SipParser.DEFAULT_MAX_HEADERS);
    private final SipMessage message = new SipMessage();
    private final PacketInfo info = new PacketInfo();
    private CallTracker tracker;
    private long legChecksum;
    private int next;
    private long cycleStartNs = CallCycle.BASE_NS;

    @Setup(Level.Trial)
    public void setUp()
    {
        cycle = CallCycle.build(CALLS);
        final int count = cycle.messages();
        final byte[][] messages = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            messages[i] = callIdBytes == 0 ? cycle.bytes[i] : lengthen(cycle.bytes[i], callIdBytes);
        }
        offsets = new int[count];
        lengths = new int[count];
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            offsets[i] = total;
            lengths[i] = messages[i].length;
            total += lengths[i];
        }
        stream = new UnsafeBuffer(new byte[total]);
        for (int i = 0; i < count; i++)
        {
            stream.putBytes(offsets[i], messages[i]);
            final int result = parser.parse(stream, offsets[i], lengths[i], message);
            if (result != SipParseResult.OK)
            {
                throw new IllegalStateException("message " + i + " does not parse: " + result);
            }
            if (callIdBytes != 0 && message.callIdLength() != callIdBytes)
            {
                throw new IllegalStateException("message " + i + " has a Call-ID of " + message.callIdLength() +
                    " bytes, not " + callIdBytes);
            }
        }
        info.ipVersion = 4;
        info.sourcePort = 5060;
        info.destinationPort = 5060;
        info.transportProtocol = 17;
        final LegListener listener = this::onLeg;
        tracker = new CallTracker(CallTrackerSettings.defaults(), new Counters(), listener);
        for (int i = 0; i < 2 * count; i++)
        {
            parseAndTrack();
        }
        System.out.println("\n" + count + " messages per cycle, " + tracker.trackedCalls() +
            " Call-IDs tracked in steady state, Call-IDs of " + (callIdBytes == 0 ? "generated length" :
            callIdBytes + " bytes"));
    }

    /**
     * @return Call-IDs tracked (so that nothing is optimised away).
     */
    @Benchmark
    public int parseAndTrack()
    {
        final int i = advance();
        parser.parse(stream, offsets[i], lengths[i], message);
        tracker.onMessage(message, info);
        return tracker.trackedCalls();
    }

    /**
     * @return the parse result and framing: the parsing share of {@link #parseAndTrack()}.
     */
    @Benchmark
    public int parseOnly()
    {
        final int i = advance();
        final int result = parser.parse(stream, offsets[i], lengths[i], message);
        return result + message.messageLength() + info.sourceAddress[3];
    }

    private int advance()
    {
        final int i = next;
        info.timestampNs = cycleStartNs + cycle.offsetNs[i];
        putAddress(info.sourceAddress, cycle.source[i]);
        putAddress(info.destinationAddress, cycle.destination[i]);
        if (i + 1 == offsets.length)
        {
            next = 0;
            cycleStartNs += cycle.periodNs;
        }
        else
        {
            next = i + 1;
        }
        return i;
    }

    private void onLeg(final CallState leg)
    {
        legChecksum += leg.startNs() + leg.endNs() + leg.callIdLength() + leg.finalCode();
    }

    /**
     * @return the message with its Call-ID (long or compact header) prefixed by a shared filler to {@code length}.
     */
    private static byte[] lengthen(final byte[] original, final int length)
    {
        int header = indexOf(original, CALL_ID);
        int nameLength = CALL_ID.length;
        if (header < 0)
        {
            header = indexOf(original, COMPACT_CALL_ID);
            nameLength = COMPACT_CALL_ID.length;
        }
        if (header < 0)
        {
            throw new IllegalStateException("no Call-ID in " + new String(original, StandardCharsets.US_ASCII));
        }
        int valueStart = header + nameLength;
        while (original[valueStart] == ' ' || original[valueStart] == '\t')
        {
            valueStart++;
        }
        int valueEnd = valueStart;
        while (original[valueEnd] != '\r')
        {
            valueEnd++;
        }
        final int pad = length - (valueEnd - valueStart);
        if (pad < 0)
        {
            throw new IllegalStateException("Call-ID longer than " + length);
        }
        final byte[] filler = new byte[pad];
        for (int i = 0; i < pad; i++)
        {
            filler[i] = (byte)('a' + i % 26); // the same for every call
        }
        final byte[] lengthened = new byte[original.length + pad];
        System.arraycopy(original, 0, lengthened, 0, valueStart);
        System.arraycopy(filler, 0, lengthened, valueStart, pad);
        System.arraycopy(original, valueStart, lengthened, valueStart + pad, original.length - valueStart);
        return lengthened;
    }

    private static int indexOf(final byte[] bytes, final byte[] pattern)
    {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++)
        {
            for (int j = 0; j < pattern.length; j++)
            {
                if (bytes[i + j] != pattern[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void putAddress(final byte[] address, final int value)
    {
        address[0] = (byte)(value >>> 24);
        address[1] = (byte)(value >>> 16);
        address[2] = (byte)(value >>> 8);
        address[3] = (byte)value;
    }
}
