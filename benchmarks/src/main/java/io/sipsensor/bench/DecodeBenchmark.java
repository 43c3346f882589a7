package io.sipsensor.bench;

import io.sipsensor.status.Counters;
import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.CaptureProblemListener;
import io.sipsensor.capture.LinkType;
import io.sipsensor.capture.MergingPacketSource;
import io.sipsensor.capture.PacketHandler;
import io.sipsensor.capture.PcapngWriter;
import io.sipsensor.net.EncapsulationWriter;
import io.sipsensor.net.FrameWriter;
import io.sipsensor.net.IpProtocol;
import io.sipsensor.net.PacketDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Layer 2..4 decoding, per frame:
 * <ul>
 *   <li>{@code decodeMix}: untagged IPv4/UDP, 802.1Q IPv4/UDP, QinQ IPv6/UDP, a 3.2 kB SIP message as 3 IPv4
 *       fragments (replayed last first) and as 3 IPv6 fragments, a TCP segment and an ARP request. 11 frames,
 *       5 datagrams per round.</li>
 *   <li>{@code decodeTunnelMix}: what a mirror port or analyser receives, 600-byte SIP inside: ERSPAN I, II and
 *       III (with the platform sub-header), GRE with a key carrying bridged Ethernet, VXLAN with QinQ inside, and
 *       HEP v3. 6 frames, 6 datagrams per round.</li>
 *   <li>{@code readPcapng}: one frame read from a memory-mapped pcapng file (two interfaces, nanosecond and
 *       microsecond timestamps, a statistics block to skip every 1000 packets) through the k-way merge; the file is
 *       reopened when it ends, every 100000 frames.</li>
 * </ul>
 * Run with {@code -prof gc}: the allocation rate should be ~0 B/op.
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
    private static final int TUNNEL_FRAMES_PER_ROUND = 6;

    private final UnsafeBuffer frames = new UnsafeBuffer(new byte[32 * 1024]);
    private final int[] offsets = new int[FRAMES_PER_ROUND];
    private final int[] lengths = new int[FRAMES_PER_ROUND];
    private final UnsafeBuffer tunnelFrames = new UnsafeBuffer(new byte[16 * 1024]);
    private final int[] tunnelOffsets = new int[TUNNEL_FRAMES_PER_ROUND];
    private final int[] tunnelLengths = new int[TUNNEL_FRAMES_PER_ROUND];
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
        setUpTunnels(small);
    }

    /**
     * The mirror mix: each frame built from an inner Ethernet frame and the encapsulation's headers.
     */
    private void setUpTunnels(final UnsafeBuffer sip)
    {
        final UnsafeBuffer inner = new UnsafeBuffer(new byte[2048]);
        final int innerLength = new FrameWriter().vlan(300).addresses("10.1.1.1", "10.1.1.2")
            .udp(inner, 0, 5060, 5060, sip, 0, sip.capacity());
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[4096]);
        final FrameWriter outer = new FrameWriter().addresses("192.0.2.1", "192.0.2.2");
        int count = 0;
        int position = 0;

        for (int type = 1; type <= 3; type++)
        {
            int length;
            if (type == 1)
            {
                length = EncapsulationWriter.gre(payload, 0, EncapsulationWriter.GRE_PROTOCOL_ERSPAN_I_II, false,
                    EncapsulationWriter.NONE, EncapsulationWriter.NONE);
            }
            else if (type == 2)
            {
                length = EncapsulationWriter.gre(payload, 0, EncapsulationWriter.GRE_PROTOCOL_ERSPAN_I_II, false,
                    EncapsulationWriter.NONE, 7);
                length += EncapsulationWriter.erspanII(payload, length, 0, 0, 3, false, 1, 0);
            }
            else
            {
                length = EncapsulationWriter.gre(payload, 0, EncapsulationWriter.GRE_PROTOCOL_ERSPAN_III, false,
                    EncapsulationWriter.NONE, 7);
                length += EncapsulationWriter.erspanIII(payload, length, 0, 1, 0, 0, 1, true);
            }
            payload.putBytes(length, inner, 0, innerLength);
            tunnelLengths[count] = outer.ipPacket(tunnelFrames, position, IpProtocol.GRE, payload, 0,
                length + innerLength);
            tunnelOffsets[count] = position;
            position += tunnelLengths[count++];
        }

        int length = EncapsulationWriter.gre(payload, 0, EncapsulationWriter.GRE_PROTOCOL_TRANSPARENT_ETHERNET, false,
            0, EncapsulationWriter.NONE);
        payload.putBytes(length, inner, 0, innerLength);
        tunnelLengths[count] = outer.ipPacket(tunnelFrames, position, IpProtocol.GRE, payload, 0, length + innerLength);
        tunnelOffsets[count] = position;
        position += tunnelLengths[count++];

        final int qinqLength = new FrameWriter().vlan(0x88A8, 10).vlan(20).addresses("10.1.1.1", "10.1.1.2")
            .udp(inner, 0, 5060, 5060, sip, 0, sip.capacity());
        length = EncapsulationWriter.vxlan(payload, 0, 42);
        payload.putBytes(length, inner, 0, qinqLength);
        tunnelLengths[count] = outer.udp(tunnelFrames, position, 50000, 4789, payload, 0, length + qinqLength);
        tunnelOffsets[count] = position;
        position += tunnelLengths[count++];

        final UnsafeBuffer source = new UnsafeBuffer(new byte[]{10, 1, 1, 1});
        final UnsafeBuffer destination = new UnsafeBuffer(new byte[]{10, 1, 1, 2});
        length = EncapsulationWriter.hepHeader(payload, 0);
        length += EncapsulationWriter.hepNumberChunk(payload, length, EncapsulationWriter.HEP_CHUNK_IP_FAMILY, 2, 1);
        length += EncapsulationWriter.hepNumberChunk(payload, length, EncapsulationWriter.HEP_CHUNK_IP_PROTOCOL, 17, 1);
        length += EncapsulationWriter.hepBytesChunk(payload, length, EncapsulationWriter.HEP_CHUNK_IPV4_SOURCE,
            source, 0, 4);
        length += EncapsulationWriter.hepBytesChunk(payload, length, EncapsulationWriter.HEP_CHUNK_IPV4_DESTINATION,
            destination, 0, 4);
        length += EncapsulationWriter.hepNumberChunk(payload, length, EncapsulationWriter.HEP_CHUNK_SOURCE_PORT,
            5060, 2);
        length += EncapsulationWriter.hepNumberChunk(payload, length, EncapsulationWriter.HEP_CHUNK_DESTINATION_PORT,
            5060, 2);
        length += EncapsulationWriter.hepNumberChunk(payload, length, EncapsulationWriter.HEP_CHUNK_SECONDS,
            1_795_343_730L, 4);
        length += EncapsulationWriter.hepNumberChunk(payload, length, EncapsulationWriter.HEP_CHUNK_MICROSECONDS,
            123_456, 4);
        length += EncapsulationWriter.hepNumberChunk(payload, length, EncapsulationWriter.HEP_CHUNK_PROTOCOL_TYPE, 1,
            1);
        length += EncapsulationWriter.hepBytesChunk(payload, length, EncapsulationWriter.HEP_CHUNK_PAYLOAD, sip, 0,
            sip.capacity());
        EncapsulationWriter.hepFinish(payload, 0, length);
        tunnelLengths[count] = outer.udp(tunnelFrames, position, 50000, 9060, payload, 0, length);
        tunnelOffsets[count] = position;
        count++;

        if (count != TUNNEL_FRAMES_PER_ROUND)
        {
            throw new IllegalStateException("tunnel mix has " + count + " frames");
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

    /**
     * @return payload bytes delivered so far, so the work cannot be optimised away.
     */
    @Benchmark
    @OperationsPerInvocation(TUNNEL_FRAMES_PER_ROUND)
    public long decodeTunnelMix()
    {
        final long base = ++round * 1_000;
        for (int i = 0; i < TUNNEL_FRAMES_PER_ROUND; i++)
        {
            decoder.onPacket(LinkType.ETHERNET, tunnelFrames, tunnelOffsets[i], tunnelLengths[i], tunnelLengths[i],
                base + i);
        }
        return payloadBytes;
    }

    /**
     * @return bytes seen so far.
     */
    @Benchmark
    public long readPcapng(final PcapngFile file)
    {
        if (file.source.poll(file.handler, 1) == 0)
        {
            file.reopen();
            file.source.poll(file.handler, 1);
        }
        return file.bytesSeen;
    }

    /**
     * A pcapng file of 100000 Ethernet frames, written once per trial, and the source reading it.
     */
    @State(Scope.Thread)
    public static class PcapngFile
    {
        private static final int FRAMES = 100_000;

        private final Counters counters = new Counters();
        private Path file;
        private MergingPacketSource source;
        private long bytesSeen;
        private final PacketHandler handler = (linkType, buffer, offset, captured, original, timestampNs) ->
            bytesSeen += buffer.getByte(offset + captured - 1) + linkType;

        @Setup(Level.Trial)
        public void write() throws IOException
        {
            file = Files.createTempFile("sipsensor-bench", ".pcapng");
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
            final int length = new FrameWriter().vlan(300).udp(frame, 0, 5060, 5060, new UnsafeBuffer(sip(600)), 0,
                600);
            try (PcapngWriter writer = PcapngWriter.create(file, ByteOrder.LITTLE_ENDIAN, false))
            {
                writer.addInterface(LinkType.ETHERNET, 0, PcapngWriter.TSRESOL_NANOSECONDS, 0);
                writer.addInterface(LinkType.ETHERNET, 262144, PcapngWriter.TSRESOL_MICROSECONDS, 0);
                for (int i = 0; i < FRAMES; i++)
                {
                    writer.writeEnhanced(i & 1, frame, 0, length, length, 1_795_343_730_000_000_000L + i * 1000L);
                    if (i % 1000 == 999)
                    {
                        writer.writeBlock(5, new byte[28]);
                    }
                }
            }
            reopen();
        }

        void reopen()
        {
            if (source != null)
            {
                source.close();
            }
            source = CaptureFiles.open(List.of(file), CaptureProblemListener.NONE, counters);
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException
        {
            source.close();
            Files.deleteIfExists(file);
        }
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
