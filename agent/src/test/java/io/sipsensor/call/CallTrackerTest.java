package io.sipsensor.call;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.net.PacketInfo;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallTrackerTest
{
    private static final long T0 = 1_795_341_600_000_000_000L;
    private static final long MS = 1_000_000L;

    private final Counters counters = new Counters();
    private final List<CdrLeg> legs = new ArrayList<>();
    private CallTracker tracker;
    private SipDatagramHandler sip;

    @BeforeEach
    void setUp()
    {
        tracker = new CallTracker(CallTrackerSettings.defaults(), counters, leg -> legs.add(copy(leg)));
        sip = new SipDatagramHandler(new int[]{5060}, 64, tracker, counters);
    }

    @Test
    void shouldMakeAnsweredLegEndingAtCallerBye()
    {
        send(0, invite("c1", 1, false));
        send(2, response("c1", 100, 1, "INVITE", false));
        send(40, response("c1", 180, 1, "INVITE", true));
        send(700, response("c1", 200, 1, "INVITE", true));
        send(703, request("ACK", "c1", 1, true, true));
        send(3_700, request("BYE", "c1", 2, true, true));
        send(3_701, response("c1", 200, 2, "BYE", true));

        assertEquals(1, legs.size());
        final CdrLeg leg = legs.get(0);
        assertEquals(T0, leg.startNs());
        assertEquals(T0 + 700 * MS, leg.connectNs());
        assertEquals(T0 + 3_700 * MS, leg.endNs());
        assertEquals(200, leg.finalCode());
        assertEquals(EndReason.BYE, leg.endReason());
        assertEquals("caller", leg.byeByName());
        assertEquals("0605123456", leg.caller());
        assertEquals("0246654321", leg.called());
        assertEquals("0246654321", leg.ruriUser());
        assertEquals("c1", leg.callId());
    }

    @Test
    void shouldTellByeFromCallee()
    {
        send(0, invite("c1", 1, false));
        send(700, response("c1", 200, 1, "INVITE", true));
        send(3_700, request("BYE", "c1", 1, true, false));
        assertEquals("callee", legs.get(0).byeByName());
    }

    @Test
    void shouldKeepReInviteInSameLegAndIgnoreRetransmissions()
    {
        send(0, invite("c1", 1, false));
        send(500, invite("c1", 1, false));                    // retransmission
        send(700, response("c1", 200, 1, "INVITE", true));
        send(710, response("c1", 200, 1, "INVITE", true));    // retransmitted 200
        send(1_000, invite("c1", 2, true));                   // re-INVITE (hold)
        send(1_500, invite("c1", 2, true));                   // its retransmission
        send(1_800, response("c1", 200, 2, "INVITE", true));
        send(2_000, invite("c1", 3, true));                   // re-INVITE (resume)
        send(3_000, request("BYE", "c1", 4, true, true));

        assertEquals(1, legs.size());
        assertEquals(2, legs.get(0).reinvites());
        assertEquals(T0, legs.get(0).startNs());
        assertEquals(T0 + 700 * MS, legs.get(0).connectNs());
        assertEquals(3, counters.value(SensorCounter.RETRANSMISSIONS));
    }

    @Test
    void shouldEndCancelledLegAtCancelWith487()
    {
        send(0, invite("c1", 1, false));
        send(40, response("c1", 180, 1, "INVITE", true));
        send(1_500, request("CANCEL", "c1", 1, false, true));
        send(1_502, response("c1", 200, 1, "CANCEL", true));
        send(1_503, response("c1", 487, 1, "INVITE", true));

        final CdrLeg leg = legs.get(0);
        assertEquals(487, leg.finalCode());
        assertEquals(EndReason.CANCEL, leg.endReason());
        assertEquals(T0 + 1_500 * MS, leg.endNs());
        assertEquals(T0 + 1_500 * MS, leg.cancelNs());
    }

    @Test
    void shouldEndFailedLegAtFinalResponse()
    {
        send(0, invite("c1", 1, false));
        send(60, response("c1", 486, 1, "INVITE", true));
        send(63, request("ACK", "c1", 1, true, true));
        assertEquals(486, legs.get(0).finalCode());
        assertEquals(EndReason.FINAL, legs.get(0).endReason());
        assertEquals(T0 + 60 * MS, legs.get(0).endNs());
    }

    @Test
    void shouldContinueSameLegAfterAuthenticationChallenge()
    {
        send(0, invite("c1", 1, false));
        send(20, response("c1", 407, 1, "INVITE", true));
        send(25, request("ACK", "c1", 1, true, true));
        assertTrue(legs.isEmpty(), "a 407 waits for the retried INVITE");
        send(45_000, invite("c1", 2, false));                 // 45 s later: a person typed a password
        send(45_700, response("c1", 200, 2, "INVITE", true));
        send(50_000, request("BYE", "c1", 3, true, true));

        assertEquals(1, legs.size());
        assertEquals(200, legs.get(0).finalCode());
        assertEquals(T0, legs.get(0).startNs());
        assertEquals(T0 + 45_700 * MS, legs.get(0).connectNs());
        assertEquals(0, legs.get(0).reinvites());
    }

    @Test
    void shouldCloseChallengedLegWithItsCodeWhenNoRetryComes()
    {
        send(0, invite("c1", 1, false));
        send(20, response("c1", 401, 1, "INVITE", true));
        tracker.tick(T0 + TimeUnit.SECONDS.toNanos(121));
        assertEquals(1, legs.size());
        assertEquals(401, legs.get(0).finalCode());
        assertEquals(T0 + 20 * MS, legs.get(0).endNs());
    }

    @Test
    void shouldCloseUnfinishedLegsAtTheirLastMessageWhenInputEnds()
    {
        send(0, invite("answered", 1, false));
        send(700, response("answered", 200, 1, "INVITE", true));
        send(703, request("ACK", "answered", 1, true, true));
        send(100, invite("ringing", 1, false));
        send(140, response("ringing", 180, 1, "INVITE", true));
        tracker.flush();

        assertEquals(2, legs.size());
        for (final CdrLeg leg : legs)
        {
            assertEquals(EndReason.TIMEOUT, leg.endReason());
        }
        final CdrLeg answered = legs.stream().filter(l -> l.callId().equals("answered")).findFirst().orElseThrow();
        final CdrLeg ringing = legs.stream().filter(l -> l.callId().equals("ringing")).findFirst().orElseThrow();
        assertEquals(T0 + 703 * MS, answered.endNs());
        assertEquals(T0 + 140 * MS, ringing.endNs());
        assertEquals(0, ringing.finalCode());
    }

    @Test
    void shouldCloseSilentUnansweredCallAfterInviteTimeout()
    {
        send(0, invite("c1", 1, false));
        send(40, response("c1", 180, 1, "INVITE", true));
        tracker.tick(T0 + TimeUnit.SECONDS.toNanos(299));
        assertTrue(legs.isEmpty());
        tracker.tick(T0 + TimeUnit.SECONDS.toNanos(301));
        assertEquals(1, legs.size());
        assertEquals(T0 + 40 * MS, legs.get(0).endNs());
    }

    @Test
    void shouldIgnoreByeAndOptionsWithoutInvite()
    {
        send(10, request("BYE", "other", 2, true, true));
        send(20, request("OPTIONS", "ping", 1, false, true));
        tracker.flush();
        assertTrue(legs.isEmpty());
        assertEquals(1, counters.value(SensorCounter.DIALOG_MESSAGES_WITHOUT_INVITE));
    }

    @Test
    void shouldStartLegAtReInviteOfCallWhoseStartWasNotCaptured()
    {
        send(0, invite("mid-call", 5, true));                    // the capture begins in the middle of the call
        send(1, invite("mid-call", 5, true));                    // its retransmission
        send(20, response("mid-call", 491, 5, "INVITE", true));  // a refused re-INVITE does not end the call
        send(40, invite("mid-call", 6, true));
        send(60, response("mid-call", 200, 6, "INVITE", true));
        send(3_000, request("BYE", "mid-call", 7, true, true));
        send(3_001, response("mid-call", 200, 7, "BYE", true));

        assertEquals(1, legs.size());
        final CdrLeg leg = legs.get(0);
        assertEquals("mid-call", leg.callId());
        assertTrue(leg.startNotCaptured());
        assertEquals(T0, leg.startNs());
        assertEquals(T0, leg.connectNs());
        assertEquals(T0 + 3_000 * MS, leg.endNs());
        assertEquals(EndReason.BYE, leg.endReason());
        assertEquals(0, leg.finalCode());
        assertEquals(2, leg.reinvites());
        assertEquals(1, counters.value(SensorCounter.CALLS_START_NOT_CAPTURED));
        assertEquals(0, counters.value(SensorCounter.DIALOG_MESSAGES_WITHOUT_INVITE));
    }

    @Test
    void shouldCloseMidCallLegWithoutByeAtItsLastMessage()
    {
        send(0, invite("mid-call", 5, true));
        send(50, response("mid-call", 200, 5, "INVITE", true));
        tracker.flush();

        assertEquals(1, legs.size());
        assertTrue(legs.get(0).startNotCaptured());
        assertEquals(EndReason.TIMEOUT, legs.get(0).endReason());
        assertEquals(T0 + 50 * MS, legs.get(0).endNs());
    }

    @Test
    void shouldNotFlagLegsWhoseInviteWasCaptured()
    {
        send(0, invite("c1", 1, false));
        send(700, response("c1", 200, 1, "INVITE", true));
        send(1_000, invite("c1", 2, true));
        tracker.flush();
        assertEquals(1, legs.size());
        assertTrue(!legs.get(0).startNotCaptured());
        assertEquals(0, counters.value(SensorCounter.CALLS_START_NOT_CAPTURED));
    }

    @Test
    void shouldNotStartNewLegForMessagesAfterLegEnded()
    {
        send(0, invite("c1", 1, false));
        send(700, response("c1", 200, 1, "INVITE", true));
        send(3_000, request("BYE", "c1", 2, true, true));
        send(3_500, request("BYE", "c1", 2, true, true));
        send(4_000, invite("c1", 1, false));
        tracker.flush();
        assertEquals(1, legs.size());
    }

    @Test
    void shouldCountCallsBeyondLimitAndNotTrackThem()
    {
        tracker = new CallTracker(new CallTrackerSettings(2, TimeUnit.SECONDS.toNanos(32),
            TimeUnit.SECONDS.toNanos(300), TimeUnit.SECONDS.toNanos(14_400), TimeUnit.SECONDS.toNanos(120)),
            counters, leg -> legs.add(copy(leg)));
        sip = new SipDatagramHandler(new int[]{5060}, 64, tracker, counters);
        send(0, invite("a", 1, false));
        send(1, invite("b", 1, false));
        send(2, invite("c", 1, false));
        tracker.flush();
        assertEquals(2, legs.size());
        assertEquals(1, counters.value(SensorCounter.CALLS_LIMIT_REACHED));
    }

    @Test
    void shouldTimeOutAnsweredCallAsSoonAsItBecomesFirstInLineEvenWhenItsDeadlineIsEarlier()
    {
        // Absolute timeout 10 s. "early" starts first but is answered after "late", so the answered list holds
        // late (deadline 11 s) before early (deadline 10 s). Once late ends, early is due at 10 s, not at 11 s.
        tracker = new CallTracker(new CallTrackerSettings(100, TimeUnit.SECONDS.toNanos(32),
            TimeUnit.SECONDS.toNanos(300), TimeUnit.SECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(120)),
            counters, leg -> legs.add(copy(leg)));
        sip = new SipDatagramHandler(new int[]{5060}, 64, tracker, counters);
        send(0, invite("early", 1, false));
        send(1_000, invite("late", 1, false));
        send(1_500, response("late", 200, 1, "INVITE", true));
        send(2_000, response("early", 200, 1, "INVITE", true));
        tracker.tick(T0 + TimeUnit.SECONDS.toNanos(5)); // a quiet moment: nothing is due yet
        send(6_000, request("BYE", "late", 2, true, true));
        assertEquals(1, legs.size());

        tracker.tick(T0 + TimeUnit.MILLISECONDS.toNanos(10_500));
        assertEquals(2, legs.size());
        assertEquals("early", legs.get(1).callId());
        assertEquals(EndReason.TIMEOUT, legs.get(1).endReason());
    }

    @Test
    void shouldReleaseEveryCallStateOnceLingerHasPassed()
    {
        for (int i = 0; i < 100; i++)
        {
            send(i, invite("c" + i, 1, false));
            send(i + 50, response("c" + i, 486, 1, "INVITE", true));
        }
        assertEquals(100, tracker.trackedCalls());
        tracker.tick(T0 + TimeUnit.SECONDS.toNanos(40));
        assertEquals(0, tracker.trackedCalls());
        assertEquals(100, legs.size());
    }

    private void send(final long atMs, final String message)
    {
        final byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        final PacketInfo info = new PacketInfo();
        info.timestampNs = T0 + atMs * MS;
        info.ipVersion = 4;
        info.sourceAddress[0] = 10;
        info.sourceAddress[3] = 1;
        info.destinationAddress[0] = 10;
        info.destinationAddress[3] = 2;
        info.sourcePort = 5060;
        info.destinationPort = 5060;
        sip.onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, info);
    }

    static String invite(final String callId, final int cseq, final boolean withToTag)
    {
        return "INVITE sip:0246654321@10.0.0.2 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK" + callId + cseq + "\r\n" +
            "From: \"Alice\" <sip:0605123456@10.0.0.1>;tag=caller\r\n" +
            "To: <sip:0246654321@10.0.0.2>" + (withToTag ? ";tag=callee" : "") + "\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: " + cseq + " INVITE\r\n" +
            "Content-Length: 0\r\n\r\n";
    }

    static String request(
        final String method, final String callId, final int cseq, final boolean withToTag, final boolean byCaller)
    {
        final String caller = "<sip:0605123456@10.0.0.1>;tag=caller";
        final String callee = "<sip:0246654321@10.0.0.2>" + (withToTag ? ";tag=callee" : "");
        return method + " sip:x@10.0.0.2 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK" + callId + method + cseq + "\r\n" +
            "From: " + (byCaller ? caller : callee) + "\r\n" +
            "To: " + (byCaller ? callee : caller) + "\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: " + cseq + " " + method + "\r\n" +
            "Content-Length: 0\r\n\r\n";
    }

    static String response(
        final String callId, final int status, final int cseq, final String method, final boolean withToTag)
    {
        return "SIP/2.0 " + status + " Whatever\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK" + callId + cseq + "\r\n" +
            "From: \"Alice\" <sip:0605123456@10.0.0.1>;tag=caller\r\n" +
            "To: <sip:0246654321@10.0.0.2>" + (withToTag ? ";tag=callee" : "") + "\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: " + cseq + " " + method + "\r\n" +
            "Content-Length: 0\r\n\r\n";
    }

    static CdrLeg copy(final CallState leg)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[io.sipsensor.journal.CdrRecordDescriptor.MAX_RECORD_LENGTH]);
        final int length = io.sipsensor.journal.CdrEncoder.encode(buffer, 0, 0, leg);
        final io.sipsensor.journal.CdrDecoder decoder = new io.sipsensor.journal.CdrDecoder();
        decoder.wrap(buffer, 0, length);
        return decoder.toLeg();
    }
}
