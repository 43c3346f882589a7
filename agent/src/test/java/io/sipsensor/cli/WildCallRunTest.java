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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shapes behind the INVITEs tshark lists in third-party captures that sipsensor once gave no leg for, made here
 * with {@link FrameWriter} and {@link PcapWriter} (never copied): a capture that begins in the middle of a call, so its
 * first INVITE is a re-INVITE (a common way a mirror or a rotated file starts); an INVITE whose CSeq method is
 * garbled ({@code 1 INV\xffTE}, as in nDPI's {@code fuzz-2006-06-26-2594.pcap}); SIP over SCTP with the INVITE in two
 * DATA fragments (as in heplify's {@code sip_sctp.pcap}). Each must give its leg.
 */
class WildCallRunTest
{
    private static final long TIME_NS = 1_795_343_730_000_000_000L;

    @TempDir
    Path work;

    private final List<byte[]> frames = new ArrayList<>();
    private int tsn = 1000;

    @Test
    @SuppressWarnings("unchecked")
    void shouldGiveEveryCallTsharkListsAnInviteForItsLeg() throws IOException
    {
        // 1. The capture begins mid-call: a re-INVITE (To-tag), its 200 and ACK, then the BYE.
        final String mid = dialog("mid-call", true);
        udp("INVITE sip:0246000001@10.1.1.2 SIP/2.0\r\n" + mid + "CSeq: 5 INVITE\r\nContent-Length: 0\r\n\r\n", true);
        udp("SIP/2.0 200 OK\r\n" + mid + "CSeq: 5 INVITE\r\nContent-Length: 0\r\n\r\n", false);
        udp("ACK sip:0246000001@10.1.1.2 SIP/2.0\r\n" + mid + "CSeq: 5 ACK\r\nContent-Length: 0\r\n\r\n", true);
        udp("BYE sip:0605000001@10.1.1.1 SIP/2.0\r\n" + dialog("mid-call", false) +
            "CSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n", false);

        // 2. A garbled CSeq method in the INVITE; its answer is well formed.
        final String garbled = dialog("garbled-cseq", false);
        udp("INVITE sip:0246000001@10.1.1.2 SIP/2.0\r\n" + garbled + "CSeq: 1 INV\u00ffTE\r\nContent-Length: 0\r\n\r\n",
            true);
        udp("SIP/2.0 486 Busy Here\r\n" + dialog("garbled-cseq", true) +
            "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n", false);

        // 3. SIP over SCTP, the INVITE too large for one chunk.
        final String sctpInvite = "INVITE sip:0246000001@10.1.1.2 SIP/2.0\r\n" + dialog("sctp-call", false) +
            "CSeq: 1 INVITE\r\nX-Padding: " + "p".repeat(2000) + "\r\nContent-Length: 0\r\n\r\n";
        sctp(sctpInvite.substring(0, 1200), FrameWriter.SCTP_BEGIN, true);
        sctp(sctpInvite.substring(1200), FrameWriter.SCTP_END, true);
        final String answered = dialog("sctp-call", true);
        sctp("SIP/2.0 200 OK\r\n" + answered + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
            FrameWriter.SCTP_BEGIN | FrameWriter.SCTP_END, false);
        sctp("BYE sip:0246000001@10.1.1.2 SIP/2.0\r\n" + answered + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n",
            FrameWriter.SCTP_BEGIN | FrameWriter.SCTP_END, true);

        final Path capture = work.resolve("wild-calls.pcap");
        try (PcapWriter writer = PcapWriter.create(capture, LinkType.ETHERNET, true, false))
        {
            for (int i = 0; i < frames.size(); i++)
            {
                writer.write(frames.get(i), TIME_NS + i * 100_000_000L);
            }
        }
        final String spool = work.resolve("spool").toString();
        final Corpus.Result run = Corpus.run("-r", capture.toString(), "--spool", spool, "--progress", "none");
        assertEquals(0, run.status(), run.err());
        final Map<String, Object> summary = run.json();
        final Map<String, Object> counters = (Map<String, Object>)summary.get("counters");
        assertEquals(1L, Corpus.number(counters.get("calls_start_not_captured")));
        assertEquals(1L, Corpus.number(counters.get("sip_anomaly_cseq_method")));
        assertEquals(0L, Corpus.number(counters.get("drop_sctp_not_decoded")));
        assertEquals(0L, Corpus.number(counters.get("drop_sctp_fragment")));
        assertEquals(0L, Corpus.number(summary.getOrDefault("malformed", 0L)), () -> "counters " + counters);

        final Corpus.Result export = Corpus.run("cdr", "export", "--spool", spool, "--format", "json");
        assertEquals(0, export.status(), export.err());
        final Map<String, Map<String, Object>> legs = new HashMap<>();
        for (final Object leg : (List<Object>)io.sipsensor.json.JsonReader.parse(export.out()))
        {
            legs.put((String)((Map<String, Object>)leg).get("call_id"), (Map<String, Object>)leg);
        }
        assertEquals(java.util.Set.of("mid-call", "garbled-cseq", "sctp-call"), legs.keySet());

        final Map<String, Object> midCall = legs.get("mid-call");
        assertEquals(Boolean.TRUE, midCall.get("start_not_captured"));
        assertEquals(midCall.get("start"), midCall.get("connect"), "answered from its first message seen");
        assertEquals("bye", midCall.get("end_reason"));
        assertEquals(486L, Corpus.number(legs.get("garbled-cseq").get("final_code")));
        assertNull(legs.get("garbled-cseq").get("start_not_captured"));
        assertEquals("bye", legs.get("sctp-call").get("end_reason"));
        assertTrue(legs.get("sctp-call").get("connect") != null);
    }

    /** Via, From, To (with the callee's tag when {@code toTag}) and Call-ID of a dialog from the caller. */
    private static String dialog(final String callId, final boolean toTag)
    {
        return "Via: SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK-" + callId + "\r\n" +
            "From: <sip:0605000001@10.1.1.1>;tag=a1\r\n" +
            "To: <sip:0246000001@10.1.1.2>" + (toTag ? ";tag=b1" : "") + "\r\n" +
            "Call-ID: " + callId + "\r\n";
    }

    private void udp(final String payload, final boolean fromCaller)
    {
        final UnsafeBuffer sip = new UnsafeBuffer(payload.getBytes(StandardCharsets.ISO_8859_1));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[sip.capacity() + 128]);
        final int length = writer(fromCaller).udp(frame, 0, 5060, 5060, sip, 0, sip.capacity());
        frames.add(Arrays.copyOf(frame.byteArray(), length));
    }

    private void sctp(final String payload, final int flags, final boolean fromCaller)
    {
        final UnsafeBuffer sip = new UnsafeBuffer(payload.getBytes(StandardCharsets.ISO_8859_1));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[sip.capacity() + 128]);
        final int length = writer(fromCaller).sctpData(frame, 0, 5060, 5060, tsn++, 0, flags, sip, 0, sip.capacity());
        frames.add(Arrays.copyOf(frame.byteArray(), length));
    }

    private static FrameWriter writer(final boolean fromCaller)
    {
        return new FrameWriter().addresses(fromCaller ? "10.1.1.1" : "10.1.1.2", fromCaller ? "10.1.1.2" : "10.1.1.1");
    }
}
