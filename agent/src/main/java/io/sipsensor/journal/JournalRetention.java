package io.sipsensor.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes whole journal roll cycles (one Chronicle file per UTC day, {@code yyyyMMddF.cq4}) older than the
 * retention, never the current day's, before the journal is opened for writing.
 */
public final class JournalRetention
{
    private static final DateTimeFormatter CYCLE = DateTimeFormatter.ofPattern("yyyyMMdd");

    private JournalRetention()
    {
    }

    /**
     * @param journalDirectory the journal folder.
     * @param retentionDays    days to keep; 0 keeps everything.
     * @param today            the current UTC day.
     * @return the files removed.
     * @throws IOException if the folder cannot be listed or a file cannot be removed.
     */
    public static List<Path> apply(final Path journalDirectory, final int retentionDays, final LocalDate today)
        throws IOException
    {
        final List<Path> removed = new ArrayList<>();
        if (retentionDays <= 0 || !Files.isDirectory(journalDirectory))
        {
            return removed;
        }
        final LocalDate oldestKept = today.minusDays(retentionDays - 1L);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(journalDirectory, "*.cq4"))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                if (name.length() < 9)
                {
                    continue;
                }
                final LocalDate day;
                try
                {
                    day = LocalDate.parse(name.substring(0, 8), CYCLE);
                }
                catch (final DateTimeParseException ex)
                {
                    continue;
                }
                if (day.isBefore(oldestKept) && day.isBefore(today))
                {
                    Files.delete(file);
                    removed.add(file);
                }
            }
        }
        return removed;
    }

    /**
     * @return today's UTC date.
     */
    public static LocalDate todayUtc()
    {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
