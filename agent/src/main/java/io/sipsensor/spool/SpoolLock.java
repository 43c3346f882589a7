package io.sipsensor.spool;

import io.sipsensor.config.ConfigException;
import io.sipsensor.ffi.DirectoryLock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per spool: capture runs and the commands that change the journal hold an exclusive lock on the spool
 * directory itself ({@link DirectoryLock}, which deleting a file cannot defeat) and on {@code <spool>/.lock}
 * (holding the owner's pid, for the error message). The operating system releases both when the process dies, so a
 * killed agent never leaves a stale lock. Readers (export, channels, status) take no lock.
 */
public final class SpoolLock implements AutoCloseable
{
    private final FileChannel channel;
    private final FileLock lock;
    private final DirectoryLock directoryLock;

    private SpoolLock(final FileChannel channel, final FileLock lock, final DirectoryLock directoryLock)
    {
        this.channel = channel;
        this.lock = lock;
        this.directoryLock = directoryLock;
    }

    /**
     * @param spoolRoot the spool folder (created if missing).
     * @param what      what wants the spool, for the message (e.g. "capture").
     * @return the held lock.
     * @throws ConfigException if another process holds it, naming its pid.
     * @throws SpoolUnusableException if the folder or its lock file cannot be written.
     */
    public static SpoolLock acquire(final Path spoolRoot, final String what)
    {
        final Path file = spoolRoot.resolve(".lock");
        FileChannel channel = null;
        DirectoryLock directoryLock = null;
        try
        {
            Files.createDirectories(spoolRoot);
            directoryLock = DirectoryLock.tryLock(spoolRoot);
            if (directoryLock == null)
            {
                throw inUse(spoolRoot, file, what);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                lock = null;
            }
            if (lock == null)
            {
                channel.close();
                directoryLock.close();
                throw inUse(spoolRoot, file, what);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
                .getBytes(StandardCharsets.US_ASCII)), 0);
            return new SpoolLock(channel, lock, directoryLock);
        }
        catch (final IOException ex)
        {
            if (directoryLock != null)
            {
                directoryLock.close();
            }
            if (channel != null)
            {
                try
                {
                    channel.close();
                }
                catch (final IOException ignored)
                {
                    // reporting the first failure
                }
            }
            throw new SpoolUnusableException(spoolRoot, ex);
        }
    }

    private static ConfigException inUse(final Path spoolRoot, final Path file, final String what)
    {
        String owner = "";
        try
        {
            owner = Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        catch (final IOException | RuntimeException ex)
        {
            // deleted .lock: the directory lock still tells
        }
        return new ConfigException("spool " + spoolRoot + " is in use by another sipsensor process" +
            (owner.isEmpty() || !owner.chars().allMatch(Character::isDigit) ? "" : " (pid " + owner + ")") + "; " +
            what + " needs it alone");
    }

    /**
     * @return true while this process still holds the spool: its directory is the one locked.
     */
    public boolean stillHeld()
    {
        return directoryLock.stillHeld();
    }

    @Override
    public void close()
    {
        directoryLock.close();
        try
        {
            lock.release();
            channel.close();
        }
        catch (final IOException ignored)
        {
            // the lock goes with the process anyway
        }
    }
}
