package io.sipsensor.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples of {@code sipsensor --help} read as written (issue 18 item 11): each is a heading ending in a colon
 * or a whole command line, none wraps mid-phrase, and none is wider than a terminal of 80 columns.
 */
class HelpExamplesTest
{
    @Test
    void shouldShowEveryExampleWholeOnItsOwnLine()
    {
        final Corpus.Result help = Corpus.run("--help");
        assertEquals(0, help.status(), help.err());
        final List<String> lines = help.out().lines().toList();
        final int from = lines.indexOf("Examples:");
        assertTrue(from >= 0, help.out());
        int commands = 0;
        for (final String line : lines.subList(from + 1, lines.size()))
        {
            if (line.isEmpty())
            {
                break;
            }
            assertTrue(line.length() <= 80, "wider than 80 columns: " + line);
            final boolean heading = line.startsWith("  ") && !line.startsWith("   ") && line.endsWith(":");
            final boolean command = line.startsWith("    sipsensor ");
            assertTrue(heading || command, "an example wrapped mid-phrase: '" + line + "'");
            commands += command ? 1 : 0;
        }
        assertTrue(commands >= 8, help.out());
    }
}
