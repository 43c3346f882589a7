package io.sipsensor.capture.live;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.capture.LinkType;
import io.sipsensor.capture.PacketHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteOrder;

import static io.sipsensor.capture.live.TpacketDescriptor.*;

/**
 * Walks a TPACKET_V3 receive ring in place ({@link TpacketDescriptor} has the layout): takes each block the kernel
 * has handed over, delivers its frames to a {@link PacketHandler} straight from the mapped memory, and hands the
 * block back. No system call and no allocation here; the caller polls the socket when the ring is empty.
 * <p>
 * The kernel removes VLAN tags from frames and reports them beside the frame; they are put back in front of the
 * frame's type field, in the ring slot's headroom, so the decoder sees the frame as it was on the wire. On a cooked
 * socket (the {@code any} device, or a link without Ethernet framing) a Linux cooked (SLL) header is rebuilt the
 * same way from the frame's {@code sockaddr_ll}. Frames whose ring headers are inconsistent are counted and the
 * rest of their block is skipped; nothing here throws on ring content.
 * <p>
 * Owned by one capture thread.
 */
final class TpacketRing
{
    private static final int SLL_HEADER_LENGTH = 16;
    private static final int VLAN_TAG_LENGTH = 4;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int MAC_ADDRESSES_LENGTH = 12;

