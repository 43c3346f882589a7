package io.sipsensor.call;

import io.sipsensor.journal.CdrLeg;
import io.sipsensor.net.PacketInfo;
import io.sipsensor.status.Counters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.sipsensor.call.CallTrackerTest.invite;
import static io.sipsensor.call.CallTrackerTest.request;
import static io.sipsensor.call.CallTrackerTest.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls in progress saved to a real file by one tracker and restored into another: a call seen again ends at its
 * real BYE with its original start and leg id, one not seen again within the window ends at the stop instant with
 * end reason shutdown, never at its last SIP message; damaged and other-version files are told apart.
 */
class SavedCallsTest
{
    private static final long T0 = 1_795_341_600_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long WINDOW_NS = TimeUnit.SECONDS.toNanos(60);
    private static final String LONG_ID = "long-" + "x".repeat(300);

    private final Counters counters = new Counters();
    private final List<CdrLeg> firstLegs = new ArrayList<>();
    private final List<CdrLeg> secondLegs = new ArrayList<>();
    private final List<String> started = new ArrayList<>();
    private final List<Long> secondLegIds = new ArrayList<>();
    private final CallTracker first = tracker(firstLegs, new ArrayList<>(), new ArrayList<>());
    private final CallTracker second = tracker(secondLegs, started, secondLegIds);

    @Test
    void shouldContinueSavedCallsToTheirRealByeAfterARestart(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("calls").resolve("in-progress");
        answeredCall(first, "c1", 0);
        answeredCall(first, LONG_ID, 10);
        send(first, 20, invite("ringing", 1, false)); // still ringing at the stop
        send(first, 30, invite("done", 1, false));
        send(first, 40, response("done", 486, 1, "INVITE", true));
        assertEquals(1, firstLegs.size());
        final long firstLegId = legIdOf(first, "c1");

        final SavedCalls save = new SavedCalls();
        final long stopNs = T0 + 5_000 * MS;
        assertEquals(3, first.saveOpenCalls(save, SavedCalls.KIND_STOP, stopNs, 7));
        save.writeTo(file);
        first.suspend();
        assertEquals(1, firstLegs.size(), "saved calls are forgotten without a leg");
        assertEquals(0, first.openCalls());

        final SavedCalls.Loaded loaded = SavedCalls.read(file);
        assertTrue(loaded.sound(), loaded.damage());
        assertEquals(stopNs, loaded.writtenAtNs());
        assertEquals(3, second.restore(loaded, T0 + 9_000 * MS, WINDOW_NS));
        assertEquals(3, second.openCalls());
        assertEquals(java.util.Set.of("c1", LONG_ID, "ringing"), new java.util.HashSet<>(started),
            "each restored call's start goes to the listener (the live channel gauge)");

        send(second, 20_000, request("BYE", "c1", 2, true, true));
        send(second, 20_001, request("BYE", LONG_ID, 2, true, false));
        assertEquals(2, secondLegs.size());
        final CdrLeg c1 = secondLegs.get(0);
        assertEquals("c1", c1.callId());
        assertEquals(T0, c1.startNs());
        assertEquals(T0 + 700 * MS, c1.connectNs());
        assertEquals(T0 + 20_000 * MS, c1.endNs());
        assertEquals(EndReason.BYE, c1.endReason());
        assertEquals("caller", c1.byeByName());
        assertEquals("0605123456", c1.caller());
        assertEquals(firstLegId, secondLegIds.get(0), "the leg keeps its id (the live gauge's key)");
        final CdrLeg longLeg = secondLegs.get(1);
        assertEquals(LONG_ID, longLeg.callId(), "a long Call-ID is saved whole");
        assertEquals("callee", longLeg.byeByName());

        // the ringing call is not seen again: it ends at the stop instant once the window has passed
        second.tick(T0 + 9_000 * MS + WINDOW_NS - MS);
        assertEquals(2, secondLegs.size());
        second.tick(T0 + 9_000 * MS + WINDOW_NS);
        assertEquals(3, secondLegs.size());
        final CdrLeg ringing = secondLegs.get(2);
        assertEquals("ringing", ringing.callId());
        assertEquals(EndReason.SHUTDOWN, ringing.endReason());
        assertEquals(stopNs, ringing.endNs(), "ends at the stop instant, not at its last SIP message");
        assertEquals(0, second.openCalls());
    }

