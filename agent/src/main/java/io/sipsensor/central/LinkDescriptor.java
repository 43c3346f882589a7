package io.sipsensor.central;

/**
 * Layout of the sensor-to-central link, protocol version {@link #VERSION}. Every frame travels inside TLS 1.3 and
 * starts with the same 8-byte header; all integers are little endian (as in the CDR journal).
 *
 * <pre>
 *  Frame header
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+---------------+---------------+
 *  |        magic 'S' 'L'          |     type      |    flags      |  0
 *  +-------------------------------+---------------+---------------+
 *  |                  body length (bytes after the header)         |  4
 *  +---------------------------------------------------------------+
 *
 *  HELLO (1), sensor -> central, first frame
 *  +-------------------------------+-------------------------------+
 *  |       protocol version        |     hardware id length        |  0
 *  +-------------------------------+-------------------------------+
 *  |                          id_sensor                            |  4
 *  +---------------------------------------------------------------+
 *  |            sensor clock (ns since the epoch, 64 bits)         |  8
 *  +---------------------------------------------------------------+
 *  |            hardware id (ASCII, 1..128 bytes)                ...  16
 *  +---------------------------------------------------------------+
 *
 *  CHALLENGE (2), central -> sensor
 *  +-------------------------------+-------------------------------+
 *  |       protocol version        |          reserved (0)         |  0
 *  +-------------------------------+-------------------------------+
 *  |                          reserved (0)                         |  4
 *  +---------------------------------------------------------------+
 *  |           central clock (ns since the epoch, 64 bits)         |  8
 *  +---------------------------------------------------------------+
 *  |                       nonce (32 bytes)                        | 16
 *  +---------------------------------------------------------------+
 *
 *  AUTH (3), sensor -> central: HMAC-SHA256(server_password, "sipsensor-link-1" | nonce | HELLO body), 32 bytes
 *
 *  WELCOME (4), central -> sensor: central clock (ns since the epoch, 64 bits)
 *
 *  REFUSE (5), either way, then the sender closes
 *  +-------------------------------+-------------------------------+
 *  |        reason (Refusal)       |        text length            |  0
 *  +-------------------------------+-------------------------------+
 *  |                    text (ASCII, up to 200 bytes)            ...  4
 *  +---------------------------------------------------------------+
 *
 *  BATCH (6), sensor -> central
 *  +---------------------------------------------------------------+
 *  |                 record count (1..MAX_BATCH_RECORDS)           |  0
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         |  4
 *  +---------------------------------------------------------------+
 *  |  then per record, in the sensor's journal order:              |
 *  |     sensor journal index (64 bits, strictly increasing)       |
 *  |     record length (32 bits)                                   |
 *  |     CDR record (journal.CdrRecordDescriptor), as journaled   ... |
 *  +---------------------------------------------------------------+
 *
 *  flags: 0, or FLAG_DEFLATE on a BATCH: the body is the plain body's length (32 bits) followed by the plain
 *  body deflated (zlib format, java.util.zip.Deflater); the plain body must come out exactly that long
 *
 *  ACK (7), central -> sensor: the last sensor journal index the central's own journal holds (64 bits)
 *
 *  EVENTS (8), sensor -> central, not acknowledged: legs in progress (start, connect, end), best effort
 *  +---------------------------------------------------------------+
 *  |                 event count (1..MAX_EVENTS)                   |  0
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         |  4
 *  +---------------------------------------------------------------+
 *  |  then count events of EVENT_LENGTH bytes (layout in LegEvents) |  8
 *  +---------------------------------------------------------------+
 * </pre>
 * A session is HELLO, CHALLENGE, AUTH, WELCOME, then BATCH/ACK pairs: the sensor sends a batch and waits for its
 * acknowledgement, which the central gives only once its journal holds every leg of the batch. Between them the
 * sensor may send EVENTS frames, which are not answered.
 */
