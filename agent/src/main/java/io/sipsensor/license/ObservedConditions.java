package io.sipsensor.license;

import io.sipsensor.spool.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Conditions a running process observes and the license evaluation of its spool takes in: a central's duplicate and
 * missing sensors, a sensor's missing central. {@code <spool>/license/observed}, replaced atomically by the one
 * process that observes them (the central or the sensor holding the spool); one line per condition that holds now,
 * {@code TYPE<TAB>since (epoch seconds)<TAB>cause}. A condition that stops holding is left out of the next write and
 * its event clears. Lines that cannot be read are skipped (the writer rewrites the file within seconds).
 */
public final class ObservedConditions
{
    private ObservedConditions()
    {
    }

    /**
     * @param licenseRoot {@code <spool>/license}.
     * @return the file.
     */
    public static Path file(final Path licenseRoot)
    {
        return licenseRoot.resolve("observed");
    }

    /**
     * @param licenseRoot {@code <spool>/license}.
     * @return the conditions that hold now (empty without a file).
     */
    public static List<Condition> read(final Path licenseRoot)
    {
        final List<Condition> conditions = new ArrayList<>();
        final String text;
        try
        {
            text = Files.readString(file(licenseRoot), StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            return conditions;
        }
        catch (final IOException | RuntimeException ex)
        {
            return conditions;
        }
        for (final String line : text.split("\n"))
        {
            final String[] fields = line.split("\t", 3);
            if (fields.length != 3)
            {
                continue;
            }
            try
            {
                conditions.add(new Condition(EventType.valueOf(fields[0]), fields[2],
                    Instant.ofEpochSecond(Long.parseLong(fields[1]))));
            }
            catch (final RuntimeException ex)
            {
                // skipped: see the class comment
            }
        }
        return conditions;
    }

    /**
     * @param licenseRoot {@code <spool>/license} (created if missing).
     * @param conditions  the conditions that hold now.
     * @throws IOException if the file cannot be written.
     */
    public static void write(final Path licenseRoot, final List<Condition> conditions) throws IOException
    {
        final StringBuilder text = new StringBuilder();
        for (final Condition condition : conditions)
        {
            text.append(condition.type().name()).append('\t').append(condition.since().getEpochSecond()).append('\t')
                .append(condition.cause().replace('\n', ' ').replace('\t', ' ')).append('\n');
        }
        Files.createDirectories(licenseRoot);
        AtomicFiles.write(file(licenseRoot), text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
