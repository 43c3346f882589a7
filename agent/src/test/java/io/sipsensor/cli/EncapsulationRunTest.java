package io.sipsensor.cli;

import io.sipsensor.capture.LinkType;
import io.sipsensor.capture.PcapWriter;
import io.sipsensor.export.TimeFormat;
import io.sipsensor.net.EncapsulationWriter;
import io.sipsensor.net.FrameWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HEP and VXLAN through the real command line, on ports set in the config file: one call received as HEP v3 (its
 * times and addresses are the HEP agent's), one mirrored inside VXLAN.
 */
class EncapsulationRunTest
{
    private static final long FRAME_TIME_NS = 1_795_343_730_000_000_000L;
    /** The HEP agent saw each message 0.25 s before the frame carrying its copy was captured here. */
    private static final long HEP_DELAY_NS = 250_000_000L;

    @TempDir
    Path work;

    @Test
    @SuppressWarnings("unchecked")
    void shouldTrackCallsReceivedAsHepAndMirroredInVxlanOnConfiguredPorts() throws IOException
    {
        final Path capture = work.resolve("mirror.pcap");
        try (PcapWriter writer = PcapWriter.create(capture, LinkType.ETHERNET, true, false))
        {
            final String[] hepCall = call("hep-call-1", "0605000001", "0246000001");
            final String[] vxlanCall = call("vxlan-call-1", "0605000002", "0246000002");
            for (int i = 0; i < hepCall.length; i++)
            {
                final long time = FRAME_TIME_NS + i * 1_000_000_000L;
                writer.write(hepFrame(hepCall[i], i % 2 == 0, time - HEP_DELAY_NS), time);
                writer.write(vxlanFrame(vxlanCall[i], i % 2 == 0), time + 1000);
            }
        }
        final Path config = Files.writeString(work.resolve("sensor.conf"), "hep_port = 9061\nvxlan_port = 8472\n");
        final Path spool = work.resolve("spool");

        final Corpus.Result run = Corpus.run("-r", capture.toString(), "--config-file", config.toString(),
            "--spool", spool.toString(), "--progress", "none");

        assertEquals(0, run.status(), run.err());
        final Map<String, Object> summary = run.json();
        final Map<String, Object> counters = (Map<String, Object>)summary.get("counters");
        assertEquals(2L, Corpus.number(summary.get("legs_total")));
        assertEquals(8L, Corpus.number(summary.get("sip_messages")));
        assertEquals(4L, Corpus.number(counters.get("hep")));
        assertEquals(4L, Corpus.number(counters.get("vxlan")));

        final Corpus.Result export = Corpus.run("cdr", "export", "--spool", spool.toString(), "--format", "csv");
        final List<List<String>> rows = Corpus.csv(export.out());
        final Map<String, Map<String, String>> byCallId = new HashMap<>();
        for (final List<String> row : rows.subList(1, rows.size()))
        {
            final Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < row.size(); i++)
            {
                fields.put(rows.get(0).get(i), row.get(i));
            }
            byCallId.put(fields.get("call_id"), fields);
        }
        final Map<String, String> hep = byCallId.get("hep-call-1");
        assertEquals("192.0.2.10", hep.get("caller_ip"), "the address in the HEP chunks");
        assertEquals("5062", hep.get("caller_port"));
        assertEquals(TimeFormat.iso(FRAME_TIME_NS - HEP_DELAY_NS), hep.get("start"), "the HEP agent's time");
        assertEquals(TimeFormat.iso(FRAME_TIME_NS + 3_000_000_000L - HEP_DELAY_NS), hep.get("end"));
        final Map<String, String> vxlan = byCallId.get("vxlan-call-1");
        assertEquals("10.1.1.1", vxlan.get("caller_ip"), "the inner packet's address");
        assertEquals(TimeFormat.iso(FRAME_TIME_NS + 1000), vxlan.get("start"));
        assertEquals("200", vxlan.get("final_code"));
    }

    /**
     * INVITE, 200, ACK, BYE of one call.
     */
    private static String[] call(final String callId, final String caller, final String called)
    {
        final String dialog = "From: <sip:" + caller + "@10.1.1.1>;tag=a1\r\n" +
            "To: <sip:" + called + "@10.1.1.2>%s\r\nCall-ID: " + callId + "\r\n";
        final String via = "Via: SIP/2.0/UDP 10.1.1.1:5062;branch=z9hG4bK-" + callId + "\r\n";
        return new String[]{
            "INVITE sip:" + called + "@10.1.1.2 SIP/2.0\r\n" + via + dialog.formatted("") +
                "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
            "SIP/2.0 200 OK\r\n" + via + dialog.formatted(";tag=b1") + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
            "ACK sip:" + called + "@10.1.1.2 SIP/2.0\r\n" + via + dialog.formatted(";tag=b1") +
                "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n",
            "BYE sip:" + called + "@10.1.1.2 SIP/2.0\r\n" + via + dialog.formatted(";tag=b1") +
                "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n"};
    }

    /**
     * The message as HEP v3 from a capture agent (192.0.2.10:5062 and 192.0.2.20:5060 as it saw them) to the
     * collector port 9061.
     */
    private static byte[] hepFrame(final String message, final boolean fromCaller, final long hepTimeNs)
    {
        final UnsafeBuffer sip = new UnsafeBuffer(message.getBytes(StandardCharsets.US_ASCII));
        final UnsafeBuffer hep = new UnsafeBuffer(new byte[4096]);
        final UnsafeBuffer caller = new UnsafeBuffer(new byte[]{(byte)192, 0, 2, 10});
        final UnsafeBuffer callee = new UnsafeBuffer(new byte[]{(byte)192, 0, 2, 20});
        int length = EncapsulationWriter.hepHeader(hep, 0);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_IP_FAMILY, 2, 1);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_IP_PROTOCOL, 17, 1);
        length += EncapsulationWriter.hepBytesChunk(hep, length, EncapsulationWriter.HEP_CHUNK_IPV4_SOURCE,
            fromCaller ? caller : callee, 0, 4);
        length += EncapsulationWriter.hepBytesChunk(hep, length, EncapsulationWriter.HEP_CHUNK_IPV4_DESTINATION,
            fromCaller ? callee : caller, 0, 4);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_SOURCE_PORT,
            fromCaller ? 5062 : 5060, 2);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_DESTINATION_PORT,
            fromCaller ? 5060 : 5062, 2);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_SECONDS,
            hepTimeNs / 1_000_000_000L, 4);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_MICROSECONDS,
            hepTimeNs % 1_000_000_000L / 1000, 4);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_PROTOCOL_TYPE, 1, 1);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_CAPTURE_AGENT_ID, 7,
            4);
        length += EncapsulationWriter.hepBytesChunk(hep, length, EncapsulationWriter.HEP_CHUNK_PAYLOAD, sip, 0,
            sip.capacity());
        EncapsulationWriter.hepFinish(hep, 0, length);

        final UnsafeBuffer frame = new UnsafeBuffer(new byte[8192]);
        final int frameLength = new FrameWriter().addresses("198.51.100.7", "198.51.100.9")
            .udp(frame, 0, 40000, 9061, hep, 0, length);
        return java.util.Arrays.copyOf(frame.byteArray(), frameLength);
    }

    /**
     * The message mirrored inside VXLAN (VNI 7, destination port 8472) with a VLAN tag on the inner frame.
     */
    private static byte[] vxlanFrame(final String message, final boolean fromCaller)
    {
        final UnsafeBuffer sip = new UnsafeBuffer(message.getBytes(StandardCharsets.US_ASCII));
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8192]);
        final int header = EncapsulationWriter.vxlan(payload, 0, 7);
        final FrameWriter inner = new FrameWriter().vlan(42).addresses(fromCaller ? "10.1.1.1" : "10.1.1.2",
            fromCaller ? "10.1.1.2" : "10.1.1.1");
        final int innerLength = inner.udp(payload, header, fromCaller ? 5062 : 5060, fromCaller ? 5060 : 5062, sip, 0,
            sip.capacity());

        final UnsafeBuffer frame = new UnsafeBuffer(new byte[8192]);
        final int frameLength = new FrameWriter().addresses("203.0.113.1", "203.0.113.2")
            .udp(frame, 0, 51000, 8472, payload, 0, header + innerLength);
        return java.util.Arrays.copyOf(frame.byteArray(), frameLength);
    }
}
