package io.sipsensor.cli;

import io.sipsensor.call.CallTracker;
import io.sipsensor.call.CallTrackerSettings;
import io.sipsensor.call.EndReason;
import io.sipsensor.call.SavedCalls;
import io.sipsensor.call.SipDatagramHandler;
import io.sipsensor.capture.LinkType;
import io.sipsensor.capture.PcapWriter;
import io.sipsensor.journal.CdrLeg;
import io.sipsensor.net.PacketInfo;
import io.sipsensor.spool.Spool;
import io.sipsensor.status.Counters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run over capture files on a spool holding calls a live run saved at its stop: a later file continuing them ends
 * them at their real BYE, and one it does not continue within the restore window ends at the stop instant
 * (shutdown); a file from before the stop leaves them saved for the next live start. A damaged file is set aside
 * in one line and its readable calls end as shutdown.
 */
class OfflineSavedCallsTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_795_343_581_000_000_000L;
    private static final long STOP_NS = T0 + 10 * SECOND;

    @TempDir
    Path work;

    @Test
    void shouldContinueSavedCallsInALaterFile() throws IOException
    {
        final Path spool = work.resolve("spool");
        saveTwoAnsweredCalls(spool);
        final Path capture = work.resolve("later.pcap");
        try (PcapWriter writer = PcapWriter.create(capture, LinkType.ETHERNET, true, false))
        {
            writer.write(LongCallIdTest.frame(LongCallIdTest.call("call-a", "0605000001", "0246000001", true)
                .get(2), true), T0 + 20 * SECOND); // call-a's BYE
            final List<String> other = LongCallIdTest.call("call-c", "0605000003", "0246000003", true);
            writer.write(LongCallIdTest.frame(other.get(0), true), T0 + 21 * SECOND);
            writer.write(LongCallIdTest.frame(other.get(1), false), T0 + 22 * SECOND);
            writer.write(LongCallIdTest.frame(other.get(2), true), T0 + 50 * SECOND); // past call-b's window
        }
        final Path config = work.resolve("sensor.conf");
        Files.writeString(config, "calls_restore_window = 30\n", StandardCharsets.UTF_8);
        final Corpus.Result run = Corpus.run("-r", capture.toString(), "--spool", spool.toString(), "--config-file",
            config.toString(), "--progress", "none");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("sipsensor: continuing 2 calls in progress saved at "), run.err());
        assertEquals(3L, Corpus.number(run.json().get("legs_total")), run.out());

        final Map<String, CdrLeg> legs = byCallId(spool);
        assertEquals(EndReason.BYE, legs.get("call-a").endReason());
        assertEquals(T0, legs.get("call-a").startNs());
        assertEquals(T0 + 20 * SECOND, legs.get("call-a").endNs());
        assertEquals(EndReason.SHUTDOWN, legs.get("call-b").endReason());
        assertEquals(STOP_NS, legs.get("call-b").endNs(), "ends at the stop instant, not at its last SIP message");
        assertEquals(EndReason.BYE, legs.get("call-c").endReason());
        assertEquals(0, SavedCalls.read(new Spool(spool).savedCalls()).count(), "nothing left to continue");
    }

    @Test
    void shouldLeaveSavedCallsForTheNextLiveStartWhenTheFileIsEarlier() throws IOException
    {
        final Path spool = work.resolve("spool");
        saveTwoAnsweredCalls(spool);
        final Path capture = work.resolve("earlier.pcap");
        try (PcapWriter writer = PcapWriter.create(capture, LinkType.ETHERNET, true, false))
        {
            final List<String> other = LongCallIdTest.call("call-c", "0605000003", "0246000003", true);
            for (int i = 0; i < other.size(); i++)
            {
                writer.write(LongCallIdTest.frame(other.get(i), i != 1), T0 - 3_600 * SECOND + i * SECOND);
            }
        }
        final Corpus.Result run = Corpus.run("-r", capture.toString(), "--spool", spool.toString(), "--progress",
            "none");
        assertEquals(0, run.status(), run.err());
        assertEquals(1L, Corpus.number(run.json().get("legs_total")), run.out());
        assertTrue(run.err().contains("sipsensor: 2 saved calls in progress were not seen in this input; they stay " +
            "saved for the next live start"), run.err());
        final SavedCalls.Loaded left = SavedCalls.read(new Spool(spool).savedCalls());
        assertTrue(left.sound(), left.damage());
        assertEquals(2, left.count());
    }

    @Test
    void shouldSetADamagedFileAsideAndEndItsReadableCallsAtTheirStop() throws IOException
    {
        final Path spool = work.resolve("spool");
        saveTwoAnsweredCalls(spool);
        final Path file = new Spool(spool).savedCalls();
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 10] ^= 0x40; // inside the last entry
        Files.write(file, bytes);
        final Path capture = work.resolve("earlier.pcap");
        try (PcapWriter writer = PcapWriter.create(capture, LinkType.ETHERNET, true, false))
        {
            final List<String> other = LongCallIdTest.call("call-c", "0605000003", "0246000003", true);
            for (int i = 0; i < other.size(); i++)
            {
                writer.write(LongCallIdTest.frame(other.get(i), i != 1), T0 - 3_600 * SECOND + i * SECOND);
            }
        }
        final Corpus.Result run = Corpus.run("-r", capture.toString(), "--spool", spool.toString(), "--progress",
            "none");
        assertEquals(0, run.status(), run.err());
        final List<String> lines = run.err().lines().filter(line -> line.contains("saved calls")).toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).matches("sipsensor: the saved calls in progress .* cannot be used: 1 of its 2 " +
            "entries are damaged or missing; set aside as .*in-progress\\.set-aside-\\d+; the 1 calls still " +
            "readable end at their stop instant \\(end reason shutdown\\)"), lines.get(0));
        try (java.util.stream.Stream<Path> files = Files.list(file.getParent()))
        {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("in-progress.set-aside-")).count());
        }
        final SavedCalls.Loaded after = SavedCalls.read(file);
        assertTrue(after == null || after.count() == 0, "its calls are not continued again");
        final Map<String, CdrLeg> legs = byCallId(spool);
        assertEquals(2, legs.size(), legs.keySet().toString());
        assertEquals(EndReason.SHUTDOWN, legs.get("call-a").endReason());
        assertEquals(STOP_NS, legs.get("call-a").endNs());
    }

    /**
     * What a live run stopped at {@link #STOP_NS} saves: call-a and call-b, both answered and in progress.
     */
    private static void saveTwoAnsweredCalls(final Path spool) throws IOException
    {
        final Counters counters = new Counters();
        final CallTracker tracker = new CallTracker(CallTrackerSettings.defaults(), counters, leg -> { });
        final SipDatagramHandler sip = new SipDatagramHandler(new int[]{5060}, 64, tracker, counters);
        final List<String> a = LongCallIdTest.call("call-a", "0605000001", "0246000001", true);
        final List<String> b = LongCallIdTest.call("call-b", "0605000002", "0246000002", true);
        send(sip, a.get(0), T0);
        send(sip, a.get(1), T0 + SECOND);
        send(sip, b.get(0), T0 + 2 * SECOND);
        send(sip, b.get(1), T0 + 3 * SECOND);
        final SavedCalls save = new SavedCalls();
        assertEquals(2, tracker.saveOpenCalls(save, SavedCalls.KIND_STOP, STOP_NS, 0));
        save.writeTo(new Spool(spool).savedCalls());
    }

    private static void send(final SipDatagramHandler sip, final String message, final long timeNs)
    {
        final byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        final PacketInfo info = new PacketInfo();
        info.timestampNs = timeNs;
        info.ipVersion = 4;
        info.sourcePort = 5060;
        info.destinationPort = 5060;
        sip.onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, info);
    }

    private static Map<String, CdrLeg> byCallId(final Path spool)
    {
        final Map<String, CdrLeg> legs = new TreeMap<>();
        for (final CdrLeg leg : LiveNetwork.journaledLegs(spool))
        {
            legs.put(leg.callId(), leg);
        }
        return legs;
    }
}
