package io.sipsensor.net;

import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;

import static io.sipsensor.net.TestFrames.concat;
import static io.sipsensor.net.TestFrames.hex;
import static io.sipsensor.net.TunnelFrames.INNER_ETHERNET;
import static io.sipsensor.net.TunnelFrames.INNER_IPV4_UDP;
import static io.sipsensor.net.TunnelFrames.INNER_IPV6_UDP;
import static io.sipsensor.net.TunnelFrames.outerIpv4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ERSPAN (draft-foschiano-erspan) built byte by byte. Type I: GRE without sequence number, protocol 0x88BE, the
 * mirrored frame right after. Type II: GRE with S, protocol 0x88BE, then
 * {@code |Ver=1|VLAN|COS|En|T|Session ID|} {@code |Reserved|Index|}. Type III: GRE protocol 0x22EB, then
 * {@code |Ver=2|VLAN|COS|BSO|T|Session ID|} {@code |Timestamp|} {@code |SGT|P|FT|Hw ID|D|Gra|O|} and, with O, an
 * 8-byte platform-specific sub-header.
 */
class ErspanDecodingTest
{
    private final TunnelFrames.Harness harness = new TunnelFrames.Harness();

    @Test
    void shouldDecodeTypeOneWithTheMirroredFrameRightAfterGre()
    {
        harness.decode(outerIpv4(47, concat(hex("00 00 88 be"), INNER_ETHERNET)));

        assertEquals("10.1.1.1", harness.recorder.only().source());
        assertEquals(1, harness.value(SensorCounter.ERSPAN));
        assertEquals(1, harness.value(SensorCounter.GRE));
    }

    @Test
    void shouldDecodeTypeTwo()
    {
        // GRE: S set, protocol 0x88BE, sequence 5. ERSPAN II: version 1, VLAN 0, COS 0, En 3 (tag kept in the
        // frame), T 0, session 0x155; reserved 0, index 0x00042.
        final byte[] erspan = concat(hex("10 00 88 be  00 00 00 05"), hex("10 00 19 55  00 00 00 42"), INNER_ETHERNET);
        harness.decode(outerIpv4(47, erspan));

        assertEquals("10.1.1.1", harness.recorder.only().source());
        assertEquals(-1, harness.recorder.only().vlanId());
        assertEquals(1, harness.value(SensorCounter.ERSPAN));
        assertEquals(0, harness.drops());
    }

    @Test
    void shouldTakeTheOriginalVlanFromTypeTwoHeaderWhenTheTagWasRemoved()
    {
        // VLAN 300 (0x12c), En 2 (802.1Q, tag removed when mirrored): bits 12-11 = 10.
        harness.decode(outerIpv4(47, concat(hex("10 00 88 be  00 00 00 01"), hex("11 2c 10 01  00 00 00 00"),
            INNER_ETHERNET)));

        assertEquals(300, harness.recorder.only().vlanId());
    }

    @Test
    void shouldDecodeNestedVlansInsideTypeTwo()
    {
        final byte[] inner = TunnelFrames.innerTagged(INNER_IPV6_UDP, 0x88A8, 10, 0x8100, 20);
        harness.decode(outerIpv4(47, concat(hex("30 00 88 be  00 00 00 09  00 00 00 01"),
            hex("10 00 18 01  00 00 00 00"), inner)));

        assertEquals("2001:db8:1::1", harness.recorder.only().source());
        assertEquals(10, harness.recorder.only().vlanId());
        assertEquals(2, harness.value(SensorCounter.VLAN_TAGS));
    }

    @Test
    void shouldDecodeTypeThree()
    {
        // GRE protocol 0x22EB, S set. ERSPAN III: version 2, VLAN 0, session 1; timestamp; SGT 0, P 0, FT 0
        // (Ethernet), Hw ID 5, D 0, Gra 0, O 0.
        harness.decode(outerIpv4(47, concat(hex("10 00 22 eb  00 00 00 01"),
            hex("20 00 00 01  5e 0f 12 34  00 00 00 50"), INNER_ETHERNET)));

        assertEquals("10.1.1.1", harness.recorder.only().source());
        assertEquals(1, harness.value(SensorCounter.ERSPAN));
    }

