package io.sipsensor.cli;

import io.sipsensor.run.RunOutcome;
import io.sipsensor.testing.FileDamage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exit statuses are one table, in the README, and the commands return what it says.
 */
class ExitStatusTest
{
    @TempDir
    Path dir;

    /**
     * @return the README's exit status table: status to meaning.
     */
    static Map<Integer, String> readmeTable() throws IOException
    {
        final List<String> lines = Files.readAllLines(Path.of("../README.md"), StandardCharsets.UTF_8);
        final Map<Integer, String> table = new TreeMap<>();
        final int header = lines.indexOf("| status | meaning |");
        assertTrue(header > 0, "the README has the exit status table");
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("| "); i++)
        {
            final String[] cells = lines.get(i).split("\\|");
            table.put(Integer.parseInt(cells[1].trim()), cells[2].trim());
        }
        return table;
    }

    @Test
    void shouldDocumentEveryStatusTheCodeUsesInOneTable() throws IOException
    {
        final Map<Integer, String> table = readmeTable();
        assertEquals(List.of(0, 1, 2, 3, 4, 5), List.copyOf(table.keySet()));
        assertTrue(table.get(Main.EXIT_LICENSE_REFUSED).contains("license install"));
        assertTrue(table.get(Main.EXIT_FAILED).startsWith("failed"));
        assertTrue(table.get(Main.EXIT_USAGE).startsWith("bad command line"));
        assertTrue(table.get(Main.EXIT_LOCKED).startsWith("refused by the license lock"));
        assertTrue(table.get(Main.EXIT_LEGS_LOST).contains("legs were lost"));
        assertEquals(Main.EXIT_LEGS_LOST, RunOutcome.EXIT_LEGS_LOST);
    }

    @Test
    void shouldNameEveryDocumentedStatusInTheHelp() throws IOException
    {
        final Corpus.Result help = Corpus.run("--help");
        final String text = (help.out() + help.err()).replaceAll("\\s+", " ");
        final int from = text.indexOf("Exit status: ");
        assertTrue(from >= 0, text);
        final String footer = text.substring(from);
        for (final int status : readmeTable().keySet())
        {
            assertTrue(footer.contains((status == 0 ? ": " : ", ") + status + " "), status + " missing: " + footer);
        }
    }

    @Test
    void shouldReturnTheDocumentedStatuses() throws IOException
    {
        final Path spool = dir.resolve("spool");
        assertEquals(0, Corpus.run("-r", Corpus.pcap("s3_reinvite").toString(), "--spool", spool.toString(),
            "--progress", "none").status());
        final Path junk = Files.writeString(dir.resolve("junk.pcap"), "not a capture");
        assertEquals(Main.EXIT_FAILED, Corpus.run("-r", junk.toString(), "--spool", spool.toString(), "--progress",
            "none").status());
        assertEquals(Main.EXIT_USAGE, Corpus.run("--no-such-option").status());
        final Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        final Corpus.Result unwritable = Corpus.run("-r", Corpus.pcap("s3_reinvite").toString(), "--spool",
            notADirectory.resolve("spool").toString(), "--progress", "none");
        assertEquals(Main.EXIT_FAILED, unwritable.status(), "a spool that cannot be written: " + unwritable.err());
        final Path badCsv = Files.writeString(dir.resolve("bad.csv"), "call_id,caller,called,start,end\nc,a,b,x,y\n");
        final Corpus.Result badImport = Corpus.run("cdr", "import", badCsv.toString(), "--spool", spool.toString());
        assertEquals(Main.EXIT_FAILED, badImport.status(), "an unreadable import file: " + badImport.err());
        assertTrue(badImport.err().contains("bad.csv line 2"), badImport.err());
        final Path day = JournalDamageCliTest.dayFile(spool);
        final List<String> rows = JournalDamageCliTest.rows(JournalDamageCliTest.export(spool, 0).out());
        final long at = FileDamage.offsetOf(day, JournalDamageCliTest.callId(rows.get(30))) & ~4095L;
        FileDamage.zero(day, at, 4096);
        final Corpus.Result export = Corpus.run("cdr", "export", "--spool", spool.toString());
        assertEquals(Main.EXIT_LEGS_LOST, export.status(), export.err());
    }
}
