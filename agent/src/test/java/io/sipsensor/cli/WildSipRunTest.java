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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Calls that third-party captures carry with SIP the endpoints accepted although it breaks the grammar (the kinds
 * found in other projects' test suites: a UA that sends both {@code t:} and {@code To:}, {@code Content-Length: bad}
 * answered by 200 OK, junk header lines, bare LF line ends, a missing final CRLF, two SP in the request line),
 * beside NAT keep-alives on the SIP port. Made here with {@link FrameWriter} and {@link PcapWriter}: every call must
 * yield its leg, nothing the parser could read is counted malformed, and each oddity is counted by reason.
 */
class WildSipRunTest
{
    private static final long TIME_NS = 1_795_343_730_000_000_000L;

    @TempDir
    Path work;

    private final List<byte[]> frames = new ArrayList<>();

    @Test
    @SuppressWarnings("unchecked")
    void shouldRecordEveryAnsweredCallAndCountItsAnomalies() throws IOException
    {
        // 1. A singleton header twice: t: and To: (the UAS takes the first).
        call("dup-to", invite("dup-to", "t: <sip:0246000001@10.1.1.2>\r\nTo: <sip:0246000001@10.1.1.2>\r\n", ""));
        // 2. Content-Length: bad, with an SDP body, answered.
        call("bad-cl", invite("bad-cl", "To: <sip:0246000001@10.1.1.2>\r\n", "bad").replace("\r\n\r\n",
            "\r\nContent-Type: application/sdp\r\n\r\nv=0\r\no=- 1 1 IN IP4 10.1.1.1\r\n"));
        // 3. Junk: a header name with a stray byte, a line without a colon, bare LF line ends, no final CRLF,
        //    bytes after the body.
        call("stray-byte", invite("stray-byte", "To: <sip:0246000001@10.1.1.2>\r\nUser\u0001Agent: x\r\n", "0"));
        call("no-colon", invite("no-colon", "To: <sip:0246000001@10.1.1.2>\r\nthis is no header\r\n", "0"));
        call("bare-lf", invite("bare-lf", "To: <sip:0246000001@10.1.1.2>\r\n", "0").replace("\r\n", "\n"));
        final String noBlank = invite("no-blank", "To: <sip:0246000001@10.1.1.2>\r\n", "0");
        call("no-blank", noBlank.substring(0, noBlank.length() - 4));
        call("trailing", invite("trailing", "To: <sip:0246000001@10.1.1.2>\r\n", "0") + "junk");
        call("spaces", invite("spaces", "To: <sip:0246000001@10.1.1.2>\r\n", "0")
            .replace("INVITE sip:0246000001@10.1.1.2 SIP/2.0", "INVITE  sip:0246000001@10.1.1.2 SIP/2.0 "));
        // A request with a method of 4,000 characters is SIP, if no call.
        final String longMethod = "X".repeat(4000);
        frame(longMethod + " sip:0246000001@10.1.1.2 SIP/2.0\r\nFrom: <sip:a@10.1.1.1>;tag=1\r\n" +
            "To: <sip:b@10.1.1.2>\r\nCall-ID: long-method\r\nCSeq: 1 " + longMethod + "\r\nContent-Length: 0\r\n\r\n",
            true);
        // 4. NAT keep-alives on the SIP port: a word, CRLF, CRLFCRLF (RFC 5626), four zero bytes, STUN.
        frame("hello", true);
        frame("\r\n", true);
        frame("\r\n\r\n", false);
        frame("\0\0\0\0", true);
        frame(new String(stunBindingRequest(), StandardCharsets.ISO_8859_1), true);

        final Map<String, Object> summary = runCapture();
        final Map<String, Object> counters = (Map<String, Object>)summary.get("counters");

        assertEquals(8L, Corpus.number(summary.get("legs_total")), () -> "summary " + summary);
        assertEquals(Map.of("200", 8L), longs((Map<String, Object>)summary.get("by_final_code")));
        assertEquals(0L, Corpus.number(summary.getOrDefault("malformed", 0L)), () -> "counters " + counters);
        assertEquals(5L, Corpus.number(counters.get("sip_keepalives")));
        assertEquals(1L, Corpus.number(counters.get("sip_anomaly_duplicate_header")));
        assertEquals(1L, Corpus.number(counters.get("sip_anomaly_content_length")));
        assertEquals(2L, Corpus.number(counters.get("sip_anomaly_header_line")));
        assertEquals(1L, Corpus.number(counters.get("sip_anomaly_unterminated")));
        assertEquals(1L, Corpus.number(counters.get("sip_anomaly_trailing_bytes")));
        assertEquals(1L, Corpus.number(counters.get("sip_anomaly_start_line")));
        assertEquals(8L * 4 + 1, Corpus.number(summary.get("sip_messages")));
    }

