package io.sipsensor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caller and called names come from anyone who can send an INVITE: the CSV export neutralises cells a spreadsheet
 * would run as formulas, and {@code cdr import} undoes it, so an export imported and exported again is the same.
 */
class CsvInjectionTest
{
    @TempDir
    Path work;

    @Test
    void shouldNeutraliseFormulasAndRoundTripExactly() throws IOException
    {
        final String csv = "call_id,caller,called,ruri_user,start,end\n" +
            "c1@x,\"=cmd|' /C calc'!A0\",+1-555,\"=HYPERLINK(\"\"http://x\"\")\",2026-11-22T10:00:00Z,2026-11-22T10:00:05Z\n" +
            "c2@x,@SUM(1),-2+3,'quoted,2026-11-22T10:01:00Z,2026-11-22T10:01:05Z\n" +
            "c3@x,+421605123456,-15,0246,2026-11-22T10:02:00Z,2026-11-22T10:02:05Z\n";
        final Path source = Files.writeString(work.resolve("in.csv"), csv);
        final Path first = work.resolve("first");
        assertEquals(0, Corpus.run("cdr", "import", source.toString(), "--spool", first.toString()).status());

        final String exported = Corpus.run("cdr", "export", "--spool", first.toString()).out();
        final List<List<String>> rows = Corpus.csv(exported);
        for (final List<String> row : rows.subList(1, rows.size()))
        {
            for (final int column : new int[] {1, 2, 3, 4})
            {
                final String cell = row.get(column);
                assertTrue(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0 ||
                    cell.substring(1).chars().allMatch(Character::isDigit), "neutralised: " + cell);
            }
        }
        assertTrue(exported.contains("'=cmd|' /C calc'!A0"), exported);
        assertTrue(exported.contains(",'+1-555,"), exported);
        assertTrue(exported.contains(",+421605123456,-15,"), "a plain number stays as it is: " + exported);

        final String json = Corpus.run("cdr", "export", "--spool", first.toString(), "--format", "json").out();
        assertTrue(json.contains("\"caller\": \"=cmd|' /C calc'!A0\"") || json.contains("\"caller\":\"=cmd|' /C calc'!A0\""),
            "JSON keeps the value itself: " + json);

        final Path again = Files.writeString(work.resolve("again.csv"), exported, StandardCharsets.UTF_8);
        final Path second = work.resolve("second");
        assertEquals(0, Corpus.run("cdr", "import", again.toString(), "--spool", second.toString()).status());
        assertEquals(exported, Corpus.run("cdr", "export", "--spool", second.toString()).out(), "exact round trip");
    }

    @Test
    void shouldTakeAByteOrderMarkAndRefuseDuplicateColumnsAndDevices() throws IOException
    {
        final Path bom = Files.writeString(work.resolve("bom.csv"), "\uFEFFcall_id,caller,called,start,end\n" +
            "c1@x,alice,bob,2026-11-22T10:00:00Z,2026-11-22T10:00:05Z\n");
        final Corpus.Result imported = Corpus.run("cdr", "import", bom.toString(), "--spool",
            work.resolve("a").toString());
        assertEquals(0, imported.status(), imported.err());

        final Path twice = Files.writeString(work.resolve("twice.csv"), "call_id,caller,called,caller,start,end\n" +
            "c1@x,alice,bob,mallory,2026-11-22T10:00:00Z,2026-11-22T10:00:05Z\n");
        final Corpus.Result duplicate = Corpus.run("cdr", "import", twice.toString(), "--spool",
            work.resolve("b").toString());
        assertTrue(duplicate.status() != 0 && duplicate.err().contains("column 'caller' appears twice"),
            duplicate.err());

        final Corpus.Result device = Corpus.run("cdr", "import", "/dev/zero", "--spool", work.resolve("c").toString());
        assertTrue(device.status() != 0 && device.err().contains("/dev/zero: not a regular file"), device.err());
    }
}
