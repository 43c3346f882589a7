package io.sipsensor.license;

import io.sipsensor.json.JsonReader;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events journal: a Chronicle Queue in {@code <spool>/license/events}, one excerpt per {@link LevelChange},
 * stored as the UTF-8 bytes of one JSON object. Level changes are rare, so appending first reads every stored key
 * and skips changes already there: any number of evaluations, in any process (under the store's lock), write each
 * change once.
 */
public final class EventJournal
{
    private EventJournal()
    {
    }

    /**
     * @param directory the journal folder.
     * @param changes   changes in order; those already stored are skipped.
     * @return how many were appended.
     */
    public static int append(final Path directory, final List<LevelChange> changes)
    {
        if (changes.isEmpty())
        {
            return 0;
        }
        int appended = 0;
        try (ChronicleQueue queue = open(directory))
        {
            final Set<String> keys = new HashSet<>();
            for (final Map<String, Object> entry : read(queue))
            {
                keys.add(entry.get("event") + "|" + entry.get("from") + "|" + entry.get("to") + "|" + entry.get("at"));
            }
            try (ExcerptAppender appender = queue.createAppender())
            {
                for (final LevelChange change : changes)
                {
                    if (keys.add(change.key()))
                    {
                        try (DocumentContext context = appender.writingDocument())
                        {
                            context.wire().bytes().write(change.toJson().getBytes(StandardCharsets.UTF_8));
                        }
                        appended++;
                    }
                }
            }
        }
        return appended;
    }

    /**
     * @param directory the journal folder.
     * @return every entry in journal order, as JSON objects; empty when there is no journal.
     */
    public static List<Map<String, Object>> readAll(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (ChronicleQueue queue = open(directory))
        {
            return read(queue);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> read(final ChronicleQueue queue)
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
                        // a damaged entry is skipped; the next ones still read
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
