package io.sipsensor.config;


import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a config file of {@code key = value} lines into a {@link ConfigTarget} (the sensor's settings). Blank lines, {@code #} and
 * {@code ;} comments and {@code [section]} lines (VoIPmonitor's {@code [general]}) are skipped. A setting this
 * sensor does not know is reported on one line with the nearest known name and otherwise ignored, so an existing
 * VoIPmonitor config can be reused; a known setting with a bad value stops the start with one line naming it.
 */
public final class ConfigFile
{
    private ConfigFile()
    {
    }

    /**
     * @param file     the config file.
     * @param context  receives the values.
     * @param warnings where unknown settings are reported.
     * @throws ConfigException if the file cannot be read or a value is invalid.
     */
    public static void load(final Path file, final ConfigTarget context, final PrintStream warnings)
    {
        final List<String> lines;
        try
        {
            lines = io.sipsensor.json.TextFile.read(file, 1 << 20).lines().toList();
        }
        catch (final IOException ex)
        {
            throw new ConfigException("cannot read config file " + file + ": " + describe(ex));
        }

        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).strip();
            final String where = file + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") ||
                (line.startsWith("[") && line.endsWith("]")))
            {
                continue;
            }
            final int equals = line.indexOf('=');
            if (equals <= 0)
            {
                throw new ConfigException(where + ": expected 'key = value', found '" + line + "'");
            }
            final String key = line.substring(0, equals).strip().toLowerCase();
            final String value = stripComment(line.substring(equals + 1)).strip();
            if (!context.knows(key))
            {
                final String nearest = context.nearest(key);
                warnings.println("sipsensor: " + where + ": unknown setting '" + key + "' ignored" +
                    (nearest != null ? " (did you mean '" + nearest + "'?)" : ""));
                continue;
            }
            context.set(key, value, where);
        }
    }

    private static String stripComment(final String value)
    {
        final int hash = value.indexOf(" #");
        return hash >= 0 ? value.substring(0, hash) : value;
    }

    private static String describe(final IOException ex)
    {
        return FileCause.of(ex);
    }
}
