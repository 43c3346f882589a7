package io.sipsensor.capture.live;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static io.sipsensor.capture.live.TpacketDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ring walker over ring memory laid out as the kernel lays out a TPACKET_V3 ring (built here by hand).
 */
class LiveTpacketRingTest
{
    private static final int BLOCK_SIZE = 4096;
    private static final int BLOCKS = 2;
    private static final int FIRST_FRAME = 48;
    private static final int MAC = 82; // where the kernel puts an Ethernet frame: TPACKET_ALIGN(68 + 16) - 14

    private final ByteBuffer memory = ByteBuffer.allocateDirect(BLOCK_SIZE * BLOCKS).order(ByteOrder.nativeOrder());
    private final UnsafeBuffer ring = new UnsafeBuffer(memory);
    private final Counters counters = new Counters();
    private final List<Frame> frames = new ArrayList<>();

    record Frame(int linkType, byte[] bytes, int originalLength, long timestampNs)
    {
    }

    @Test
    void shouldDeliverEveryFrameOfAHandedOverBlockAndHandTheBlockBack()
    {
        final byte[] first = ethernetFrame(60);
        final byte[] second = ethernetFrame(90);
        int next = writeFrame(0, FIRST_FRAME, first, first.length, 0, 0, 1_795_341_600, 123_456_789);
        writeFrame(0, next, second, 1500, 0, 0, 1_795_341_601, 5);
        linkFrames(0, FIRST_FRAME, next);
        handOver(0, 2);

        final TpacketRing walker = new TpacketRing(ring.addressOffset(), BLOCK_SIZE, BLOCKS, false, counters);
        assertEquals(2, walker.poll(this::record, 100));

        assertEquals(2, frames.size());
        assertEquals(LinkType.ETHERNET, frames.get(0).linkType());
        assertArrayEquals(first, frames.get(0).bytes());
        assertEquals(1_795_341_600_123_456_789L, frames.get(0).timestampNs());
        assertArrayEquals(second, frames.get(1).bytes());
        assertEquals(1500, frames.get(1).originalLength(), "cut by the snap length");
        assertEquals(TP_STATUS_KERNEL, ring.getInt(BLOCK_STATUS_OFFSET), "block handed back");
        assertEquals(2, counters.value(SensorCounter.PACKETS));
        assertEquals(150, counters.value(SensorCounter.BYTES));
        assertEquals(1, counters.value(SensorCounter.PACKETS_TRUNCATED_BY_SNAPLEN));
        assertEquals(0, walker.poll(this::record, 100), "the next block is still the kernel's");
    }

    @Test
    void shouldTakeBlocksInOrderAndWrapAround()
    {
        final TpacketRing walker = new TpacketRing(ring.addressOffset(), BLOCK_SIZE, BLOCKS, false, counters);
        for (int round = 0; round < 3; round++)
        {
            final int block = round % BLOCKS;
            writeFrame(block, FIRST_FRAME, ethernetFrame(64 + round), 64 + round, 0, 0, round, 0);
            handOver(block, 1);
            assertEquals(1, walker.poll(this::record, 100));
            assertEquals(64 + round, frames.get(round).bytes().length);
        }
        assertEquals(3, counters.value(SensorCounter.CAPTURE_BLOCKS));
    }

    @Test
    void shouldPutTheVlanTagTheKernelRemovedBackInFrontOfTheEtherType()
    {
        final byte[] untagged = ethernetFrame(60);
        writeFrame(0, FIRST_FRAME, untagged, untagged.length, TP_STATUS_VLAN_VALID, 300, 1, 0);
        handOver(0, 1);

        new TpacketRing(ring.addressOffset(), BLOCK_SIZE, BLOCKS, false, counters).poll(this::record, 100);

        final byte[] tagged = frames.get(0).bytes();
        assertEquals(64, tagged.length);
        assertEquals(64, frames.get(0).originalLength());
        for (int i = 0; i < 12; i++)
        {
            assertEquals(untagged[i], tagged[i], "MAC address byte " + i);
        }
        assertEquals((byte)0x81, tagged[12]);
        assertEquals((byte)0x00, tagged[13]);
        assertEquals(300, ((tagged[14] & 0xFF) << 8) | (tagged[15] & 0xFF));
        assertEquals((byte)0x08, tagged[16], "original EtherType follows the tag");
        assertEquals(untagged[14], tagged[18], "payload shifted by the tag");
        assertEquals(1, counters.value(SensorCounter.VLAN_TAGS_RESTORED));
    }

