package io.sipsensor.capture.live;

import io.sipsensor.ffi.LinuxCalls;

import io.sipsensor.status.Counters;

import java.lang.foreign.MemorySegment;

import static io.sipsensor.ffi.LinuxCalls.*;
import static io.sipsensor.capture.live.TpacketDescriptor.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * One AF_PACKET socket with a TPACKET_V3 receive ring on one interface (or on every interface, {@code any}):
 * created, configured and mapped by {@link #open}, then read through its {@link TpacketRing}. Set-up order matters:
 * the socket is created with protocol 0 (it receives nothing), the ring is set up and mapped, then the socket is
 * bound to the interface with ETH_P_ALL; promiscuous mode, fanout and the BPF filter come after the bind.
 * <p>
 * Kernel statistics ({@code PACKET_STATISTICS}) are reset by each read, so {@link #readStatistics} accumulates them.
 * Owned by one capture thread; {@link #close()} releases the ring and the descriptor.
 */
final class AfPacketSocket implements AutoCloseable
{
    private final LinuxCalls calls;
    private final String interfaceName;
    private final int fd;
    private final long ringAddress;
    private final long ringLength;
    private final TpacketRing ring;
    private final MemorySegment statistics;
    private long kernelPackets;
    private long kernelDrops;
    private long kernelFreezes;
    private boolean closed;

    private AfPacketSocket(final LinuxCalls calls, final String interfaceName, final int fd, final long ringAddress,
        final long ringLength, final TpacketRing ring)
    {
        this.calls = calls;
        this.interfaceName = interfaceName;
        this.fd = fd;
        this.ringAddress = ringAddress;
        this.ringLength = ringLength;
        this.ring = ring;
        this.statistics = calls.arena().allocate(STATS_V3_LENGTH, 8);
    }

    /**
     * Opens a socket and its ring.
     *
     * @param calls       the capture thread's system calls.
     * @param device      interface to bind to.
     * @param geometry    ring geometry.
     * @param fanoutGroup fanout group id (0..65535) to join, or -1 for none.
     * @param filter      compiled BPF program to attach, or null.
     * @param counters    the capture thread's counters.
     * @return the socket.
     * @throws CaptureOpenException with one line naming the interface, the step and the error.
     */
    static AfPacketSocket open(final LinuxCalls calls, final LiveDevice device, final RingGeometry geometry,
        final int fanoutGroup, final BpfProgram filter, final Counters counters)
    {
        final boolean cooked = device.cooked();
        final int fd = calls.socket(AF_PACKET, cooked ? SOCK_DGRAM : SOCK_RAW, 0);
        if (fd < 0)
        {
            throw failure(device.name(), "socket(AF_PACKET)", calls.errno());
        }
        long address = -1;
        try
        {
            check(calls.setsockoptInt(fd, SOL_PACKET, PACKET_VERSION, TPACKET_V3), device, "PACKET_VERSION v3", calls);
            final MemorySegment request = calls.arena().allocate(REQ3_LENGTH, 4);
            request.set(JAVA_INT, 0, geometry.blockSize());
            request.set(JAVA_INT, 4, geometry.blockCount());
            request.set(JAVA_INT, 8, RingGeometry.FRAME_SIZE);
            request.set(JAVA_INT, 12, geometry.frameCount());
            request.set(JAVA_INT, 16, geometry.blockTimeoutMs());
            request.set(JAVA_INT, 20, 0);
            request.set(JAVA_INT, 24, 0);
            check(calls.setsockopt(fd, SOL_PACKET, PACKET_RX_RING, request, REQ3_LENGTH), device,
                "PACKET_RX_RING of " + geometry, calls);
            address = calls.mmap(geometry.ringBytes(), PROT_READ | PROT_WRITE, MAP_SHARED, fd);
            if (address == -1)
            {
                throw failure(device.name(), "mmap of the ring (" + geometry.ringBytes() + " bytes)", calls.errno());
            }

            final MemorySegment sll = calls.arena().allocate(SOCKADDR_LL_LENGTH, 4);
            sll.set(JAVA_SHORT_UNALIGNED, 0, (short)AF_PACKET);
            sll.set(JAVA_SHORT_UNALIGNED, SLL_PROTOCOL_OFFSET, Short.reverseBytes((short)ETH_P_ALL));
            sll.set(JAVA_INT, 4, device.index());
            check(calls.bind(fd, sll, SOCKADDR_LL_LENGTH), device, "bind", calls);

            if (device.promiscuous() && device.index() != 0)
            {
                final MemorySegment membership = calls.arena().allocate(PACKET_MREQ_LENGTH, 4);
                membership.set(JAVA_INT, 0, device.index());
                membership.set(JAVA_SHORT_UNALIGNED, 4, (short)PACKET_MR_PROMISC);
                check(calls.setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, membership, PACKET_MREQ_LENGTH),
                    device, "promiscuous mode", calls);
            }
            if (filter != null)
            {
                attach(calls, fd, filter, device.name());
            }
            if (fanoutGroup >= 0)
            {
                final int value = (fanoutGroup & 0xFFFF) | ((PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG) << 16);
                check(calls.setsockoptInt(fd, SOL_PACKET, PACKET_FANOUT, value), device,
                    "PACKET_FANOUT group " + fanoutGroup, calls);
            }
            final TpacketRing ring = new TpacketRing(address, geometry.blockSize(), geometry.blockCount(), cooked,
                counters);
            final AfPacketSocket socket = new AfPacketSocket(calls, device.name(), fd, address,
                geometry.ringBytes(), ring);
            socket.readStatistics(); // start counting from now
            socket.kernelPackets = 0;
            socket.kernelDrops = 0;
            socket.kernelFreezes = 0;
            return socket;
        }
        catch (final RuntimeException ex)
        {
            if (address != -1)
            {
                calls.munmap(address, geometry.ringBytes());
            }
            calls.close(fd);
            throw ex;
        }
    }

    /**
     * Replaces the socket's BPF filter (or removes it with null). Capture thread.
     *
     * @param filter the new program, or null.
     * @throws CaptureOpenException if the kernel refuses it.
     */
    void filter(final BpfProgram filter)
    {
        if (filter == null)
        {
            calls.setsockoptInt(fd, SOL_SOCKET, SO_DETACH_FILTER, 0);
            return;
        }
        attach(calls, fd, filter, interfaceName);
    }

    private static void attach(final LinuxCalls calls, final int fd, final BpfProgram filter, final String name)
    {
        final MemorySegment program = calls.arena().allocate(16, 8);
        program.set(JAVA_SHORT_UNALIGNED, 0, (short)filter.instructionCount());
        program.set(JAVA_LONG, 8, filter.instructions().address());
        if (calls.setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, program, 16) < 0)
        {
            throw failure(name, "SO_ATTACH_FILTER", calls.errno());
        }
    }

    /** @return the socket descriptor (for poll). */
    int fd()
    {
        return fd;
    }

    /** @return the ring reader. */
    TpacketRing ring()
    {
        return ring;
    }

    /** @return interface name. */
    String interfaceName()
    {
        return interfaceName;
    }

    /**
     * Reads and accumulates the kernel's counts since the last read. Capture thread.
     */
    void readStatistics()
    {
        if (calls.getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, statistics, STATS_V3_LENGTH) >= 8)
        {
            // tp_packets already includes tp_drops
            kernelPackets += statistics.get(JAVA_INT, 0) & 0xFFFF_FFFFL;
            kernelDrops += statistics.get(JAVA_INT, 4) & 0xFFFF_FFFFL;
            kernelFreezes += statistics.get(JAVA_INT, 8) & 0xFFFF_FFFFL;
        }
    }

    /** @return frames the kernel offered to this socket since it was opened (including dropped ones). */
    long kernelPackets()
    {
        return kernelPackets;
    }

    /** @return frames the kernel dropped because the ring was full. */
    long kernelDrops()
    {
        return kernelDrops;
    }

    /** @return times the ring was frozen (all blocks with user space). */
    long kernelFreezes()
    {
        return kernelFreezes;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            calls.munmap(ringAddress, ringLength);
            calls.close(fd);
        }
    }

    private static void check(final int rc, final LiveDevice device, final String step, final LinuxCalls calls)
    {
        if (rc < 0)
        {
            throw failure(device.name(), step, calls.errno());
        }
    }

    static CaptureOpenException failure(final String name, final String step, final int errno)
    {
        return new CaptureOpenException(errno, "cannot capture on " + name + ": " + step + " failed: " +
            LinuxCalls.describe(errno) + (errno == EPERM || errno == EACCES ?
            " (needs root or CAP_NET_RAW; under systemd AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN)" : ""));
    }
}
