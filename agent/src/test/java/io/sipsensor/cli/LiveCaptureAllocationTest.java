package io.sipsensor.cli;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.live.CaptureEngine;
import io.sipsensor.capture.live.LiveCapture;
import io.sipsensor.capture.live.LiveCaptureSettings;
import io.sipsensor.capture.live.LiveSource;
import io.sipsensor.net.PacketDecoder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading live frames allocates nothing per frame, with either engine: the AF_PACKET ring is walked in place, and
 * libpcap's per-frame callback is an FFM upcall over its buffer. Frames are replayed onto a veth whose end this JVM
 * captures on; allocation is measured with the JVM's per-thread counter around the polls on the polling thread
 * (which also runs the libpcap upcalls). The idle wait between polls is not per frame and is left out.
 */
class LiveCaptureAllocationTest
{
    private static final int WARM_UP_FRAMES = 40_000;
    private static final int MEASURED_FRAMES = 30_000;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CaptureEngine.class, names = {"AFPACKET", "PCAP"})
    void shouldNotAllocatePerFrame(final CaptureEngine engine, @TempDir final Path dir) throws Exception
    {
        LiveNetwork.assumeUsable("tcpreplay");
        final Counters counters = new Counters();
        final long[] udpBytes = new long[1];
        final PacketDecoder decoder = new PacketDecoder((buffer, offset, length, info) -> udpBytes[0] += length,
            counters);
        try (LiveNetwork network = LiveNetwork.create(false))
        {
            final LiveCaptureSettings settings = new LiveCaptureSettings(List.of(network.vethB), "", true,
                LiveCaptureSettings.MAX_SNAPLEN, 8L << 20, engine, 1);
            final LiveSource source = LiveCapture.open(settings, thread -> counters, line -> { }).sources().get(0);
            try
            {
                network.start(network.namespaceA, dir.resolve("tcpreplay.log"), List.of("tcpreplay", "-q", "-i",
                    network.vethA, "--pps=40000", "--loop=80", Corpus.pcap("s1_basic_udp").toAbsolutePath().toString()));
                final com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
                final long deadline = System.currentTimeMillis() + 30_000;
                long frames = 0;
                long measuredFrames = 0;
                long allocated = 0;
                while (measuredFrames < MEASURED_FRAMES && System.currentTimeMillis() < deadline)
                {
                    final long before = threads.getCurrentThreadAllocatedBytes();
                    final int polled = source.poll(decoder, 1024);
                    final long after = threads.getCurrentThreadAllocatedBytes();
                    if (frames >= WARM_UP_FRAMES)
                    {
                        allocated += after - before;
                        measuredFrames += polled;
                    }
                    frames += polled;
                    if (polled == 0)
                    {
                        source.await(100); // the idle wait is not per frame (and not measured)
                    }
                }
                assertTrue(measuredFrames >= MEASURED_FRAMES, "only " + frames + " frames arrived");
                // an object per frame would be 16 bytes or more per frame; what is left is JIT warm-up of the calls
                assertTrue(allocated < measuredFrames, engine + " allocated " + allocated + " bytes over " +
                    measuredFrames + " frames");
                assertTrue(udpBytes[0] > 0 && counters.value(SensorCounter.UDP) > MEASURED_FRAMES, "decoded");
            }
            finally
            {
                source.close();
            }
        }
    }
}