public final class LinkDescriptor
{
    /** Protocol version spoken by this build. */
    public static final int VERSION = 1;
    /** First two bytes of every frame, 'S' 'L' read as a little-endian short. */
    public static final short MAGIC = (short)('S' | ('L' << 8));

    public static final int MAGIC_OFFSET = 0;
    public static final int TYPE_OFFSET = 2;
    public static final int FLAGS_OFFSET = 3;
    public static final int BODY_LENGTH_OFFSET = 4;
    public static final int HEADER_LENGTH = 8;

    public static final byte TYPE_HELLO = 1;
    public static final byte TYPE_CHALLENGE = 2;
    public static final byte TYPE_AUTH = 3;
    public static final byte TYPE_WELCOME = 4;
    public static final byte TYPE_REFUSE = 5;
    public static final byte TYPE_BATCH = 6;
    public static final byte TYPE_ACK = 7;
    public static final byte TYPE_EVENTS = 8;
    public static final byte LAST_TYPE = TYPE_EVENTS;

    /** Flags bit: the BATCH body is deflated. */
    public static final byte FLAG_DEFLATE = 1;
    /** In a deflated body: the plain body's length before the deflated bytes. */
    public static final int DEFLATE_PLAIN_LENGTH_OFFSET = 0;
    public static final int DEFLATE_DATA_OFFSET = 4;

    public static final int HELLO_VERSION_OFFSET = 0;
    public static final int HELLO_HARDWARE_ID_LENGTH_OFFSET = 2;
    public static final int HELLO_ID_SENSOR_OFFSET = 4;
    public static final int HELLO_CLOCK_OFFSET = 8;
    public static final int HELLO_HARDWARE_ID_OFFSET = 16;
    public static final int MAX_HARDWARE_ID_LENGTH = 128;

    public static final int CHALLENGE_VERSION_OFFSET = 0;
    public static final int CHALLENGE_CLOCK_OFFSET = 8;
    public static final int CHALLENGE_NONCE_OFFSET = 16;
    public static final int NONCE_LENGTH = 32;
    public static final int CHALLENGE_LENGTH = CHALLENGE_NONCE_OFFSET + NONCE_LENGTH;

    public static final int MAC_LENGTH = 32;

    public static final int WELCOME_LENGTH = 8;

    public static final int REFUSE_REASON_OFFSET = 0;
    public static final int REFUSE_TEXT_LENGTH_OFFSET = 2;
    public static final int REFUSE_TEXT_OFFSET = 4;
    public static final int MAX_REFUSE_TEXT_LENGTH = 200;

    public static final int BATCH_COUNT_OFFSET = 0;
    public static final int BATCH_RECORDS_OFFSET = 8;
    /** Per record: journal index and length before the record bytes. */
    public static final int BATCH_ENTRY_HEADER_LENGTH = 12;
    public static final int MAX_BATCH_RECORDS = 4096;

    public static final int ACK_LENGTH = 8;

    public static final int EVENTS_COUNT_OFFSET = 0;
    public static final int EVENTS_OFFSET = 8;
    public static final int MAX_EVENTS = 4096;
    public static final int EVENT_TYPE_OFFSET = 0;
    public static final int EVENT_FINAL_CODE_OFFSET = 4;
    public static final int EVENT_LEG_ID_OFFSET = 8;
    public static final int EVENT_START_OFFSET = 16;
    public static final int EVENT_CONNECT_OFFSET = 24;
    public static final int EVENT_END_OFFSET = 32;
    public static final int EVENT_KEY_OFFSET = 40;
    public static final int EVENT_LENGTH = 48;

    /** Largest body accepted: a full batch of short records, or fewer long ones. */
    public static final int MAX_BODY_LENGTH = 1 << 20;
    /** Largest frame, header included: the bound of one connection's receive buffer. */
    public static final int MAX_FRAME_LENGTH = HEADER_LENGTH + MAX_BODY_LENGTH;

    private LinkDescriptor()
    {
    }
}
