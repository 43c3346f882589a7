package io.sipsensor.cli;

import io.sipsensor.capture.LinkType;
import io.sipsensor.capture.PcapWriter;
import io.sipsensor.net.FrameWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Call-IDs are kept whole (RFC 3261 sets no limit): two calls whose Call-IDs share their first 130 bytes, started in
 * the same instant, are two legs with their own outcome, and the CDR carries each whole Call-ID.
 */
class LongCallIdTest
{
    private static final long START_NS = 1_795_343_581_000_000_000L;

    @TempDir
    Path work;

    @Test
    void shouldKeepTwoCallsWhoseCallIdsShareTheirFirst130BytesApart() throws IOException
    {
        final String shared = "x".repeat(130);
        final String answered = shared + "-answered-" + "a".repeat(300);
        final String refused = shared + "-refused";
        final Path capture = work.resolve("long-call-ids.pcap");
        try (PcapWriter writer = PcapWriter.create(capture, LinkType.ETHERNET, true, false))
        {
            final List<String> first = call(answered, "0605000001", "0246000001", true);
            final List<String> second = call(refused, "0605000002", "0246000002", false);
            for (int i = 0; i < Math.max(first.size(), second.size()); i++)
            {
                final long time = START_NS + i * 1_000_000_000L;
                if (i < first.size())
                {
                    writer.write(frame(first.get(i), i % 2 == 0), time);
                }
                if (i < second.size())
                {
                    writer.write(frame(second.get(i), i % 2 == 0), time);
                }
            }
        }
        final Path spool = work.resolve("spool");
        final Corpus.Result run = Corpus.run("-r", capture.toString(), "--spool", spool.toString(), "--progress",
            "none");
        assertEquals(0, run.status(), run.err());
        assertEquals(2L, Corpus.number(run.json().get("legs_total")));
        assertEquals(2L, Corpus.number(run.json().get("legs_journaled")), run.err());

        final Corpus.Result export = Corpus.run("cdr", "export", "--spool", spool.toString());
        final List<List<String>> rows = Corpus.csv(export.out());
        assertEquals(3, rows.size(), export.out());
        final List<String> header = rows.get(0);
        final List<String> outcomes = new ArrayList<>();
        for (final List<String> row : rows.subList(1, rows.size()))
        {
            outcomes.add(row.get(header.indexOf("call_id")) + " " + row.get(header.indexOf("final_code")));
        }
        assertTrue(outcomes.contains(answered + " 200"), outcomes.toString());
        assertTrue(outcomes.contains(refused + " 486"), outcomes.toString());
    }

    static List<String> call(final String callId, final String caller, final String called,
        final boolean answer)
    {
        final String dialog = "From: <sip:" + caller + "@10.1.1.1>;tag=a1\r\n" +
            "To: <sip:" + called + "@10.1.1.2>%s\r\nCall-ID: " + callId + "\r\n";
        final String via = "Via: SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK-" + caller + "\r\n";
        final List<String> messages = new ArrayList<>();
        messages.add("INVITE sip:" + called + "@10.1.1.2 SIP/2.0\r\n" + via + dialog.formatted("") +
            "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
        if (answer)
        {
            messages.add("SIP/2.0 200 OK\r\n" + via + dialog.formatted(";tag=b1") +
                "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
            messages.add("BYE sip:" + called + "@10.1.1.2 SIP/2.0\r\n" + via + dialog.formatted(";tag=b1") +
                "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");
        }
        else
        {
            messages.add("SIP/2.0 486 Busy Here\r\n" + via + dialog.formatted(";tag=b2") +
                "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
        }
        return messages;
    }

    static byte[] frame(final String message, final boolean fromCaller)
    {
        final UnsafeBuffer sip = new UnsafeBuffer(message.getBytes(StandardCharsets.US_ASCII));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[8192]);
        final int length = new FrameWriter().addresses(fromCaller ? "10.1.1.1" : "10.1.1.2",
            fromCaller ? "10.1.1.2" : "10.1.1.1").udp(frame, 0, 5060, 5060, sip, 0, sip.capacity());
        final byte[] bytes = new byte[length];
        frame.getBytes(0, bytes);
        return bytes;
    }
}
