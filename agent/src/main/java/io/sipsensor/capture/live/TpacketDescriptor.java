package io.sipsensor.capture.live;

/**
 * Layout of the Linux AF_PACKET TPACKET_V3 receive ring (linux/if_packet.h), kept apart from the code that walks
 * it. The ring is {@code blockCount} blocks of {@code blockSize} bytes, mapped shared with the kernel. The kernel
 * fills a block with frames, then hands it to user space by setting its status to {@link #TP_STATUS_USER}; user
 * space reads every frame of the block and hands it back with {@link #TP_STATUS_KERNEL}. Blocks are used in order.
 * <pre>
 *  block:   0 version | 4 offset_to_priv | 8 block_status | 12 num_pkts | 16 offset_to_first_pkt | 20 blk_len |
 *          24 seq_num (8) | 32 ts_first (sec, nsec) | 40 ts_last (sec, nsec) | ... frames from offset_to_first_pkt
 *
 *  frame:   0 tp_next_offset | 4 tp_sec | 8 tp_nsec | 12 tp_snaplen | 16 tp_len | 20 tp_status |
 *          24 tp_mac (u16) | 26 tp_net (u16) | 28 tp_rxhash | 32 tp_vlan_tci | 36 tp_vlan_tpid (u16) | 38 pad |
 *          48 struct sockaddr_ll (20 bytes) | ... | tp_mac: the frame's first byte (tp_snaplen bytes)
 *
 *  sockaddr_ll: 0 family (u16) | 2 protocol (be16) | 4 ifindex | 8 hatype (u16) | 10 pkttype (u8) |
 *               11 halen (u8) | 12 addr (8)
 * </pre>
 * All fields are in host byte order except the protocol. {@code tp_next_offset} is 0 on a block's last frame.
 */
final class TpacketDescriptor
{
    static final int BLOCK_STATUS_OFFSET = 8;
    static final int BLOCK_NUM_PACKETS_OFFSET = 12;
    static final int BLOCK_FIRST_PACKET_OFFSET = 16;
    static final int BLOCK_LENGTH_OFFSET = 20;

    static final int FRAME_NEXT_OFFSET = 0;
    static final int FRAME_SEC_OFFSET = 4;
    static final int FRAME_NSEC_OFFSET = 8;
    static final int FRAME_SNAPLEN_OFFSET = 12;
    static final int FRAME_LEN_OFFSET = 16;
    static final int FRAME_STATUS_OFFSET = 20;
    static final int FRAME_MAC_OFFSET = 24;
    static final int FRAME_NET_OFFSET = 26;
    static final int FRAME_VLAN_TCI_OFFSET = 32;
    static final int FRAME_VLAN_TPID_OFFSET = 36;
    /** TPACKET_ALIGN(sizeof(struct tpacket3_hdr)): where the sockaddr_ll starts. */
    static final int FRAME_SOCKADDR_OFFSET = 48;
    /** End of the sockaddr_ll: link-layer bytes may be rebuilt in front of the frame down to here. */
    static final int FRAME_HEADERS_END = FRAME_SOCKADDR_OFFSET + 20;

    static final int SLL_PROTOCOL_OFFSET = 2;
    static final int SLL_HATYPE_OFFSET = 8;
    static final int SLL_PKTTYPE_OFFSET = 10;
    static final int SLL_HALEN_OFFSET = 11;
    static final int SLL_ADDR_OFFSET = 12;

    static final int TP_STATUS_KERNEL = 0;
    static final int TP_STATUS_USER = 1;
    static final int TP_STATUS_VLAN_VALID = 1 << 4;
    static final int TP_STATUS_VLAN_TPID_VALID = 1 << 6;

    /** struct tpacket_req3: block size, block count, frame size, frame count, retire timeout, priv size, features. */
    static final int REQ3_LENGTH = 28;
    /** struct tpacket_stats_v3: tp_packets, tp_drops, tp_freeze_q_cnt. */
    static final int STATS_V3_LENGTH = 12;
    /** struct sockaddr_ll. */
    static final int SOCKADDR_LL_LENGTH = 20;
    /** struct packet_mreq: ifindex, type (u16), alen (u16), address (8). */
    static final int PACKET_MREQ_LENGTH = 16;

    private TpacketDescriptor()
    {
    }
}
