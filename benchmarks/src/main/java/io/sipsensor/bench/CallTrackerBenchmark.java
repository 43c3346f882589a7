package io.sipsensor.bench;

import io.sipsensor.status.Counters;
import io.sipsensor.call.CallState;
import io.sipsensor.call.CallTracker;
import io.sipsensor.call.CallTrackerSettings;
import io.sipsensor.call.LegListener;
import io.sipsensor.net.PacketInfo;
import io.sipsensor.sip.SipMessage;
import io.sipsensor.sip.SipParseResult;
import io.sipsensor.sip.SipParser;
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

import java.util.concurrent.TimeUnit;

/**
 * {@link CallTracker#onMessage} per SIP message, with a realistic number of calls in progress. The messages are
 * those the traffic generator writes (the default outcome mix: 75 % answered, 25 % busy / not found / declined /
 * cancelled, 20 % compact headers, 10 % re-INVITEs; hold times 30..90 s), played as a {@link CallCycle} that
 * repeats with time moving on: {@code calls} calls per 150 s cycle. With the default 100,000 calls per cycle (667
 * call attempts/s) about 30,000 calls are in progress and 20,000 more Call-IDs linger after their leg (the tracker
 * keeps them 32 s to absorb retransmissions): the working set of a busy sensor. Every completed leg goes to a
 * listener that reads its fields (what the leg collector and the journal encoder read; their own cost is measured
 * elsewhere).
 * <p>
 * As in the agent, each message is parsed just before it is tracked (so it is in the cache when the tracker reads
 * it, while the call's state usually is not): {@code parseAndTrack} does both, {@code parseOnly} the same parsing
 * alone; the tracker's cost per message is the difference. {@code -prof gc} must show about 0 B/op (call records
 * are reused).
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar CallTrackerBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--enable-native-access=ALL-UNNAMED", "-Xmx3g"})
public class CallTrackerBenchmark
{
    /** Calls per 150 s cycle. */
    @Param({"100000"})
    public int calls;

    private CallCycle cycle;
    /** The messages of a cycle one after the other in play order, as they lie in a capture file. */
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
        cycle = CallCycle.build(calls);
        final int count = cycle.messages();
        offsets = new int[count];
        lengths = new int[count];
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            offsets[i] = total;
            lengths[i] = cycle.bytes[i].length;
            total += lengths[i];
        }
        stream = new UnsafeBuffer(new byte[total]);
        for (int i = 0; i < count; i++)
        {
            stream.putBytes(offsets[i], cycle.bytes[i]);
            final int result = parser.parse(stream, offsets[i], lengths[i], message);
            if (result != SipParseResult.OK)
            {
                throw new IllegalStateException("generated message " + i + " does not parse: " + result);
            }
        }
        info.ipVersion = 4;
        info.sourcePort = 5060;
        info.destinationPort = 5060;
        info.transportProtocol = 17;
        final LegListener listener = this::onLeg;
        tracker = new CallTracker(CallTrackerSettings.defaults(), new Counters(), listener);
        // Two cycles to reach the steady state: the first starts with calls that have no INVITE yet.
        for (int i = 0; i < 2 * count; i++)
        {
            parseAndTrack();
        }
        System.out.println("\n" + count + " messages per cycle, " + tracker.trackedCalls() +
            " Call-IDs tracked in steady state");
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

    /**
     * Moves to the next message and sets its time and addresses.
     */
    private int advance()
    {
        final int i = next;
        final CallCycle cycle = this.cycle;
        final PacketInfo info = this.info;
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
        legChecksum += leg.startNs() + leg.endNs() + leg.connectNs() + leg.finalCode() + leg.callIdLength() +
            leg.callerLength() + leg.calledLength() + leg.text()[0] + leg.callerIp()[3] + leg.calledPort();
    }

    private static void putAddress(final byte[] address, final int value)
    {
        address[0] = (byte)(value >>> 24);
        address[1] = (byte)(value >>> 16);
        address[2] = (byte)(value >>> 8);
        address[3] = (byte)value;
    }
}
