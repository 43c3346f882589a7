package io.sipsensor.net;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.sipsensor.net.TestFrames.concat;
import static io.sipsensor.net.TestFrames.hex;
import static io.sipsensor.net.TestFrames.u16;
import static io.sipsensor.net.TunnelFrames.SIP;
import static io.sipsensor.net.TunnelFrames.outerUdp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HEP v3 built byte by byte: {@code "HEP3"}, a 16-bit total length, then chunks of
 * {@code | vendor (16) | type (16) | length (16, header included) | value |}, all big-endian.
 */
class HepDecodingTest
{
    private static final byte[] FAMILY_IPV4 = chunk(1, "02");
    private static final byte[] PROTOCOL_UDP = chunk(2, "11");
    private static final byte[] SOURCE_IPV4 = chunk(3, "c0 00 02 0a");          // 192.0.2.10
    private static final byte[] DESTINATION_IPV4 = chunk(4, "c0 00 02 14");     // 192.0.2.20
    private static final byte[] SOURCE_PORT = chunk(7, "13 c4");                // 5060
    private static final byte[] DESTINATION_PORT = chunk(8, "13 c5");           // 5061
    private static final byte[] SECONDS = chunk(9, "65 3a 1b 40");              // 1698306880
    private static final byte[] MICROSECONDS = chunk(10, "00 01 e2 40");        // 123456
    private static final byte[] TYPE_SIP = chunk(11, "01");
    private static final byte[] AGENT = chunk(12, "00 00 07 d1");               // 2001
    private static final byte[] PAYLOAD = concat(hex("00 00 00 0f"), u16(6 + SIP.length), SIP);
    private static final long HEP_TIME_NS = 1_698_306_880_123_456_000L;

    private static final byte[] SIP_OVER_IPV4 = hep(FAMILY_IPV4, PROTOCOL_UDP, SOURCE_IPV4, DESTINATION_IPV4,
        SOURCE_PORT, DESTINATION_PORT, SECONDS, MICROSECONDS, TYPE_SIP, AGENT, PAYLOAD);

    private final TunnelFrames.Harness harness = new TunnelFrames.Harness();

    @Test
    void shouldDeliverSipWithTheAddressesPortsAndTimeOfTheChunks()
    {
        harness.decode(outerUdp(9060, SIP_OVER_IPV4));

        final DatagramRecorder.Datagram datagram = harness.recorder.only();
        assertArrayEquals(SIP, datagram.payload());
        assertEquals("192.0.2.10", datagram.source());
        assertEquals("192.0.2.20", datagram.destination());
        assertEquals(5060, datagram.sourcePort());
        assertEquals(5061, datagram.destinationPort());
        assertEquals(17, datagram.protocol());
        assertEquals(HEP_TIME_NS, datagram.timestampNs(), "the time the HEP agent captured it");
        assertEquals(-1, datagram.vlanId());
        assertEquals(1, harness.value(SensorCounter.HEP));
        assertEquals(1, harness.value(SensorCounter.UDP), "the HEP datagram itself");
        assertEquals(0, harness.drops());
    }

    @Test
    void shouldDeliverSipOverIpv6AndTcpAsCaptured()
    {
        final byte[] packet = hep(chunk(1, "0a"), chunk(2, "06"),
            chunk(5, "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"),
            chunk(6, "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"), SOURCE_PORT, DESTINATION_PORT, TYPE_SIP,
            chunk(18, "00 64"), PAYLOAD);

        harness.decode(outerUdp(9060, packet));

        final DatagramRecorder.Datagram datagram = harness.recorder.only();
        assertEquals("2001:db8::1", datagram.source());
        assertEquals("2001:db8::2", datagram.destination());
        assertEquals(6, datagram.ipVersion());
        assertEquals(6, datagram.protocol());
        assertEquals(100, datagram.vlanId());
        assertEquals(1_000L, datagram.timestampNs(), "no time chunk: the time of the frame");
    }

    @Test
    void shouldTellTheFamilyFromTheAddressesWhenTheFamilyChunkIsMissing()
    {
        harness.decode(outerUdp(9060, hep(SOURCE_IPV4, DESTINATION_IPV4, TYPE_SIP, PAYLOAD)));

        assertEquals("192.0.2.10", harness.recorder.only().source());
        assertEquals(0, harness.recorder.only().sourcePort());
    }

