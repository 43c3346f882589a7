package io.sipsensor.status;

/**
 * Every counter the sensor keeps, as a stable list: the id is the counter's slot in the counters buffer and its
 * key is the name used in the summary JSON and by {@code status}. Append new counters at the end; never reuse ids.
 */
public enum SensorCounter
{
    // Capture
    PACKETS(0, "packets"),
    BYTES(1, "bytes"),
    PACKETS_TRUNCATED_BY_SNAPLEN(2, "packets_truncated_by_snaplen"),
    CAPTURE_FILES(3, "capture_files"),
    CAPTURE_FILE_ERRORS(4, "capture_file_errors"),

    // Layer 2..4 decoding: what was decoded
    ETHERNET(10, "ethernet"),
    VLAN_TAGS(11, "vlan_tags"),
    IPV4(12, "ipv4"),
    IPV6(13, "ipv6"),
    UDP(14, "udp"),
    TCP(15, "tcp"),
    SCTP(16, "sctp"),

    // Layer 2..4 decoding: why a packet was dropped
    DROP_UNSUPPORTED_LINK_TYPE(20, "drop_unsupported_link_type"),
    DROP_TRUNCATED_L2(21, "drop_truncated_l2"),
    DROP_NON_IP(22, "drop_non_ip"),
    DROP_TRUNCATED_IP(23, "drop_truncated_ip"),
    DROP_BAD_IP_HEADER(24, "drop_bad_ip_header"),
    DROP_TRUNCATED_UDP(25, "drop_truncated_udp"),
    DROP_BAD_UDP_LENGTH(26, "drop_bad_udp_length"),
    DROP_OTHER_IP_PROTOCOL(27, "drop_other_ip_protocol"),
    DROP_TCP_NOT_DECODED(28, "drop_tcp_not_decoded"),
    DROP_SCTP_NOT_DECODED(29, "drop_sctp_not_decoded"),
    DROP_TUNNEL_NOT_DECODED(30, "drop_tunnel_not_decoded"),
    DROP_TOO_MANY_HEADERS(31, "drop_ipv6_too_many_extension_headers"),

    // IP fragment reassembly
    FRAGMENTS(40, "fragments"),
    FRAGMENTS_REASSEMBLED(41, "fragments_reassembled"),
    FRAGMENTS_TIMED_OUT(42, "fragments_timed_out"),
    FRAGMENTS_DROPPED_NO_MEMORY(43, "fragments_dropped_no_memory"),
    FRAGMENTS_DROPPED_INVALID(44, "fragments_dropped_invalid"),
    FRAGMENTS_DUPLICATE(45, "fragments_duplicate"),

    // SIP
    SIP_MESSAGES(50, "sip_messages"),
    SIP_REQUESTS(51, "sip_requests"),
    SIP_RESPONSES(52, "sip_responses"),
    NON_SIP_PAYLOADS(53, "non_sip"),
    MALFORMED(54, "malformed"),
    MALFORMED_NOT_SIP_ON_SIP_PORT(55, "malformed_not_sip_on_sip_port"),
    MALFORMED_TRUNCATED(56, "malformed_truncated"),
    MALFORMED_START_LINE(57, "malformed_start_line"),
    MALFORMED_HEADER(58, "malformed_header"),
    MALFORMED_TOO_MANY_HEADERS(59, "malformed_too_many_headers"),
    MALFORMED_CONTENT_LENGTH(60, "malformed_content_length"),
    MALFORMED_MISSING_HEADER(61, "malformed_missing_header"),
    MALFORMED_CSEQ(62, "malformed_cseq"),
    SIP_BODY_INCOMPLETE(63, "sip_body_incomplete"),
    SIP_KEEPALIVES(64, "sip_keepalives"),

    // Call tracking
    CALLS_TRACKED(70, "calls_tracked"),
    CALLS_STARTED(71, "calls_started"),
    LEGS_COMPLETED(72, "legs_completed"),
    CALLS_LIMIT_REACHED(73, "calls_limit_reached"),
    DIALOG_MESSAGES_WITHOUT_INVITE(74, "dialog_messages_without_invite"),
    RETRANSMISSIONS(75, "retransmissions"),
    CALL_FIELDS_TRUNCATED(76, "call_fields_truncated"),

