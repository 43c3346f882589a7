package io.sipsensor.spool;

import io.sipsensor.config.ConfigException;
import io.sipsensor.config.FileCause;
import io.sipsensor.ffi.FileBlocks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Layout of the spool folder: {@code journal/} holds the CDR journal (Chronicle Queue). Later parts add their own
 * folders next to it.
 */
public final class Spool
{
    private final Path root;

    /**
     * @param root the spool folder.
     */
    public Spool(final Path root)
    {
        this.root = root;
    }

    /** @return the spool folder. */
    public Path root()
    {
        return root;
    }

    /** @return the CDR journal folder. */
    public Path journal()
    {
        return root.resolve("journal");
    }

    /** @return where a live run saves its calls in progress for the next start ({@code calls/in-progress}). */
    public Path savedCalls()
    {
        return root.resolve("calls").resolve("in-progress");
    }

    /** @return the Concurrent Calls Stats file. */
    public Path channelStats()
    {
        return root.resolve("channels").resolve("stats.json");
    }

    /**
     * Creates the spool folder if needed and checks it is writable.
     *
     * @throws SpoolUnusableException naming the folder, the cause and the fix.
     */
    public void prepare()
    {
        try
        {
            Files.createDirectories(root);
        }
        catch (final IOException ex)
        {
            throw new SpoolUnusableException(root, ex);
        }
        if (!Files.isWritable(root))
        {
            throw new SpoolUnusableException(root, readOnly(root) ? FileCause.Kind.READ_ONLY.words() :
                FileCause.Kind.PERMISSION_DENIED.words(), readOnly(root) ? FileCause.Kind.READ_ONLY :
                FileCause.Kind.PERMISSION_DENIED);
        }
    }

    private static boolean readOnly(final Path folder)
    {
        try
        {
            return Files.getFileStore(folder).isReadOnly();
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * Disk use of a spool: what the journal and everything else in it take, and what the file system has left.
     *
     * @param journalBytes     file sizes in the journal folder (CDRs, identity index).
     * @param totalBytes       file sizes in the whole spool.
     * @param journalFiles     roll-cycle files in the journal (one per UTC day).
     * @param freeBytes        bytes the file system holding the spool still gives to this user.
     * @param journalDiskBytes disk blocks allocated to the journal folder's files, in bytes (day files are sparse,
     *                         so this is what they really take), or -1 where {@link FileBlocks} cannot measure.
     * @param totalDiskBytes   the same for the whole spool, or -1.
     */
    public record Usage(long journalBytes, long totalBytes, int journalFiles, long freeBytes, long journalDiskBytes,
        long totalDiskBytes)
    {
    }

    /**
     * @return the spool's disk use now (files that vanish while counting are skipped).
     * @throws IOException if the spool cannot be listed.
     */
    public Usage usage() throws IOException
    {
        final long[] sums = new long[5];
        final boolean blocks = FileBlocks.available();
        final Path journal = journal();
        try (java.util.stream.Stream<Path> files = Files.walk(root))
        {
            files.forEach(file ->
            {
                try
                {
                    if (Files.isRegularFile(file))
                    {
                        final long size = Files.size(file);
                        final long disk = blocks ? Math.max(0, FileBlocks.allocatedBytes(file)) : 0;
                        sums[0] += size;
                        sums[3] += disk;
                        if (file.startsWith(journal))
                        {
                            sums[1] += size;
                            sums[4] += disk;
                            if (file.getFileName().toString().endsWith(".cq4"))
                            {
                                sums[2]++;
                            }
                        }
                    }
                }
                catch (final IOException ignored)
                {
                    // removed while walking (retention, a roll): not part of the spool any more
                }
            });
        }
        return new Usage(sums[1], sums[0], (int)sums[2], Files.getFileStore(root).getUsableSpace(),
            blocks ? sums[4] : -1, blocks ? sums[3] : -1);
    }
}
