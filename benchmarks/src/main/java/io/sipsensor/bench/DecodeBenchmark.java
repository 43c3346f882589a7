package io.sipsensor.bench;

import io.sipsensor.agent.Counters;
import io.sipsensor.capture.LinkType;
import io.sipsensor.net.FrameWriter;
import io.sipsensor.net.IpProtocol;
import io.sipsensor.net.PacketDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Layer 2..4 decoding of a mix of Ethernet frames, per frame: untagged IPv4/UDP, 802.1Q IPv4/UDP, QinQ IPv6/UDP,
 * a 3.2 kB SIP message as 3 IPv4 fragments (replayed last first) and as 3 IPv6 fragments, a TCP segment and an
 * ARP request. 11 frames, 5 datagrams per round. Run with {@code -prof gc}: the allocation rate should be ~0 B/op.
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar DecodeBenchmark -prof gc
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
public class DecodeBenchmark
{
    private static final int FRAMES_PER_ROUND = 11;

    private final UnsafeBuffer frames = new UnsafeBuffer(new byte[32 * 1024]);
    private final int[] offsets = new int[FRAMES_PER_ROUND];
    private final int[] lengths = new int[FRAMES_PER_ROUND];
    private PacketDecoder decoder;
    private long payloadBytes;
    private long round;

    @Setup
    public void setUp()
    {
        decoder = new PacketDecoder((buffer, offset, length, info) -> payloadBytes += length, new Counters());

        final UnsafeBuffer small = new UnsafeBuffer(sip(600));
        final UnsafeBuffer big = new UnsafeBuffer(sip(3200));
        final int[] fragmentLengths = new int[8];
        int count = 0;
        int position = 0;

        lengths[count] = new FrameWriter().udp(frames, position, 5060, 5060, small, 0, small.capacity());
        offsets[count] = position;
        position += lengths[count++];
        lengths[count] = new FrameWriter().vlan(300).udp(frames, position, 5060, 5060, small, 0, small.capacity());
        offsets[count] = position;
        position += lengths[count++];
        lengths[count] = new FrameWriter().vlan(0x88A8, 10).vlan(20).addresses("2001:db8::1", "2001:db8::2")
            .udp(frames, position, 5060, 5060, small, 0, small.capacity());
        offsets[count] = position;
        position += lengths[count++];

        final int fragments4 = new FrameWriter().vlan(300)
            .udpFragments(frames, position, 1500, 5060, 5060, big, 0, big.capacity(), fragmentLengths);
        final int[] starts = new int[fragments4];
        for (int i = 0; i < fragments4; i++)
        {
            starts[i] = position;
            position += fragmentLengths[i];
        }
        for (int i = fragments4 - 1; i >= 0; i--)
        {
            offsets[count] = starts[i];
            lengths[count++] = fragmentLengths[i];
        }

        final int fragments6 = new FrameWriter().addresses("2001:db8::1", "2001:db8::2")
            .udpFragments(frames, position, 1280, 5060, 5060, big, 0, big.capacity(), fragmentLengths);
        for (int i = 0; i < fragments6; i++)
        {
            offsets[count] = position;
            lengths[count++] = fragmentLengths[i];
            position += fragmentLengths[i];
        }

        final UnsafeBuffer tcp = new UnsafeBuffer(new byte[20]);
        tcp.putByte(12, (byte)0x50);
        offsets[count] = position;
        lengths[count] = new FrameWriter().ipPacket(frames, position, IpProtocol.TCP, tcp, 0, 20);
        position += lengths[count++];

        final byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        frames.putBytes(position, arp);
        offsets[count] = position;
        lengths[count++] = arp.length;

        if (count != FRAMES_PER_ROUND)
        {
            throw new IllegalStateException("mix has " + count + " frames");
        }
    }

    /**
     * @return payload bytes delivered so far, so the work cannot be optimised away.
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES_PER_ROUND)
    public long decodeMix()
    {
        final long base = ++round * 1_000;
        for (int i = 0; i < FRAMES_PER_ROUND; i++)
        {
            decoder.onPacket(LinkType.ETHERNET, frames, offsets[i], lengths[i], lengths[i], base + i);
        }
        return payloadBytes;
    }

    private static byte[] sip(final int length)
    {
        final byte[] line = "a=rtpmap:0 PCMU/8000\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final byte[] payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = line[i % line.length];
        }
        return payload;
    }
}