    // Journal
    LEGS_JOURNALED(80, "legs_journaled"),
    JOURNAL_RING_FULL(81, "journal_ring_full"),
    JOURNAL_ERRORS(82, "journal_errors"),
    LEGS_LOST(83, "legs_lost"),
    LEGS_DUPLICATE(84, "legs_duplicate"),
    LEGS_BUFFERED(85, "legs_buffered"),
    JOURNAL_BLOCKED(86, "journal_blocked"),

    // Capture files (ids 100..109): why a file was skipped or cut short
    CAPTURE_FILES_SKIPPED(100, "capture_files_skipped"),
    CAPTURE_FILES_UNSUPPORTED(101, "capture_files_unsupported"),
    CAPTURE_FILES_TRUNCATED(102, "capture_files_truncated"),
    CAPTURE_FILES_CORRUPT(103, "capture_files_corrupt"),
    PACKETS_OUT_OF_ORDER(104, "packets_out_of_order"),

    // Layer 2..4 decoding (ids 110..119)
    DROP_TOO_MANY_VLAN_TAGS(110, "drop_too_many_vlan_tags"),
    DROP_ESP(111, "drop_esp"),
    DROP_NO_NEXT_HEADER(112, "drop_no_next_header"),
    DROP_TUNNEL_TOO_DEEP(113, "drop_tunnel_too_deep"),
    IP_IN_IP(114, "ip_in_ip"),
    UDP_PAYLOAD_TRUNCATED(115, "udp_payload_truncated"),

    // IP fragment reassembly (ids 120..129)
    FRAGMENTS_OVERLAPPING(120, "fragments_overlapping"),
    FRAGMENTS_DROPPED_TRUNCATED(121, "fragments_dropped_truncated"),

    // Tunnels, mirror encapsulations, HEP and pcapng (ids 150..169)
    GRE(150, "gre"),
    ERSPAN(151, "erspan"),
    VXLAN(152, "vxlan"),
    HEP(153, "hep"),
    DROP_GRE_UNSUPPORTED(154, "drop_gre_unsupported"),
    DROP_GRE_PROTOCOL(155, "drop_gre_protocol_not_decoded"),
    DROP_TRUNCATED_TUNNEL(156, "drop_truncated_tunnel"),
    DROP_ERSPAN_UNSUPPORTED(157, "drop_erspan_unsupported"),
    DROP_VXLAN_BAD_FLAGS(158, "drop_vxlan_bad_flags"),
    DROP_HEP_MALFORMED(159, "drop_hep_malformed"),
    DROP_HEP_NOT_SIP(160, "drop_hep_not_sip"),
    DROP_HEP_COMPRESSED(161, "drop_hep_compressed"),
    DROP_HEP_OLD_VERSION(162, "drop_hep_old_version"),
    PCAPNG_BLOCKS_SKIPPED(163, "pcapng_blocks_skipped"),
    PCAPNG_SIMPLE_PACKETS(164, "pcapng_simple_packets"),

    // TCP stream reassembly and SIP over WebSocket (ids 130..149)
    TCP_STREAMS(130, "tcp_streams"),
    TCP_SEGMENTS(131, "tcp_segments"),
    TCP_SEGMENTS_OUT_OF_ORDER(132, "tcp_segments_out_of_order"),
    TCP_SEGMENTS_RETRANSMITTED(133, "tcp_segments_retransmitted"),
    TCP_OVERLAP_BYTES(134, "tcp_overlap_bytes"),
    TCP_GAPS(135, "tcp_gaps"),
    TCP_RESYNCS(136, "tcp_resyncs"),
    TCP_SKIPPED_BYTES(137, "tcp_skipped_bytes"),
    TCP_MEMORY_LIMIT(138, "tcp_memory_limit"),
    TCP_STREAMS_EXPIRED(139, "tcp_streams_expired"),
    TCP_STREAMS_EVICTED(140, "tcp_streams_evicted"),
    TCP_STREAMS_CLOSED(141, "tcp_streams_closed"),
    TCP_STREAMS_NOT_SIP(142, "tcp_streams_not_sip"),
    TCP_SIP_MESSAGES(143, "tcp_sip_messages"),
    TCP_MESSAGES_INCOMPLETE(144, "tcp_messages_incomplete"),
    TCP_MESSAGES_OVERSIZE(145, "tcp_messages_oversize"),
    TCP_BAD_HEADER(146, "tcp_bad_header"),
    WEBSOCKET_FRAMES(147, "websocket_frames"),
    WEBSOCKET_MESSAGES(148, "websocket_messages"),
    WEBSOCKET_DROPPED(149, "websocket_dropped"),

