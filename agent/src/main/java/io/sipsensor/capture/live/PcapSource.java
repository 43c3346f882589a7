package io.sipsensor.capture.live;

import io.sipsensor.ffi.LibPcap;
import io.sipsensor.ffi.LinuxCalls;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.LinkType;
import io.sipsensor.capture.PacketHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Live capture through libpcap: pcap4j opens and configures each handle (promiscuous mode, snap length, buffer
 * size, nanosecond timestamps, BPF filter) and reads the kernel statistics; frames are read with one
 * {@code pcap_dispatch} per handle per poll, called through FFM. libpcap hands each frame to a callback: here an FFM
 * upcall that wraps libpcap's buffer (no copy, no allocation) and passes it on. This is the portable engine; the
 * AF_PACKET engine avoids even the per-frame callback.
 * <p>
 * Handles are non-blocking; {@link #await} polls their selectable descriptors. Owned by one capture thread.
 */
final class PcapSource implements LiveSource
{
    private static final int BATCH = 4096;

    private final List<PcapHandle> handles = new ArrayList<>();
    private final long[] pcaps;
    private final int[] linkTypes;
    private final boolean[] nanoseconds;
    private final String[] names;
    private final LinuxCalls calls;
    private final MemorySegment pollFds;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment callback;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer header = new UnsafeBuffer(0, 0);
    private final AtomicCounter kernelPackets;
    private final AtomicCounter kernelDrops;
    private final AtomicCounter interfaceDrops;
    private final AtomicCounter packets;
    private final AtomicCounter bytes;
    private final AtomicCounter truncated;
    private final AtomicCounter errors;
    private final AtomicCounter badFrames;

    private PacketHandler handler;
    private int linkType;
    private boolean nanos;
    private int delivered;
    private boolean closed;

    /**
     * @param interfaces   interface names (or {@code any}).
     * @param settings     snap length, promiscuous mode, buffer size, filter.
     * @param bufferBytes  libpcap buffer per handle.
     * @param counters     this thread's counters.
     * @throws CaptureOpenException with libpcap's message if a handle cannot be opened.
     */
    PcapSource(final List<String> interfaces, final LiveCaptureSettings settings, final int bufferBytes,
        final Counters counters)
    {
        final LibPcap pcap = pcap();
        kernelPackets = counters.get(SensorCounter.KERNEL_PACKETS);
        kernelDrops = counters.get(SensorCounter.KERNEL_DROPS);
        interfaceDrops = counters.get(SensorCounter.INTERFACE_DROPS);
        packets = counters.get(SensorCounter.PACKETS);
        bytes = counters.get(SensorCounter.BYTES);
        truncated = counters.get(SensorCounter.PACKETS_TRUNCATED_BY_SNAPLEN);
        errors = counters.get(SensorCounter.CAPTURE_ERRORS);
        badFrames = counters.get(SensorCounter.CAPTURE_BAD_FRAMES);
        final int count = interfaces.size();
        pcaps = new long[count];
        linkTypes = new int[count];
        nanoseconds = new boolean[count];
        names = interfaces.toArray(new String[0]);
        try
        {
            for (int i = 0; i < count; i++)
            {
                final PcapHandle handle = open(interfaces.get(i), settings, bufferBytes);
                handles.add(handle);
                pcaps[i] = Pcap4jAccess.pcapAddress(handle);
                linkTypes[i] = linkType(handle.getDlt().value());
                nanoseconds[i] = handle.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO;
            }
            callback = pcap.callback(MethodHandles.lookup().findVirtual(PcapSource.class, "onFrame",
                MethodType.methodType(void.class, long.class, long.class, long.class)).bindTo(this), arena);
        }
        catch (final RuntimeException | ReflectiveOperationException ex)
        {
            handles.forEach(PcapHandle::close);
            arena.close();
            if (ex instanceof RuntimeException runtime)
            {
                throw runtime;
            }
            throw new CaptureOpenException(0, "cannot set up the libpcap callback: " + ex);
        }

        calls = LinuxCalls.available() ? new LinuxCalls() : null;
        if (calls != null)
        {
            pollFds = calls.arena().allocate((long)LinuxCalls.POLLFD_SIZE * count, 4);
            for (int i = 0; i < count; i++)
            {
                pollFds.set(JAVA_INT, (long)i * LinuxCalls.POLLFD_SIZE, pcap.selectableFd(pcaps[i]));
                pollFds.set(JAVA_SHORT, (long)i * LinuxCalls.POLLFD_SIZE + 4, LinuxCalls.POLLIN);
            }
        }
        else
        {
            pollFds = null;
        }
    }

    private static PcapHandle open(final String name, final LiveCaptureSettings settings, final int bufferBytes)
    {
        PcapHandle handle = null;
        try
        {
            final PcapHandle.Builder builder = new PcapHandle.Builder(name)
                .snaplen(settings.snapLengthBytes())
                .promiscuousMode(settings.promiscuous() ? PromiscuousMode.PROMISCUOUS : PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(LiveCaptureSettings.BLOCK_TIMEOUT_MS)
                .bufferSize(bufferBytes)
                .timestampPrecision(PcapHandle.TimestampPrecision.NANO);
            try
            {
                handle = builder.build();
            }
            catch (final PcapNativeException ex)
            {
                if (!String.valueOf(ex.getMessage()).toLowerCase().contains("precision"))
                {
                    throw ex;
                }
                handle = builder.timestampPrecision(PcapHandle.TimestampPrecision.MICRO).build();
            }
            if (!settings.filter().isEmpty())
            {
                handle.setFilter(settings.filter(), BpfCompileMode.OPTIMIZE);
            }
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            return handle;
        }
        catch (final PcapNativeException | NotOpenException ex)
        {
            if (handle != null)
            {
                handle.close();
            }
            final String message = String.valueOf(ex.getMessage());
            throw new CaptureOpenException(0, "cannot capture on " + name + " with libpcap: " + message +
                (message.contains("ermission") || message.contains("not permitted") ? " (needs root or CAP_NET_RAW)" :
                    message.contains("not up") ? " (bring it up with 'ip link set " + name + " up', or use " +
                        "capture_engine = afpacket, which starts and captures once the interface is up)" : ""));
        }
    }

    @Override
    public int poll(final PacketHandler handler, final int limit)
    {
        this.handler = handler;
        delivered = 0;
        final LibPcap pcap = pcap();
        for (int i = 0; i < pcaps.length && delivered < limit; i++)
        {
            linkType = linkTypes[i];
            nanos = nanoseconds[i];
            if (pcap.dispatch(pcaps[i], Math.min(BATCH, limit - delivered), callback) < 0)
            {
                errors.incrementRelease();
            }
        }
        this.handler = null;
        return delivered;
    }

    /**
     * libpcap's callback: {@code (u_char *user, const struct pcap_pkthdr *header, const u_char *bytes)}. The header
     * is {@code struct timeval} (two longs on 64-bit Linux), then caplen and len. Must not throw: an exception here
     * would cross native frames.
     */
    @SuppressWarnings("unused") // called through the upcall stub
    private void onFrame(final long user, final long headerAddress, final long bytes)
    {
        try
        {
            header.wrap(headerAddress, LibPcap.PKTHDR_LENGTH);
            final long seconds = header.getLong(0);
            final long fraction = header.getLong(8);
            final int capturedLength = header.getInt(16);
            final int wireLength = header.getInt(20);
            if (capturedLength < 0)
            {
                badFrames.incrementRelease();
                return;
            }
            packets.incrementRelease();
            this.bytes.getAndAddRelease(capturedLength);
            if (capturedLength < wireLength)
            {
                truncated.incrementRelease();
            }
            delivered++;
            frame.wrap(bytes, capturedLength);
            handler.onPacket(linkType, frame, 0, capturedLength, Math.max(wireLength, capturedLength),
                seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000L));
        }
        catch (final Throwable ex)
        {
            badFrames.incrementRelease();
        }
    }

    @Override
    public void await(final int timeoutMs)
    {
        if (calls == null)
        {
            try
            {
                Thread.sleep(Math.min(timeoutMs, 5));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (calls.poll(pollFds, pcaps.length, timeoutMs) < 0 && calls.errno() != LinuxCalls.EINTR)
        {
            errors.incrementRelease();
        }
    }

    @Override
    public void updateStatistics()
    {
        long received = 0;
        long dropped = 0;
        long interfaceDropped = 0;
        for (final PcapHandle handle : handles)
        {
            try
            {
                final PcapStat stat = handle.getStats();
                received += stat.getNumPacketsReceived();
                dropped += stat.getNumPacketsDropped();
                interfaceDropped += stat.getNumPacketsDroppedByIf();
            }
            catch (final PcapNativeException | NotOpenException ex)
            {
                errors.incrementRelease();
            }
        }
        kernelPackets.setRelease(received);
        kernelDrops.setRelease(dropped);
        interfaceDrops.setRelease(interfaceDropped);
    }

    @Override
    public void filter(final String expression)
    {
        for (int i = 0; i < handles.size(); i++)
        {
            try
            {
                handles.get(i).setFilter(expression.isEmpty() ? "" : expression, BpfCompileMode.OPTIMIZE);
            }
            catch (final PcapNativeException | NotOpenException ex)
            {
                throw new CaptureOpenException(0, "filter '" + expression + "' not applied on " + names[i] + ": " +
                    ex.getMessage());
            }
        }
    }

    @Override
    public String description()
    {
        return "libpcap " + pcap().version() + " on " + String.join(",", names);
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            handles.forEach(PcapHandle::close);
            arena.close();
            if (calls != null)
            {
                calls.close();
            }
        }
    }

    /**
     * @param dlt libpcap's DLT_ value.
     * @return the LINKTYPE_ value the decoder knows.
     */
    static int linkType(final int dlt)
    {
        return switch (dlt)
        {
            case 12, 14 -> LinkType.RAW; // DLT_RAW differs by platform; LINKTYPE_RAW is 101
            default -> dlt;
        };
    }

    private static LibPcap pcap()
    {
        try
        {
            return LibPcap.instance();
        }
        catch (final io.sipsensor.ffi.NativeLibraryException ex)
        {
            throw new CaptureOpenException(0, ex.getMessage());
        }
    }
}
