package io.sipsensor.central.link;

import io.sipsensor.journal.CdrDecoder;
import io.sipsensor.journal.Journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a sensor's spool still has to ship to its central, read from outside the sender (the {@code status}
 * command): the central, the last acknowledged journal index, the legs journaled after it and when the oldest of
 * them ended. Opens the journal for reading; allocates.
 *
 * @param destination  the central (host:port).
 * @param ackedIndex   last journal index it acknowledged, {@link AckedIndex#NONE} if none.
 * @param legs         legs journaled after that index (purged ones included).
 * @param oldestEndNs  end of the oldest leg not acknowledged (ns since the epoch), 0 if none.
 */
public record Backlog(String destination, long ackedIndex, long legs, long oldestEndNs)
{
    /**
     * @param spoolRoot             a sensor's spool.
     * @param configuredDestination {@code server_destination}, or null when the settings name none.
     * @return the backlog, or null when the spool ships nowhere (no destination configured or recorded).
     * @throws IOException if the acknowledged index cannot be read.
     */
    public static Backlog read(final Path spoolRoot, final String configuredDestination) throws IOException
    {
        final String destination = configuredDestination != null ? configuredDestination :
            AckedIndex.storedDestination(spoolRoot);
        if (destination == null)
        {
            return null;
        }
        final long acked = new AckedIndex(spoolRoot, destination).load();
        final Path journalDirectory = spoolRoot.resolve("journal");
        if (!Files.isDirectory(journalDirectory))
        {
            return new Backlog(destination, acked, 0, 0);
        }
        try (Journal journal = Journal.open(journalDirectory);
            Journal.Reader reader = journal.rawReader().after(acked))
        {
            final CdrDecoder record = new CdrDecoder();
            final long oldest = reader.next(record) ? record.endNs() : 0;
            return new Backlog(destination, acked, journal.recordsAfter(acked), oldest);
        }
    }
}
