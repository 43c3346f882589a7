package io.sipsensor.cli;

import io.sipsensor.capture.LinkType;
import io.sipsensor.capture.PcapWriter;
import io.sipsensor.net.EncapsulationWriter;
import io.sipsensor.net.FrameWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What access networks, mobile cores and sending hosts put around SIP, written with {@link FrameWriter} and
 * {@link EncapsulationWriter} the way third-party captures hold it (PPPoE from ISP access mirrors, GTP-U from a mobile
 * core's S1-U/N3 mirror with VoLTE SIP over IPv6, PPTP's enhanced GRE, HEP v3 from heplify and OpenSIPS with a
 * compressed payload, a PBX's own capture with segmentation-offload lengths), each call through the real command
 * line. Every call must yield its leg and each encapsulation be counted; ICMP errors quoting a SIP INVITE must not
 * become SIP.
 */
class WildEncapsulationRunTest
{
    private static final long TIME_NS = 1_795_343_730_000_000_000L;

    @TempDir
    Path work;

    private final List<byte[]> frames = new ArrayList<>();
    private final List<Integer> originalLengths = new ArrayList<>();

    @FunctionalInterface
    interface Framing
    {
        byte[] frame(String message, boolean fromCaller);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRecordCallsInsidePppoeGtpuEnhancedGreCompressedHepAndOffloadedLengths() throws IOException
    {
        call("pppoe", (sip, fromCaller) -> plain(new FrameWriter().pppoe(0x1234), sip, fromCaller, false));
        call("pppoe-qinq", (sip, fromCaller) -> plain(new FrameWriter().vlan(0x88A8, 100).vlan(0x8100, 200)
            .pppoe(7), sip, fromCaller, false));
        call("pppoe-v6", (sip, fromCaller) -> plain(new FrameWriter().pppoe(9), sip, fromCaller, true));
        call("gtpu-v6", (sip, fromCaller) -> gtpu(sip, fromCaller, true));
        call("gtpu-v4", (sip, fromCaller) -> gtpu(sip, fromCaller, false));
        call("pptp", this::enhancedGre);
        call("hep-zlib", (sip, fromCaller) -> hep(sip, fromCaller, false));
        call("hep-gzip", (sip, fromCaller) -> hep(sip, fromCaller, true));
        call("offload-zero", (sip, fromCaller) -> offloaded(sip, fromCaller, 0, -1));
        call("offload-beyond", (sip, fromCaller) -> offloaded(sip, fromCaller, 1500, 0));
        // Not SIP: GTP-U echo, a PPTP acknowledgement alone, a PPPoE LCP frame.
        add(gtpuEcho());
        add(greAcknowledgementOnly());
        add(pppoeLcp());
        // Cut short by the snap length: still dropped, not mistaken for offload.
        final byte[] cut = offloaded(invite("snap-cut"), true, 1500, -1);
        frames.add(Arrays.copyOf(cut, cut.length - 20));
        originalLengths.add(cut.length);

        final Map<String, Object> summary = run(List.of("pppoe 200", "pppoe-qinq 200", "pppoe-v6 200", "gtpu-v6 200",
            "gtpu-v4 200", "pptp 200", "hep-zlib 200", "hep-gzip 200", "offload-zero 200", "offload-beyond 200"));
        final Map<String, Object> counters = (Map<String, Object>)summary.get("counters");

        assertEquals(10L, Corpus.number(summary.get("legs_total")), () -> "counters " + counters);
        assertEquals(40L, Corpus.number(summary.get("sip_messages")));
        assertEquals(0L, Corpus.number(summary.getOrDefault("malformed", 0L)));
        assertEquals(12L + 1, Corpus.number(counters.get("pppoe")));
        assertEquals(2L, Corpus.number(counters.get("drop_ppp_not_ip")), "LCP and the bare acknowledgement");
        assertEquals(8L, Corpus.number(counters.get("gtpu")));
        assertEquals(1L, Corpus.number(counters.get("drop_gtpu_not_gpdu")));
        assertEquals(5L, Corpus.number(counters.get("gre_enhanced")));
        assertEquals(8L, Corpus.number(counters.get("hep_compressed")));
        assertEquals(1L, Corpus.number(counters.get("drop_truncated_ip")));
        assertEquals(4L + 4L * 2, Corpus.number(counters.get("ip_length_offload")),
            "the IP length of each frame of offload-zero, the IP and UDP lengths of each of offload-beyond");
    }

    /**
     * Case 10 of the wild captures: an ICMP port unreachable (and its ICMPv6 twin) quoting the whole INVITE it
     * refused is not a SIP message, and its call is no leg; the INVITE itself, captured too, is one.
     */
    @Test
    @SuppressWarnings("unchecked")
    void shouldNotTakeIcmpErrorsQuotingAnInviteForSip() throws IOException
    {
        call("icmp-answered", (sip, fromCaller) -> plain(new FrameWriter(), sip, fromCaller, false));
        add(icmpQuoting(false));
        add(icmpQuoting(true));

        final Map<String, Object> summary = run(List.of("icmp-answered 200"));
        final Map<String, Object> counters = (Map<String, Object>)summary.get("counters");

        assertEquals(1L, Corpus.number(summary.get("legs_total")));
        assertEquals(4L, Corpus.number(summary.get("sip_messages")));
        assertEquals(0L, Corpus.number(summary.getOrDefault("malformed", 0L)));
        assertEquals(2L, Corpus.number(counters.get("drop_other_ip_protocol")), "the two ICMP errors");
    }

    private Map<String, Object> run(final List<String> legs) throws IOException
    {
        final Path capture = work.resolve("wild.pcap");
        try (PcapWriter writer = PcapWriter.create(capture, LinkType.ETHERNET, true, false))
        {
            for (int i = 0; i < frames.size(); i++)
            {
                final byte[] frame = frames.get(i);
                writer.write(new UnsafeBuffer(frame), 0, frame.length, originalLengths.get(i),
                    TIME_NS + i * 10_000_000L);
            }
        }
        final Path spool = work.resolve("spool");
        final Corpus.Result run =
            Corpus.run("-r", capture.toString(), "--spool", spool.toString(), "--progress", "none");
        assertEquals(0, run.status(), run.err());
        final List<List<String>> rows =
            Corpus.csv(Corpus.run("cdr", "export", "--spool", spool.toString(), "--format", "csv").out());
        final int callId = rows.get(0).indexOf("call_id");
        final int finalCode = rows.get(0).indexOf("final_code");
        final TreeSet<String> answered = new TreeSet<>();
        rows.subList(1, rows.size()).forEach(row -> answered.add(row.get(callId) + " " + row.get(finalCode)));
        assertEquals(new TreeSet<>(legs), answered);
        return run.json();
    }

    private void add(final byte[] frame)
    {
        frames.add(frame);
        originalLengths.add(frame.length);
    }

    private void call(final String callId, final Framing framing)
    {
        final String dialog = "From: <sip:0605000001@10.1.1.1>;tag=a1\r\nTo: <sip:0246000001@10.1.1.2>;tag=b1\r\n" +
            "Call-ID: " + callId + "\r\nVia: SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK-" + callId + "\r\n";
        add(framing.frame(invite(callId), true));
        add(framing.frame("SIP/2.0 200 OK\r\n" + dialog + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n", false));
        add(framing.frame("ACK sip:0246000001@10.1.1.2 SIP/2.0\r\n" + dialog +
            "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n", true));
        add(framing.frame("BYE sip:0246000001@10.1.1.2 SIP/2.0\r\n" + dialog +
            "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n", true));
    }

    private static String invite(final String callId)
    {
        return "INVITE sip:0246000001@10.1.1.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK-" + callId +
            "\r\nFrom: <sip:0605000001@10.1.1.1>;tag=a1\r\nTo: <sip:0246000001@10.1.1.2>\r\nCall-ID: " + callId +
            "\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    }

    private static UnsafeBuffer bytes(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String address(final boolean caller, final boolean ipv6)
    {
        return ipv6 ? (caller ? "2001:db8:1::1" : "2001:db8:1::2") : (caller ? "10.1.1.1" : "10.1.1.2");
    }

    private static byte[] plain(final FrameWriter writer, final String sip, final boolean fromCaller,
        final boolean ipv6)
    {
        final UnsafeBuffer payload = bytes(sip);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[payload.capacity() + 256]);
        final int length = writer.addresses(address(fromCaller, ipv6), address(!fromCaller, ipv6))
            .udp(frame, 0, 5060, 5060, payload, 0, payload.capacity());
        return Arrays.copyOf(frame.byteArray(), length);
    }

    /** The IP packet alone (no link header), as a tunnel carries it. */
    private static byte[] innerPacket(final String sip, final boolean fromCaller, final boolean ipv6)
    {
        final FrameWriter writer =
            new FrameWriter().rawIp().addresses(address(fromCaller, ipv6), address(!fromCaller, ipv6));
        final UnsafeBuffer payload = bytes(sip);
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[payload.capacity() + 128]);
        return Arrays.copyOf(packet.byteArray(), writer.udp(packet, 0, 5060, 5060, payload, 0, payload.capacity()));
    }

    private static byte[] outerUdp(final int destinationPort, final UnsafeBuffer payload, final int length)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[length + 128]);
        final int frameLength = new FrameWriter().addresses("198.51.100.1", "198.51.100.2")
            .udp(frame, 0, 2152, destinationPort, payload, 0, length);
        return Arrays.copyOf(frame.byteArray(), frameLength);
    }

    /** VoLTE over IPv6 with a sequence number and a PDU Session Container, or plain IPv4 in a bare G-PDU. */
    private static byte[] gtpu(final String sip, final boolean fromCaller, final boolean ipv6)
    {
        final byte[] inner = innerPacket(sip, fromCaller, ipv6);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[inner.length + 32]);
        final int header = EncapsulationWriter.gtpu(payload, 0, EncapsulationWriter.GTPU_G_PDU,
            0x1000 + (fromCaller ? 1 : 2), inner.length, ipv6 ? 77 : EncapsulationWriter.NONE,
            ipv6 ? 9 : EncapsulationWriter.NONE);
        payload.putBytes(header, inner);
        return outerUdp(2152, payload, header + inner.length);
    }

    private static byte[] gtpuEcho()
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[12]);
        final int header = EncapsulationWriter.gtpu(payload, 0, EncapsulationWriter.GTPU_ECHO_REQUEST, 0, 0, 1,
            EncapsulationWriter.NONE);
        return outerUdp(2152, payload, header);
    }

    /** PPTP: enhanced GRE with sequence and acknowledgement, PPP with address/control and a compressed protocol. */
    private byte[] enhancedGre(final String sip, final boolean fromCaller)
    {
        final byte[] inner = innerPacket(sip, fromCaller, false);
        final UnsafeBuffer gre = new UnsafeBuffer(new byte[inner.length + 32]);
        final UnsafeBuffer ppp = new UnsafeBuffer(new byte[4]);
        final int pppLength = EncapsulationWriter.ppp(ppp, 0, EncapsulationWriter.PPP_PROTOCOL_IPV4, true, fromCaller);
        final int header = EncapsulationWriter.greEnhanced(gre, 0, 0x4242, pppLength + inner.length, frames.size(),
            fromCaller ? EncapsulationWriter.NONE : frames.size() - 1);
        gre.putBytes(header, ppp, 0, pppLength);
        gre.putBytes(header + pppLength, inner);
        return ipFrame(47, gre, header + pppLength + inner.length);
    }

    private static byte[] greAcknowledgementOnly()
    {
        final UnsafeBuffer gre = new UnsafeBuffer(new byte[16]);
        final int header = EncapsulationWriter.greEnhanced(gre, 0, 0x4242, 0, EncapsulationWriter.NONE, 5);
        return ipFrame(47, gre, header);
    }

    private static byte[] ipFrame(final int protocol, final UnsafeBuffer payload, final int length)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[length + 128]);
        final int frameLength = new FrameWriter().addresses("192.0.2.1", "192.0.2.2")
            .ipPacket(frame, 0, protocol, payload, 0, length);
        return Arrays.copyOf(frame.byteArray(), frameLength);
    }

    private static byte[] pppoeLcp()
    {
        // A PPPoE session frame whose PPP protocol is LCP (an echo request), written by hand after FrameWriter's
        // Ethernet header.
        final byte[] frame = plain(new FrameWriter().pppoe(3), "", true, false);
        final UnsafeBuffer view = new UnsafeBuffer(frame);
        view.putShort(20, (short)EncapsulationWriter.PPP_PROTOCOL_LCP, ByteOrder.BIG_ENDIAN);
        return frame;
    }

    /** HEP v3 to port 9060 whose SIP is in a compressed payload chunk (0x0010), zlib as heplify, gzip as some. */
    private static byte[] hep(final String sip, final boolean fromCaller, final boolean gzip)
    {
        final byte[] compressed = gzip ? gzip(sip) : zlib(sip);
        final UnsafeBuffer hep = new UnsafeBuffer(new byte[4096]);
        final UnsafeBuffer caller = new UnsafeBuffer(new byte[]{10, 1, 1, 1});
        final UnsafeBuffer callee = new UnsafeBuffer(new byte[]{10, 1, 1, 2});
        int length = EncapsulationWriter.hepHeader(hep, 0);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_IP_FAMILY, 2, 1);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_IP_PROTOCOL, 17, 1);
        length += EncapsulationWriter.hepBytesChunk(hep, length, EncapsulationWriter.HEP_CHUNK_IPV4_SOURCE,
            fromCaller ? caller : callee, 0, 4);
        length += EncapsulationWriter.hepBytesChunk(hep, length, EncapsulationWriter.HEP_CHUNK_IPV4_DESTINATION,
            fromCaller ? callee : caller, 0, 4);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_SOURCE_PORT, 5060, 2);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_DESTINATION_PORT, 5060,
            2);
        length += EncapsulationWriter.hepNumberChunk(hep, length, EncapsulationWriter.HEP_CHUNK_PROTOCOL_TYPE, 1, 1);
        length += EncapsulationWriter.hepBytesChunk(hep, length, EncapsulationWriter.HEP_CHUNK_COMPRESSED_PAYLOAD,
            new UnsafeBuffer(compressed), 0, compressed.length);
        EncapsulationWriter.hepFinish(hep, 0, length);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[8192]);
        final int frameLength = new FrameWriter().addresses("198.51.100.7", "198.51.100.9")
            .udp(frame, 0, 40000, 9060, hep, 0, length);
        return Arrays.copyOf(frame.byteArray(), frameLength);
    }

    private static byte[] zlib(final String text)
    {
        final Deflater deflater = new Deflater();
        deflater.setInput(text.getBytes(StandardCharsets.US_ASCII));
        deflater.finish();
        final byte[] out = new byte[4096];
        final int length = deflater.deflate(out);
        deflater.end();
        return Arrays.copyOf(out, length);
    }

    private static byte[] gzip(final String text)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out))
        {
            gzip.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return out.toByteArray();
    }

    /**
     * As captured on the sending PBX with segmentation offload: the IPv4 total length 0 or beyond the frame, the UDP
     * length 0 (or -1: left as written).
     */
    private static byte[] offloaded(final String sip, final boolean fromCaller, final int ipTotalLength,
        final int udpLength)
    {
        final byte[] frame = plain(new FrameWriter(), sip, fromCaller, false);
        final UnsafeBuffer view = new UnsafeBuffer(frame);
        view.putShort(14 + 2, (short)ipTotalLength, ByteOrder.BIG_ENDIAN);
        if (udpLength >= 0)
        {
            view.putShort(14 + 20 + 4, (short)udpLength, ByteOrder.BIG_ENDIAN);
        }
        return frame;
    }

    /**
     * An ICMP (or ICMPv6) destination unreachable from the callee's host, quoting the whole INVITE it refused (Linux
     * quotes up to 576 bytes).
     */
    private static byte[] icmpQuoting(final boolean ipv6)
    {
        final byte[] quoted = innerPacket(invite("icmp-quoted-" + ipv6), true, ipv6);
        final UnsafeBuffer icmp = new UnsafeBuffer(new byte[8 + quoted.length]);
        icmp.putByte(0, (byte)(ipv6 ? 1 : 3));
        icmp.putByte(1, (byte)(ipv6 ? 4 : 3));
        icmp.putBytes(8, quoted);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[icmp.capacity() + 128]);
        final FrameWriter writer = new FrameWriter().addresses(ipv6 ? "2001:db8:1::2" : "10.1.1.2",
            ipv6 ? "2001:db8:1::1" : "10.1.1.1");
        final int length = writer.ipPacket(frame, 0, ipv6 ? 58 : 1, icmp, 0, icmp.capacity());
        return Arrays.copyOf(frame.byteArray(), length);
    }
}