    @Test
    void shouldSkipChunksOfOtherVendorsAndUnknownTypes()
    {
        final byte[] vendorChunk = concat(hex("00 03 00 01 00 0a"), hex("de ad be ef"));
        final byte[] correlationId = chunk(17, "61 62 63 64 65");
        harness.decode(outerUdp(9060, hep(vendorChunk, FAMILY_IPV4, SOURCE_IPV4, correlationId, DESTINATION_IPV4,
            TYPE_SIP, PAYLOAD)));

        assertArrayEquals(SIP, harness.recorder.only().payload());
    }

    @Test
    void shouldKeepTheCaptureAgentIdOfTheLastPacket()
    {
        final Counters counters = new Counters();
        final DatagramRecorder recorder = new DatagramRecorder();
        final HepDecoder decoder = new HepDecoder(new PacketInfo(), new DecodeCounters(counters), recorder);

        decoder.decode(new UnsafeBuffer(SIP_OVER_IPV4), 0, SIP_OVER_IPV4.length, false);

        assertEquals(2001, decoder.captureAgentId());
        assertEquals(1, recorder.count());
    }

    @Test
    void shouldCountProtocolTypesOtherThanSipAndDropThem()
    {
        // 5: RTCP (JSON), 100: logs.
        harness.decode(outerUdp(9060, hep(FAMILY_IPV4, SOURCE_IPV4, DESTINATION_IPV4, chunk(11, "05"), PAYLOAD)));
        harness.decode(outerUdp(9060, hep(FAMILY_IPV4, SOURCE_IPV4, DESTINATION_IPV4, chunk(11, "64"), PAYLOAD)));

        assertEquals(2, harness.value(SensorCounter.DROP_HEP_NOT_SIP));
        assertEquals(0, harness.recorder.count());
    }

    @Test
    void shouldCountCompressedPayloadsItCannotRead()
    {
        harness.decode(outerUdp(9060, hep(FAMILY_IPV4, SOURCE_IPV4, DESTINATION_IPV4, TYPE_SIP,
            chunk(16, "1f 8b 08 00 00 00 00 00"))));
        harness.decode(outerUdp(9060, hep(FAMILY_IPV4, SOURCE_IPV4, DESTINATION_IPV4, TYPE_SIP,
            compressedChunk(Arrays.copyOf(zlib(SIP), zlib(SIP).length - 3)))));
        harness.decode(outerUdp(9060, hep(FAMILY_IPV4, SOURCE_IPV4, DESTINATION_IPV4, TYPE_SIP,
            chunk(16, "de ad be ef de ad be ef"))));

        assertEquals(3, harness.value(SensorCounter.DROP_HEP_COMPRESSED));
        assertEquals(0, harness.recorder.count());
    }

