package io.sipsensor.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Third-party captures (no expected legs): processed without an exception, every frame accounted for, and what
 * cannot be decoded yet counted by reason.
 */
class PublicCapturesTest
{
    @TempDir
    Path spool;

    @ParameterizedTest
    @ValueSource(strings = {
        "heplify_erspan_sip_ipv4_udp.pcapng",
        "heplify_sip_ipv4_tcp.pcap", "heplify_sip_ipv4_tcp_fragmented.pcap", "heplify_sip_ipv4_tcp_retrans.pcap",
        "heplify_sip_ipv6_udp.pcap", "heplify_sip_sctp.pcap", "heplify_sip_tcp_websocket.pcap", "sngrep_aaa.pcap",
        "sngrep_ipip.pcap", "sngrep_ipv6frag.pcap"})
    @SuppressWarnings("unchecked")
    void shouldProcessWithoutExceptionAndCountWhatItSkips(final String file)
    {
        final Corpus.Result run = Corpus.run("-r", Corpus.root().resolve("public").resolve(file).toString(),
            "--spool", spool.toString(), "--progress", "none");
        assertEquals(0, run.status(), run.err());
        assertTrue(!run.err().contains("Exception"), run.err());
        final Map<String, Object> summary = run.json();
        final Map<String, Object> counters = (Map<String, Object>)summary.get("counters");
        assertTrue(Corpus.number(counters.get("packets")) > 0);
        assertEquals(Corpus.number(summary.get("legs_total")), Corpus.number(summary.get("legs_journaled")));
    }

    @org.junit.jupiter.api.Test
    @SuppressWarnings("unchecked")
    void shouldMatchTsharkOnSipInsideGreMirrorInPcapng()
    {
        // SOURCES.md (tshark 4.0): 140 SIP messages, 7 Call-IDs, 3 of them with an INVITE. Every frame is
        // eth:ip:gre:eth:ip:udp:sip, GRE with a key and protocol 0x6558 (transparent Ethernet bridging), SIP on
        // port 5260 (recognised by its start line).
        final Path file = Corpus.root().resolve("public/heplify_erspan_sip_ipv4_udp.pcapng");
        final Corpus.Result run = Corpus.run("-r", file.toString(), "--spool", spool.toString(), "--progress", "none");
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        final Map<String, Object> summary = run.json();
        final Map<String, Object> counters = (Map<String, Object>)summary.get("counters");
        assertEquals(140L, Corpus.number(summary.get("packets")));
        assertEquals(140L, Corpus.number(summary.get("sip_messages")));
        assertEquals(3L, Corpus.number(summary.get("legs_total")));
        assertEquals(140L, Corpus.number(counters.get("gre")));
        assertEquals(0L, Corpus.number(summary.get("malformed")));

        final SipCallIds callIds = SipCallIds.of(file);
        assertEquals(140, callIds.messages());
        assertEquals(7, callIds.distinct().size());
        assertEquals(3, callIds.withInvite().size());
    }

    @org.junit.jupiter.api.Test
    @SuppressWarnings("unchecked")
    void shouldKeepAuthenticatedRetriesOfOneCallIdInOneLeg()
    {
        // sngrep_aaa.pcap: 4 Call-IDs carry INVITEs (tshark); two are retried 34 s and 51 s after a 407.
        final Corpus.Result run = Corpus.run("-r", Corpus.root().resolve("public/sngrep_aaa.pcap").toString(),
            "--spool", spool.toString(), "--progress", "none");
        final Map<String, Object> summary = run.json();
        assertEquals(4L, Corpus.number(summary.get("legs_total")));
        assertEquals(81L, Corpus.number(summary.get("sip_messages")));
    }
}
