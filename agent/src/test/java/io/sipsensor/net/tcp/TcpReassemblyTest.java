package io.sipsensor.net.tcp;

import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sipsensor.net.tcp.Conversation.ACK;
import static io.sipsensor.net.tcp.Conversation.FIN_ACK;
import static io.sipsensor.net.tcp.Conversation.PSH_ACK;
import static io.sipsensor.net.tcp.Conversation.RST;
import static io.sipsensor.net.tcp.Conversation.SECOND;
import static io.sipsensor.net.tcp.Conversation.SYN;
import static io.sipsensor.net.tcp.Conversation.request;
import static io.sipsensor.net.tcp.Conversation.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIP over TCP, segments built byte by byte: ordering, retransmission, overlap, framing, resynchronisation and
 * connection life (RFC 793 sequence numbers, RFC 3261 section 18.3 framing).
 */
class TcpReassemblyTest
{
    private static final long T0 = 1_800_000_000L * SECOND;
    private static final long MS = 1_000_000L;

    private final Conversation tcp = new Conversation();

    @Test
    void shouldDeliverMessageInOneSegmentWithItsStreamAddressesAndTime()
    {
        final String invite = request("INVITE", "c1", 1, 120);
        tcp.client(1000, SYN, "", T0);
        tcp.client(1001, PSH_ACK, invite, T0 + MS);

        assertEquals(List.of(invite), tcp.texts());
        final Conversation.Message message = tcp.messages.get(0);
        assertEquals(T0 + MS, message.timeNs());
        assertEquals("10.0.0.1", message.source());
        assertEquals(40_000, message.sourcePort());
        assertEquals("10.0.0.2", message.destination());
        assertEquals(5060, message.destinationPort());
        assertEquals(6, message.protocol());
        assertEquals(1, tcp.count(SensorCounter.TCP_STREAMS));
        assertEquals(0, tcp.count(SensorCounter.TCP_RESYNCS), "stream seen from its SYN is in step");
        assertEquals(0, tcp.reassembler.heldBlocks());
    }

    @Test
    void shouldDeliverMessageSpanningManySegmentsAtTimeOfSegmentThatCompletesIt()
    {
        final String invite = request("INVITE", "c2", 1, 900);
        tcp.client(0, SYN, "", T0);
        tcp.clientInPieces(1, invite, T0 + SECOND, 100, 7, 300, 1, 250, 200);

        assertEquals(List.of(invite), tcp.texts());
        assertEquals(T0 + SECOND + 6 * MS, tcp.messages.get(0).timeNs(), "seventh segment completes it");
        assertEquals(0, tcp.reassembler.heldBlocks());
    }

    @Test
    void shouldDeliverSeveralMessagesFromOneSegmentAndKeepTheStartOfTheNext()
    {
        final String first = response(100, "c3", 1, "INVITE");
        final String second = response(180, "c3", 1, "INVITE");
        final String third = request("INVITE", "c4", 1, 200);
        tcp.server(5000, SYN | ACK, "", T0);
        tcp.server(5001, PSH_ACK, first + second + third.substring(0, 40), T0 + MS);
        tcp.server(5001 + first.length() + second.length() + 40, PSH_ACK, third.substring(40), T0 + 2 * MS);

        assertEquals(List.of(first, second, third), tcp.texts());
        assertEquals(T0 + MS, tcp.messages.get(1).timeNs());
        assertEquals(T0 + 2 * MS, tcp.messages.get(2).timeNs());
        assertEquals("10.0.0.2", tcp.messages.get(0).source());
    }

