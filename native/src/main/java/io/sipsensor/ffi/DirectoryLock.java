package io.sipsensor.ffi;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * An exclusive {@code flock(2)} on a directory itself (libc through FFM), held until {@link #close()} or the
 * process ends. Unlike a lock on a file inside it, it cannot be defeated by deleting a file: a second process that
 * recreates a deleted {@code .lock} still finds the directory locked. {@link #stillHeld()} says whether the path
 * still names the directory that was locked (a directory moved away and recreated would not be), for writers to
 * check before each batch.
 * <p>
 * Where {@code flock} cannot be called (not Linux), the lock is a no-op that always succeeds; the caller's file
 * lock then stands alone.
 */
public final class DirectoryLock implements AutoCloseable
{
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000; // the same on x86-64 and AArch64
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final MethodHandle OPEN;
    private static final MethodHandle FLOCK;
    private static final MethodHandle CLOSE;

    static
    {
        MethodHandle open = null;
        MethodHandle flock = null;
        MethodHandle close = null;
        final String os = System.getProperty("os.name", "").toLowerCase();
        final String arch = System.getProperty("os.arch", "");
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64")))
        {
            try
            {
                final Linker linker = Libc.LINKER;
                open = Libc.LOOKUP.find("open").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2)))
                    .orElse(null);
                flock = Libc.LOOKUP.find("flock").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT))).orElse(null);
                close = Libc.LOOKUP.find("close").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT))).orElse(null);
            }
            catch (final RuntimeException | LinkageError ex)
            {
                open = null;
            }
        }
        final boolean all = open != null && flock != null && close != null;
        OPEN = all ? open : null;
        FLOCK = all ? flock : null;
        CLOSE = all ? close : null;
    }

    private final Path directory;
    private final Object key;
    private int fd;

    private DirectoryLock(final Path directory, final Object key, final int fd)
    {
        this.directory = directory;
        this.key = key;
        this.fd = fd;
    }

    /**
     * @param directory an existing directory.
     * @return the held lock, or null if another process (or another holder in this one) has it.
     * @throws IOException if the directory cannot be opened.
     */
    public static DirectoryLock tryLock(final Path directory) throws IOException
    {
        final Object key = Files.readAttributes(directory, BasicFileAttributes.class).fileKey();
        if (OPEN == null)
        {
            return new DirectoryLock(directory, key, -1);
        }
        try (Arena arena = Arena.ofConfined())
        {
            final int fd = (int)OPEN.invokeExact(arena.allocateFrom(directory.toString()), O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0)
            {
                throw new IOException("cannot open " + directory + " to lock it");
            }
            final int locked = (int)FLOCK.invokeExact(fd, LOCK_EX | LOCK_NB);
            if (locked != 0)
            {
                final int ignored = (int)CLOSE.invokeExact(fd);
                return null;
            }
            final DirectoryLock lock = new DirectoryLock(directory, key, fd);
            if (!lock.stillHeld())
            {
                lock.close(); // replaced between the look and the lock
                return null;
            }
            return lock;
        }
        catch (final IOException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IOException("cannot lock " + directory + ": " + ex, ex);
        }
    }

    /**
     * @return true while the path still names the directory this lock holds (one {@code stat}).
     */
    public boolean stillHeld()
    {
        try
        {
            return Objects.equals(key, Files.readAttributes(directory, BasicFileAttributes.class).fileKey());
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** @return the locked directory. */
    public Path directory()
    {
        return directory;
    }

    @Override
    public void close()
    {
        if (fd >= 0)
        {
            try
            {
                final int ignored = (int)CLOSE.invokeExact(fd);
            }
            catch (final Throwable ignored)
            {
                // the lock goes with the process anyway
            }
            fd = -1;
        }
    }
}
