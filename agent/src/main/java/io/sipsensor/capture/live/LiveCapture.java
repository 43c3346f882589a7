package io.sipsensor.capture.live;

import io.sipsensor.config.ConfigException;

import io.sipsensor.ffi.LinuxCalls;

import io.sipsensor.status.Counters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Opens the live sources of a run: picks the engine, resolves the interfaces and makes one {@link LiveSource} per
 * capture thread.
 * <ul>
 *   <li>{@code afpacket}: every capture thread gets one socket per interface; with several threads the sockets of
 *       one interface form a {@code PACKET_FANOUT} group (flow hash, symmetric, with IP defragmentation before the
 *       hash) so each flow's frames reach one thread. The ring memory ({@code ringbuffer}) is split over the
 *       sockets.</li>
 *   <li>{@code pcap}: one handle per interface; libpcap has no fanout, so the threads share out the interfaces
 *       (at most one thread per interface).</li>
 *   <li>{@code auto}: afpacket when the AF_PACKET socket can be made here, else pcap with one line saying why.</li>
 * </ul>
 */
public final class LiveCapture
{
    private static final int ENODEV = 19;

    /**
     * What was opened.
     *
     * @param engine  the engine in use.
     * @param sources one per capture thread.
     */
    public record Opened(CaptureEngine engine, List<LiveSource> sources)
    {
    }

    private LiveCapture()
    {
    }

    /**
     * @param settings           what to capture.
     * @param countersForThread  the counters of capture thread i (made on demand, once per thread).
     * @param log                receives one-line notes (engine fallback, thread count reduced).
     * @return the sources.
     * @throws CaptureOpenException with one line when capture cannot start.
     */
    public static Opened open(final LiveCaptureSettings settings, final IntFunction<Counters> countersForThread,
        final Consumer<String> log)
    {
        CaptureEngine engine = settings.engine();
        if (engine == CaptureEngine.AUTO)
        {
            if (!LinuxCalls.available())
            {
                log.accept("capture engine: libpcap (the AF_PACKET ring needs Linux: " +
                    LinuxCalls.unavailableReason() + ")");
                engine = CaptureEngine.PCAP;
            }
            else
            {
                try
                {
                    return new Opened(CaptureEngine.AFPACKET, openAfPacket(settings, countersForThread));
                }
                catch (final CaptureOpenException ex)
                {
                    if (ex.errno() == 0 || ex.errno() == ENODEV)
                    {
                        throw ex;
                    }
                    log.accept("capture engine: libpcap, because the AF_PACKET ring is not available here (" +
                        ex.getMessage() + ")");
                    engine = CaptureEngine.PCAP;
                }
            }
        }
        if (engine == CaptureEngine.AFPACKET)
        {
            if (!LinuxCalls.available())
            {
                throw new CaptureOpenException(0, "capture_engine = afpacket needs Linux: " +
                    LinuxCalls.unavailableReason());
            }
            return new Opened(CaptureEngine.AFPACKET, openAfPacket(settings, countersForThread));
        }
        return new Opened(CaptureEngine.PCAP, openPcap(settings, countersForThread, log));
    }

    private static List<LiveSource> openAfPacket(final LiveCaptureSettings settings,
        final IntFunction<Counters> countersForThread)
    {
        final List<LiveDevice> devices = resolve(settings);
        final int threads = settings.captureThreads();
        final RingGeometry geometry = RingGeometry.forBytes(
            settings.ringBytes() / ((long)threads * devices.size()), LiveCaptureSettings.BLOCK_TIMEOUT_MS);
        final int[] groups = new int[devices.size()];
        final long pid = ProcessHandle.current().pid();
        for (int i = 0; i < devices.size(); i++)
        {
            groups[i] = threads > 1 ? (int)((pid * 31 + devices.get(i).index() * 7 + i) & 0xFFFF) : -1;
        }
        final List<LiveSource> sources = new ArrayList<>();
        try
        {
            for (int t = 0; t < threads; t++)
            {
                sources.add(new AfPacketSource(devices, geometry, groups, settings.filter(),
                    settings.snapLengthBytes(), countersForThread.apply(t)));
            }
        }
        catch (final RuntimeException ex)
        {
            sources.forEach(LiveSource::close);
            throw ex;
        }
        return sources;
    }