    // Live capture (ids 190..205): what the kernel and the capture threads saw
    KERNEL_PACKETS(190, "kernel_packets"),
    KERNEL_DROPS(191, "kernel_drops"),
    KERNEL_FREEZE_QUEUE(192, "kernel_freeze_queue"),
    INTERFACE_DROPS(193, "interface_drops"),
    CAPTURE_BLOCKS(194, "capture_blocks"),
    CAPTURE_BAD_FRAMES(195, "capture_bad_frames"),
    CAPTURE_ERRORS(196, "capture_errors"),
    VLAN_TAGS_RESTORED(197, "vlan_tags_restored"),
    SIP_HANDOFF(198, "sip_handoff"),
    SIP_HANDOFF_RING_FULL(199, "sip_handoff_ring_full"),
    CHANNEL_EVENTS_DROPPED(200, "channel_events_dropped"),
    LEGS_CLOSED_AT_SHUTDOWN(201, "legs_closed_at_shutdown"),
    RELOADS(202, "reloads"),
    RELOAD_ERRORS(203, "reload_errors"),
    CHANNEL_STATS_ERRORS(204, "channel_stats_errors"),
    INTERFACE_DOWN_EVENTS(205, "interface_down_events"),

    // Live gauges (ids 210..229): current values, set by the thread that owns what they measure
    CALLS_ACTIVE(210, "calls_active"),
    CHANNELS_ALL(211, "channels_all"),
    CHANNELS_ALL_DEDUP(212, "channels_all_dedup"),
    CHANNELS_ANSWERED(213, "channels_answered"),
    CHANNELS_ANSWERED_DEDUP(214, "channels_answered_dedup"),
    CHANNELS_LICENSE(215, "channels_license"),
    LICENSE_LIMIT(216, "license_limit"),
    LICENSE_LEVEL(217, "license_level"),
    JOURNAL_LAG(218, "journal_lag"),
    JOURNAL_RING_USED_BYTES(219, "journal_ring_used_bytes"),
    CAPTURE_THREADS(220, "capture_threads"),
    INTERFACES_DOWN(221, "interfaces_down"),
    // Sensor <-> central link (ids 260..289): frames and sessions refused by reason, what travelled
    LINK_REFUSED_BAD_MAGIC(260, "link_refused_bad_magic"),
    LINK_REFUSED_UNKNOWN_TYPE(261, "link_refused_unknown_type"),
    LINK_REFUSED_TOO_LONG(262, "link_refused_too_long"),
    LINK_REFUSED_MALFORMED(263, "link_refused_malformed"),
    LINK_REFUSED_VERSION(264, "link_refused_version"),
    LINK_REFUSED_AUTHENTICATION(265, "link_refused_authentication"),
    LINK_REFUSED_OUT_OF_ORDER(266, "link_refused_out_of_order"),
    LINK_REFUSED_BAD_RECORD(267, "link_refused_bad_record"),
    LINK_REFUSED_TRUNCATED(268, "link_refused_truncated"),
    LINK_REFUSED_BUSY(269, "link_refused_busy"),
    LINK_REFUSED_TLS(270, "link_refused_tls"),
    LINK_SESSIONS(271, "link_sessions"),
    LINK_BATCHES(272, "link_batches"),
    LINK_LEGS_RECEIVED(273, "link_legs_received"),
    LINK_LEGS_SENT(274, "link_legs_sent"),
    LINK_CONNECT_FAILURES(275, "link_connect_failures"),
    LINK_BACKLOG_LEGS(276, "link_backlog_legs"),
    LINK_CONNECTED(277, "link_connected"),
    LINK_REFUSED_CLOCK(278, "link_refused_clock"),
    LINK_REFUSED_TIMEOUT(279, "link_refused_timeout"),

    // Calls recorded from the middle, SIP over SCTP (ids 280..289)
    CALLS_START_NOT_CAPTURED(280, "calls_start_not_captured"),
    DROP_SCTP_FRAGMENT(281, "drop_sctp_fragment"),

