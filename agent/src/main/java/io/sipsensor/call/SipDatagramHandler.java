package io.sipsensor.call;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.net.DatagramHandler;
import io.sipsensor.net.PacketInfo;
import io.sipsensor.sip.SipAnomaly;
import io.sipsensor.sip.SipMessage;
import io.sipsensor.sip.SipParseResult;
import io.sipsensor.sip.SipParser;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Recognises SIP in UDP payloads and feeds parsed messages to the {@link CallTracker}. A payload is SIP when either
 * port is a configured SIP port, or when its first line is a SIP start line (SIP on other ports). What fails to
 * parse is counted by reason and skipped. A payload is parsed whole ({@link SipParser#parseDatagram}): what the
 * endpoints accepted is recorded, and each oddity counted by its {@link SipAnomaly} ({@code sip_anomaly_*}). NAT
 * keep-alives on SIP ports (CRLF, CRLFCRLF, NUL bytes, a short word such as "hello", STUN) are counted as
 * {@code sip_keepalives}, not as malformed SIP.
 * <p>
 * Owned by the packet thread; no allocation.
 */
public final class SipDatagramHandler implements DatagramHandler
{
    private static final int STUN_HEADER_LENGTH = 20;
    private static final int STUN_MAGIC_COOKIE = 0x2112A442;
    private static final int MAX_KEEPALIVE_WORD = 16;

    private final boolean[] sipPorts = new boolean[65536];
    private final SipParser parser;
    private final SipMessage message = new SipMessage();
    private final CallTracker tracker;

    private final AtomicCounter sipMessages;
    private final AtomicCounter requests;
    private final AtomicCounter responses;
    private final AtomicCounter nonSip;
    private final AtomicCounter keepalives;
    private final AtomicCounter malformed;
    private final AtomicCounter bodyIncomplete;
    private final AtomicCounter[] malformedByCode = new AtomicCounter[SipParseResult.CODE_COUNT];
    private final AtomicCounter[] anomalies = new AtomicCounter[SipAnomaly.COUNT];

    /**
     * @param ports      UDP ports on which every payload is taken as SIP.
     * @param maxHeaders header lines per message the parser keeps.
     * @param tracker    receives each parsed message.
     * @param counters   for message and malformed counts.
     */
    public SipDatagramHandler(final int[] ports, final int maxHeaders, final CallTracker tracker,
        final Counters counters)
    {
        for (final int port : ports)
        {
            sipPorts[port] = true;
        }
        this.parser = new SipParser(maxHeaders);
        this.tracker = tracker;
        sipMessages = counters.get(SensorCounter.SIP_MESSAGES);
        requests = counters.get(SensorCounter.SIP_REQUESTS);
        responses = counters.get(SensorCounter.SIP_RESPONSES);
        nonSip = counters.get(SensorCounter.NON_SIP_PAYLOADS);
        keepalives = counters.get(SensorCounter.SIP_KEEPALIVES);
        malformed = counters.get(SensorCounter.MALFORMED);
        bodyIncomplete = counters.get(SensorCounter.SIP_BODY_INCOMPLETE);
        malformedByCode[SipParseResult.NOT_SIP] = counters.get(SensorCounter.MALFORMED_NOT_SIP_ON_SIP_PORT);
        malformedByCode[SipParseResult.TRUNCATED] = counters.get(SensorCounter.MALFORMED_TRUNCATED);
        malformedByCode[SipParseResult.MALFORMED_START_LINE] = counters.get(SensorCounter.MALFORMED_START_LINE);
        malformedByCode[SipParseResult.MALFORMED_HEADER] = counters.get(SensorCounter.MALFORMED_HEADER);
        malformedByCode[SipParseResult.TOO_MANY_HEADERS] = counters.get(SensorCounter.MALFORMED_TOO_MANY_HEADERS);
        malformedByCode[SipParseResult.BAD_CONTENT_LENGTH] = counters.get(SensorCounter.MALFORMED_CONTENT_LENGTH);
        malformedByCode[SipParseResult.MISSING_MANDATORY_HEADER] = counters.get(SensorCounter.MALFORMED_MISSING_HEADER);
        malformedByCode[SipParseResult.BAD_CSEQ] = counters.get(SensorCounter.MALFORMED_CSEQ);
        anomalies[bit(SipAnomaly.DUPLICATE_HEADER)] = counters.get(SensorCounter.SIP_ANOMALY_DUPLICATE_HEADER);
        anomalies[bit(SipAnomaly.CONTENT_LENGTH)] = counters.get(SensorCounter.SIP_ANOMALY_CONTENT_LENGTH);
        anomalies[bit(SipAnomaly.HEADER_LINE)] = counters.get(SensorCounter.SIP_ANOMALY_HEADER_LINE);
        anomalies[bit(SipAnomaly.UNTERMINATED)] = counters.get(SensorCounter.SIP_ANOMALY_UNTERMINATED);
        anomalies[bit(SipAnomaly.ADDRESS)] = counters.get(SensorCounter.SIP_ANOMALY_ADDRESS);
        anomalies[bit(SipAnomaly.CSEQ_METHOD)] = counters.get(SensorCounter.SIP_ANOMALY_CSEQ_METHOD);
        anomalies[bit(SipAnomaly.TRAILING_BYTES)] = counters.get(SensorCounter.SIP_ANOMALY_TRAILING_BYTES);
        anomalies[bit(SipAnomaly.START_LINE)] = counters.get(SensorCounter.SIP_ANOMALY_START_LINE);
    }

    @Override
    public void onDatagram(final DirectBuffer buffer, final int offset, final int length, final PacketInfo info)
    {
        final boolean onSipPort = sipPorts[info.sourcePort & 0xFFFF] || sipPorts[info.destinationPort & 0xFFFF];
        if (!onSipPort && !SipParser.looksLikeSip(buffer, offset, length))
        {
            nonSip.incrementRelease();
            tracker.tick(info.timestampNs);
            return;
        }
        onSipPayload(buffer, offset, length, info);
    }

    /**
     * Parses one message that is known to be on a SIP transport (e.g. a message framed from a TCP stream).
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @param length of the message.
     * @param info   addresses and time.
     */
    public void onSipPayload(final DirectBuffer buffer, final int offset, final int length, final PacketInfo info)
    {
        final int result = parser.parseDatagram(buffer, offset, length, message);
        switch (result)
        {
            case SipParseResult.OK, SipParseResult.INCOMPLETE_BODY ->
            {
                if (result == SipParseResult.INCOMPLETE_BODY)
                {
                    bodyIncomplete.incrementRelease();
                }
                sipMessages.incrementRelease();
                (message.isRequest() ? requests : responses).incrementRelease();
                int bits = message.anomalies();
                while (bits != 0)
                {
                    anomalies[Integer.numberOfTrailingZeros(bits)].incrementRelease();
                    bits &= bits - 1;
                }
                tracker.onMessage(message, info);
            }
            case SipParseResult.NOT_SIP, SipParseResult.TRUNCATED ->
            {
                if (isKeepalive(buffer, offset, length))
                {
                    keepalives.incrementRelease();
                }
                else
                {
                    malformed.incrementRelease();
                    malformedByCode[result].incrementRelease();
                }
                tracker.tick(info.timestampNs);
            }
            default ->
            {
                malformed.incrementRelease();
                final AtomicCounter counter = result >= 0 && result < malformedByCode.length ?
                    malformedByCode[result] : null;
                if (counter != null)
                {
                    counter.incrementRelease();
                }
                tracker.tick(info.timestampNs);
            }
        }
    }

    private static int bit(final int anomaly)
    {
        return Integer.numberOfTrailingZeros(anomaly);
    }

    /**
     * NAT keep-alives seen on SIP ports: only CR, LF, SP and NUL bytes (RFC 5626 CRLF and CRLFCRLF, four zero bytes),
     * a STUN message (RFC 5389: two zero top bits, the magic cookie, a length that fits), or a short word without a
     * space ("hello", "ping", "jaK", some with a line end).
     */
    static boolean isKeepalive(final DirectBuffer buffer, final int offset, final int length)
    {
        if (isStun(buffer, offset, length))
        {
            return true;
        }
        boolean padding = true;
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (b != '\r' && b != '\n' && b != ' ' && b != 0)
            {
                padding = false;
                break;
            }
        }
        return padding || isShortWord(buffer, offset, length);
    }

    private static boolean isStun(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= STUN_HEADER_LENGTH &&
            (buffer.getByte(offset) & 0xC0) == 0 &&
            buffer.getInt(offset + 4, java.nio.ByteOrder.BIG_ENDIAN) == STUN_MAGIC_COOKIE &&
            (buffer.getShort(offset + 2, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF) + STUN_HEADER_LENGTH == length;
    }

    private static boolean isShortWord(final DirectBuffer buffer, final int offset, final int length)
    {
        int end = offset + length;
        while (end > offset && (buffer.getByte(end - 1) == '\n' || buffer.getByte(end - 1) == '\r' ||
            buffer.getByte(end - 1) == 0))
        {
            end--;
        }
        if (end == offset || end - offset > MAX_KEEPALIVE_WORD)
        {
            return false;
        }
        for (int p = offset; p < end; p++)
        {
            final byte b = buffer.getByte(p);
            if (b <= ' ' || b >= 0x7F)
            {
                return false;
            }
        }
        return true;
    }
}
