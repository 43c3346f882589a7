package io.sipsensor.cli;

import io.sipsensor.json.JsonReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Access to the shared corpus ({@code ../shared/corpus}, path from the {@code sipsensor.corpus} property) and a
 * way to run the CLI in this JVM.
 */
final class Corpus
{
    private Corpus()
    {
    }

    static Path root()
    {
        final Path root = Path.of(System.getProperty("sipsensor.corpus", "../../shared/corpus"));
        assertTrue(Files.isDirectory(root.resolve("pcaps")), "corpus not found at " + root.toAbsolutePath());
        return root;
    }

    static Path pcap(final String name)
    {
        return root().resolve("pcaps").resolve(name + ".pcap");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> expected(final String name) throws IOException
    {
        return (Map<String, Object>)JsonReader.parse(
            Files.readString(root().resolve("expected").resolve(name + ".json"), StandardCharsets.UTF_8));
    }

    /**
     * @param args command line.
     * @return exit status, stdout, stderr.
     */
    static Result run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int status, String out, String err)
    {
        @SuppressWarnings("unchecked")
        Map<String, Object> json()
        {
            return (Map<String, Object>)JsonReader.parse(out);
        }
    }

    static long number(final Object value)
    {
        return ((BigDecimal)value).longValueExact();
    }

    /** Epoch seconds with decimals (corpus form) to ns. */
    static long ns(final Object seconds)
    {
        return seconds == null ? Long.MIN_VALUE : ((BigDecimal)seconds).movePointRight(9).longValueExact();
    }

    /** Splits CSV rows (RFC 4180 quoting, no embedded newlines in the corpus). */
    static List<List<String>> csv(final String text)
    {
        final List<List<String>> rows = new ArrayList<>();
        for (final String line : text.split("\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            final List<String> fields = new ArrayList<>();
            final StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++)
            {
                final char c = line.charAt(i);
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"')
                    {
                        field.append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.add(field.toString());
                    field.setLength(0);
                }
                else
                {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            rows.add(fields);
        }
        return rows;
    }
}
