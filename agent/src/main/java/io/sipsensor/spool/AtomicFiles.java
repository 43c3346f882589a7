package io.sipsensor.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replacing a spool file so that a crash or power loss leaves either the old content or the new, never a mix: the
 * new content is written to a file beside the target, forced to disk, then renamed over the target (atomically
 * where the file system can; a plain replace where it cannot). Every small state file of the spool is written this
 * way: channel statistics, purges, license state and installed files, the identity index's swaps.
 */
public final class AtomicFiles
{
    private AtomicFiles()
    {
    }

    /**
     * Writes the whole content to the target, readable by every user (the spool folder's permissions guard it).
     *
     * @param target  the file to replace (its folder must exist).
     * @param content the new content.
     * @throws IOException if it cannot be written; the target is then unchanged.
     */
    public static void write(final Path target, final byte[] content) throws IOException
    {
        final Path temporary = Files.createTempFile(target.getParent(), ".writing-", ".tmp");
        try
        {
            try
            {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            catch (final UnsupportedOperationException ex)
            {
                // not a POSIX file system: keep the default
            }
            fill(temporary, content, target);
        }
        finally
        {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes the whole content to the target, readable by its owner only (mode 0600 from the moment the temporary
     * file exists): for files that hold secrets, such as password hashes and API token hashes.
     *
     * @param target  the file to replace (its folder must exist).
     * @param content the new content.
     * @throws IOException if it cannot be written; the target is then unchanged.
     */
    public static void writePrivate(final Path target, final byte[] content) throws IOException
    {
        final Path temporary = Files.createTempFile(target.getParent(), ".writing-", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try
        {
            fill(temporary, content, target);
        }
        finally
        {
            Files.deleteIfExists(temporary);
        }
    }

    private static void fill(final Path temporary, final byte[] content, final Path target) throws IOException
    {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE))
        {
            final ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
        }
        commit(temporary, target);
    }

    /**
     * Forces a fully written temporary file to disk and renames it over the target.
     *
     * @param temporary the new content, beside the target.
     * @param target    the file to replace.
     * @throws IOException if it cannot be forced or renamed.
     */
    public static void commit(final Path temporary, final Path target) throws IOException
    {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
        move(temporary, target);
    }

    /**
     * Renames a file over another, atomically where the file system can.
     *
     * @param from the file to move.
     * @param to   its new name; replaced if it exists.
     * @throws IOException if it cannot be renamed.
     */
    public static void move(final Path from, final Path to) throws IOException
    {
        try
        {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
