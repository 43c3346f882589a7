package io.sipsensor.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libpcap calls made through FFM rather than pcap4j, because pcap4j would copy and allocate per frame:
 * {@code pcap_dispatch} (one call per batch), {@code pcap_get_selectable_fd} and {@code pcap_lib_version}. The same
 * shared library pcap4j loaded is looked up by its Debian and generic names. Handles are made once per JVM.
 */
public final class LibPcap
{
    /** struct pcap_pkthdr on 64-bit Linux: struct timeval (2 x long), caplen, len. */
    public static final int PKTHDR_LENGTH = 24;
    private static final String[] NAMES = {"libpcap.so.0.8", "libpcap.so.1", "libpcap.so"};
    private static volatile LibPcap instance;

    private final Linker linker = Linker.nativeLinker();
    private final MethodHandle dispatch;
    private final MethodHandle selectableFd;
    private final String version;

    private LibPcap()
    {
        SymbolLookup lookup = null;
        UnsatisfiedLinkError failure = null;
        for (final String name : NAMES)
        {
            try
            {
                lookup = SymbolLookup.libraryLookup(name, Arena.global());
                break;
            }
            catch (final IllegalArgumentException ex)
            {
                failure = new UnsatisfiedLinkError("libpcap not found (" + ex.getMessage() + ")");
            }
        }
        if (lookup == null)
        {
            throw failure;
        }
        dispatch = linker.downcallHandle(lookup.find("pcap_dispatch").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        selectableFd = linker.downcallHandle(lookup.find("pcap_get_selectable_fd").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        final MethodHandle libVersion = linker.downcallHandle(lookup.find("pcap_lib_version").orElseThrow(),
            FunctionDescriptor.of(ADDRESS));
        String text;
        try
        {
            text = ((MemorySegment)libVersion.invokeExact()).reinterpret(256).getString(0);
        }
        catch (final Throwable ex)
        {
            text = "libpcap";
        }
        version = text.replace("libpcap version ", "").split(" ")[0];
    }

    /**
     * @return the bindings.
     * @throws NativeLibraryException if libpcap cannot be loaded (the message says how to install it).
     */
    public static LibPcap instance()
    {
        LibPcap bindings = instance;
        if (bindings == null)
        {
            synchronized (LibPcap.class)
            {
                bindings = instance;
                if (bindings == null)
                {
                    try
                    {
                        bindings = new LibPcap();
                    }
                    catch (final RuntimeException | LinkageError ex)
                    {
                        throw new NativeLibraryException("libpcap cannot be loaded (Debian: apt-get install " +
                            "libpcap0.8): " + ex.getMessage());
                    }
                    instance = bindings;
                }
            }
        }
        return bindings;
    }

    /**
     * @param target a {@code void (long user, long header, long bytes)} method handle.
     * @param arena  owns the stub.
     * @return a {@code pcap_handler} function pointer.
     */
    public MemorySegment callback(final MethodHandle target, final Arena arena)
    {
        // Pointers are passed as longs: no MemorySegment is made per frame.
        return linker.upcallStub(target, FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG), arena);
    }

    /**
     * @return frames processed, 0 if none were ready (non-blocking), -1 on error, -2 if broken off.
     */
    public int dispatch(final long pcap, final int count, final MemorySegment callback)
    {
        try
        {
            return (int)dispatch.invokeExact(pcap, count, callback, 0L);
        }
        catch (final Throwable ex)
        {
            return -1;
        }
    }

    public int selectableFd(final long pcap)
    {
        try
        {
            return (int)selectableFd.invokeExact(pcap);
        }
        catch (final Throwable ex)
        {
            return -1;
        }
    }

    /** @return e.g. "1.10.3". */
    public String version()
    {
        return version;
    }
}