    @Test
    void shouldFrameByContentLengthEvenWhenBodyHoldsBlankLinesAndStartLines()
    {
        final String body = "SIP/2.0 200 OK\r\n\r\nINVITE sip:x@y SIP/2.0\r\n\r\n";
        final String notify = "NOTIFY sip:a@10.0.0.1 SIP/2.0\r\nCall-ID: n1\r\nCSeq: 2 NOTIFY\r\n" +
            "From: <sip:b@h>;tag=1\r\nTo: <sip:a@h>;tag=2\r\nContent-Type: message/sipfrag\r\n" +
            "Content-Length: " + body.length() + "\r\n\r\n" + body;
        final String ok = response(200, "n1", 2, "NOTIFY");
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, notify + ok, T0 + MS);

        assertEquals(List.of(notify, ok), tcp.texts());
    }

    @Test
    void shouldTakeMessageWithoutContentLengthAsHeadersOnly()
    {
        final String ack = "ACK sip:b@h SIP/2.0\r\nCall-ID: k1\r\nCSeq: 1 ACK\r\nFrom: <sip:a@h>;tag=1\r\n" +
            "To: <sip:b@h>;tag=2\r\n\r\n";
        final String bye = request("BYE", "k1", 2, 0);
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, ack + bye, T0 + MS);

        assertEquals(List.of(ack, bye), tcp.texts());
    }

    @Test
    void shouldSkipCrlfKeepalivesBetweenMessages()
    {
        final String options = request("OPTIONS", "k2", 1, 0);
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, "\r\n\r\n", T0 + MS);
        tcp.client(5, PSH_ACK, options + "\r\n\r\n" + options, T0 + 2 * MS);
        tcp.client(5 + 2 * options.length() + 4, PSH_ACK, "\r\n", T0 + 3 * MS);

        assertEquals(List.of(options, options), tcp.texts());
        assertEquals(3, tcp.count(SensorCounter.SIP_KEEPALIVES));
        assertEquals(0, tcp.count(SensorCounter.TCP_RESYNCS));
        assertEquals(0, tcp.reassembler.heldBlocks());
    }

    @Test
    void shouldReorderSegmentsAndDeliverAtTimeOfSegmentThatFillsTheHole()
    {
        final String invite = request("INVITE", "c5", 1, 600);
        final byte[] bytes = Conversation.ascii(invite);
        tcp.client(99, SYN, "", T0);
        tcp.client(400, PSH_ACK, slice(bytes, 300, 600), T0 + 2 * MS);
        tcp.client(700, PSH_ACK, slice(bytes, 600, bytes.length), T0 + 3 * MS);
        assertEquals(0, tcp.messages.size());
        tcp.client(100, PSH_ACK, slice(bytes, 0, 300), T0 + 4 * MS);

        assertEquals(List.of(invite), tcp.texts());
        assertEquals(T0 + 4 * MS, tcp.messages.get(0).timeNs());
        assertEquals(2, tcp.count(SensorCounter.TCP_SEGMENTS_OUT_OF_ORDER));
        assertEquals(0, tcp.count(SensorCounter.TCP_GAPS));
        assertEquals(0, tcp.reassembler.heldBlocks());
    }

    @Test
    void shouldDeliverEveryMessageHeldBehindAHoleOnceItFills()
    {
        final String a = request("INVITE", "h1", 1, 100);
        final String b = request("INVITE", "h2", 1, 100);
        final String c = request("INVITE", "h3", 1, 100);
        tcp.client(0, SYN, "", T0);
        tcp.client(1 + a.length(), PSH_ACK, b, T0 + MS);
        tcp.client(1 + a.length() + b.length(), PSH_ACK, c, T0 + 2 * MS);
        tcp.client(1, PSH_ACK, a, T0 + 3 * MS);

        assertEquals(List.of(a, b, c), tcp.texts());
        assertTrue(tcp.messages.stream().allMatch(m -> m.timeNs() == T0 + 3 * MS));
    }

    @Test
    void shouldCountRetransmissionAndDeliverOnce()
    {
        final String invite = request("INVITE", "c6", 1, 50);
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, invite, T0 + MS);
        tcp.client(1, PSH_ACK, invite, T0 + 300 * MS);
        tcp.client(0, SYN, "", T0 + 400 * MS);

        assertEquals(List.of(invite), tcp.texts());
        assertEquals(1, tcp.count(SensorCounter.TCP_SEGMENTS_RETRANSMITTED));
        assertEquals(1, tcp.count(SensorCounter.TCP_STREAMS), "the repeated SYN has the same sequence number");
    }

    @Test
    void shouldKeepFirstBytesWhereSegmentsOverlapAndCountTheOverlap()
    {
        final String invite = request("INVITE", "c7", 1, 100);
        final byte[] bytes = Conversation.ascii(invite);
        final byte[] forged = bytes.clone();
        for (int i = 100; i < 200; i++)
        {
            forged[i] = 'X';
        }
        tcp.client(0, SYN, "", T0);
        tcp.client(151, PSH_ACK, slice(bytes, 150, 250), T0 + MS);
        // Overlaps the held range [150, 250) by 50 bytes and brings [100, 150) new, from the forged copy.
        tcp.client(101, PSH_ACK, slice(forged, 100, 200), T0 + 2 * MS);
        tcp.client(1, PSH_ACK, slice(bytes, 0, 120), T0 + 3 * MS);
        tcp.client(251, PSH_ACK, slice(bytes, 250, bytes.length), T0 + 4 * MS);

        final String expected = invite.substring(0, 100) + "X".repeat(50) + invite.substring(150);
        assertEquals(1, tcp.messages.size());
        assertEquals(expected, tcp.messages.get(0).text(), "first bytes win in both overlaps");
        assertEquals(50 + 20, tcp.count(SensorCounter.TCP_OVERLAP_BYTES));
    }

    @Test
    void shouldTakeOnlyNewTailOfSegmentThatRepeatsDeliveredBytes()
    {
        final String first = request("INVITE", "c8", 1, 10);
        final String second = request("BYE", "c8", 2, 0);
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, first + second.substring(0, 10), T0 + MS);
        tcp.client(1, PSH_ACK, first + second, T0 + 2 * MS);

        assertEquals(List.of(first, second), tcp.texts());
        assertEquals(first.length() + 10, tcp.count(SensorCounter.TCP_OVERLAP_BYTES));
    }

    @Test
    void shouldFollowSequenceNumbersAcrossWrapAround()
    {
        final String invite = request("INVITE", "w1", 1, 300);
        tcp.client(-101, SYN, "", T0);
        final int after = tcp.clientInPieces(-100, invite, T0 + MS, 60, 60, 60);
        tcp.client(after, PSH_ACK, invite, T0 + SECOND);

        assertEquals(List.of(invite, invite), tcp.texts());
        assertTrue(after > 0);
    }

    @Test
    void shouldResynchroniseOnNextStartLineWhenCaptureBeginsMidStream()
    {
        final String invite = request("INVITE", "m1", 1, 200);
        final String bye = request("BYE", "m1", 2, 0);
        final String tail = invite.substring(37);
        tcp.client(5000, PSH_ACK, tail + bye, T0);

        assertEquals(List.of(bye), tcp.texts());
        assertEquals(1, tcp.count(SensorCounter.TCP_RESYNCS));
        assertEquals(tail.length(), tcp.count(SensorCounter.TCP_SKIPPED_BYTES));
        assertEquals(0, tcp.count(SensorCounter.TCP_MESSAGES_INCOMPLETE));
    }

    @Test
    void shouldWaitForStartLineCutAcrossSegmentsWhileResynchronising()
    {
        final String bye = request("BYE", "m2", 2, 0);
        tcp.client(5000, PSH_ACK, "junk line\r\nmore junk\r\n" + bye.substring(0, 6), T0);
        tcp.client(5000 + 22 + 6, PSH_ACK, bye.substring(6), T0 + MS);

        assertEquals(List.of(bye), tcp.texts());
        assertEquals(22, tcp.count(SensorCounter.TCP_SKIPPED_BYTES));
    }

    @Test
    void shouldSkipBytesThatAreNotSipOnSipPortAndCatchTheNextMessage()
    {
        final String options = request("OPTIONS", "j1", 1, 0);
        final String junk = "\u0016\u0003\u0001binary junk\u0000\u00ff\r\nGET / HTTP/1.1\r\n\r\n";
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, junk, T0 + MS);
        tcp.client(1 + junk.length(), PSH_ACK, options, T0 + 2 * MS);

        assertEquals(List.of(options), tcp.texts());
        assertEquals(1, tcp.count(SensorCounter.TCP_RESYNCS));
        assertEquals(junk.length(), tcp.count(SensorCounter.TCP_SKIPPED_BYTES));
    }

    @Test
    void shouldHandOnBrokenHeaderSectionAndResynchroniseAfterIt()
    {
        final String broken = "INVITE sip:b@h SIP/2.0\r\nCall-ID: x\r\nContent-Length: abc\r\n\r\n";
        final String bye = request("BYE", "x", 2, 0);
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, broken + bye, T0 + MS);

        assertEquals(List.of(broken, bye), tcp.texts(), "the broken one is handed on to be counted as malformed");
        assertEquals(1, tcp.count(SensorCounter.TCP_RESYNCS));
    }

    @Test
    void shouldDetectSipStreamOnAnyPortByItsFirstLineAndIgnoreOtherTcp()
    {
        tcp.ports(40_000, 5080);
        final String invite = request("INVITE", "p1", 1, 50);
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, invite, T0 + MS);
        tcp.ports(40_001, 443);
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003", T0 + MS);
        tcp.client(11, PSH_ACK, "more TLS", T0 + 2 * MS);
        tcp.ports(40_002, 80);
        tcp.client(1, PSH_ACK, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", T0 + MS);

        assertEquals(List.of(invite), tcp.texts());
        assertEquals(1, tcp.count(SensorCounter.TCP_STREAMS));
        assertEquals(2, tcp.count(SensorCounter.TCP_STREAMS_NOT_SIP), "TLS and HTTP flows, once each");
        assertEquals(1, tcp.reassembler.activeStreams());
    }

    @Test
    void shouldCloseStreamOnFinAndCountPartialMessage()
    {
        final String invite = request("INVITE", "f1", 1, 100);
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, invite, T0 + MS);
        tcp.client(1 + invite.length(), FIN_ACK, invite.substring(0, 50), T0 + 2 * MS);

        assertEquals(List.of(invite), tcp.texts());
        assertEquals(1, tcp.count(SensorCounter.TCP_STREAMS_CLOSED));
        assertEquals(1, tcp.count(SensorCounter.TCP_MESSAGES_INCOMPLETE));
        assertEquals(0, tcp.reassembler.activeStreams());
        assertEquals(0, tcp.reassembler.heldBlocks());
    }

    @Test
    void shouldWaitForMissingBytesBeforeClosingOnEarlyFin()
    {
        final String invite = request("INVITE", "f2", 1, 100);
        tcp.client(0, SYN, "", T0);
        tcp.client(1 + 100, FIN_ACK, invite.substring(100), T0 + MS);
        assertEquals(1, tcp.reassembler.activeStreams());
        tcp.client(1, PSH_ACK, invite.substring(0, 100), T0 + 2 * MS);

        assertEquals(List.of(invite), tcp.texts());
        assertEquals(0, tcp.reassembler.activeStreams());
        assertEquals(0, tcp.count(SensorCounter.TCP_MESSAGES_INCOMPLETE));
    }

    @Test
    void shouldCloseBothDirectionsOnReset()
    {
        tcp.client(0, SYN, "", T0);
        tcp.server(0, SYN | ACK, "", T0);
        tcp.client(1, PSH_ACK, request("INVITE", "r1", 1, 100).substring(0, 70), T0 + MS);
        assertEquals(2, tcp.reassembler.activeStreams());
        tcp.server(1, RST, "", T0 + 2 * MS);

        assertEquals(0, tcp.reassembler.activeStreams());
        assertEquals(2, tcp.count(SensorCounter.TCP_STREAMS_CLOSED));
        assertEquals(1, tcp.count(SensorCounter.TCP_MESSAGES_INCOMPLETE));
        assertEquals(0, tcp.reassembler.heldBlocks());
    }

    @Test
    void shouldStartAgainOnSynWithNewInitialSequenceNumber()
    {
        final String invite = request("INVITE", "s1", 1, 100);
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, invite.substring(0, 80), T0 + MS);
        tcp.client(777_777, SYN, "", T0 + SECOND);
        tcp.client(777_778, PSH_ACK, invite, T0 + SECOND + MS);

        assertEquals(List.of(invite), tcp.texts());
        assertEquals(1, tcp.count(SensorCounter.TCP_MESSAGES_INCOMPLETE), "the first connection's partial INVITE");
        assertEquals(1, tcp.count(SensorCounter.TCP_STREAMS));
    }

    @Test
    void shouldGiveUpHoleAfterGapTimeoutAndDeliverWhatFollowsAtItsOwnTime()
    {
        final String lost = request("INVITE", "g1", 1, 100);
        final String next = request("BYE", "g2", 2, 0);
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, lost.substring(0, 60), T0 + MS);
        // lost.substring(60, 120) is never captured.
        tcp.client(121, PSH_ACK, lost.substring(120) + next, T0 + 2 * MS);
        assertEquals(0, tcp.messages.size());

        tcp.reassembler.expire(T0 + 2 * MS + TcpSettings.DEFAULT_GAP_TIMEOUT_NS);

        assertEquals(List.of(next), tcp.texts());
        assertEquals(T0 + 2 * MS, tcp.messages.get(0).timeNs(), "time of the segment that brought it");
        assertEquals(1, tcp.count(SensorCounter.TCP_GAPS));
        assertEquals(1, tcp.count(SensorCounter.TCP_MESSAGES_INCOMPLETE));
        assertEquals(1, tcp.count(SensorCounter.TCP_RESYNCS));
        assertEquals(lost.length() - 120, tcp.count(SensorCounter.TCP_SKIPPED_BYTES));
        assertEquals(0, tcp.reassembler.heldBlocks());
    }

    @Test
    void shouldGiveUpHoleSoonWhenPeerAcknowledgedPastIt()
    {
        final String lost = request("INVITE", "a1", 1, 100);
        final String next = request("BYE", "a2", 2, 0);
        final int end = 1 + lost.length() + next.length();
        tcp.client(0, SYN, "", T0);
        tcp.server(0, SYN | ACK, "", T0);
        tcp.client(1, PSH_ACK, lost.substring(0, 60), T0 + MS);
        tcp.client(121, PSH_ACK, lost.substring(120) + next, T0 + 2 * MS);
        // The server got everything, the capture missed [60, 120): a copy reordered by the capture is still waited
        // for a little, then the hole is taken as lost without waiting for the gap timeout.
        tcp.serverAck(1, end, T0 + 3 * MS);
        assertEquals(0, tcp.messages.size());
        tcp.serverAck(1, end, T0 + 2 * MS + 50 * MS);

        assertEquals(List.of(next), tcp.texts());
        assertEquals(T0 + 2 * MS, tcp.messages.get(0).timeNs());
        assertEquals(1, tcp.count(SensorCounter.TCP_GAPS));
        assertEquals(1, tcp.count(SensorCounter.TCP_MESSAGES_INCOMPLETE));
    }

    @Test
    void shouldKeepWaitingForHoleThePeerHasNotAcknowledged()
    {
        final String invite = request("INVITE", "a3", 1, 100);
        tcp.client(0, SYN, "", T0);
        tcp.server(0, SYN | ACK, "", T0);
        tcp.client(1, PSH_ACK, invite.substring(0, 60), T0 + MS);
        tcp.client(121, PSH_ACK, invite.substring(120), T0 + 2 * MS);
        tcp.serverAck(1, 61, T0 + SECOND);
        tcp.client(61, PSH_ACK, invite.substring(60, 120), T0 + SECOND + MS);

        assertEquals(List.of(invite), tcp.texts(), "the retransmission fills the hole");
        assertEquals(0, tcp.count(SensorCounter.TCP_GAPS));
    }

    @Test
    void shouldGiveUpHoleLeftOpenAtEndOfInput()
    {
        final String next = request("BYE", "e1", 2, 0);
        tcp.client(0, SYN, "", T0);
        tcp.client(1 + 500, PSH_ACK, next, T0 + MS);
        tcp.reassembler.flush();

        assertEquals(List.of(next), tcp.texts());
        assertEquals(1, tcp.count(SensorCounter.TCP_GAPS));
        assertEquals(0, tcp.reassembler.activeStreams());
    }

    @Test
    void shouldForgetIdleStreamAndPickItUpAgainAtNextMessage()
    {
        final String options = request("OPTIONS", "i1", 1, 0);
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, options, T0 + MS);
        tcp.reassembler.expire(T0 + MS + TcpSettings.DEFAULT_IDLE_TIMEOUT_NS);
        assertEquals(0, tcp.reassembler.activeStreams());
        tcp.client(1 + options.length(), PSH_ACK, options, T0 + 2 * TcpSettings.DEFAULT_IDLE_TIMEOUT_NS);

        assertEquals(List.of(options, options), tcp.texts());
        assertEquals(1, tcp.count(SensorCounter.TCP_STREAMS_EXPIRED));
        assertEquals(0, tcp.count(SensorCounter.TCP_SKIPPED_BYTES));
    }

    @Test
    void shouldTreatSegmentCutBySnapLengthAsLostBytes()
    {
        final String invite = request("INVITE", "t1", 1, 400);
        final String bye = request("BYE", "t1", 2, 0);
        tcp.client(0, SYN, "", T0);
        tcp.clientCut(1, PSH_ACK, invite, 100, T0 + MS);
        tcp.client(1 + invite.length(), PSH_ACK, bye, T0 + 2 * MS);

        assertEquals(List.of(bye), tcp.texts());
        assertEquals(1, tcp.count(SensorCounter.TCP_GAPS));
        assertEquals(1, tcp.count(SensorCounter.TCP_MESSAGES_INCOMPLETE));
    }

    @Test
    void shouldReassembleOverIpv6()
    {
        final Conversation six = new Conversation(new TcpSettings(), "2001:db8::1", "2001:db8::2");
        final String invite = request("INVITE", "v6", 1, 700);
        six.client(0, SYN, "", T0);
        six.clientInPieces(1, invite, T0 + MS, 500);

        assertEquals(List.of(invite), six.texts());
        assertEquals("2001:db8::1", six.messages.get(0).source());
    }

    @Test
    void shouldCountSegmentWithBrokenTcpHeader()
    {
        final byte[] shortHeader = new byte[12];
        final org.agrona.concurrent.UnsafeBuffer frame = new org.agrona.concurrent.UnsafeBuffer(new byte[100]);
        final int length = tcp.clientWriter().ipPacket(frame, 0, 6, new org.agrona.concurrent.UnsafeBuffer(shortHeader),
            0, shortHeader.length);
        tcp.decoder.onPacket(tcp.clientWriter().linkType(), frame, 0, length, length, T0);

        assertEquals(1, tcp.count(SensorCounter.TCP_BAD_HEADER));
        assertEquals(0, tcp.reassembler.activeStreams());
    }

    static byte[] slice(final byte[] bytes, final int from, final int to)
    {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }
}