    private static Map<String, Long> longs(final Map<String, Object> map)
    {
        final Map<String, Long> out = new java.util.HashMap<>();
        map.forEach((k, v) -> out.put(k, Corpus.number(v)));
        return out;
    }

    private Map<String, Object> runCapture() throws IOException
    {
        final Path capture = work.resolve("wild.pcap");
        try (PcapWriter writer = PcapWriter.create(capture, LinkType.ETHERNET, true, false))
        {
            for (int i = 0; i < frames.size(); i++)
            {
                writer.write(frames.get(i), TIME_NS + i * 100_000_000L);
            }
        }
        final Corpus.Result run = Corpus.run("-r", capture.toString(), "--spool", work.resolve("spool").toString(),
            "--progress", "none");
        assertEquals(0, run.status(), run.err());
        final Corpus.Result export =
            Corpus.run("cdr", "export", "--spool", work.resolve("spool").toString(), "--format", "csv");
        final List<List<String>> rows = Corpus.csv(export.out());
        final int callIdColumn = rows.get(0).indexOf("call_id");
        final TreeSet<String> callIds = new TreeSet<>();
        rows.subList(1, rows.size()).forEach(row -> callIds.add(row.get(callIdColumn)));
        assertEquals(new TreeSet<>(List.of("dup-to", "bad-cl", "stray-byte", "no-colon", "bare-lf", "no-blank",
            "trailing", "spaces")), callIds);
        return run.json();
    }

    private static String invite(final String callId, final String toLines, final String contentLength)
    {
        return "INVITE sip:0246000001@10.1.1.2 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK-" + callId + "\r\n" +
            "From: <sip:0605000001@10.1.1.1>;tag=a1\r\n" + toLines +
            "Call-ID: " + callId + "\r\nCSeq: 1 INVITE\r\n" +
            (contentLength.isEmpty() ? "" : "Content-Length: " + contentLength + "\r\n") + "\r\n";
    }

    /** The INVITE as given, then a well-formed 200, ACK and BYE. */
    private void call(final String callId, final String invite)
    {
        final String dialog = "Via: SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK-" + callId + "\r\n" +
            "From: <sip:0605000001@10.1.1.1>;tag=a1\r\nTo: <sip:0246000001@10.1.1.2>;tag=b1\r\nCall-ID: " + callId +
            "\r\n";
        frame(invite, true);
        frame("SIP/2.0 200 OK\r\n" + dialog + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n", false);
        frame("ACK sip:0246000001@10.1.1.2 SIP/2.0\r\n" + dialog + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n", true);
        frame("BYE sip:0246000001@10.1.1.2 SIP/2.0\r\n" + dialog + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n", true);
    }

    private void frame(final String payload, final boolean fromCaller)
    {
        final UnsafeBuffer sip = new UnsafeBuffer(payload.getBytes(StandardCharsets.ISO_8859_1));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[sip.capacity() + 128]);
        final int length = new FrameWriter()
            .addresses(fromCaller ? "10.1.1.1" : "10.1.1.2", fromCaller ? "10.1.1.2" : "10.1.1.1")
            .udp(frame, 0, 5060, 5060, sip, 0, sip.capacity());
        frames.add(Arrays.copyOf(frame.byteArray(), length));
    }

    /** An RFC 5389 Binding Request without attributes, as NAT keep-alive senders use it. */
    private static byte[] stunBindingRequest()
    {
        final UnsafeBuffer stun = new UnsafeBuffer(new byte[20]);
        stun.putShort(0, (short)0x0001, java.nio.ByteOrder.BIG_ENDIAN);
        stun.putShort(2, (short)0, java.nio.ByteOrder.BIG_ENDIAN);
        stun.putInt(4, 0x2112A442, java.nio.ByteOrder.BIG_ENDIAN);
        for (int i = 8; i < 20; i++)
        {
            stun.putByte(i, (byte)(0x30 + i));
        }
        return stun.byteArray();
    }
}
