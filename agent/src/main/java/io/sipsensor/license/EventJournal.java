package io.sipsensor.license;

import io.sipsensor.json.JsonReader;
import io.sipsensor.json.JsonWriter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The events journal, the license engine's own record: a Chronicle Queue in {@code <spool>/license/events}, one
 * excerpt per {@link LevelChange} and one per day that has left the check window (its final judgment, kind
 * {@code day}), each stored as the UTF-8 bytes of one JSON object. The state file is rebuilt from it when it is
 * lost or rolled back. Entries are rare (a few a day), so appending first reads every stored key and skips
 * entries already there: any number of evaluations, in any process (under the store's lock), write each once.
 */
public final class EventJournal
{
    private EventJournal()
    {
    }

    /**
     * What the journal holds.
     *
     * @param entries  every readable entry, in journal order, as JSON objects.
     * @param damaged  entries that could not be read (skipped).
     * @param problem  why the journal could not be read at all, or null.
     */
    public record Contents(List<Map<String, Object>> entries, int damaged, String problem)
    {
        /** Nothing journaled yet. */
        public static final Contents EMPTY = new Contents(List.of(), 0, null);

        /** @return true when entries are missing from what was journaled. */
        public boolean incomplete()
        {
            return damaged > 0 || problem != null;
        }

        /**
         * @return the recorded judgment of each day that left the check window.
         */
        public NavigableMap<LocalDate, DayPeak> days()
        {
            final NavigableMap<LocalDate, DayPeak> days = new TreeMap<>();
            for (final Map<String, Object> entry : entries)
            {
                if (DAY.equals(entry.get("kind")) && entry.get("day") instanceof String day &&
                    entry.get("peak") instanceof Number peak && entry.get("limit") instanceof Number limit &&
                    entry.get("over") instanceof Boolean over)
                {
                    final LocalDate date = LocalDate.parse(day);
                    days.put(date, new DayPeak(date, peak.longValue(), limit.longValue(), over, true,
                        entry.get("over_at") instanceof String at ? Instant.parse(at) : null));
                }
            }
            return days;
        }

        /**
         * @return the latest clock reading forgiven by an installed clock reset, or null: readings up to it do not
         *         count in the clock check.
         */
        public Instant clockForgivenUpTo()
        {
            Instant forgiven = null;
            for (final Map<String, Object> entry : entries)
            {
                if (CLOCK_RESET.equals(entry.get("kind")) && entry.get("forgiven_up_to") instanceof String text)
                {
                    final Instant instant = Instant.parse(text);
                    forgiven = forgiven == null || instant.isAfter(forgiven) ? instant : forgiven;
                }
            }
            return forgiven;
        }

        /**
         * @return the level changes only (the entries {@code license events} shows).
         */
        public List<Map<String, Object>> changes()
        {
            final List<Map<String, Object>> changes = new ArrayList<>();
            for (final Map<String, Object> entry : entries)
            {
                if (entry.get("kind") == null && entry.get("event") instanceof String)
                {
                    changes.add(entry);
                }
            }
            return changes;
        }
    }

    /** Kind of the entry that records a day's final judgment. */
    public static final String DAY = "day";
    /** Kind of the entry that records an installed clock reset. */
    public static final String CLOCK_RESET = "clock_reset";

    /**
     * Records an installed clock reset.
     *
     * @param directory    the journal folder.
     * @param id           the token's id.
     * @param installedAt  when it was installed.
     * @param forgivenUpTo the latest clock reading the spool held then (null: none).
     * @return 1 if appended, 0 if that token was already recorded.
     */
    public static int appendClockReset(
        final Path directory, final String id, final Instant installedAt, final Instant forgivenUpTo)
    {
        final StringBuilder text = new StringBuilder(160);
        final JsonWriter json = new JsonWriter(text, false);
        json.beginObject();
        json.name("kind").value(CLOCK_RESET);
        json.name("id").value(id);
        json.name("installed_at").value(installedAt.toString());
        json.name("forgiven_up_to").value(forgivenUpTo == null ? installedAt.toString() : forgivenUpTo.toString());
        json.endObject();
        return appendEntries(directory, List.<String[]>of(new String[]{CLOCK_RESET + "|" + id, text.toString()}));
    }

    /**
     * @param directory the journal folder.
     * @param changes   changes in order; those already stored are skipped.
     * @return how many were appended.
     */
    public static int append(final Path directory, final List<LevelChange> changes)
    {
        final List<String[]> entries = new ArrayList<>(changes.size());
        for (final LevelChange change : changes)
        {
            entries.add(new String[]{change.key(), change.toJson()});
        }
        return appendEntries(directory, entries);
    }

    /**
     * Records the final judgment of days that have left the check window.
     *
     * @param directory the journal folder.
     * @param days      judgments in day order; days already recorded are skipped.
     * @return how many were appended.
     */
    public static int appendDays(final Path directory, final List<DayPeak> days)
    {
        final List<String[]> entries = new ArrayList<>(days.size());
        for (final DayPeak day : days)
        {
            final StringBuilder text = new StringBuilder(96);
            final JsonWriter json = new JsonWriter(text, false);
            json.beginObject();
            json.name("kind").value(DAY);
            json.name("day").value(day.day().toString());
            json.name("peak").value(day.peak());
            json.name("limit").value(day.limit());
            json.name("over").value(day.over());
            json.name("over_at").value(day.overAt() == null ? null : day.overAt().toString());
            json.endObject();
            entries.add(new String[]{DAY + "|" + day.day(), text.toString()});
        }
        return appendEntries(directory, entries);
    }

    private static int appendEntries(final Path directory, final List<String[]> entries)
    {
        if (entries.isEmpty())
        {
            return 0;
        }
        int appended = 0;
        try (ChronicleQueue queue = open(directory))
        {
            final Set<String> keys = new HashSet<>();
            for (final Map<String, Object> entry : read(queue, new int[1]))
            {
                keys.add(key(entry));
            }
            try (ExcerptAppender appender = queue.createAppender())
            {
                for (final String[] entry : entries)
                {
                    if (keys.add(entry[0]))
                    {
                        try (DocumentContext context = appender.writingDocument())
                        {
                            context.wire().bytes().write(entry[1].getBytes(StandardCharsets.UTF_8));
                        }
                        appended++;
                    }
                }
            }
        }
        return appended;
    }

    private static String key(final Map<String, Object> entry)
    {
        return DAY.equals(entry.get("kind")) ? DAY + "|" + entry.get("day") :
            CLOCK_RESET.equals(entry.get("kind")) ? CLOCK_RESET + "|" + entry.get("id") :
            entry.get("event") + "|" + entry.get("from") + "|" + entry.get("to") + "|" + entry.get("at");
    }

    /**
     * @param directory the journal folder.
     * @return every level change in journal order, as JSON objects; empty when there is no journal.
     */
    public static List<Map<String, Object>> readAll(final Path directory)
    {
        return read(directory).changes();
    }

    /**
     * @param directory the journal folder.
     * @return what it holds; a journal that cannot be read, or entries that cannot, are said so, never hidden.
     */
    public static Contents read(final Path directory)
    {
        if (!Files.exists(directory))
        {
            return Contents.EMPTY;
        }
        if (!Files.isDirectory(directory))
        {
            return new Contents(List.of(), 0, directory + " is not a folder");
        }
        try (ChronicleQueue queue = open(directory))
        {
            final int[] damaged = new int[1];
            final List<Map<String, Object>> entries = read(queue, damaged);
            return new Contents(entries, damaged[0], null);
        }
        catch (final RuntimeException ex)
        {
            return new Contents(List.of(), 0, "cannot be read: " +
                (ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName()));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> read(final ChronicleQueue queue, final int[] damaged)
    {
        final List<Map<String, Object>> entries = new ArrayList<>();
        try (ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext context = tailer.readingDocument())
                {
                    if (!context.isPresent())
                    {
                        return entries;
                    }
                    final Bytes<?> bytes = context.wire().bytes();
                    final byte[] text = new byte[(int)bytes.readRemaining()];
                    bytes.read(text);
                    try
                    {
                        entries.add((Map<String, Object>)JsonReader.parse(new String(text, StandardCharsets.UTF_8)));
                    }
                    catch (final RuntimeException ex)
                    {
                        damaged[0]++;
                    }
                }
            }
        }
    }

    private static ChronicleQueue open(final Path directory)
    {
        return SingleChronicleQueueBuilder.single(directory.toFile()).rollCycle(RollCycles.FAST_DAILY).build();
    }
}
