package io.sipsensor.spool;

import io.sipsensor.config.ConfigException;

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
 * One writer per spool: capture runs and the commands that change the journal hold an exclusive lock on
 * {@code <spool>/.lock} (holding the owner's pid, for the error message). The operating system releases it when the
 * process dies, so a killed agent never leaves a stale lock. Readers (export, channels, status) take no lock.
 */
public final class SpoolLock implements AutoCloseable
{
    private final FileChannel channel;
    private final FileLock lock;

    private SpoolLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
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
        try
        {
            Files.createDirectories(spoolRoot);
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
                final String owner = Files.readString(file, StandardCharsets.US_ASCII).trim();
                channel.close();
                throw new ConfigException("spool " + spoolRoot + " is in use by another sipsensor process" +
                    (owner.isEmpty() ? "" : " (pid " + owner + ")") + "; " + what + " needs it alone");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
                .getBytes(StandardCharsets.US_ASCII)), 0);
            return new SpoolLock(channel, lock);
        }
        catch (final IOException ex)
        {
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

    @Override
    public void close()
    {
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
