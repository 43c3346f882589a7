package io.sipsensor.net.tcp;

import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import static io.sipsensor.net.tcp.Conversation.ACK;
import static io.sipsensor.net.tcp.Conversation.PSH_ACK;
import static io.sipsensor.net.tcp.Conversation.SECOND;
import static io.sipsensor.net.tcp.Conversation.SYN;
import static io.sipsensor.net.tcp.Conversation.ascii;
import static io.sipsensor.net.tcp.Conversation.request;
import static io.sipsensor.net.tcp.Conversation.response;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SIP over WebSocket (RFC 7118) on a configured port: the HTTP Upgrade, then frames built byte by byte from
 * RFC 6455 section 5.2.
 */
class WebSocketFramingTest
{
    private static final long T0 = 1_800_000_000L * SECOND;
    private static final long MS = 1_000_000L;
    private static final int TEXT = 1;
    private static final int BINARY = 2;
    private static final int CONTINUATION = 0;
    private static final int CLOSE = 8;
    private static final int PING = 9;
    private static final byte[] MASK = {(byte)0x37, (byte)0xfa, (byte)0x21, (byte)0x3d};

    private static final String UPGRADE = "GET / HTTP/1.1\r\nHost: sip.example.com:8080\r\nUpgrade: websocket\r\n" +
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: sip\r\n" +
        "Sec-WebSocket-Version: 13\r\n\r\n";
    private static final String SWITCHING = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n" +
        "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" +
        "Sec-WebSocket-Protocol: sip\r\n\r\n";

    private final Conversation ws = new Conversation(new TcpSettings().websocketPorts(8080)).ports(40_000, 8080);
    private int clientSequence = 1;
    private int serverSequence = 1;

    @Test
    void shouldPassOverUpgradeAndDeliverMaskedAndUnmaskedTextFrames()
    {
        final String invite = request("INVITE", "w1", 1, 300);
        final String trying = response(100, "w1", 1, "INVITE");
        handshake();
        client(frame(true, TEXT, true, ascii(invite)), T0 + 10 * MS);
        server(frame(true, TEXT, false, ascii(trying)), T0 + 11 * MS);

        assertEquals(List.of(invite, trying), ws.texts());
        assertEquals(T0 + 10 * MS, ws.messages.get(0).timeNs());
        assertEquals(8080, ws.messages.get(0).destinationPort());
        assertEquals(2, ws.count(SensorCounter.WEBSOCKET_FRAMES));
        assertEquals(2, ws.count(SensorCounter.WEBSOCKET_MESSAGES));
        assertEquals(2, ws.count(SensorCounter.TCP_SIP_MESSAGES));
    }

    @Test
    void shouldReadSixteenAndSixtyFourBitPayloadLengths()
    {
        final String medium = request("INVITE", "w2", 1, 1000);
        final String large = request("MESSAGE", "w3", 1, 70_000);
        handshake();
        client(frame(true, TEXT, true, ascii(medium)), T0 + 10 * MS);
        final byte[] big = frame(true, BINARY, true, ascii(large));
        assertEquals(127, big[1] & 0x7F, "64-bit length");
        client(Arrays.copyOfRange(big, 0, 40_000), T0 + 11 * MS);
        client(Arrays.copyOfRange(big, 40_000, big.length), T0 + 12 * MS);

        assertEquals(List.of(medium, large), ws.texts());
        assertEquals(T0 + 12 * MS, ws.messages.get(1).timeNs());
    }

    @Test
    void shouldJoinFragmentedMessageWithControlFrameBetweenFragments()
    {
        final String invite = request("INVITE", "w4", 1, 500);
        final byte[] bytes = ascii(invite);
        handshake();
        client(concat(
            frame(false, TEXT, true, Arrays.copyOfRange(bytes, 0, 100)),
            frame(true, PING, true, ascii("ping"))), T0 + 10 * MS);
        client(concat(
            frame(false, CONTINUATION, true, Arrays.copyOfRange(bytes, 100, 400)),
            frame(true, CONTINUATION, true, Arrays.copyOfRange(bytes, 400, bytes.length))), T0 + 11 * MS);

        assertEquals(List.of(invite), ws.texts());
        assertEquals(T0 + 11 * MS, ws.messages.get(0).timeNs());
        assertEquals(4, ws.count(SensorCounter.WEBSOCKET_FRAMES));
        assertEquals(1, ws.count(SensorCounter.WEBSOCKET_MESSAGES));
    }

    @Test
    void shouldReadFrameWhoseHeaderIsSplitAcrossSegments()
    {
        final String invite = request("INVITE", "w5", 1, 400);
        handshake();
        final byte[] whole = frame(true, TEXT, true, ascii(invite));
        client(Arrays.copyOfRange(whole, 0, 3), T0 + 10 * MS);
        client(Arrays.copyOfRange(whole, 3, 6), T0 + 11 * MS);
        client(Arrays.copyOfRange(whole, 6, whole.length), T0 + 12 * MS);

        assertEquals(List.of(invite), ws.texts());
        assertEquals(T0 + 12 * MS, ws.messages.get(0).timeNs());
    }

