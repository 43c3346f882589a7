package io.sipsensor.net.tcp;

import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The third-party SIP/TCP captures of the corpus ({@code public/SOURCES.md}): the messages, Call-IDs, INVITE dialogs
 * and the request/response breakdown equal tshark 4.0's summary. Beyond the counts, every message's time and
 * Call-ID equal tshark's: the digest is SHA-256 over the lines {@code "<epoch s.us>\t<Call-ID>\n"}, sorted bytewise,
 * of {@code tshark -r F [-d tcp.port==6060,sip] -Y sip -T fields -E occurrence=a -e frame.time_epoch -e sip.Call-ID}
 * (one line per Call-ID occurrence, i.e. per message), times cut to microseconds as the pcap holds them. tshark times
 * a message by the frame that completes it, as the sensor does.
 */
class PublicTcpCapturesTest
{
    private static final Path PUBLIC =
        Path.of(System.getProperty("sipsensor.corpus", "../../shared/corpus")).resolve("public");

    @Test
    void shouldReadSipOverTcpCallLikeTshark()
    {
        final CaptureMessages capture = read("heplify_sip_ipv4_tcp.pcap", new TcpSettings());

        assertSummary(capture, 7, 1, 1, "ACK:1 BYE:1 INVITE:1 | 100:1 180:1 200:2");
        assertDigest(capture, "05516749d732d39649c9a91ab1cedec98d70089bdd9bf4e1739a51ffd0d70442");
        assertEquals(0, capture.counters.value(SensorCounter.TCP_RESYNCS), "both directions start with their SYN");
    }

    @Test
    void shouldReassembleSegmentedSipOnPort6060StartedMidConnectionLikeTshark()
    {
        // 234 of the 406 messages span two or more segments; all four connections were already open when the capture
        // began, so each of the 8 stream directions starts mid-stream (here, luckily, at a message boundary).
        final CaptureMessages capture =
            read("heplify_sip_ipv4_tcp_fragmented.pcap", new TcpSettings().sipPorts(5060, 6060));

        assertSummary(capture, 406, 70, 37, "ACK:37 BYE:34 CANCEL:2 INVITE:37 OPTIONS:5 PRACK:5 UPDATE:63 | " +
            "100:36 180:33 182:2 183:6 200:142 403:1 486:1 487:2");
        assertDigest(capture, "a23387dd2fd4f6e721a899f19663aff90a4bfa7d0459c58d240b968c1ca2c23b");
        assertEquals(8, capture.counters.value(SensorCounter.TCP_STREAMS));
        assertEquals(8, capture.counters.value(SensorCounter.TCP_RESYNCS));
        assertEquals(0, capture.counters.value(SensorCounter.TCP_SKIPPED_BYTES));
        assertEquals(0, capture.counters.value(SensorCounter.TCP_GAPS));
        assertEquals(0, capture.counters.value(SensorCounter.TCP_MESSAGES_INCOMPLETE));
    }

    @Test
    void shouldCountRetransmittedSegmentOnceLikeTshark()
    {
        // Frame 38 re-sends the 200 OK of frame 36 (same sequence numbers): a TCP retransmission, not a message.
        // 4 messages are on TCP, 4 on UDP; the TLS (443) and port 60010 connections are not SIP.
        final CaptureMessages capture = read("heplify_sip_ipv4_tcp_retrans.pcap", new TcpSettings());

        assertSummary(capture, 8, 1, 0, "REGISTER:4 | 200:2 401:2");
        assertDigest(capture, "5c70e8260d0c5f2766ba5fb3cc9521b623a7ef07be9fa2c8acceb8cc5db133f7");
        assertEquals(4, capture.messages.stream().filter(m -> m.transport() == 6).count());
        assertEquals(1, capture.counters.value(SensorCounter.TCP_SEGMENTS_RETRANSMITTED));
        assertTrue(capture.counters.value(SensorCounter.TCP_STREAMS_NOT_SIP) > 0);
    }

    @Test
    void shouldReadSipOverWebSocketLikeTshark()
    {
        // Port 8080: the HTTP Upgrade (frames 6 and 8), then 11 SIP messages in WebSocket frames (the INVITEs of
        // frames 11 and 18 and the responses of frames 34 and 46 span two segments each); the other 28 are UDP.
        final CaptureMessages capture = read("heplify_sip_tcp_websocket.pcap", new TcpSettings().websocketPorts(8080));

        assertSummary(capture, 39, 3, 2, "ACK:5 BYE:4 INVITE:5 OPTIONS:1 | 100:4 180:2 183:8 200:9 407:1");
        assertDigest(capture, "193d99cbf04b49fc1328a0b11a2db7e07f282c8694a359aadb1c9a0841f9d4db");
        assertEquals(11, capture.counters.value(SensorCounter.WEBSOCKET_MESSAGES));
        assertEquals(0, capture.counters.value(SensorCounter.WEBSOCKET_DROPPED));
    }

    @Test
    void shouldFindSipOverTcpInsideIpInIpOnPortFoundByContent()
    {
        // Port 5090 is no SIP port here: each direction is taken as SIP because its first segment starts with a
        // start line; capture begins mid-connection (no SYN).
        final CaptureMessages capture = read("sngrep_ipip.pcap", new TcpSettings());

        assertSummary(capture, 4, 1, 1, "BYE:1 INVITE:1 | 183:1 200:1");
        assertDigest(capture, "ead1f3573b31685a9d03237286cf86e88528bb9a7f9e77fad3c5e7c4d16cc4b1");
        assertEquals(2, capture.counters.value(SensorCounter.TCP_STREAMS));
    }

    private static CaptureMessages read(final String file, final TcpSettings settings)
    {
        final Path path = PUBLIC.resolve(file);
        assertTrue(Files.isRegularFile(path), "corpus file " + path.toAbsolutePath());
        return new CaptureMessages(path, settings);
    }

    private static void assertSummary(
        final CaptureMessages capture, final int messages, final int callIds, final int dialogs, final String breakdown)
    {
        assertEquals(messages, capture.messages.size(), "SIP messages");
        assertEquals(callIds, capture.callIds().size(), "Call-IDs");
        assertEquals(dialogs, capture.inviteCallIds().size(), "INVITE dialogs");
        assertEquals(breakdown, capture.breakdown());
    }

    private static void assertDigest(final CaptureMessages capture, final String expected)
    {
        final List<String> lines = capture.messages.stream()
            .map(m -> String.format("%d.%06d\t%s\n", m.timeNs() / 1_000_000_000L, m.timeNs() % 1_000_000_000L / 1000,
                m.callId()))
            .sorted()
            .toList();
        try
        {
            final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            lines.forEach(line -> sha256.update(line.getBytes(StandardCharsets.ISO_8859_1)));
            assertEquals(expected, HexFormat.of().formatHex(sha256.digest()), "times and Call-IDs as tshark's");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