    private static List<LiveSource> openPcap(final LiveCaptureSettings settings,
        final IntFunction<Counters> countersForThread, final Consumer<String> log)
    {
        final List<String> interfaces = settings.interfaces();
        final int threads = Math.min(settings.captureThreads(), interfaces.size());
        if (threads < settings.captureThreads())
        {
            log.accept("libpcap has no fanout: " + threads + " capture thread" + (threads == 1 ? "" : "s") +
                " (one per interface at most) instead of " + settings.captureThreads());
        }
        final int bufferBytes = (int)Math.min(Integer.MAX_VALUE, settings.ringBytes() / interfaces.size());
        final List<LiveSource> sources = new ArrayList<>();
        try
        {
            for (int t = 0; t < threads; t++)
            {
                final List<String> mine = new ArrayList<>();
                for (int i = t; i < interfaces.size(); i += threads)
                {
                    mine.add(interfaces.get(i));
                }
                sources.add(new PcapSource(mine, settings, bufferBytes, countersForThread.apply(t)));
            }
        }
        catch (final RuntimeException ex)
        {
            sources.forEach(LiveSource::close);
            throw ex;
        }
        return sources;
    }

    /**
     * Compiles a filter expression once to see that libpcap accepts it (a reload checks before it changes anything).
     *
     * @param expression tcpdump expression, "" for none.
     * @throws CaptureOpenException with libpcap's message if it does not compile.
     */
    public static void checkFilter(final String expression)
    {
        if (!expression.isBlank())
        {
            try (CompiledFilter ignored = CompiledFilter.compile(expression, false, LiveCaptureSettings.MAX_SNAPLEN))
            {
                // compiled: fine
            }
        }
    }

    /**
     * @return the interfaces as the AF_PACKET engine needs them.
     * @throws CaptureOpenException (ENODEV) naming an unknown interface and the known ones.
     */
    static List<LiveDevice> resolve(final LiveCaptureSettings settings)
    {
        final LinuxCalls calls = new LinuxCalls();
        try
        {
            final List<LiveDevice> devices = new ArrayList<>();
            for (final String name : settings.interfaces())
            {
                if (LiveDevice.ANY.equals(name))
                {
                    devices.add(new LiveDevice(name, 0, true, false));
                    continue;
                }
                final int index = calls.interfaceIndex(name);
                if (index <= 0)
                {
                    throw new CaptureOpenException(ENODEV, "no interface named '" + name + "' (interfaces here: " +
                        String.join(", ", interfaceNames()) + ", any)");
                }
                devices.add(new LiveDevice(name, index, !ethernetFramed(name), settings.promiscuous()));
            }
            return devices;
        }
        finally
        {
            calls.close();
        }
    }

    /**
     * @return true for links whose frames carry an Ethernet header (ARPHRD_ETHER 1, ARPHRD_LOOPBACK 772).
     */
    private static boolean ethernetFramed(final String name)
    {
        try
        {
            final String type = Files.readString(Path.of("/sys/class/net", name, "type")).trim();
            return "1".equals(type) || "772".equals(type);
        }
        catch (final IOException | RuntimeException ex)
        {
            return true;
        }
    }

    /**
     * @return names of this host's network interfaces (for messages).
     */
    public static List<String> interfaceNames()
    {
        final List<String> names = new ArrayList<>();
        try (var list = Files.list(Path.of("/sys/class/net")))
        {
            list.map(path -> path.getFileName().toString()).sorted().forEach(names::add);
        }
        catch (final IOException | RuntimeException ex)
        {
            // not Linux, or no sysfs: the message just lists nothing
        }
        return names;
    }

    /**
     * @param interfaces the interfaces to capture on.
     * @throws ConfigException naming one that does not exist here, with the ones that do (Linux; elsewhere libpcap
     *                         says it when it opens).
     */
    public static void checkInterfacesExist(final List<String> interfaces)
    {
        final java.nio.file.Path sysfs = java.nio.file.Path.of("/sys/class/net");
        if (!java.nio.file.Files.isDirectory(sysfs))
        {
            return; // not Linux: libpcap says it
        }
        for (final String name : interfaces)
        {
            if (!"any".equals(name) && !java.nio.file.Files.exists(sysfs.resolve(name)))
            {
                throw new ConfigException("no interface named '" + name + "' (interfaces here: " +
                    String.join(", ", LiveCapture.interfaceNames()) + ", any)");
            }
        }
    }
}
