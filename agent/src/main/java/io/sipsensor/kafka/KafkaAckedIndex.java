package io.sipsensor.kafka;

import io.sipsensor.spool.AtomicFiles;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * How far the brokers have acknowledged a sensor's journal: {@code <spool>/kafka/acked}, {@code key=value} lines
 * (the brokers and topic it counts for, the last journal index every record up to which the brokers acknowledged),
 * replaced atomically ({@link AtomicFiles}) after every acknowledged chunk. After a crash the sender resumes at or
 * before the true point: a leg may be produced twice (a consumer's leg identity makes it a no-op), never skipped.
 * A file for another topic or other brokers counts as none. Sender thread only.
 */
final class KafkaAckedIndex
{
    /** Nothing acknowledged yet: produce from the journal's start. */
    static final long NONE = -1;

    private final Path file;
    private final String destination;

    /**
     * @param spoolRoot   the sensor's spool.
     * @param destination the brokers and the topic, as one string.
     */
    KafkaAckedIndex(final Path spoolRoot, final String destination)
    {
        this.file = spoolRoot.resolve("kafka").resolve("acked");
        this.destination = destination;
    }

    /**
     * @return the last acknowledged index, or {@link #NONE} (no file, another destination, an unreadable value).
     * @throws IOException if the file exists but cannot be read.
     */
    long load() throws IOException
    {
        final Properties stored = new Properties();
        try
        {
            stored.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        }
        catch (final NoSuchFileException ex)
        {
            return NONE;
        }
        final String index = stored.getProperty("acked_index", "");
        if (!destination.equals(stored.getProperty("destination")) || index.isEmpty() || index.length() > 19 ||
            !index.chars().allMatch(Character::isDigit))
        {
            return NONE;
        }
        return Long.parseLong(index);
    }

    /**
     * @param index the last journal index up to which every record is acknowledged.
     * @throws IOException if it cannot be written (the old value stays).
     */
    void store(final long index) throws IOException
    {
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, ("destination=" + destination.replace("\\", "\\\\") + "\nacked_index=" + index +
            "\n").getBytes(StandardCharsets.UTF_8));
    }
}
