package io.sipsensor.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few Linux system calls the AF_PACKET ring needs, reached through the FFM API (no JNI, no C to build):
 * socket, setsockopt, getsockopt, bind, mmap, munmap, poll, close, if_nametoindex, strerror. Every call returns the
 * C result and records {@code errno} in this instance, read with {@link #errno()}; nothing throws on a failed call.
 * <p>
 * One instance per thread that calls it (it owns the errno capture area). The method handles are shared and made
 * once; calls do not allocate. {@link #available()} says whether the bindings could be made on this platform.
 */
public final class LinuxCalls
{
    public static final int AF_PACKET = 17;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_DGRAM = 2;
    public static final int SOL_SOCKET = 1;
    public static final int SOL_PACKET = 263;
    public static final int SO_ATTACH_FILTER = 26;
    public static final int SO_DETACH_FILTER = 27;
    public static final int PACKET_ADD_MEMBERSHIP = 1;
    public static final int PACKET_MR_PROMISC = 1;
    public static final int PACKET_RX_RING = 5;
    public static final int PACKET_STATISTICS = 6;
    public static final int PACKET_VERSION = 10;
    public static final int PACKET_RESERVE = 12;
    public static final int PACKET_FANOUT = 18;
    public static final int TPACKET_V3 = 2;
    public static final int PACKET_FANOUT_HASH = 0;
    public static final int PACKET_FANOUT_FLAG_DEFRAG = 0x8000;
    public static final int ETH_P_ALL = 0x0003;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final short POLLIN = 0x001;
    public static final short POLLERR = 0x008;

    public static final int EINTR = 4;
    public static final int EPERM = 1;
    public static final int EACCES = 13;
    public static final int ENODEV = 19;

    private static final Bindings BINDINGS = Bindings.make();

    private final Arena arena = Arena.ofShared();
    private final MemorySegment callState = arena.allocate(Linker.Option.captureStateLayout());
    private final MemorySegment intValue = arena.allocate(JAVA_INT);
    private final MemorySegment intLength = arena.allocate(JAVA_INT);
    private int errno;

    /**
     * @return null when the bindings work here, else why not (one line).
     */
    public static String unavailableReason()
    {
        return BINDINGS.failure;
    }

    /**
     * @return true when the bindings could be made (Linux, native access enabled).
     */
    public static boolean available()
    {
        return BINDINGS.failure == null;
    }

    /**
     * @return errno of the last call that failed.
     */
    public int errno()
    {
        return errno;
    }

    /**
     * @return an area owned by this instance for structures passed to calls (lives until {@link #close()}).
     */
    public Arena arena()
    {
        return arena;
    }

    public int socket(final int domain, final int type, final int protocol)
    {
        try
        {
            return result((int)BINDINGS.socket.invokeExact(callState, domain, type, protocol));
        }
        catch (final Throwable ex)
        {
            throw unexpected(ex);
        }
    }

    public int setsockopt(final int fd, final int level, final int name, final MemorySegment value, final int length)
    {
        try
        {
            return result((int)BINDINGS.setsockopt.invokeExact(callState, fd, level, name, value, length));
        }
        catch (final Throwable ex)
        {
            throw unexpected(ex);
        }
    }

    public int setsockoptInt(final int fd, final int level, final int name, final int value)
    {
        intValue.set(JAVA_INT, 0, value);
        return setsockopt(fd, level, name, intValue, 4);
    }

    /**
     * @return the option's length as returned, or -1 (errno set).
     */
    public int getsockopt(final int fd, final int level, final int name, final MemorySegment value, final int length)
    {
        intLength.set(JAVA_INT, 0, length);
        try
        {
            final int rc = result((int)BINDINGS.getsockopt.invokeExact(callState, fd, level, name, value, intLength));
            return rc < 0 ? rc : intLength.get(JAVA_INT, 0);
        }
        catch (final Throwable ex)
        {
            throw unexpected(ex);
        }
    }

    public int bind(final int fd, final MemorySegment address, final int length)
    {
        try
        {
            return result((int)BINDINGS.bind.invokeExact(callState, fd, address, length));
        }
        catch (final Throwable ex)
        {
            throw unexpected(ex);
        }
    }

    /**
     * @return the mapped address, or -1 (errno set).
     */
    public long mmap(final long length, final int protection, final int flags, final int fd)
    {
        try
        {
            final MemorySegment address =
                (MemorySegment)BINDINGS.mmap.invokeExact(callState, MemorySegment.NULL, length, protection, flags, fd,
                    0L);
            final long value = address.address();
            if (value == -1L)
            {
                errno = (int)BINDINGS.errno.get(callState, 0L);
            }
            return value;
        }
        catch (final Throwable ex)
        {
            throw unexpected(ex);
        }
    }

    public int munmap(final long address, final long length)
    {
        try
        {
            return result((int)BINDINGS.munmap.invokeExact(callState, MemorySegment.ofAddress(address), length));
        }
        catch (final Throwable ex)
        {
            throw unexpected(ex);
        }
    }

    /**
     * @param fds       pollfd array ({@link #POLLFD_SIZE} bytes each).
     * @param count     entries.
     * @param timeoutMs how long to wait, -1 forever.
     * @return ready entries, 0 on timeout, -1 on error (EINTR included).
     */
    public int poll(final MemorySegment fds, final int count, final int timeoutMs)
    {
        try
        {
            return result((int)BINDINGS.poll.invokeExact(callState, fds, (long)count, timeoutMs));
        }
        catch (final Throwable ex)
        {
            throw unexpected(ex);
        }
    }

    public int close(final int fd)
    {
        try
        {
            return result((int)BINDINGS.close.invokeExact(callState, fd));
        }
        catch (final Throwable ex)
        {
            throw unexpected(ex);
        }
    }

    /**
     * @return the interface index, 0 if there is no such interface.
     */
    public int interfaceIndex(final String name)
    {
        try (Arena confined = Arena.ofConfined())
        {
            return (int)BINDINGS.ifNameToIndex.invokeExact(confined.allocateFrom(name));
        }
        catch (final Throwable ex)
        {
            throw unexpected(ex);
        }
    }

    /**
     * @param code an errno value.
     * @return its text from the C library, e.g. "Operation not permitted".
     */
    public static String describe(final int code)
    {
        try
        {
            final MemorySegment text = (MemorySegment)BINDINGS.strerror.invokeExact(code);
            return text.reinterpret(1024).getString(0);
        }
        catch (final Throwable ex)
        {
            return "errno " + code;
        }
    }

    /**
     * Releases the structures this instance allocated. Does not close any descriptor.
     */
    public void close()
    {
        arena.close();
    }

    private int result(final int rc)
    {
        if (rc < 0)
        {
            errno = (int)BINDINGS.errno.get(callState, 0L);
        }
        return rc;
    }

    private static IllegalStateException unexpected(final Throwable ex)
    {
        return new IllegalStateException("native call failed: " + ex, ex);
    }

    /** Size of a struct pollfd: int fd, short events, short revents. */
    public static final int POLLFD_SIZE = 8;

    /**
     * The method handles, made once per JVM; {@link #failure} says why not when they cannot be made.
     */
    private static final class Bindings
    {
        final String failure;
        final MethodHandle socket;
        final MethodHandle setsockopt;
        final MethodHandle getsockopt;
        final MethodHandle bind;
        final MethodHandle mmap;
        final MethodHandle munmap;
        final MethodHandle poll;
        final MethodHandle close;
        final MethodHandle ifNameToIndex;
        final MethodHandle strerror;
        final VarHandle errno;

        private Bindings(final String failure, final MethodHandle[] handles, final VarHandle errno)
        {
            this.failure = failure;
            this.socket = handles[0];
            this.setsockopt = handles[1];
            this.getsockopt = handles[2];
            this.bind = handles[3];
            this.mmap = handles[4];
            this.munmap = handles[5];
            this.poll = handles[6];
            this.close = handles[7];
            this.ifNameToIndex = handles[8];
            this.strerror = handles[9];
            this.errno = errno;
        }

        static Bindings make()
        {
            final MethodHandle[] handles = new MethodHandle[10];
            if (!System.getProperty("os.name", "").toLowerCase().contains("linux"))
            {
                return new Bindings("not Linux", handles, null);
            }
            try
            {
                final Linker linker = Libc.LINKER;
                final SymbolLookup libc = Libc.LOOKUP;
                final Linker.Option errnoOption = Linker.Option.captureCallState("errno");
                final StructLayout stateLayout = Linker.Option.captureStateLayout();
                final VarHandle errno = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                handles[0] = downcall(linker, libc, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT,
                    JAVA_INT), errnoOption);
                handles[1] = downcall(linker, libc, "setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT,
                    JAVA_INT, ADDRESS, JAVA_INT), errnoOption);
                handles[2] = downcall(linker, libc, "getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT,
                    JAVA_INT, ADDRESS, ADDRESS), errnoOption);
                handles[3] = downcall(linker, libc, "bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
                    JAVA_INT), errnoOption);
                handles[4] = downcall(linker, libc, "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT,
                    JAVA_INT, JAVA_INT, JAVA_LONG), errnoOption);
                handles[5] = downcall(linker, libc, "munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG),
                    errnoOption);
                handles[6] = downcall(linker, libc, "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG,
                    JAVA_INT), errnoOption);
                handles[7] = downcall(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errnoOption);
                handles[8] = linker.downcallHandle(libc.find("if_nametoindex").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS));
                handles[9] = linker.downcallHandle(libc.find("strerror").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, JAVA_INT));
                return new Bindings(null, handles, errno);
            }
            catch (final RuntimeException | LinkageError ex)
            {
                return new Bindings("native calls unavailable (" + ex.getMessage() + ")", handles, null);
            }
        }

        private static MethodHandle downcall(final Linker linker, final SymbolLookup lookup, final String name,
            final FunctionDescriptor descriptor, final Linker.Option option)
        {
            return linker.downcallHandle(lookup.find(name).orElseThrow(), descriptor, option);
        }
    }
}
