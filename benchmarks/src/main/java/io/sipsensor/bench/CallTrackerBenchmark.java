package io.sipsensor.bench;

import io.sipsensor.agent.Counters;
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
 * cancelled, 20 % compact headers, 10 % re-INVITEs; hold times 30..90 s), parsed once at set-up, and played as a
 * {@link CallCycle} that repeats with time moving on: {@code calls} calls per 150 s cycle. With the default
 * 100,000 calls per cycle (667 call attempts/s) about 30,000 calls are in progress and 20,000 more Call-IDs linger
 * after their leg (the tracker keeps them 32 s to absorb retransmissions): the working set of a busy sensor. Every
 * completed leg goes to a listener that reads its fields (what the leg collector and the journal encoder read; their
 * own cost is measured elsewhere).
 * <p>
 * The figure is ns per message (ns/op); {@code -prof gc} must show about 0 B/op (call states are pooled). Parsing
 * is not included ({@link SipParserBenchmark} measures it).
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
    private static final int MAX_HEADERS = 24;

    /** Calls per 150 s cycle. */
    @Param({"100000"})
    public int calls;

    private CallCycle cycle;
    private SipMessage[] messages;
    private final PacketInfo info = new PacketInfo();
    private CallTracker tracker;
    private long legChecksum;
    private int next;
    private long cycleStartNs = CallCycle.BASE_NS;

    @Setup(Level.Trial)
    public void setUp()
    {
        cycle = CallCycle.build(calls);
        final SipParser parser = new SipParser(MAX_HEADERS);
        messages = new SipMessage[cycle.messages()];
        for (int i = 0; i < messages.length; i++)
        {
            messages[i] = new SipMessage(MAX_HEADERS);
            final int result = parser.parse(new UnsafeBuffer(cycle.bytes[i]), 0, cycle.bytes[i].length, messages[i]);
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
        for (int i = 0; i < 2 * messages.length; i++)
        {
            track();
        }
        System.out.println("\n" + messages.length + " messages per cycle, " + tracker.trackedCalls() +
            " Call-IDs tracked in steady state");
    }

    @Benchmark
    public int track()
    {
        final int i = next;
        final CallCycle cycle = this.cycle;
        final PacketInfo info = this.info;
        info.timestampNs = cycleStartNs + cycle.offsetNs[i];
        putAddress(info.sourceAddress, cycle.source[i]);
        putAddress(info.destinationAddress, cycle.destination[i]);
        tracker.onMessage(messages[i], info);
        if (i + 1 == messages.length)
        {
            next = 0;
            cycleStartNs += cycle.periodNs;
        }
        else
        {
            next = i + 1;
        }
        return tracker.trackedCalls();
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
