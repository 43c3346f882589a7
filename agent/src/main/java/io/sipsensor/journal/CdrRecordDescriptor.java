package io.sipsensor.journal;

/**
 * Layout of one CDR leg record, as it travels through the journal ring and is stored in the journal. Little endian.
 * A reader accepts any version from 1 up to {@link #VERSION} and skips fixed fields it does not know by using
 * the stored fixed length; text fields follow the fixed part. Version 2 adds a CRC-32C of the whole record (the
 * checksum field counted as zero) and the record's own journal index, both stamped by {@link Journal#append} as the
 * record is written: a reader of the journal files can then tell a damaged record from a good one and name the
 * exact indices a damaged range held, even where Chronicle's own framing is gone. Version 1 records (journals
 * written before) carry neither and are read unverified.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |           version             |         fixed length          |  0
 *  +-------------------------------+-------------------------------+
 *  |                           id_sensor                           |  4
 *  +---------------------------------------------------------------+
 *  |                      start (ns, 64 bits)                      |  8
 *  |                 connect (ns, MIN_VALUE = none)                | 16
 *  |                         end (ns)                              | 24
 *  |                final response time (ns or none)               | 32
 *  |                   CANCEL time (ns or none)                    | 40
 *  |                     BYE time (ns or none)                     | 48
 *  |                last SIP message time (ns)                     | 56
 *  +---------------------------------------------------------------+
 *  |                  final code (0 = none)                        | 64
 *  +---------------+---------------+---------------+---------------+
 *  |  end reason   |    bye by     |  ip version   |     flags     | 68
 *  +---------------+---------------+---------------+---------------+
 *  |          caller port          |          called port          | 72
 *  +-------------------------------+-------------------------------+
 *  |                          reinvites                            | 76
 *  +---------------------------------------------------------------+
 *  |                 caller IP (16 bytes, IPv4 in first 4)         | 80
 *  |                 called IP (16 bytes)                          | 96
 *  +---------------------------------------------------------------+
 *  |            CRC-32C (v2; computed with this field zero)        | 112
 *  |                      reserved (v2, zero)                      | 116
 *  |             journal index (v2, Chronicle index, 64 bits)      | 120
 *  +---------------------------------------------------------------+
 *  | u16 len | Call-ID | u16 len | caller | u16 len | called | u16 len | R-URI user |  128 (v1: 112)
 *  +---------------------------------------------------------------+
 * </pre>
 * Flags: bit 0 = the leg's start was not captured (its first INVITE seen was a re-INVITE).
 */
public final class CdrRecordDescriptor
{
    /** Current record version. */
    public static final int VERSION = 2;
    /** Ring message type id of a CDR record. */
    public static final int MSG_TYPE_ID = 1;

    public static final int VERSION_OFFSET = 0;
    public static final int FIXED_LENGTH_OFFSET = 2;
    public static final int ID_SENSOR_OFFSET = 4;
    public static final int START_OFFSET = 8;
    public static final int CONNECT_OFFSET = 16;
    public static final int END_OFFSET = 24;
    public static final int FINAL_TIME_OFFSET = 32;
    public static final int CANCEL_TIME_OFFSET = 40;
    public static final int BYE_TIME_OFFSET = 48;
    public static final int LAST_PACKET_OFFSET = 56;
    public static final int FINAL_CODE_OFFSET = 64;
    public static final int END_REASON_OFFSET = 68;
    public static final int BYE_BY_OFFSET = 69;
    public static final int IP_VERSION_OFFSET = 70;
    public static final int FLAGS_OFFSET = 71;
    public static final int CALLER_PORT_OFFSET = 72;
    public static final int CALLED_PORT_OFFSET = 74;
    public static final int REINVITES_OFFSET = 76;
    public static final int CALLER_IP_OFFSET = 80;
    public static final int CALLED_IP_OFFSET = 96;
    public static final int CHECKSUM_OFFSET = 112;
    public static final int JOURNAL_INDEX_OFFSET = 120;
    /** Length of the fixed part in version 1 (no checksum, no journal index). */
    public static final int FIXED_LENGTH_V1 = 112;
    /** Length of the fixed part in the current version; text fields start here. */
    public static final int FIXED_LENGTH = 128;
    /** Longest caller, called or Request-URI user stored; longer values are cut. */
    public static final int MAX_TEXT_LENGTH = 1024;
    /** Longest Call-ID stored (kept whole up to this: RFC 3261 sets no limit). */
    public static final int MAX_CALL_ID_LENGTH = 4096;
    /** Upper bound of an encoded record. */
    public static final int MAX_RECORD_LENGTH = FIXED_LENGTH + 2 + MAX_CALL_ID_LENGTH + 3 * (2 + MAX_TEXT_LENGTH);

    private CdrRecordDescriptor()
    {
    }
}