    @Test
    void shouldSkipThePlatformSpecificSubHeaderOfTypeThree()
    {
        // O set: 8 more bytes (platform id 3, port, upper timestamp) before the frame. VLAN 77 in the header.
        harness.decode(outerIpv4(47, concat(hex("10 00 22 eb  00 00 00 01"),
            hex("20 4d 00 01  5e 0f 12 34  00 00 00 51"), hex("0c 00 12 34  00 00 00 01"), INNER_ETHERNET)));

        assertEquals("10.1.1.1", harness.recorder.only().source());
        assertEquals(77, harness.recorder.only().vlanId());
    }

    @Test
    void shouldDecodeTypeThreeCarryingAnIpPacket()
    {
        // FT 2 (IP): bits 14-10 of the third word = 00010 -> 0x0800.
        harness.decode(outerIpv4(47, concat(hex("10 00 22 eb  00 00 00 01"),
            hex("20 00 00 01  00 00 00 00  00 00 08 00"), INNER_IPV4_UDP)));

        assertEquals("10.1.1.1", harness.recorder.only().source());
    }

    @Test
    void shouldDropTypeThreeFrameTypesOtherThanEthernetAndIp()
    {
        // FT 1 -> 0x0400.
        harness.decode(outerIpv4(47, concat(hex("10 00 22 eb  00 00 00 01"),
            hex("20 00 00 01  00 00 00 00  00 00 04 00"), INNER_ETHERNET)));

        assertEquals(1, harness.value(SensorCounter.DROP_ERSPAN_UNSUPPORTED));
        assertEquals(0, harness.recorder.count());
    }

    @Test
    void shouldDropUnknownErspanVersions()
    {
        harness.decode(outerIpv4(47, concat(hex("10 00 88 be  00 00 00 05"), hex("30 00 00 01  00 00 00 00"),
            INNER_ETHERNET)));
        harness.decode(outerIpv4(47, concat(hex("10 00 22 eb  00 00 00 05"), hex("00 00 00 01  00 00 00 00"),
            INNER_ETHERNET)));

        assertEquals(2, harness.value(SensorCounter.DROP_ERSPAN_UNSUPPORTED));
        assertEquals(0, harness.value(SensorCounter.ERSPAN));
    }

    @Test
    void shouldWriteTheSameBytesWithTheEncapsulationWriter()
    {
        final org.agrona.concurrent.UnsafeBuffer out = new org.agrona.concurrent.UnsafeBuffer(new byte[64]);
        int length = EncapsulationWriter.gre(out, 0, EncapsulationWriter.GRE_PROTOCOL_ERSPAN_I_II, false,
            EncapsulationWriter.NONE, 5);
        length += EncapsulationWriter.erspanII(out, length, 0, 0, 3, false, 0x155, 0x42);
        assertArrayEquals(TestFrames.concat(hex("10 00 88 be  00 00 00 05"), hex("10 00 19 55  00 00 00 42")),
            java.util.Arrays.copyOf(out.byteArray(), length), "type II");

        length = EncapsulationWriter.gre(out, 0, EncapsulationWriter.GRE_PROTOCOL_ERSPAN_III, false,
            EncapsulationWriter.NONE, 1);
        length += EncapsulationWriter.erspanIII(out, length, 77, 1, 0x5e0f1234, 0, 5, true);
        assertArrayEquals(TestFrames.concat(hex("10 00 22 eb  00 00 00 01"),
            hex("20 4d 00 01  5e 0f 12 34  00 00 00 51"), hex("0c 00 12 34  00 00 00 01")),
            java.util.Arrays.copyOf(out.byteArray(), length), "type III");
    }
}
