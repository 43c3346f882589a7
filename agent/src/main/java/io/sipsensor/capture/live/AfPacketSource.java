package io.sipsensor.capture.live;

import io.sipsensor.ffi.LinuxCalls;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.PacketHandler;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A capture thread's AF_PACKET sockets, one per interface (each in the interface's fanout group when several
 * threads share it), read through their mapped rings. The only system call on the packet path is one
 * {@code poll} over all the thread's sockets when every ring is empty; frames are walked in Java over the mapped
 * blocks and handed on without a copy.
 */
final class AfPacketSource implements LiveSource
{
    private final LinuxCalls calls;
    private final AfPacketSocket[] sockets;
    private final MemorySegment pollFds;
    private final RingGeometry geometry;
    private final boolean[] cookedSockets;
    private final AtomicCounter kernelPackets;
    private final AtomicCounter kernelDrops;
    private final AtomicCounter kernelFreezes;
    private final AtomicCounter errors;
    private final int snapLength;
    private int next;
    private boolean closed;

    /**
     * @param devices     the interfaces.
     * @param geometry    ring size per socket.
     * @param fanoutGroup per device, its fanout group id, or -1.
     * @param filter      tcpdump expression, "" for none.
     * @param snapLength  bytes kept per frame.
     * @param counters    this thread's counters.
     * @throws CaptureOpenException if a socket cannot be opened; those already open are closed.
     */
    AfPacketSource(final List<LiveDevice> devices, final RingGeometry geometry, final int[] fanoutGroup,
        final String filter, final int snapLength, final Counters counters)
    {
        this.calls = new LinuxCalls();
        this.geometry = geometry;
        this.snapLength = snapLength;
        this.kernelPackets = counters.get(SensorCounter.KERNEL_PACKETS);
        this.kernelDrops = counters.get(SensorCounter.KERNEL_DROPS);
        this.kernelFreezes = counters.get(SensorCounter.KERNEL_FREEZE_QUEUE);
        this.errors = counters.get(SensorCounter.CAPTURE_ERRORS);
        final List<AfPacketSocket> opened = new ArrayList<>();
        this.cookedSockets = new boolean[devices.size()];
        try
        {
            for (int i = 0; i < devices.size(); i++)
            {
                final LiveDevice device = devices.get(i);
                cookedSockets[i] = device.cooked();
                // the kernel copies the program when it is attached
                try (CompiledFilter compiled = CompiledFilter.compile(filter, device.cooked(), snapLength))
                {
                    opened.add(AfPacketSocket.open(calls, device, geometry, fanoutGroup[i], compiled, counters));
                }
            }
        }
        catch (final RuntimeException ex)
        {
            opened.forEach(AfPacketSocket::close);
            calls.close();
            throw ex;
        }
        this.sockets = opened.toArray(new AfPacketSocket[0]);
        this.pollFds = calls.arena().allocate((long)LinuxCalls.POLLFD_SIZE * sockets.length, 4);
        for (int i = 0; i < sockets.length; i++)
        {
            pollFds.set(JAVA_INT, (long)i * LinuxCalls.POLLFD_SIZE, sockets[i].fd());
            pollFds.set(JAVA_SHORT, (long)i * LinuxCalls.POLLFD_SIZE + 4,
                (short)(LinuxCalls.POLLIN | LinuxCalls.POLLERR));
        }
    }

    @Override
    public int poll(final PacketHandler handler, final int limit)
    {
        int delivered = 0;
        final int count = sockets.length;
        for (int i = 0; i < count && delivered < limit; i++)
        {
            // start with a different socket each time so one busy interface cannot starve the others
            final int index = next;
            next = next + 1 == count ? 0 : next + 1;
            delivered += sockets[index].ring().poll(handler, limit - delivered);
        }
        return delivered;
    }

    @Override
    public void await(final int timeoutMs)
    {
        for (final AfPacketSocket socket : sockets)
        {
            if (socket.ring().hasBlock())
            {
                return;
            }
        }
        if (calls.poll(pollFds, sockets.length, timeoutMs) < 0 && calls.errno() != LinuxCalls.EINTR)
        {
            errors.incrementRelease();
        }
    }

    @Override
    public void updateStatistics()
    {
        long packets = 0;
        long drops = 0;
        long freezes = 0;
        for (final AfPacketSocket socket : sockets)
        {
            socket.readStatistics();
            packets += socket.kernelPackets();
            drops += socket.kernelDrops();
            freezes += socket.kernelFreezes();
        }
        kernelPackets.setRelease(packets);
        kernelDrops.setRelease(drops);
        kernelFreezes.setRelease(freezes);
    }

    @Override
    public void filter(final String expression)
    {
        final CompiledFilter[] compiled = new CompiledFilter[sockets.length];
        try
        {
            // compile every program before touching a socket, so a bad expression changes nothing
            for (int i = 0; i < sockets.length; i++)
            {
                compiled[i] = CompiledFilter.compile(expression, cookedSockets[i], snapLength);
            }
            for (int i = 0; i < sockets.length; i++)
            {
                sockets[i].filter(compiled[i]);
            }
        }
        finally
        {
            for (final CompiledFilter filter : compiled)
            {
                if (filter != null)
                {
                    filter.close();
                }
            }
        }
    }

    @Override
    public String description()
    {
        final StringBuilder names = new StringBuilder();
        for (final AfPacketSocket socket : sockets)
        {
            names.append(names.isEmpty() ? "" : ",").append(socket.interfaceName());
        }
        return "afpacket on " + names + " (TPACKET_V3 ring per socket: " + geometry + ")";
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            for (final AfPacketSocket socket : sockets)
            {
                socket.close();
            }
            calls.close();
        }
    }
}
