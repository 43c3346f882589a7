package io.sipsensor.net;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.CaptureProblemListener;
import io.sipsensor.capture.MergingPacketSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decodes the shared corpus (system property {@code sipsensor.corpus}). Expected counts are the corpus README's and
 * tshark 4's ({@code tshark -r F -Y udp}, {@code -Y tcp}, ...), which reassembles IP fragments the same way.
 */
class CorpusDecodingTest
{
    private static final Path CORPUS = Path.of(System.getProperty("sipsensor.corpus", "../../shared/corpus"));

    @Test
    void shouldDeliverOneDatagramPerSipMessageInUdpCaptures()
    {
        assertDecoded("pcaps/s1_basic_udp.pcap", 1400, 1400);
        assertDecoded("pcaps/s2_failures.pcap", 565, 565);
        assertDecoded("pcaps/s3_reinvite.pcap", 780, 780);
        assertDecoded("pcaps/s8_b2bua.pcap", 1400, 1400);
    }

    @Test
    void shouldCountTcpCaptureAsNotDecodedYet()
    {
        final Counters counters = assertDecoded("pcaps/s4_tcp.pcap", 1722, 0);

        assertEquals(1722, counters.value(SensorCounter.DROP_TCP_NOT_DECODED));
    }

    @Test
    void shouldReassembleFragmentedVlanCaptureIntoFourHundredTwentySipMessages()
    {
        final List<DatagramRecorder.Datagram> datagrams = new ArrayList<>();
        final Counters counters = decode("pcaps/s5_frag_vlan.pcap", datagrams);

        assertEquals(604, counters.value(SensorCounter.PACKETS));
        assertEquals(420, datagrams.size());
        assertEquals(300, counters.value(SensorCounter.FRAGMENTS), "60 x (3 INVITE + 2 200 OK fragments)");
        assertEquals(120, counters.value(SensorCounter.FRAGMENTS_REASSEMBLED));
        assertEquals(4, counters.value(SensorCounter.DROP_NON_IP), "ARP");
        assertEquals(604, counters.value(SensorCounter.VLAN_TAGS));
        for (final DatagramRecorder.Datagram datagram : datagrams)
        {
            assertEquals(300, datagram.vlanId());
            assertTrue(datagram.text().startsWith("SIP/2.0 ") || datagram.text().contains(" SIP/2.0\r\n"));
        }
        final long largest = datagrams.stream().mapToLong(d -> d.payload().length).max().orElse(0);
        assertTrue(largest > 3000, "the INVITEs are about 3.2 kB: " + largest);
        // Message times are those of the frame completing them (corpus expected JSON first/last_sip_time).
        assertEquals(1_795_343_635_245_925_000L, datagrams.get(0).timestampNs());
        assertEquals(1_795_343_648_278_047_000L, datagrams.get(datagrams.size() - 1).timestampNs());
        assertEquals("10.77.6.1", datagrams.get(0).source());
        assertEquals(0, counters.value(SensorCounter.FRAGMENTS_TIMED_OUT));
    }

