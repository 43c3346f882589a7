package io.sipsensor.bench;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.channel.ChannelEventPublisher;
import io.sipsensor.channel.ChannelTracker;
import io.sipsensor.channel.ChannelTrackerSettings;
import io.sipsensor.channel.ConcurrentCallsStats;
import io.sipsensor.channel.LicenseChannelSettings;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The live channel tracker with 100,000 legs in progress: each operation is one leg event (a leg ends, a new one
 * starts and connects, so the number in progress stays constant), published through the many-to-one ring and
 * applied by the tracker on the same thread, in batches of 256 legs. Event time advances 1.2 ms per leg, as for
 * 100,000 channels with a 120 s mean hold (833 new calls per second).
 * <p>
 * {@code hourClose=false} measures the per-event path alone (no hour ever closes). {@code hourClose=true} includes
 * the exact recomputation of each hour as event time passes it; at 4,000x real time it runs about once a second of
 * benchmark time, so the figure shows its amortised cost at a high call rate.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar ChannelTrackerBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx4g"})
public class ChannelTrackerBenchmark
{
    private static final int ACTIVE = 100_000;
    private static final int BATCH_LEGS = 256;
    private static final int EVENTS_PER_BATCH = BATCH_LEGS * 3;
    private static final long STEP_NS = 1_200_000L;
    private static final int KEYS = 60_000;

    @Param({"false", "true"})
    boolean hourClose;

    private ChannelTracker tracker;
    private ChannelEventPublisher publisher;
    private long nextLeg;
    private long oldestLeg;
    private long nowNs = 1_795_341_600_000_000_000L;

    @Setup(Level.Trial)
    public void setUp()
    {
        final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect((1 << 20) + RingBufferDescriptor.TRAILER_LENGTH)));
        final ChannelTrackerSettings defaults = ChannelTrackerSettings.defaults(LicenseChannelSettings.defaults());
        final ChannelTrackerSettings settings = hourClose ? defaults :
            new ChannelTrackerSettings(defaults.license(), Long.MAX_VALUE / 4, defaults.lateWindowNs());
        tracker = new ChannelTracker(ring, settings, new ConcurrentCallsStats(14, 21), ignored -> { });
        publisher = new ChannelEventPublisher(ring, new Counters().get(SensorCounter.JOURNAL_RING_FULL));
        for (int i = 0; i < ACTIVE; i++)
        {
            startLeg();
            if ((i & 1023) == 0)
            {
                drain();
            }
        }
        drain();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_BATCH)
    public long legEvents()
    {
        for (int i = 0; i < BATCH_LEGS; i++)
        {
            final long leg = oldestLeg++;
            final long start = startOf(leg);
            publisher.end(leg, start, start + 500_000_000L, nowNs, keyOf(leg), 200);
            startLeg();
        }
        return drain();
    }

    private void startLeg()
    {
        final long leg = nextLeg++;
        nowNs += STEP_NS;
        publisher.start(leg, nowNs, keyOf(leg));
        publisher.connect(leg, nowNs + 500_000_000L);
    }

    private long startOf(final long leg)
    {
        return 1_795_341_600_000_000_000L + (leg + 1) * STEP_NS;
    }

    private static long keyOf(final long leg)
    {
        return leg % KEYS;
    }

    private long drain()
    {
        long applied = 0;
        int read;
        while ((read = tracker.doWork()) > 0)
        {
            applied += read;
        }
        return applied;
    }
}
