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
 * them. Kept in {@code <spool>/journal-purges.json}, replaced atomically.
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

    private Purges(final Path file)
    {
        this.file = file;
    }

    /**
     * @param spoolRoot the spool folder.
     * @return the purges recorded there (none if the file does not exist).
     * @throws IllegalStateException naming the file if it is damaged.
     */
    @SuppressWarnings("unchecked")
    public static Purges load(final Path spoolRoot)
    {
        final Purges purges = new Purges(spoolRoot.resolve("journal-purges.json"));
        if (!Files.exists(purges.file))
        {
            return purges;
        }
        try
        {
            final Map<String, Object> root = (Map<String, Object>)JsonReader.parse(
                Files.readString(purges.file, StandardCharsets.UTF_8));
            for (final Map<String, Object> entry : (List<Map<String, Object>>)root.get("purges"))
            {
                purges.purges.add(new Purge(number(entry, "before_index"), number(entry, "from"),
                    number(entry, "to"), (int)number(entry, "id_sensor"), (String)entry.get("reason")));
            }
            return purges;
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException("journal purge list " + purges.file + " is damaged (" + ex.getMessage() +
                "); restore it from a backup, or delete it to make purged legs count again");
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
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
        try
        {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static long number(final Map<String, Object> entry, final String name)
    {
        return ((BigDecimal)entry.get(name)).longValueExact();
    }
}