    // The central, second slice (ids 310..329): legs in progress, the group's sensors
    LINK_EVENTS_DROPPED(310, "link_events_dropped"),
    LINK_EVENTS_SENT(311, "link_events_sent"),
    LINK_EVENTS_RECEIVED(312, "link_events_received"),
    LINK_LEGS_IN_PROGRESS(313, "link_legs_in_progress"),
    LINK_REFUSED_DUPLICATE(314, "link_refused_duplicate"),
    LINK_SENSORS_KNOWN(315, "link_sensors_known"),
    LINK_SENSORS_MISSING(316, "link_sensors_missing"),
    LINK_CENTRAL_MISSING(317, "link_central_missing"),
    LINK_BATCH_BYTES_PLAIN(318, "link_batch_bytes_plain"),
    LINK_BATCH_BYTES_SENT(319, "link_batch_bytes_sent"),

    // SIP recorded although odd (ids 230..239), one per io.sipsensor.sip.SipAnomaly bit, in its order
    SIP_ANOMALY_DUPLICATE_HEADER(230, "sip_anomaly_duplicate_header"),
    SIP_ANOMALY_CONTENT_LENGTH(231, "sip_anomaly_content_length"),
    SIP_ANOMALY_HEADER_LINE(232, "sip_anomaly_header_line"),
    SIP_ANOMALY_UNTERMINATED(233, "sip_anomaly_unterminated"),
    SIP_ANOMALY_ADDRESS(234, "sip_anomaly_address"),
    SIP_ANOMALY_CSEQ_METHOD(235, "sip_anomaly_cseq_method"),
    SIP_ANOMALY_TRAILING_BYTES(236, "sip_anomaly_trailing_bytes"),
    SIP_ANOMALY_START_LINE(237, "sip_anomaly_start_line"),

    // Captures from the wild: offload artefacts, access and mobile encapsulations (ids 240..259)
    IP_LENGTH_OFFLOAD(240, "ip_length_offload"),
    PPPOE(241, "pppoe"),
    DROP_PPP_NOT_IP(242, "drop_ppp_not_ip"),
    GTPU(243, "gtpu"),
    DROP_GTPU_UNSUPPORTED(244, "drop_gtpu_unsupported"),
    DROP_GTPU_NOT_GPDU(245, "drop_gtpu_not_gpdu"),
    DROP_GTPU_TRUNCATED(246, "drop_gtpu_truncated"),
    GRE_ENHANCED(247, "gre_enhanced"),
    HEP_COMPRESSED(248, "hep_compressed"),
    PACKETS_TIME_OUTLIER(222, "packets_time_outlier"),

    // Calls in progress across a restart (ids 300..309)
    CALLS_RESTORED(300, "calls_restored"),
    CALLS_SAVED(301, "calls_saved"),
    CALLS_CHECKPOINTS(302, "calls_checkpoints"),
    CALLS_CHECKPOINT_ERRORS(303, "calls_checkpoint_errors"),
    CALLS_CHECKPOINTS_SKIPPED(304, "calls_checkpoints_skipped"),
    SAVED_CALLS_SET_ASIDE(305, "saved_calls_set_aside"),

    // Live time (ids 290..299)
    CLOCK_STEPS(290, "clock_steps"),

    // Kafka (ids 340..359): a sensor producing its journal, a central consuming the topic
    KAFKA_LEGS_PRODUCED(340, "kafka_legs_produced"),
    KAFKA_PRODUCE_FAILURES(341, "kafka_produce_failures"),
    KAFKA_BACKLOG_LEGS(342, "kafka_backlog_legs"),
    KAFKA_LEGS_CONSUMED(343, "kafka_legs_consumed"),
    KAFKA_POISON_RECORDS(344, "kafka_poison_records"),
    KAFKA_OFFSET_COMMITS(345, "kafka_offset_commits"),
    KAFKA_CONSUME_FAILURES(346, "kafka_consume_failures");

    private final int id;
    private final String key;

    SensorCounter(final int id, final String key)
    {
        this.id = id;
        this.key = key;
    }

    /** @return stable slot id of the counter. */
    public int id()
    {
        return id;
    }

    /** @return stable name used in JSON and status output. */
    public String key()
    {
        return key;
    }
}
