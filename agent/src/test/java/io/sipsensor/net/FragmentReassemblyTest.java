package io.sipsensor.net;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.sipsensor.net.TestFrames.ascii;
import static io.sipsensor.net.TestFrames.buffer;
import static io.sipsensor.net.TestFrames.concat;
import static io.sipsensor.net.TestFrames.hex;
import static io.sipsensor.net.TestFrames.ipv4Header;
import static io.sipsensor.net.TestFrames.ipv6Header;
import static io.sipsensor.net.TestFrames.u16;
import static io.sipsensor.net.TestFrames.u32;
import static io.sipsensor.net.TestFrames.udp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FragmentReassemblyTest
{
    private static final long SECOND = 1_000_000_000L;

    private final Counters counters = new Counters();
    private final DatagramRecorder recorder = new DatagramRecorder();
    private PacketDecoder decoder = new PacketDecoder(recorder, counters);

    @Test
    void shouldReassembleIpv4FragmentsInOrder()
    {
        final byte[] payload = sipPayload(3000);
        final byte[] datagram = udp(5060, 5060, payload);

        decode(fragment4(7, datagram, 0, 1480, true), 1);
        decode(fragment4(7, datagram, 1480, 1480, true), 2);
        assertEquals(0, recorder.count());
        decode(fragment4(7, datagram, 2960, datagram.length - 2960, false), 3);

        assertArrayEquals(payload, recorder.only().payload());
        assertEquals(3, counters.value(SensorCounter.FRAGMENTS));
        assertEquals(1, counters.value(SensorCounter.FRAGMENTS_REASSEMBLED));
        assertEquals(0, decoder.pendingFragmentedDatagrams());
    }

    @Test
    void shouldReassembleOutOfOrderAndStampWithTimeOfCompletingFrame()
    {
        final byte[] payload = sipPayload(3000);
        final byte[] datagram = udp(5060, 5060, payload);

        decode(fragment4(7, datagram, 2960, datagram.length - 2960, false), 10);
        decode(fragment4(7, datagram, 0, 1480, true), 11);
        decode(fragment4(7, datagram, 1480, 1480, true), 12);

        assertArrayEquals(payload, recorder.only().payload());
        assertEquals(12, recorder.only().timestampNs());
        assertEquals("10.77.6.1", recorder.only().source());
    }

    @Test
    void shouldCountDuplicateFragmentAndDeliverOnce()
    {
        final byte[] datagram = udp(5060, 5060, sipPayload(2000));

        decode(fragment4(9, datagram, 0, 1480, true), 1);
        decode(fragment4(9, datagram, 0, 1480, true), 2);
        decode(fragment4(9, datagram, 1480, datagram.length - 1480, false), 3);

        assertEquals(1, recorder.count());
        assertEquals(1, counters.value(SensorCounter.FRAGMENTS_DUPLICATE));
    }

    @Test
    void shouldKeepBytesThatArrivedFirstWhereFragmentsOverlap()
    {
        // 24 bytes of UDP: the first fragment brings [0, 16), the second [8, 24) with other bytes in [8, 16).
        final byte[] first = concat(hex("13 c4 13 c4 00 18 00 00"), ascii("AAAAAAAA"));
        final byte[] second = ascii("BBBBBBBBCCCCCCCC");

        decode(concat(ipv4Header(20 + 16, 5, 0x2000, 17, "10.77.6.1", "10.77.6.2"), first), 1);
        decode(concat(ipv4Header(20 + 16, 5, 1, 17, "10.77.6.1", "10.77.6.2"), second), 2);

        assertEquals("AAAAAAAACCCCCCCC", recorder.only().text());
        assertEquals(1, counters.value(SensorCounter.FRAGMENTS_OVERLAPPING));
    }

    @Test
    void shouldRefuseInvalidFragmentsAndStillCompleteFromValidOnes()
    {
        final byte[] datagram = udp(5060, 5060, sipPayload(1500));

        decode(fragment4(3, datagram, 0, 1001, true), 1);              // not a multiple of 8, not last
        decode(concat(ipv4Header(20 + 16, 3, 0x2000 | 8191, 17, "10.77.6.1", "10.77.6.2"), new byte[16]), 1);
        decode(fragment4(3, datagram, 1000, datagram.length - 1000, false), 2);
        decode(fragment4(3, datagram, 1000, 8, false), 3);            // a second, different end
        decode(fragment4(3, datagram, 0, 1000, true), 4);

        assertEquals(3, counters.value(SensorCounter.FRAGMENTS_DROPPED_INVALID));
        assertArrayEquals(datagram, concat(hex("13 c4 13 c4"), u16(datagram.length), hex("00 00"),
            recorder.only().payload()));
    }

    @Test
    void shouldTimeOutIncompleteDatagramAfterThirtySecondsOfCaptureTime()
    {
        final byte[] datagram = udp(5060, 5060, sipPayload(2000));
        final byte[] unrelated = concat(ipv4Header(28, 1, 0, 17, "192.0.2.1", "192.0.2.2"), hex("00 01 00 02 00 08 00 00"));

        decode(fragment4(11, datagram, 0, 1480, true), 100 * SECOND);
        decode(unrelated, 130 * SECOND - 1);
        assertEquals(1, decoder.pendingFragmentedDatagrams());
        decode(unrelated, 130 * SECOND);

        assertEquals(0, decoder.pendingFragmentedDatagrams());
        assertEquals(1, counters.value(SensorCounter.FRAGMENTS_TIMED_OUT));
        decode(fragment4(11, datagram, 1480, datagram.length - 1480, false), 131 * SECOND);
        assertEquals(2, recorder.count(), "only the two unrelated datagrams");
        assertEquals(1, decoder.pendingFragmentedDatagrams(), "the late fragment waits on its own");
    }

    @Test
    void shouldUseConfiguredTimeout()
    {
        decoder = new PacketDecoder(recorder, counters, new ReassemblySettings().timeoutNs(2 * SECOND));
        final byte[] datagram = udp(5060, 5060, sipPayload(2000));

        decode(fragment4(11, datagram, 0, 1480, true), 0);
        decoder.expireFragments(2 * SECOND);

        assertEquals(1, counters.value(SensorCounter.FRAGMENTS_TIMED_OUT));
    }

    @Test
    void shouldAbandonOldestDatagramWhenAllContextsAreBusy()
    {
        decoder = new PacketDecoder(recorder, counters, new ReassemblySettings().maxDatagrams(2));
        final byte[] datagram = udp(5060, 5060, sipPayload(2000));

        decode(fragment4(1, datagram, 0, 1480, true), 1);
        decode(fragment4(2, datagram, 0, 1480, true), 2);
        decode(fragment4(3, datagram, 0, 1480, true), 3);
        assertEquals(1, counters.value(SensorCounter.FRAGMENTS_DROPPED_NO_MEMORY));

        decode(fragment4(2, datagram, 1480, datagram.length - 1480, false), 4);
        decode(fragment4(3, datagram, 1480, datagram.length - 1480, false), 5);
        decode(fragment4(1, datagram, 1480, datagram.length - 1480, false), 6);

        assertEquals(2, recorder.count());
        assertEquals(1, decoder.pendingFragmentedDatagrams(), "datagram 1 lost its first fragment");
    }

    @Test
    void shouldAbandonOldestDatagramsWhenFragmentMemoryRunsOut()
    {
        // 4 blocks of 1 KiB: each 1480-byte first fragment needs 2.
        decoder = new PacketDecoder(recorder, counters,
            new ReassemblySettings().memoryBytes(4096).blockBytes(1024));
        final byte[] datagram = udp(5060, 5060, sipPayload(1600));

        decode(fragment4(1, datagram, 0, 1480, true), 1);
        decode(fragment4(2, datagram, 0, 1480, true), 2);
        decode(fragment4(3, datagram, 0, 1480, true), 3);
        decode(fragment4(2, datagram, 1480, datagram.length - 1480, false), 4);
        decode(fragment4(3, datagram, 1480, datagram.length - 1480, false), 5);

        assertEquals(2, recorder.count());
        assertEquals(1, counters.value(SensorCounter.FRAGMENTS_DROPPED_NO_MEMORY));
    }

    @Test
    void shouldAbandonDatagramLargerThanAllFragmentMemory()
    {
        decoder = new PacketDecoder(recorder, counters, new ReassemblySettings().memoryBytes(2048).blockBytes(1024));
        final byte[] datagram = udp(5060, 5060, sipPayload(4000));

        decode(fragment4(1, datagram, 0, 1480, true), 1);
        decode(fragment4(1, datagram, 1480, 1480, true), 2);

        assertEquals(1, counters.value(SensorCounter.FRAGMENTS_DROPPED_NO_MEMORY));
        assertEquals(0, decoder.pendingFragmentedDatagrams());
    }

    @Test
    void shouldKeepDatagramsWithDifferentKeysApart()
    {
        final byte[] a = udp(1, 1, sipPayload(1600));
        final byte[] b = udp(2, 2, sipPayload(1700));

        // Same identification 42: one from another source, one with another protocol number (never completes UDP).
        decode(fragment4(42, a, 0, 1480, true, "10.0.0.1"), 1);
        decode(fragment4(42, b, 0, 1480, true, "10.0.0.2"), 2);
        decode(concat(ipv4Header(20 + 8, 42, 185, 6, "10.0.0.1", "10.77.6.2"), new byte[8]), 3);
        decode(fragment4(42, b, 1480, b.length - 1480, false, "10.0.0.2"), 4);
        decode(fragment4(42, a, 1480, a.length - 1480, false, "10.0.0.1"), 5);

        assertEquals(2, recorder.count());
        assertEquals(2, recorder.datagrams.get(0).sourcePort());
        assertEquals(1, recorder.datagrams.get(1).sourcePort());
        assertEquals(1, decoder.pendingFragmentedDatagrams(), "the TCP-numbered fragment waits alone");
    }

    @Test
    void shouldDropFragmentCutBySnapLength()
    {
        final byte[] datagram = udp(5060, 5060, sipPayload(2000));
        final byte[] first = fragment4(5, datagram, 0, 1480, true);

        decoder.onPacket(LinkType.RAW, buffer(first), 0, 200, first.length, 1);

        assertEquals(1, counters.value(SensorCounter.FRAGMENTS_DROPPED_TRUNCATED));
        assertEquals(0, decoder.pendingFragmentedDatagrams());
    }

    @Test
    void shouldReassembleIpv6FragmentsOutOfOrderIncludingHeadersAfterFragmentHeader()
    {
        // The fragmentable part starts with a Destination Options header, then UDP.
        final byte[] payload = sipPayload(2500);
        final byte[] fragmentable = concat(hex("11 00 01 04 00 00 00 00"), udp(5060, 5080, payload));
        final int firstLength = 1232;

        final byte[] second = fragment6(0xabcdef01, fragmentable, firstLength, fragmentable.length - firstLength, false);
        final byte[] first = fragment6(0xabcdef01, fragmentable, 0, firstLength, true);
        decode(second, 1);
        decode(first, 2);

        assertArrayEquals(payload, recorder.only().payload());
        assertEquals(5080, recorder.only().destinationPort());
        assertEquals("2001:db8::1", recorder.only().source());
        assertEquals(2, recorder.only().timestampNs());
    }

    @Test
    void shouldReassembleIpv6FragmentAfterHopByHopHeader()
    {
        final byte[] datagram = udp(5060, 5060, sipPayload(1500));
        final byte[] hopByHop = hex("2c 00 01 04 00 00 00 00");
        for (final boolean last : new boolean[]{false, true})
        {
            final int from = last ? 1232 : 0;
            final int length = last ? datagram.length - 1232 : 1232;
            final byte[] fragmentHeader = concat(hex("11 00"), u16(from | (last ? 0 : 1)), u32(99));
            final byte[] body = concat(hopByHop, fragmentHeader, Arrays.copyOfRange(datagram, from, from + length));
            decode(concat(ipv6Header(body.length, 0, "2001:db8::1", "2001:db8::2"), body), 1);
        }

        assertEquals(1, recorder.count());
    }

    @Test
    void shouldReturnAllMemoryAfterManyDatagrams()
    {
        final Counters ownCounters = new Counters();
        final ReassemblySettings settings = new ReassemblySettings().maxDatagrams(8).memoryBytes(64 * 1024);
        final FragmentReassembler reassembler = new FragmentReassembler(settings, new DecodeCounters(ownCounters));
        final int allBlocks = reassembler.freeBlocks();
        final UnsafeBuffer data = new UnsafeBuffer(new byte[3000]);

        for (int i = 0; i < 10_000; i++)
        {
            reassembler.keyIpv4(0x0a000001, 0x0a000002, i & 0xFFFF, 17);
            reassembler.offer(1480, false, data, 0, 1000, i);
            reassembler.keyIpv4(0x0a000001, 0x0a000002, i & 0xFFFF, 17);
            assertEquals(FragmentReassembler.COMPLETE, reassembler.offer(0, true, data, 0, 1480, i));
            assertEquals(2480, reassembler.datagramLength());
        }

        assertEquals(allBlocks, reassembler.freeBlocks());
        assertEquals(0, reassembler.pendingDatagrams());
        assertEquals(10_000, ownCounters.value(SensorCounter.FRAGMENTS_REASSEMBLED));
    }

    @Test
    void shouldRejectUnusableSettingsWithClearMessage()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new ReassemblySettings().blockBytes(1000).validate());

        assertFalse(ex.getMessage().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new ReassemblySettings().maxDatagramBytes(70_000).validate());
        assertThrows(IllegalArgumentException.class, () -> new ReassemblySettings().maxDatagrams(0).validate());
        assertThrows(IllegalArgumentException.class, () -> new ReassemblySettings().timeoutNs(0).validate());
    }

    static byte[] sipPayload(final int length)
    {
        final byte[] payload = new byte[length];
        final byte[] line = ascii("a=rtpmap:0 PCMU/8000\r\n");
        for (int i = 0; i < length; i++)
        {
            payload[i] = line[i % line.length];
        }
        return payload;
    }

    private static byte[] fragment4(final int id, final byte[] datagram, final int from, final int length,
        final boolean more)
    {
        return fragment4(id, datagram, from, length, more, "10.77.6.1");
    }

    private static byte[] fragment4(final int id, final byte[] datagram, final int from, final int length,
        final boolean more, final String source)
    {
        final byte[] data = Arrays.copyOfRange(datagram, from, Math.min(from + length, datagram.length));
        final byte[] padded = data.length == length ? data : Arrays.copyOf(data, length);
        return concat(ipv4Header(20 + length, id, (more ? 0x2000 : 0) | (from >>> 3), 17, source, "10.77.6.2"), padded);
    }

    private static byte[] fragment6(final int id, final byte[] fragmentable, final int from, final int length,
        final boolean more)
    {
        final byte[] fragmentHeader = concat(hex("3c 00"), u16(from | (more ? 1 : 0)), u32(id));
        final byte[] body = concat(fragmentHeader, Arrays.copyOfRange(fragmentable, from, from + length));
        return concat(ipv6Header(body.length, 44, "2001:db8::1", "2001:db8::2"), body);
    }

    private void decode(final byte[] packet, final long timestampNs)
    {
        decoder.onPacket(LinkType.RAW, buffer(packet), 0, packet.length, packet.length, timestampNs);
    }
}