    @Test
    void shouldDropCompressedFrameAndGoOn()
    {
        final String bye = request("BYE", "w6", 2, 0);
        handshake();
        final byte[] compressed = frame(true, TEXT, true, ascii("not really deflated"));
        compressed[0] |= 0x40;
        client(concat(compressed, frame(true, TEXT, true, ascii(bye))), T0 + 10 * MS);

        assertEquals(List.of(bye), ws.texts());
        assertEquals(1, ws.count(SensorCounter.WEBSOCKET_DROPPED));
    }

    @Test
    void shouldStopAtCloseFrame()
    {
        final String bye = request("BYE", "w7", 2, 0);
        handshake();
        client(concat(frame(true, CLOSE, true, new byte[]{3, (byte)0xe8}), frame(true, TEXT, true, ascii(bye))),
            T0 + 10 * MS);

        assertEquals(List.of(), ws.texts());
        assertEquals(1, ws.count(SensorCounter.WEBSOCKET_FRAMES));
    }

    @Test
    void shouldIgnoreStreamWhoseUpgradeIsRefused()
    {
        ws.client(0, SYN, "", T0);
        ws.server(0, SYN | ACK, "", T0);
        client(ascii(UPGRADE), T0 + MS);
        server(ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nnope!"), T0 + 2 * MS);
        server(frame(true, TEXT, false, ascii(response(200, "w8", 1, "INVITE"))), T0 + 3 * MS);

        assertEquals(List.of(), ws.texts());
        assertEquals(1, ws.count(SensorCounter.TCP_STREAMS_NOT_SIP));
    }

    @Test
    void shouldResynchroniseMidStreamAtSegmentStartingWithFrameThatCarriesSip()
    {
        final String invite = request("INVITE", "w9", 1, 300);
        final String bye = request("BYE", "w9", 2, 0);
        final byte[] cut = frame(true, TEXT, true, ascii(invite));
        ws.client(5000, PSH_ACK, Arrays.copyOfRange(cut, 40, cut.length), T0);
        ws.client(5000 + cut.length - 40, PSH_ACK, frame(true, TEXT, true, ascii(bye)), T0 + MS);

        assertEquals(List.of(bye), ws.texts());
        assertEquals(1, ws.count(SensorCounter.TCP_RESYNCS));
        assertEquals(cut.length - 40, ws.count(SensorCounter.TCP_SKIPPED_BYTES));
    }

    @Test
    void shouldReadPlainSipOnWebSocketPort()
    {
        final String options = request("OPTIONS", "w10", 1, 0);
        ws.client(0, SYN, "", T0);
        ws.client(1, PSH_ACK, options + options, T0 + MS);

        assertEquals(List.of(options, options), ws.texts());
        assertEquals(0, ws.count(SensorCounter.WEBSOCKET_FRAMES));
    }

    @Test
    void shouldDropMessageLargerThanStreamLimit()
    {
        final Conversation small = new Conversation(new TcpSettings().websocketPorts(8080).maxStreamBytes(4096))
            .ports(40_000, 8080);
        final String huge = request("MESSAGE", "w11", 1, 6000);
        final String bye = request("BYE", "w11", 2, 0);
        small.client(0, SYN, "", T0);
        small.client(1, PSH_ACK, UPGRADE, T0 + MS);
        final byte[] frames = concat(frame(true, TEXT, true, ascii(huge)), frame(true, TEXT, true, ascii(bye)));
        small.client(1 + UPGRADE.length(), PSH_ACK, Arrays.copyOfRange(frames, 0, 3000), T0 + 2 * MS);
        small.client(1 + UPGRADE.length() + 3000, PSH_ACK, Arrays.copyOfRange(frames, 3000, frames.length),
            T0 + 3 * MS);

        assertEquals(List.of(bye), small.texts());
        assertEquals(1, small.count(SensorCounter.TCP_MESSAGES_OVERSIZE));
        assertEquals(1, small.count(SensorCounter.WEBSOCKET_DROPPED));
    }

    private void handshake()
    {
        ws.client(0, SYN, "", T0);
        ws.server(0, SYN | ACK, "", T0);
        client(ascii(UPGRADE), T0 + MS);
        server(ascii(SWITCHING), T0 + 2 * MS);
    }

    private void client(final byte[] bytes, final long timeNs)
    {
        ws.client(clientSequence, PSH_ACK, bytes, timeNs);
        clientSequence += bytes.length;
    }

    private void server(final byte[] bytes, final long timeNs)
    {
        ws.server(serverSequence, PSH_ACK, bytes, timeNs);
        serverSequence += bytes.length;
    }

    /**
     * One WebSocket frame (RFC 6455 section 5.2), with the shortest length encoding.
     */
    static byte[] frame(final boolean fin, final int opcode, final boolean masked, final byte[] payload)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        final int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126)
        {
            out.write(maskBit | payload.length);
        }
        else if (payload.length < 65_536)
        {
            out.write(maskBit | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        }
        else
        {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8)
            {
                out.write((int)((long)payload.length >>> shift));
            }
        }
        if (masked)
        {
            out.writeBytes(MASK);
        }
        for (int i = 0; i < payload.length; i++)
        {
            out.write(masked ? payload[i] ^ MASK[i & 3] : payload[i]);
        }
        return out.toByteArray();
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
