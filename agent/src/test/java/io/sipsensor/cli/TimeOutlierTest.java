package io.sipsensor.cli;

import io.sipsensor.capture.LinkType;
import io.sipsensor.capture.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One packet with a bad clock (an INVITE stamped 1970, another 2106, among packets of 2026) is a capture defect:
 * counted as {@code packets_time_outlier} and given the stream's time, so no leg spans decades or ends before it
 * starts and the hourly summary covers the data's real span.
 */
class TimeOutlierTest
{
    private static final long START_NS = 1_795_343_581_000_000_000L; // 2026-11-22
    private static final long YEAR_2106_NS = 4_294_000_000_000_000_000L;

    @TempDir
    Path work;

    @Test
    @SuppressWarnings("unchecked")
    void shouldCountAPacketFarFromItsNeighboursAndGiveItTheStreamsTime() throws IOException
    {
        final Path capture = work.resolve("bad-clock.pcap");
        try (PcapWriter writer = PcapWriter.create(capture, LinkType.ETHERNET, true, false))
        {
            for (int c = 0; c < 5; c++)
            {
                final List<String> call = LongCallIdTest.call("call-" + c + "@10.1.1.1", "060500000" + c,
                    "024600000" + c, c % 2 == 0);
                for (int m = 0; m < call.size(); m++)
                {
                    long time = START_NS + c * 10_000_000_000L + m * 1_000_000_000L;
                    if (m == 0 && c == 0)
                    {
                        time = 12_000_000_000L; // 1970, and the first packet of the file
                    }
                    if (m == 0 && c == 3)
                    {
                        time = YEAR_2106_NS;
                    }
                    writer.write(LongCallIdTest.frame(call.get(m), m % 2 == 0), time);
                }
            }
        }
        final Path spool = work.resolve("spool");
        final Corpus.Result run = Corpus.run("-r", capture.toString(), "--spool", spool.toString(), "--progress",
            "none");
        assertEquals(0, run.status(), run.err());
        final Map<String, Object> summary = run.json();
        final Map<String, Object> counters = (Map<String, Object>)summary.get("counters");
        assertEquals(2L, Corpus.number(counters.get("packets_time_outlier")));
        assertEquals(5L, Corpus.number(summary.get("legs_total")));
        assertTrue(((List<Object>)summary.get("hourly_max")).size() <= 2, "hourly windows of the real span only");

        final List<List<String>> rows = Corpus.csv(Corpus.run("cdr", "export", "--spool", spool.toString()).out());
        final List<String> header = rows.get(0);
        for (final List<String> row : rows.subList(1, rows.size()))
        {
            final String start = row.get(header.indexOf("start"));
            final String end = row.get(header.indexOf("end"));
            assertTrue(start.startsWith("2026-11-22"), row.toString());
            assertTrue(end.startsWith("2026-11-22") && end.compareTo(start) >= 0, row.toString());
        }
    }
}
