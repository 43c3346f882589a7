package io.sipsensor.net;

import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;

import static io.sipsensor.net.TestFrames.concat;
import static io.sipsensor.net.TestFrames.hex;
import static io.sipsensor.net.TestFrames.u16;
import static io.sipsensor.net.TunnelFrames.INNER_IPV4_UDP;
import static io.sipsensor.net.TunnelFrames.INNER_IPV6_UDP;
import static io.sipsensor.net.TunnelFrames.SIP;
import static io.sipsensor.net.TunnelFrames.outerUdp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GTP-U v1 (3GPP TS 29.281) on the GTP-U port: G-PDUs with and without the optional fields and extension headers
 * deliver the inner packet; everything else is counted by reason.
 */
class GtpuDecodingTest
{
    private final TunnelFrames.Harness harness = new TunnelFrames.Harness();

    @Test
    void shouldDeliverTheInnerPacketOfAPlainGpdu()
    {
        harness.decode(outerUdp(2152, concat(hex("30 ff"), u16(INNER_IPV4_UDP.length), hex("00 00 00 01"),
            INNER_IPV4_UDP)));

        assertArrayEquals(SIP, harness.recorder.only().payload());
        assertEquals("10.1.1.1", harness.recorder.only().source());
        assertEquals(1, harness.value(SensorCounter.GTPU));
    }

    @Test
    void shouldStepOverOptionalFieldsAndAChainOfExtensionHeaders()
    {
        // E, S and PN set; a PDU Session Container (0x85, 4 bytes) then a 8-byte extension of type 0x40 (UDP port).
        final byte[] extensions = hex("00 07 05 85  01 10 09 40  02 00 00 00 00 00 00 00");
        harness.decode(outerUdp(2152, concat(hex("37 ff"), u16(extensions.length + INNER_IPV6_UDP.length),
            hex("00 00 00 02"), extensions, INNER_IPV6_UDP)));

        assertArrayEquals(SIP, harness.recorder.only().payload());
        assertEquals("2001:db8:1::1", harness.recorder.only().source());
        assertEquals(1, harness.value(SensorCounter.GTPU));
    }

    @Test
    void shouldCountWhatItDoesNotDecodeByReason()
    {
        harness.decode(outerUdp(2152, concat(hex("20 ff"), u16(INNER_IPV4_UDP.length), hex("00 00 00 01"),
            INNER_IPV4_UDP)));                                                  // GTP' (PT 0)
        harness.decode(outerUdp(2152, concat(hex("50 ff 00 00 00 00 00 01"))));  // version 2
        harness.decode(outerUdp(2152, hex("32 01 00 04 00 00 00 00 00 2a 00 00")));  // echo request
        harness.decode(outerUdp(2152, hex("34 ff 00 08 00 00 00 01 00 00 00 85 00 00 00 00")));  // extension length 0
        harness.decode(outerUdp(2152, hex("30 ff 00 00 00 00")));                 // header cut

        assertEquals(2, harness.value(SensorCounter.DROP_GTPU_UNSUPPORTED));
        assertEquals(1, harness.value(SensorCounter.DROP_GTPU_NOT_GPDU));
        assertEquals(2, harness.value(SensorCounter.DROP_GTPU_TRUNCATED));
        assertEquals(0, harness.value(SensorCounter.GTPU));
        assertEquals(0, harness.recorder.count());
    }

    @Test
    void shouldLeaveThePortToOtherTrafficWhenTurnedOff()
    {
        final TunnelFrames.Harness off = new TunnelFrames.Harness(new EncapsulationSettings().gtpuPort(0));
        final byte[] gtpu = concat(hex("30 ff"), u16(INNER_IPV4_UDP.length), hex("00 00 00 01"), INNER_IPV4_UDP);

        off.decode(outerUdp(2152, gtpu));

        assertEquals(0, off.value(SensorCounter.GTPU));
        assertArrayEquals(gtpu, off.recorder.only().payload(), "delivered as a plain datagram");
    }
}