    @Test
    void shouldInflateZlibAndGzipPayloadsAsHeplifyAndOpenSipsSendThem() throws java.io.IOException
    {
        final java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gzipped))
        {
            out.write(SIP);
        }
        harness.decode(outerUdp(9060, hep(FAMILY_IPV4, PROTOCOL_UDP, SOURCE_IPV4, DESTINATION_IPV4, SOURCE_PORT,
            DESTINATION_PORT, TYPE_SIP, compressedChunk(zlib(SIP)))));
        harness.decode(outerUdp(9060, hep(FAMILY_IPV4, PROTOCOL_UDP, SOURCE_IPV4, DESTINATION_IPV4, SOURCE_PORT,
            DESTINATION_PORT, TYPE_SIP, compressedChunk(gzipped.toByteArray()))));

        assertEquals(2, harness.recorder.count());
        assertArrayEquals(SIP, harness.recorder.datagrams.get(0).payload());
        assertArrayEquals(SIP, harness.recorder.datagrams.get(1).payload());
        assertEquals("192.0.2.10", harness.recorder.datagrams.get(1).source());
        assertEquals(2, harness.value(SensorCounter.HEP_COMPRESSED));
        assertEquals(0, harness.drops());
    }

    @Test
    void shouldRefuseToInflateBeyondTheLargestDatagram()
    {
        // A zlib bomb in miniature: 1 MiB of spaces compresses to about 1 KiB and would fill the heap if trusted.
        final byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte)' ');
        final byte[] bomb = zlib(spaces);

        harness.decode(outerUdp(9060, hep(FAMILY_IPV4, SOURCE_IPV4, DESTINATION_IPV4, TYPE_SIP,
            compressedChunk(bomb))));

        assertEquals(1, harness.value(SensorCounter.DROP_HEP_COMPRESSED));
        assertEquals(0, harness.recorder.count());
    }

    private static byte[] zlib(final byte[] bytes)
    {
        final java.util.zip.Deflater deflater = new java.util.zip.Deflater(9);
        deflater.setInput(bytes);
        deflater.finish();
        final byte[] out = new byte[bytes.length + 64];
        final int length = deflater.deflate(out);
        deflater.end();
        return Arrays.copyOf(out, length);
    }

    private static byte[] compressedChunk(final byte[] compressed)
    {
        return concat(hex("00 00 00 10"), u16(6 + compressed.length), compressed);
    }

    @Test
    void shouldCountHepVersionOneAndTwoApart()
    {
        // HEP v2: version 2, header length 28, family 2, protocol 17, ports, addresses, time, capture id.
        harness.decode(outerUdp(9060, concat(hex("02 1c 02 11 13 c4 13 c5 c0 00 02 0a c0 00 02 14"), new byte[12],
            SIP)));

        assertEquals(1, harness.value(SensorCounter.DROP_HEP_OLD_VERSION));
    }

    @Test
    void shouldCountMalformedPacketsOnePerPacket()
    {
        final List<byte[]> malformed = List.of(
            hex("48 45 50"),                                                              // shorter than a header
            concat(hex("48 45 50 34 00 06")),                                             // "HEP4"
            concat(hex("48 45 50 33"), u16(SIP_OVER_IPV4.length + 1), Arrays.copyOfRange(SIP_OVER_IPV4, 6,
                SIP_OVER_IPV4.length)),                                                   // total length too big
            concat(hex("48 45 50 33 00 05")),                                             // total length below 6
            hep(FAMILY_IPV4, hex("00 00 00 03 00 05"), DESTINATION_IPV4, TYPE_SIP, PAYLOAD),  // chunk length < 6
            hep(FAMILY_IPV4, hex("00 00 00 03 00 ff c0 00"), TYPE_SIP),                   // chunk past the end
            hep(FAMILY_IPV4, SOURCE_IPV4, DESTINATION_IPV4, PAYLOAD),                     // no protocol type
            hep(FAMILY_IPV4, SOURCE_IPV4, DESTINATION_IPV4, TYPE_SIP),                    // no payload
            hep(FAMILY_IPV4, SOURCE_IPV4, TYPE_SIP, PAYLOAD),                             // no destination
            hep(chunk(1, "0a"), SOURCE_IPV4, DESTINATION_IPV4, TYPE_SIP, PAYLOAD),        // IPv6 family, IPv4 addresses
            hep(FAMILY_IPV4, chunk(3, "c0 00 02"), DESTINATION_IPV4, TYPE_SIP, PAYLOAD)); // 3-byte address
        for (final byte[] packet : malformed)
        {
            harness.decode(outerUdp(9060, packet));
        }

        assertEquals(malformed.size(), harness.value(SensorCounter.DROP_HEP_MALFORMED));
        assertEquals(malformed.size(), harness.drops());
        assertEquals(0, harness.recorder.count());
    }

    @Test
    void shouldCountHepCutByTheSnapLengthAsMalformed()
    {
        final byte[] frame = outerUdp(9060, SIP_OVER_IPV4);

        harness.decode(frame, frame.length - 10, frame.length);

        assertEquals(1, harness.value(SensorCounter.DROP_HEP_MALFORMED));
        assertEquals(1, harness.value(SensorCounter.UDP_PAYLOAD_TRUNCATED));
    }

    @Test
    void shouldListenOnTheConfiguredPortOnly()
    {
        final TunnelFrames.Harness custom = new TunnelFrames.Harness(new EncapsulationSettings().hepPort(9063));
        custom.decode(outerUdp(9063, SIP_OVER_IPV4));
        custom.decode(outerUdp(9060, SIP_OVER_IPV4));

        assertEquals(1, custom.value(SensorCounter.HEP));
        assertEquals(9060, custom.recorder.datagrams.get(1).destinationPort(), "a plain datagram on 9060 now");

        final TunnelFrames.Harness off = new TunnelFrames.Harness(new EncapsulationSettings().hepPort(0));
        off.decode(outerUdp(9060, SIP_OVER_IPV4));
        assertEquals(0, off.value(SensorCounter.HEP));
        assertArrayEquals(SIP_OVER_IPV4, off.recorder.only().payload());
    }

    @Test
    void shouldNeverThrowAndCountEveryPacketOnceOnJunkAndMutations()
    {
        final Random random = new Random(20_260_301L);
        int packets = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] packet;
            if (i % 2 == 0)
            {
                packet = SIP_OVER_IPV4.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--)
                {
                    packet[random.nextInt(packet.length)] = (byte)random.nextInt(256);
                }
            }
            else
            {
                packet = new byte[random.nextInt(200)];
                random.nextBytes(packet);
                if (packet.length >= 6 && random.nextBoolean())
                {
                    System.arraycopy(hex("48 45 50 33"), 0, packet, 0, 4);
                    packet[4] = (byte)(packet.length >>> 8);
                    packet[5] = (byte)packet.length;
                }
            }
            harness.decode(outerUdp(9060, packet));
            packets++;
        }

        final long outcomes = harness.value(SensorCounter.HEP) + harness.value(SensorCounter.DROP_HEP_MALFORMED) +
            harness.value(SensorCounter.DROP_HEP_NOT_SIP) + harness.value(SensorCounter.DROP_HEP_COMPRESSED) +
            harness.value(SensorCounter.DROP_HEP_OLD_VERSION);
        assertEquals(packets, outcomes);
        assertEquals(harness.value(SensorCounter.HEP), harness.recorder.count());
    }

    @Test
    void shouldWriteTheSameBytesWithTheEncapsulationWriter()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[SIP_OVER_IPV4.length]);
        int length = EncapsulationWriter.hepHeader(out, 0);
        length += EncapsulationWriter.hepNumberChunk(out, length, EncapsulationWriter.HEP_CHUNK_IP_FAMILY, 2, 1);
        length += EncapsulationWriter.hepNumberChunk(out, length, EncapsulationWriter.HEP_CHUNK_IP_PROTOCOL, 17, 1);
        length += EncapsulationWriter.hepBytesChunk(out, length, EncapsulationWriter.HEP_CHUNK_IPV4_SOURCE,
            new UnsafeBuffer(hex("c0 00 02 0a")), 0, 4);
        length += EncapsulationWriter.hepBytesChunk(out, length, EncapsulationWriter.HEP_CHUNK_IPV4_DESTINATION,
            new UnsafeBuffer(hex("c0 00 02 14")), 0, 4);
        length += EncapsulationWriter.hepNumberChunk(out, length, EncapsulationWriter.HEP_CHUNK_SOURCE_PORT, 5060, 2);
        length += EncapsulationWriter.hepNumberChunk(out, length, EncapsulationWriter.HEP_CHUNK_DESTINATION_PORT,
            5061, 2);
        length += EncapsulationWriter.hepNumberChunk(out, length, EncapsulationWriter.HEP_CHUNK_SECONDS,
            1_698_306_880L, 4);
        length += EncapsulationWriter.hepNumberChunk(out, length, EncapsulationWriter.HEP_CHUNK_MICROSECONDS,
            123_456, 4);
        length += EncapsulationWriter.hepNumberChunk(out, length, EncapsulationWriter.HEP_CHUNK_PROTOCOL_TYPE, 1, 1);
        length += EncapsulationWriter.hepNumberChunk(out, length, EncapsulationWriter.HEP_CHUNK_CAPTURE_AGENT_ID,
            2001, 4);
        length += EncapsulationWriter.hepBytesChunk(out, length, EncapsulationWriter.HEP_CHUNK_PAYLOAD,
            new UnsafeBuffer(SIP), 0, SIP.length);
        EncapsulationWriter.hepFinish(out, 0, length);

        assertArrayEquals(SIP_OVER_IPV4, Arrays.copyOf(out.byteArray(), length));
    }

    /**
     * A vendor 0 chunk.
     */
    private static byte[] chunk(final int type, final String valueHex)
    {
        final byte[] value = hex(valueHex);
        return concat(hex("00 00"), u16(type), u16(6 + value.length), value);
    }

    /**
     * "HEP3", the total length, the chunks.
     */
    private static byte[] hep(final byte[]... chunks)
    {
        final byte[] body = concat(chunks);
        return concat(hex("48 45 50 33"), u16(6 + body.length), body);
    }
}