    private final long address;
    private final int blockSize;
    private final int blockCount;
    private final boolean cooked;
    private final int linkType;
    private final UnsafeBuffer block = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[0]);
    private final AtomicCounter packets;
    private final AtomicCounter bytes;
    private final AtomicCounter truncated;
    private final AtomicCounter blocks;
    private final AtomicCounter badFrames;
    private final AtomicCounter vlanRestored;
    private int current;

    /**
     * @param address    start of the mapped ring.
     * @param blockSize  bytes per block.
     * @param blockCount blocks.
     * @param cooked     true for a SOCK_DGRAM socket (frames start at the network header).
     * @param counters   where frames, bytes, blocks and bad frames are counted.
     */
    TpacketRing(final long address, final int blockSize, final int blockCount, final boolean cooked,
        final Counters counters)
    {
        this.address = address;
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.cooked = cooked;
        this.linkType = cooked ? LinkType.LINUX_SLL : LinkType.ETHERNET;
        this.scratch.wrap(new byte[blockSize + SLL_HEADER_LENGTH + VLAN_TAG_LENGTH]);
        packets = counters.get(SensorCounter.PACKETS);
        bytes = counters.get(SensorCounter.BYTES);
        truncated = counters.get(SensorCounter.PACKETS_TRUNCATED_BY_SNAPLEN);
        blocks = counters.get(SensorCounter.CAPTURE_BLOCKS);
        badFrames = counters.get(SensorCounter.CAPTURE_BAD_FRAMES);
        vlanRestored = counters.get(SensorCounter.VLAN_TAGS_RESTORED);
    }

    /**
     * @return true when the next block belongs to user space (there is something to read).
     */
    boolean hasBlock()
    {
        block.wrap(address + (long)current * blockSize, blockSize);
        return (block.getIntVolatile(BLOCK_STATUS_OFFSET) & TP_STATUS_USER) != 0;
    }

    /**
     * Delivers whole blocks while the kernel has handed them over and fewer than {@code limit} frames were delivered.
     *
     * @param handler receives each frame.
     * @param limit   stop taking new blocks once this many frames were delivered.
     * @return frames delivered.
     */
    int poll(final PacketHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit && hasBlock())
        {
            delivered += deliverBlock(handler);
            block.putIntRelease(BLOCK_STATUS_OFFSET, TP_STATUS_KERNEL);
            blocks.incrementRelease();
            current = current + 1 == blockCount ? 0 : current + 1;
        }
        return delivered;
    }

    private int deliverBlock(final PacketHandler handler)
    {
        final int count = block.getInt(BLOCK_NUM_PACKETS_OFFSET);
        final int blockLength = Math.min(block.getInt(BLOCK_LENGTH_OFFSET), blockSize);
        int frame = block.getInt(BLOCK_FIRST_PACKET_OFFSET);
        int delivered = 0;
        for (int i = 0; i < count; i++)
        {
            if (frame < 0 || frame > blockLength - FRAME_HEADERS_END)
            {
                badFrames.incrementRelease();
                break;
            }
            final int mac = block.getShort(frame + FRAME_MAC_OFFSET) & 0xFFFF;
            final int snapLength = block.getInt(frame + FRAME_SNAPLEN_OFFSET);
            final int wireLength = block.getInt(frame + FRAME_LEN_OFFSET);
            if (mac < FRAME_HEADERS_END || snapLength < 0 || (long)frame + mac + snapLength > blockLength)
            {
                badFrames.incrementRelease();
                break;
            }
            final long timestampNs = (block.getInt(frame + FRAME_SEC_OFFSET) & 0xFFFF_FFFFL) * 1_000_000_000L +
                (block.getInt(frame + FRAME_NSEC_OFFSET) & 0xFFFF_FFFFL);
            deliverFrame(handler, frame, mac, snapLength, Math.max(wireLength, snapLength), timestampNs);
            delivered++;

            final int next = block.getInt(frame + FRAME_NEXT_OFFSET);
            if (next == 0)
            {
                break;
            }
            frame += next;
        }
        return delivered;
    }

    private void deliverFrame(final PacketHandler handler, final int frame, final int mac, final int snapLength,
        final int wireLength, final long timestampNs)
    {
        packets.incrementRelease();
        bytes.getAndAddRelease(snapLength);
        if (snapLength < wireLength)
        {
            truncated.incrementRelease();
        }
        final int status = block.getInt(frame + FRAME_STATUS_OFFSET);
        final boolean vlan = (status & TP_STATUS_VLAN_VALID) != 0;
        final int start = frame + mac;
        if (cooked)
        {
            final int added = SLL_HEADER_LENGTH + (vlan ? VLAN_TAG_LENGTH : 0);
            final UnsafeBuffer target;
            final int offset;
            if (mac - added >= FRAME_HEADERS_END)
            {
                target = block;
                offset = start - added;
            }
            else
            {
                target = scratch;
                offset = 0;
                scratch.putBytes(added, block, start, snapLength);
            }
            writeCookedHeader(target, offset, frame, vlan, status);
            handler.onPacket(linkType, target, offset, snapLength + added, wireLength + added, timestampNs);
        }
        else if (vlan && snapLength >= MAC_ADDRESSES_LENGTH)
        {
            final UnsafeBuffer target;
            final int offset;
            if (mac - VLAN_TAG_LENGTH >= FRAME_HEADERS_END)
            {
                target = block;
                offset = start - VLAN_TAG_LENGTH;
                block.putBytes(offset, block, start, MAC_ADDRESSES_LENGTH);
            }
            else
            {
                target = scratch;
                offset = 0;
                scratch.putBytes(0, block, start, MAC_ADDRESSES_LENGTH);
                scratch.putBytes(MAC_ADDRESSES_LENGTH + VLAN_TAG_LENGTH, block, start + MAC_ADDRESSES_LENGTH,
                    snapLength - MAC_ADDRESSES_LENGTH);
            }
            target.putShort(offset + MAC_ADDRESSES_LENGTH, (short)tpid(frame, status), ByteOrder.BIG_ENDIAN);
            target.putShort(offset + MAC_ADDRESSES_LENGTH + 2,
                (short)block.getInt(frame + FRAME_VLAN_TCI_OFFSET), ByteOrder.BIG_ENDIAN);
            vlanRestored.incrementRelease();
            handler.onPacket(linkType, target, offset, snapLength + VLAN_TAG_LENGTH, wireLength + VLAN_TAG_LENGTH,
                timestampNs);
        }
        else
        {
            handler.onPacket(linkType, block, start, snapLength, wireLength, timestampNs);
        }
    }

    /**
     * Linux cooked header v1: packet type, ARPHRD type, address length, 8 address bytes, protocol; with a VLAN tag
     * the protocol says 802.1Q and the tag (TCI, then the real protocol) follows.
     */
    private void writeCookedHeader(final UnsafeBuffer target, final int offset, final int frame, final boolean vlan,
        final int status)
    {
        final int sll = frame + FRAME_SOCKADDR_OFFSET;
        final int halen = Math.min(block.getByte(sll + SLL_HALEN_OFFSET) & 0xFF, 8);
        target.putShort(offset, (short)(block.getByte(sll + SLL_PKTTYPE_OFFSET) & 0xFF), ByteOrder.BIG_ENDIAN);
        target.putShort(offset + 2, block.getShort(sll + SLL_HATYPE_OFFSET), ByteOrder.BIG_ENDIAN);
        target.putShort(offset + 4, (short)halen, ByteOrder.BIG_ENDIAN);
        target.setMemory(offset + 6, 8, (byte)0);
        target.putBytes(offset + 6, block, sll + SLL_ADDR_OFFSET, halen);
        // the protocol is stored in network order in the sockaddr_ll: copy the two bytes as they are
        final short protocol = block.getShort(sll + SLL_PROTOCOL_OFFSET, ByteOrder.BIG_ENDIAN);
        if (vlan)
        {
            target.putShort(offset + 14, (short)tpid(frame, status), ByteOrder.BIG_ENDIAN);
            target.putShort(offset + 16, (short)block.getInt(frame + FRAME_VLAN_TCI_OFFSET), ByteOrder.BIG_ENDIAN);
            target.putShort(offset + 18, protocol, ByteOrder.BIG_ENDIAN);
            vlanRestored.incrementRelease();
        }
        else
        {
            target.putShort(offset + 14, protocol, ByteOrder.BIG_ENDIAN);
        }
    }

    private int tpid(final int frame, final int status)
    {
        return (status & TP_STATUS_VLAN_TPID_VALID) != 0 ?
            block.getShort(frame + FRAME_VLAN_TPID_OFFSET) & 0xFFFF : ETHERTYPE_VLAN;
    }
}
