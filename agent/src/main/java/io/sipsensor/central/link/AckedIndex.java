package io.sipsensor.central.link;

import io.sipsensor.spool.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The sensor's record of how far its central has acknowledged its journal: {@code <spool>/central/acked}, two
 * {@code key=value} lines (the central's address and the last acknowledged journal index), replaced atomically
 * ({@link AtomicFiles}) on every acknowledgement, so after a crash the sender resumes at or before the true point
 * (a leg sent twice is a no-op at the central; a leg is never skipped). Sender thread only.
 */
public final class AckedIndex
{
    /** No acknowledgement yet: ship from the journal's start. */
    public static final long NONE = -1;

    private final Path file;
    private final String destination;

    /**
     * @param spoolRoot   the sensor's spool.
     * @param destination the central's host:port (an acknowledgement from another central does not count).
     */
    public AckedIndex(final Path spoolRoot, final String destination)
    {
        this.file = spoolRoot.resolve("central").resolve("acked");
        this.destination = destination;
    }

    /** @return the file. */
    public Path file()
    {
        return file;
    }

    /**
     * @return the last acknowledged index for this destination, or {@link #NONE} if there is none (no file, another
     * central, or a file that cannot be read: then everything is sent again, which the central ignores).
     * @throws IOException if the file exists but cannot be read.
     */
    public long load() throws IOException
    {
        return destination.equals(field(file, "destination")) ? stored(file) : NONE;
    }

    /**
     * @param spoolRoot a sensor's spool.
     * @return the central named in its acknowledged-index file, or null if there is none.
     * @throws IOException if the file exists but cannot be read.
     */
    public static String storedDestination(final Path spoolRoot) throws IOException
    {
        return field(spoolRoot.resolve("central").resolve("acked"), "destination");
    }

    private static long stored(final Path file) throws IOException
    {
        final String value = field(file, "acked_index");
        return value == null ? NONE : parse(value);
    }

    private static String field(final Path file, final String name) throws IOException
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        for (final String line : text.split("\n"))
        {
            final int equals = line.indexOf('=');
            if (equals < 0)
            {
                continue;
            }
            if (line.substring(0, equals).trim().equals(name))
            {
                return line.substring(equals + 1).trim();
            }
        }
        return null;
    }

    /**
     * @param index the last index the central acknowledged.
     * @throws IOException if it cannot be written (the old value stays).
     */
    public void store(final long index) throws IOException
    {
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, ("destination=" + destination + "\nacked_index=" + index + "\n")
            .getBytes(StandardCharsets.US_ASCII));
    }

    private static long parse(final String text)
    {
        if (text.isEmpty() || text.length() > 19)
        {
            return NONE;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return NONE;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
