package io.sipsensor.agent;

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

    /** @return the Concurrent Calls Stats file. */
    public Path channelStats()
    {
        return io.sipsensor.channel.StatsFile.path(root);
    }

    /**
     * Creates the spool folder if needed and checks it is writable.
     *
     * @throws ConfigException naming the folder and the reason.
     */
    public void prepare()
    {
        try
        {
            Files.createDirectories(root);
        }
        catch (final IOException ex)
        {
            throw new ConfigException("cannot create spool folder " + root + ": " + ex.getMessage());
        }
        if (!Files.isWritable(root))
        {
            throw new ConfigException("spool folder " + root + " is not writable");
        }
    }
}
