package io.sipsensor.journal;

import io.sipsensor.json.JsonReader;
import io.sipsensor.json.JsonWriter;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ranges of journaled legs that are superseded: by {@code cdr purge}, or by a {@code --reprocess} run that wrote
 * their replacements. The journal itself is append-only; a purge says "records written before journal position P
 * whose start lies in [from, to) (for one sensor, or all) no longer count", and every {@link Journal.Reader} skips
 * them. Every purge is written into the journal itself ({@link PurgeRecord}); {@code <spool>/journal-purges.json},
 * replaced atomically, is the quick list, rebuilt from the journal when it is missing or damaged, so losing it never
 * brings purged legs back.
 */
public final class Purges
{
    /** Any sensor. */
    public static final int ALL_SENSORS = -1;

    /**
     * One purge.
     *
     * @param beforeIndex records at Chronicle indices below this are affected.
     * @param fromNs      first start affected (inclusive).
     * @param toNs        end of the affected starts (exclusive).
     * @param idSensor    sensor affected, or {@link #ALL_SENSORS}.
     * @param reason      why, in words.
     */
    public record Purge(long beforeIndex, long fromNs, long toNs, int idSensor, String reason)
    {
        boolean covers(final long index, final long startNs, final int sensor)
        {
            return index < beforeIndex && startNs >= fromNs && startNs < toNs &&
                (idSensor == ALL_SENSORS || idSensor == sensor);
        }
    }

    private final Path file;
    private final List<Purge> purges = new ArrayList<>();
    private String rebuilt;

    private Purges(final Path file)
    {
        this.file = file;
    }

    /**
     * @param spoolRoot the spool folder.
     * @return the purges recorded there: from {@code journal-purges.json}, or, when that file is missing beside a
     * journal or damaged, from the purge records in the journal itself ({@link #rebuilt()} then says so).
     */
    @SuppressWarnings("unchecked")
    public static Purges load(final Path spoolRoot)
    {
        final Purges purges = new Purges(spoolRoot.resolve("journal-purges.json"));
        if (!Files.exists(purges.file))
        {
            if (hasJournal(spoolRoot))
            {
                purges.rebuild(spoolRoot, "missing");
            }
            return purges;
        }
        try
        {
            final Map<String, Object> root = (Map<String, Object>)JsonReader.parse(
                io.sipsensor.json.TextFile.read(purges.file, 16 << 20));
            for (final Map<String, Object> entry : (List<Map<String, Object>>)root.get("purges"))
            {
                purges.purges.add(new Purge(number(entry, "before_index"), number(entry, "from"),
                    number(entry, "to"), (int)number(entry, "id_sensor"), (String)entry.get("reason")));
            }
            return purges;
        }
        catch (final IOException | RuntimeException ex)
        {
            purges.purges.clear();
            purges.rebuild(spoolRoot, "damaged (" + ex.getMessage() + ")");
            return purges;
        }
    }

    /**
     * Records a purge: first in the journal itself (the truth the list can be rebuilt from), then in the list.
     *
     * @param spoolRoot the spool folder; the caller holds its lock.
     * @param purge     the purge; before index {@link PurgeRecord#BEFORE_SELF} for "everything journaled so far".
     * @return the purge as recorded (before index resolved).
     * @throws IOException if the list cannot be written.
     */
    public static Purge record(final Path spoolRoot, final Purge purge) throws IOException
    {
        final Purges purges = load(spoolRoot);
        final long index;
        try (Journal journal = Journal.open(spoolRoot.resolve("journal")))
        {
            index = journal.appendPurge(purge);
        }
        final Purge recorded = purge.beforeIndex() == PurgeRecord.BEFORE_SELF ?
            new Purge(index, purge.fromNs(), purge.toNs(), purge.idSensor(), purge.reason()) : purge;
        purges.add(recorded);
        return recorded;
    }

    /**
     * Writes the list if it is missing (a fresh spool says "no purges" explicitly, so a later loss is noticed).
     *
     * @param spoolRoot the spool folder; the caller holds its lock.
     * @return null, or one line saying the list was rebuilt from the journal.
     * @throws IOException if it cannot be written.
     */
    public static String ensureWritten(final Path spoolRoot) throws IOException
    {
        final Purges purges = load(spoolRoot);
        if (purges.rebuilt != null || !Files.exists(purges.file))
        {
            purges.write();
        }
        return purges.rebuilt;
    }

    /** @return null, or how the list was rebuilt from the journal because its file was missing or damaged. */
    public String rebuilt()
    {
        return rebuilt;
    }

    private void rebuild(final Path spoolRoot, final String why)
    {
        try (JournalScanner scanner = new JournalScanner(spoolRoot.resolve("journal")))
        {
            while (scanner.next())
            {
                if (scanner.isPurge())
                {
                    purges.add(PurgeRecord.decode(scanner.record(), scanner.length()));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("journal purge list " + file + " is " + why + " and the journal " +
                "cannot be read to rebuild it: " + ex.getMessage(), ex);
        }
        rebuilt = "journal purge list " + file + " is " + why + "; rebuilt from the journal (" + purges.size() +
            " purge(s))";
    }

    private static boolean hasJournal(final Path spoolRoot)
    {
        try (java.util.stream.Stream<Path> files = Files.list(spoolRoot.resolve("journal")))
        {
            return files.anyMatch(JournalScanner::isDayFile);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * @param index   Chronicle index of a record.
     * @param startNs its start.
     * @param sensor  its sensor id.
     * @return true if a purge supersedes it.
     */
    public boolean isPurged(final long index, final long startNs, final int sensor)
    {
        for (int i = 0, n = purges.size(); i < n; i++)
        {
            if (purges.get(i).covers(index, startNs, sensor))
            {
                return true;
            }
        }
        return false;
    }

    /** @return the purges, oldest first. */
    public List<Purge> all()
    {
        return List.copyOf(purges);
    }

    /**
     * Adds a purge and writes the file (temporary file, sync, rename).
     *
     * @param purge the purge.
     * @throws IOException if the file cannot be written.
     */
    public void add(final Purge purge) throws IOException
    {
        purges.add(purge);
        write();
    }

    /**
     * Replaces every purge (a repaired journal numbers its records anew) and writes the file.
     *
     * @param replacement the purges, oldest first.
     * @throws IOException if the file cannot be written.
     */
    public void replaceAll(final List<Purge> replacement) throws IOException
    {
        purges.clear();
        purges.addAll(replacement);
        write();
    }

    private void write() throws IOException
    {
        final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.getParent());
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))
        {
            final JsonWriter json = new JsonWriter(writer, true);
            json.beginObject().name("version").value(1).name("purges").beginArray();
            for (final Purge entry : purges)
            {
                json.beginObject();
                json.name("before_index").value(entry.beforeIndex());
                json.name("from").value(entry.fromNs());
                json.name("to").value(entry.toNs());
                json.name("id_sensor").value(entry.idSensor());
                json.name("reason").value(entry.reason());
                json.endObject();
            }
            json.endArray().endObject();
        }
        io.sipsensor.spool.AtomicFiles.commit(temporary, file);
    }

    private static long number(final Map<String, Object> entry, final String name)
    {
        return ((BigDecimal)entry.get(name)).longValueExact();
    }
}
