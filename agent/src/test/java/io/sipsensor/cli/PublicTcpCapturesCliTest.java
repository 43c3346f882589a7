package io.sipsensor.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The third-party SIP/TCP and SIP/WebSocket captures through the real command line: SIP messages and legs (INVITE
 * dialogs) equal tshark's summary in {@code public/SOURCES.md}, and nothing is lost in reassembly.
 */
class PublicTcpCapturesCliTest
{
    @TempDir
    Path spool;

    @ParameterizedTest
    @CsvSource({
        "heplify_sip_ipv4_tcp.pcap,, 7, 1",
        "heplify_sip_ipv4_tcp_fragmented.pcap, --sipport 5060;6060, 406, 37",
        "heplify_sip_ipv4_tcp_retrans.pcap,, 8, 0",
        "heplify_sip_tcp_websocket.pcap, --websocket-ports 8080, 39, 2",
        "sngrep_ipip.pcap,, 4, 1"})
    @SuppressWarnings("unchecked")
    void shouldExtractAsManySipMessagesAndLegsAsTshark(
        final String file, final String options, final long messages, final long legs)
    {
        final Path capture = Corpus.root().resolve("public").resolve(file);
        final List<String> args = new ArrayList<>(
            List.of("-r", capture.toString(), "--spool", spool.toString(), "--progress", "none"));
        if (options != null)
        {
            args.addAll(Arrays.asList(options.replace(';', ',').split(" ")));
        }
        final Corpus.Result run = Corpus.run(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        final Map<String, Object> summary = run.json();
        final Map<String, Object> counters = (Map<String, Object>)summary.get("counters");

        assertEquals(messages, Corpus.number(summary.get("sip_messages")), "SIP messages");
        assertEquals(legs, Corpus.number(summary.get("legs_total")), "legs");
        assertEquals(0, Corpus.number(counters.get("malformed")));
        assertEquals(0, Corpus.number(counters.get("tcp_gaps")));
        assertEquals(0, Corpus.number(counters.get("tcp_messages_incomplete")));
    }
}