    @Test
    void shouldCheckpointWithoutAllocatingOnceTheBufferHasGrown()
    {
        for (int i = 0; i < 2_000; i++)
        {
            answeredCall(first, "call-" + i + (i % 10 == 0 ? "-" + "y".repeat(200) : ""), i);
        }
        final SavedCalls save = new SavedCalls();
        for (int i = 0; i < 200; i++)
        {
            first.saveOpenCalls(save, SavedCalls.KIND_CHECKPOINT, T0 + i, 0);
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        int saved = 0;
        for (int i = 0; i < 200; i++)
        {
            saved += first.saveOpenCalls(save, SavedCalls.KIND_CHECKPOINT, T0 + i, 0);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(200 * 2_000, saved);
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 200 checkpoints of 2,000 calls");
    }

    @Test
    void shouldGiveNewLegIdsAfterTheRestoredOnes(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("in-progress");
        answeredCall(first, "a", 0);
        answeredCall(first, "b", 1);
        final SavedCalls save = new SavedCalls();
        first.saveOpenCalls(save, SavedCalls.KIND_CHECKPOINT, T0 + 2_000 * MS, 0);
        save.writeTo(file);
        second.restore(SavedCalls.read(file), T0 + 3_000 * MS, WINDOW_NS);
        send(second, 4_000, invite("new", 1, false));
        send(second, 4_100, request("BYE", "new", 2, true, true));
        send(second, 4_200, request("BYE", "a", 2, true, true));
        send(second, 4_300, request("BYE", "b", 2, true, true));
        assertEquals(3, secondLegIds.stream().distinct().count());
    }

    @Test
    void shouldKeepTheRestoredStopInstantWhenSavedAgainUnseen(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("in-progress");
        answeredCall(first, "c1", 0);
        final SavedCalls save = new SavedCalls();
        final long firstStop = T0 + 2_000 * MS;
        first.saveOpenCalls(save, SavedCalls.KIND_STOP, firstStop, 0);
        save.writeTo(file);
        second.restore(SavedCalls.read(file), T0 + 3_000 * MS, WINDOW_NS);
        second.tick(T0 + 4_000 * MS);
        assertEquals(1, second.saveOpenCalls(save, SavedCalls.KIND_STOP, T0 + 5_000 * MS, 0));
        save.writeTo(file);

        final List<CdrLeg> third = new ArrayList<>();
        final CallTracker tracker = tracker(third, new ArrayList<>(), new ArrayList<>());
        tracker.restore(SavedCalls.read(file), T0 + 6_000 * MS, 0);
        tracker.tick(T0 + 6_000 * MS);
        assertEquals(1, third.size());
        assertEquals(firstStop, third.get(0).endNs(), "the instant the call was last known in progress");
    }

    @Test
    void shouldTellADamagedFileAndKeepItsSoundEntries(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("in-progress");
        answeredCall(first, "a", 0);
        answeredCall(first, "b", 1);
        final SavedCalls save = new SavedCalls();
        first.saveOpenCalls(save, SavedCalls.KIND_STOP, T0 + 2_000 * MS, 0);
        save.writeTo(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            // flip a byte inside the first entry's record
            channel.write(java.nio.ByteBuffer.wrap(new byte[]{(byte)0x5A}), SavedCalls.HEADER_LENGTH + 20);
        }
        final SavedCalls.Loaded loaded = SavedCalls.read(file);
        assertFalse(loaded.sound());
        assertEquals(1, loaded.count());
        assertTrue(loaded.damage().contains("1 of its 2 entries"), loaded.damage());

        Files.write(file, new byte[]{1, 2, 3});
        assertEquals("it is not a saved-calls file or is cut short", SavedCalls.read(file).damage());
        assertNull(SavedCalls.read(dir.resolve("missing")));
    }

    @Test
    void shouldTellAFileOfAnotherVersion(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("in-progress");
        answeredCall(first, "a", 0);
        final SavedCalls save = new SavedCalls();
        first.saveOpenCalls(save, SavedCalls.KIND_STOP, T0 + 2_000 * MS, 0);
        save.writeTo(file);
        final byte[] bytes = Files.readAllBytes(file);
        new UnsafeBuffer(bytes).putInt(8, SavedCalls.VERSION + 1, SavedCalls.ORDER);
        Files.write(file, bytes);
        final SavedCalls.Loaded loaded = SavedCalls.read(file);
        assertNotNull(loaded.damage());
        assertTrue(loaded.damage().startsWith("it is of another version"), loaded.damage());
        assertEquals(0, loaded.count());
    }

    private CallTracker tracker(final List<CdrLeg> legs, final List<String> starts, final List<Long> ids)
    {
        return new CallTracker(CallTrackerSettings.defaults(), counters, new LegListener()
        {
            @Override
            public void onLeg(final CallState leg)
            {
                legs.add(CallTrackerTest.copy(leg));
                ids.add(leg.legId());
            }

            @Override
            public void onStart(final CallState leg)
            {
                starts.add(new String(leg.callIdBytes(), 0, leg.callIdLength(), StandardCharsets.US_ASCII));
            }
        });
    }

    private static void answeredCall(final CallTracker tracker, final String callId, final long atMs)
    {
        send(tracker, atMs, invite(callId, 1, false));
        send(tracker, atMs + 700, response(callId, 200, 1, "INVITE", true));
        send(tracker, atMs + 703, request("ACK", callId, 1, true, true));
    }

    private static long legIdOf(final CallTracker tracker, final String callId)
    {
        final SavedCalls save = new SavedCalls();
        tracker.saveOpenCalls(save, SavedCalls.KIND_CHECKPOINT, T0, 0);
        final long[] id = {-1};
        save.forEach(new CallState(), leg ->
        {
            if (new String(leg.text(), 0, leg.callIdLength(), StandardCharsets.US_ASCII).equals(callId))
            {
                id[0] = leg.legId();
            }
        });
        return id[0];
    }

    private static void send(final CallTracker tracker, final long atMs, final String message)
    {
        final byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        final PacketInfo info = new PacketInfo();
        info.timestampNs = T0 + atMs * MS;
        info.ipVersion = 4;
        info.sourceAddress[0] = 10;
        info.destinationAddress[0] = 10;
        info.sourcePort = 5060;
        info.destinationPort = 5060;
        new SipDatagramHandler(new int[]{5060}, 64, tracker, new Counters())
            .onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, info);
    }
}
