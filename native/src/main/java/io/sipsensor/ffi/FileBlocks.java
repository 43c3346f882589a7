package io.sipsensor.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The disk space a file takes, as {@code du} counts it: the blocks allocated to it, which for a sparse file (a
 * Chronicle day file is created at its full size and filled as it is written) are far fewer than its size says.
 * Java's file attributes do not carry the block count, so it comes from libc's {@code stat(2)}: {@code st_blocks},
 * in 512-byte units, at byte 64 of {@code struct stat} on Linux x86-64 and AArch64 alike.
 * <p>
 * Where that is not available (another system or architecture, no {@code stat} symbol) {@link #available()} is
 * false and {@link #allocatedBytes} returns -1, so callers can fall back to file sizes and say so.
 */
public final class FileBlocks
{
    private static final long ST_BLOCKS_OFFSET = 64;
    private static final long STAT_BYTES = 256; // struct stat is 144 bytes on x86-64 and 128 on AArch64
    private static final MethodHandle STAT = lookup();

    private FileBlocks()
    {
    }

    /**
     * @return true if {@link #allocatedBytes} can measure on this system.
     */
    public static boolean available()
    {
        return STAT != null;
    }

    /**
     * @param file a file (links are followed).
     * @return bytes of disk allocated to the file, or -1 if that cannot be measured (no such file, or not available).
     */
    public static long allocatedBytes(final Path file)
    {
        if (STAT == null)
        {
            return -1;
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment path = arena.allocateFrom(file.toString());
            final MemorySegment stat = arena.allocate(STAT_BYTES, 8);
            final int result = (int)STAT.invokeExact(path, stat);
            return result == 0 ? stat.get(JAVA_LONG, ST_BLOCKS_OFFSET) * 512 : -1;
        }
        catch (final Throwable ex)
        {
            return -1;
        }
    }

    private static MethodHandle lookup()
    {
        final String os = System.getProperty("os.name", "").toLowerCase();
        final String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64")))
        {
            return null;
        }
        try
        {
            return Libc.LOOKUP.find("stat")
                .map(symbol -> Libc.LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)))
                .orElse(null);
        }
        catch (final RuntimeException | LinkageError ex)
        {
            return null;
        }
    }
}