    @Test
    void shouldDecodePublicCapturesLikeTshark()
    {
        assertDecoded("public/heplify_sip_ipv6_udp.pcap", 6, 6);
        assertDecoded("public/heplify_sip_ipv4_tcp.pcap", 84, 68);
        assertDecoded("public/heplify_sip_ipv4_tcp_fragmented.pcap", 1542, 0);
        assertDecoded("public/heplify_sip_tcp_websocket.pcap", 61, 28);

        final Counters retransmissions = assertDecoded("public/heplify_sip_ipv4_tcp_retrans.pcap", 196, 4);
        assertEquals(181, retransmissions.value(SensorCounter.TCP));
        assertEquals(9, retransmissions.value(SensorCounter.DROP_OTHER_IP_PROTOCOL), "VRRP");

        // tshark: 5 DATA chunks, the INVITE in two fragments (B, then E), then 100, 403 and ACK whole
        final List<DatagramRecorder.Datagram> sctpMessages = new ArrayList<>();
        final Counters sctp = decode("public/heplify_sip_sctp.pcap", sctpMessages);
        assertEquals(5, sctp.value(SensorCounter.SCTP));
        assertEquals(4, sctpMessages.size());
        assertTrue(new String(sctpMessages.get(0).payload(), java.nio.charset.StandardCharsets.ISO_8859_1)
            .startsWith("INVITE "), "the joined INVITE comes first");
        assertEquals(0, sctp.value(SensorCounter.DROP_SCTP_NOT_DECODED));
        assertEquals(0, sctp.value(SensorCounter.DROP_SCTP_FRAGMENT));

        final Counters aaa = assertDecoded("public/sngrep_aaa.pcap", 691, 590);
        assertEquals(57, aaa.value(SensorCounter.TCP));
        assertEquals(44, aaa.value(SensorCounter.DROP_NON_IP));

        final Counters ipip = assertDecoded("public/sngrep_ipip.pcap", 4, 0);
        assertEquals(2, ipip.value(SensorCounter.IP_IN_IP), "tshark: frames 2 and 3 are ip:ip:tcp");
        assertEquals(4, ipip.value(SensorCounter.TCP), "SIP over TCP inside the tunnel");

        // tshark: every frame is eth:ip:gre:eth:ip:udp:sip, GRE flags 0x2000 (key) and protocol 0x6558.
        final Counters erspan = assertDecoded("public/heplify_erspan_sip_ipv4_udp.pcapng", 140, 140);
        assertEquals(140, erspan.value(SensorCounter.GRE));
        assertEquals(280, erspan.value(SensorCounter.ETHERNET), "outer and inner Ethernet");
        assertEquals(280, erspan.value(SensorCounter.IPV4));

        final Counters ipv6Fragments = assertDecoded("public/sngrep_ipv6frag.pcap", 34, 32);
        assertEquals(4, ipv6Fragments.value(SensorCounter.FRAGMENTS));
        assertEquals(2, ipv6Fragments.value(SensorCounter.FRAGMENTS_REASSEMBLED));
    }

    @Test
    void shouldDecodeEveryPublicCaptureWithoutAnyException() throws Exception
    {
        final List<Path> files = new ArrayList<>();
        try (var listing = Files.list(CORPUS.resolve("public")))
        {
            listing.filter(path -> path.toString().contains(".pcap")).sorted().forEach(files::add);
        }
        final List<String> problems = new ArrayList<>();
        final Counters counters = new Counters();
        final DatagramRecorder recorder = new DatagramRecorder();
        final PacketDecoder decoder = new PacketDecoder(recorder, counters);

        try (MergingPacketSource source = CaptureFiles.open(files, problems::add, counters))
        {
            while (!source.isExhausted())
            {
                source.poll(decoder, 100);
            }
        }

        assertEquals(6 + 68 + 28 + 4 + 590 + 32 + 140 + 4, recorder.count(), "the last 4: SIP over SCTP");
        assertEquals(List.of(), problems);
    }

    private static Counters assertDecoded(final String file, final int frames, final int datagrams)
    {
        final List<DatagramRecorder.Datagram> delivered = new ArrayList<>();
        final Counters counters = decode(file, delivered);
        assertEquals(frames, counters.value(SensorCounter.PACKETS), file + " frames");
        assertEquals(datagrams, delivered.size(), file + " datagrams");
        assertEquals(datagrams, counters.value(SensorCounter.UDP), file + " udp");
        return counters;
    }

    private static Counters decode(final String file, final List<DatagramRecorder.Datagram> delivered)
    {
        final Path path = CORPUS.resolve(file);
        assertTrue(Files.isRegularFile(path), "corpus file " + path.toAbsolutePath());
        final Counters counters = new Counters();
        final DatagramRecorder recorder = new DatagramRecorder();
        final PacketDecoder decoder = new PacketDecoder(recorder, counters);
        final List<String> problems = new ArrayList<>();
        final CaptureProblemListener listener = problems::add;
        try (MergingPacketSource source = CaptureFiles.open(List.of(path), listener, counters))
        {
            while (!source.isExhausted())
            {
                source.poll(decoder, 256);
            }
        }
        assertEquals(List.of(), problems, file);
        delivered.addAll(recorder.datagrams);
        return counters;
    }
}