    @Test
    void shouldRebuildALinuxCookedHeaderOnACookedSocket()
    {
        final byte[] ip = new byte[40];
        ip[0] = 0x45;
        final int mac = 96; // SOCK_DGRAM: frames start at the network header, TPACKET_ALIGN(68) + 16
        writeFrameAt(0, FIRST_FRAME, mac, ip, ip.length, 0, 0, 7, 0);
        final int sll = FIRST_FRAME + FRAME_SOCKADDR_OFFSET;
        ring.putShort(sll + SLL_PROTOCOL_OFFSET, (short)0x0800, ByteOrder.BIG_ENDIAN);
        ring.putShort(sll + SLL_HATYPE_OFFSET, (short)1);
        ring.putByte(sll + SLL_PKTTYPE_OFFSET, (byte)3); // PACKET_OTHERHOST
        ring.putByte(sll + SLL_HALEN_OFFSET, (byte)6);
        for (int i = 0; i < 6; i++)
        {
            ring.putByte(sll + SLL_ADDR_OFFSET + i, (byte)(0xA0 + i));
        }
        handOver(0, 1);

        new TpacketRing(ring.addressOffset(), BLOCK_SIZE, BLOCKS, true, counters).poll(this::record, 100);

        final Frame frame = frames.get(0);
        assertEquals(LinkType.LINUX_SLL, frame.linkType());
        final byte[] bytes = frame.bytes();
        assertEquals(16 + 40, bytes.length);
        assertEquals(3, bytes[1], "packet type");
        assertEquals(1, bytes[3], "ARPHRD_ETHER");
        assertEquals(6, bytes[5], "address length");
        assertEquals((byte)0xA0, bytes[6]);
        assertEquals((byte)0x08, bytes[14]);
        assertEquals((byte)0x00, bytes[15]);
        assertEquals(0x45, bytes[16], "the IP header follows");
    }

    @Test
    void shouldCountAnInconsistentFrameSkipTheRestOfItsBlockAndNotThrow()
    {
        final byte[] frame = ethernetFrame(60);
        writeFrame(0, FIRST_FRAME, frame, frame.length, 0, 0, 1, 0);
        ring.putInt(FIRST_FRAME + FRAME_SNAPLEN_OFFSET, BLOCK_SIZE); // runs past the block
        handOver(0, 3);

        final TpacketRing walker = new TpacketRing(ring.addressOffset(), BLOCK_SIZE, BLOCKS, false, counters);
        assertEquals(0, walker.poll(this::record, 100));
        assertEquals(1, counters.value(SensorCounter.CAPTURE_BAD_FRAMES));
        assertEquals(TP_STATUS_KERNEL, ring.getInt(BLOCK_STATUS_OFFSET), "the block is handed back all the same");
    }

