package io.sipsensor.call;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.net.PacketInfo;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.sipsensor.call.CallTrackerTest.invite;
import static io.sipsensor.call.CallTrackerTest.request;
import static io.sipsensor.call.CallTrackerTest.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * What live capture needs of the call tracker: leg events in progress (start, connect, end with one id), the
 * VoIPmonitor BYE timeouts, the open-calls gauge, and new timeouts on reload.
 */
class LiveCallTrackerTest
{
    private static final long T0 = 1_795_341_600_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    private final Counters counters = new Counters();
    private final List<String> events = new ArrayList<>();
    private CallTracker tracker;
    private SipDatagramHandler sip;

    private void track(final CallTrackerSettings settings)
    {
        tracker = new CallTracker(settings, counters, new LegListener()
        {
            @Override
            public void onStart(final CallState leg)
            {
                events.add("start " + Long.toHexString(leg.legId()) + " " + (leg.startNs() - T0) / MS);
            }

            @Override
            public void onConnect(final CallState leg)
            {
                events.add("connect " + Long.toHexString(leg.legId()) + " " + (leg.connectNs() - T0) / MS);
            }

            @Override
            public void onLeg(final CallState leg)
            {
                events.add("end " + Long.toHexString(leg.legId()) + " " + (leg.endNs() - T0) / MS + " " +
                    leg.finalCode());
            }
        }).legIdBase(7L << 40);
        sip = new SipDatagramHandler(new int[]{5060}, 64, tracker, counters);
    }

    private static CallTrackerSettings settings(final long inviteS, final long byeS, final long byeConfirmedS)
    {
        return new CallTrackerSettings(1000, 32 * S, inviteS * S, 14_400 * S, 120 * S, byeS * S, byeConfirmedS * S);
    }

    @Test
    void shouldReportStartConnectAndEndOfEachLegUnderOneId()
    {
        track(CallTrackerSettings.defaults());
        send(0, invite("a", 1, false));
        send(10, invite("b", 1, false));
        send(700, response("a", 200, 1, "INVITE", true));
        send(900, response("b", 486, 1, "INVITE", true));
        send(3_000, request("BYE", "a", 2, true, true));

        assertEquals(List.of("start 70000000001 0", "start 70000000002 10", "connect 70000000001 700",
            "end 70000000002 900 486", "end 70000000001 3000 200"), events);
    }

    @Test
    void shouldKeepTheCallIdForByeTimeoutWhenTheByeIsNotAnswered()
    {
        track(settings(300, 20, 5));
        send(0, invite("c1", 1, false));
        send(700, response("c1", 200, 1, "INVITE", true));
        send(3_000, request("BYE", "c1", 2, true, true));
        send(13_000, request("BYE", "c1", 2, true, true)); // retransmitted, absorbed
        assertEquals(1, tracker.trackedCalls());

        tracker.tick(T0 + 22_999 * MS);
        assertEquals(1, tracker.trackedCalls(), "20 s after the last message not yet over");
        tracker.tick(T0 + 33_001 * MS);
        assertEquals(0, tracker.trackedCalls());
        assertEquals(3, events.size(), "one leg: start, connect, end");
    }

    @Test
    void shouldKeepTheCallIdForByeConfirmedTimeoutOnceTheByeIsAnswered()
    {
        track(settings(300, 20, 5));
        send(0, invite("c1", 1, false));
        send(700, response("c1", 200, 1, "INVITE", true));
        send(3_000, request("BYE", "c1", 2, true, true));
        send(3_010, response("c1", 200, 2, "BYE", true));

        tracker.tick(T0 + 7_999 * MS);
        assertEquals(1, tracker.trackedCalls());
        tracker.tick(T0 + 8_011 * MS);
        assertEquals(0, tracker.trackedCalls());
        assertEquals("end 70000000001 3000 200", events.get(2), "the leg still ends at the BYE");
        assertEquals(0, counters.value(SensorCounter.RETRANSMISSIONS), "the BYE's 200 is no retransmission");
    }

    @Test
    void shouldUseNewTimeoutsForDeadlinesSetAfterAReload()
    {
        track(settings(300, 20, 5));
        tracker.settings(settings(10, 20, 5));
        send(0, invite("c1", 1, false));
        tracker.tick(T0 + 9 * S);
        assertEquals(1, events.size());
        tracker.tick(T0 + 11 * S);
        assertEquals("end 70000000001 0 0", events.get(1), "closed as timeout at its last message");
    }

    @Test
    void shouldGaugeCallsInProgress()
    {
        track(CallTrackerSettings.defaults());
        send(0, invite("a", 1, false));
        send(1, invite("b", 1, false));
        send(2, invite("c", 1, false));
        send(700, response("a", 486, 1, "INVITE", true));
        assertEquals(2, counters.value(SensorCounter.CALLS_ACTIVE));
        assertEquals(2, tracker.openCalls());
        tracker.flush();
        assertEquals(0, counters.value(SensorCounter.CALLS_ACTIVE));
        assertNotEquals(0, counters.value(SensorCounter.LEGS_COMPLETED));
    }

    private void send(final long atMs, final String message)
    {
        final byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        final PacketInfo info = new PacketInfo();
        info.timestampNs = T0 + atMs * MS;
        info.ipVersion = 4;
        info.sourcePort = 5060;
        info.destinationPort = 5060;
        sip.onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, info);
    }
}
