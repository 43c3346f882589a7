package io.sipsensor.bench;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.call.CallTracker;
import io.sipsensor.call.CallTrackerSettings;
import io.sipsensor.call.SipDatagramHandler;
import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.LinkType;
import io.sipsensor.capture.PacketSource;
import io.sipsensor.capture.PcapWriter;
import io.sipsensor.net.FrameWriter;
import io.sipsensor.net.PacketDecoder;
import io.sipsensor.sip.SipParser;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a G.711 RTP packet costs on the packet thread: layer 2..4 decoding, then the SIP recogniser, which rejects it
 * on its first byte (RTP version 2 is 0x80..0xBF, never a method's first letter) and counts it as not SIP. These are
 * the packets a mirror port carries most of; 1e9 / (ns per packet) is what one core classifies and drops per second,
 * the reading from memory not included ({@code benchmarks/run-e2e.sh} measures that end to end).
 * <p>
 * {@code fromFile} adds the reading: the same frames, {@value #FILE_FRAMES} of them written at set-up to a pcap file
 * of about 230 MB (far larger than the caches), are read from the file (through the page cache, as a spooled capture
 * is) by the capture path's own reader and merge, then decoded and classified, with the JIT warmed up as it is on a
 * sensor that has been running for a while. {@code run-e2e.sh} measures the same from a cold start.
 * <p>
 * 64 streams (distinct addresses and even ports 16384..), 172-byte RTP payloads (12-byte header, 160 bytes of
 * PCMA), one frame of each stream per round. {@code -prof gc} must show about 0 B/op.
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar RtpClassifyBenchmark -prof gc
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
public class RtpClassifyBenchmark
{
    private static final int STREAMS = 64;
    private static final int RTP_LENGTH = 12 + 160;
    static final int FILE_FRAMES = 1_000_000;

    private final UnsafeBuffer frames = new UnsafeBuffer(new byte[STREAMS * 256]);
    private final int[] offsets = new int[STREAMS];
    private final int[] lengths = new int[STREAMS];
    private final Counters counters = new Counters();
    private PacketDecoder decoder;
    private long timeNs = 1_795_341_600_000_000_000L;
    private Path directory;
    private Path file;

    @Setup
    public void setUp() throws IOException
    {
        final CallTracker tracker = new CallTracker(CallTrackerSettings.defaults(), counters, leg -> { });
        final SipDatagramHandler sip =
            new SipDatagramHandler(new int[]{5060}, SipParser.DEFAULT_MAX_HEADERS, tracker, counters);
        decoder = new PacketDecoder(sip, counters);

        final UnsafeBuffer rtp = new UnsafeBuffer(new byte[RTP_LENGTH]);
        int position = 0;
        for (int stream = 0; stream < STREAMS; stream++)
        {
            rtp.putByte(0, (byte)0x80);
            rtp.putByte(1, (byte)8); // PCMA
            rtp.putShort(2, (short)(stream * 7), java.nio.ByteOrder.BIG_ENDIAN);
            rtp.putInt(8, 0x5EED0000 | stream, java.nio.ByteOrder.BIG_ENDIAN);
            for (int i = 12; i < RTP_LENGTH; i++)
            {
                rtp.putByte(i, (byte)(0xD5 ^ (i + stream)));
            }
            final int port = 16_384 + 2 * stream;
            lengths[stream] = new FrameWriter()
                .addresses("10.1." + (stream >> 4) + "." + (stream & 15), "10.2.0." + (1 + stream))
                .udp(frames, position, port, port + 1000, rtp, 0, RTP_LENGTH);
            offsets[stream] = position;
            position += lengths[stream];
        }

        directory = Files.createTempDirectory("sipsensor-rtp-bench");
        file = directory.resolve("rtp.pcap");
        try (PcapWriter writer = PcapWriter.create(file, LinkType.ETHERNET, true, false))
        {
            for (int i = 0; i < FILE_FRAMES; i++)
            {
                final int stream = i % STREAMS;
                writer.write(frames, offsets[stream], lengths[stream], timeNs + i * 312_500L);
            }
        }
    }

    @TearDown
    public void tearDown() throws IOException
    {
        Files.deleteIfExists(file);
        Files.deleteIfExists(directory);
    }

    /**
     * @return packets counted as not SIP so far, so the work cannot be optimised away.
     */
    @Benchmark
    @OperationsPerInvocation(STREAMS)
    public long classify()
    {
        final PacketDecoder decoder = this.decoder;
        long time = timeNs;
        for (int i = 0; i < STREAMS; i++)
        {
            time += 312_500; // 64 streams at 50 packets/s each
            decoder.onPacket(LinkType.ETHERNET, frames, offsets[i], lengths[i], lengths[i], time);
        }
        timeNs = time;
        return counters.value(SensorCounter.NON_SIP_PAYLOADS);
    }

    /**
     * @return packets counted as not SIP so far, so the work cannot be optimised away.
     */
    @Benchmark
    @OperationsPerInvocation(FILE_FRAMES)
    public long fromFile()
    {
        try (PacketSource source = CaptureFiles.open(List.of(file), message -> { }, counters))
        {
            while (!source.isExhausted())
            {
                source.poll(decoder, 4096);
            }
        }
        return counters.value(SensorCounter.NON_SIP_PAYLOADS);
    }
}