    @Test
    void shouldNotAllocateWalkingBlocksRestoringTagsAndDecoding()
    {
        final long[] udpBytes = new long[1];
        final io.sipsensor.net.PacketDecoder decoder = new io.sipsensor.net.PacketDecoder(
            (buffer, offset, length, info) -> udpBytes[0] += length, counters);
        final TpacketRing walker = new TpacketRing(ring.addressOffset(), BLOCK_SIZE, BLOCKS, false, counters);
        final byte[] frame = udpFrame(200);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        long before = 0;
        for (int round = 0; round < 40_000; round++)
        {
            if (round == 10_000)
            {
                before = threads.getCurrentThreadAllocatedBytes();
            }
            final int block = round % BLOCKS;
            int offset = FIRST_FRAME;
            for (int i = 0; i < 8; i++)
            {
                final int next = writeFrame(block, offset, frame, frame.length, i % 2 == 0 ? TP_STATUS_VLAN_VALID : 0,
                    100 + i, round, i);
                if (i < 7)
                {
                    linkFrames(block, offset, next);
                }
                offset = next;
            }
            handOver(block, 8);
            walker.poll(decoder, 100);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 240000 frames");
        assertEquals(40_000L * 8 * (200 - 42), udpBytes[0]);
        assertEquals(40_000L * 4, counters.value(SensorCounter.VLAN_TAGS_RESTORED));
    }

    private static byte[] udpFrame(final int length)
    {
        final byte[] frame = new byte[length];
        frame[12] = 0x08;
        frame[13] = 0x00;
        frame[14] = 0x45;
        final int ipLength = length - 14;
        frame[16] = (byte)(ipLength >> 8);
        frame[17] = (byte)ipLength;
        frame[22] = 64;
        frame[23] = 17;
        frame[26] = 10;
        frame[29] = 1;
        frame[30] = 10;
        frame[33] = 2;
        frame[34] = 0x13;
        frame[35] = (byte)0xC4;
        frame[36] = 0x13;
        frame[37] = (byte)0xC4;
        final int udpLength = ipLength - 20;
        frame[38] = (byte)(udpLength >> 8);
        frame[39] = (byte)udpLength;
        return frame;
    }

    private void record(final int linkType, final org.agrona.DirectBuffer buffer, final int offset,
        final int capturedLength, final int originalLength, final long timestampNs)
    {
        final byte[] bytes = new byte[capturedLength];
        buffer.getBytes(offset, bytes);
        frames.add(new Frame(linkType, bytes, originalLength, timestampNs));
    }

    private static byte[] ethernetFrame(final int length)
    {
        final byte[] frame = new byte[length];
        for (int i = 0; i < length; i++)
        {
            frame[i] = (byte)(i * 7 + 1);
        }
        frame[12] = 0x08;
        frame[13] = 0x00;
        return frame;
    }

    /**
     * @return the offset after the frame (aligned), where a next frame may go.
     */
    private int writeFrame(final int block, final int frame, final byte[] data, final int wireLength,
        final int status, final int tci, final long seconds, final long nanoseconds)
    {
        return writeFrameAt(block, frame, MAC, data, wireLength, status, tci, seconds, nanoseconds);
    }

    private int writeFrameAt(final int block, final int frame, final int mac, final byte[] data,
        final int wireLength, final int status, final int tci, final long seconds, final long nanoseconds)
    {
        final int at = block * BLOCK_SIZE + frame;
        ring.putInt(at + FRAME_NEXT_OFFSET, 0);
        ring.putInt(at + FRAME_SEC_OFFSET, (int)seconds);
        ring.putInt(at + FRAME_NSEC_OFFSET, (int)nanoseconds);
        ring.putInt(at + FRAME_SNAPLEN_OFFSET, data.length);
        ring.putInt(at + FRAME_LEN_OFFSET, wireLength);
        ring.putInt(at + FRAME_STATUS_OFFSET, TP_STATUS_USER | status);
        ring.putShort(at + FRAME_MAC_OFFSET, (short)mac);
        ring.putShort(at + FRAME_NET_OFFSET, (short)(mac + 14));
        ring.putInt(at + FRAME_VLAN_TCI_OFFSET, tci);
        ring.putBytes(at + mac, data);
        return (frame + mac + data.length + 15) & ~15;
    }

    private void linkFrames(final int block, final int frame, final int next)
    {
        ring.putInt(block * BLOCK_SIZE + frame + FRAME_NEXT_OFFSET, next - frame);
    }

    private void handOver(final int block, final int frameCount)
    {
        final int at = block * BLOCK_SIZE;
        ring.putInt(at + BLOCK_NUM_PACKETS_OFFSET, frameCount);
        ring.putInt(at + BLOCK_FIRST_PACKET_OFFSET, FIRST_FRAME);
        ring.putInt(at + BLOCK_LENGTH_OFFSET, BLOCK_SIZE);
        ring.putIntRelease(at + BLOCK_STATUS_OFFSET, TP_STATUS_USER);
    }
}
