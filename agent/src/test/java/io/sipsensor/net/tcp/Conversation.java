package io.sipsensor.net.tcp;

import io.sipsensor.status.Counters;
import io.sipsensor.status.SensorCounter;
import io.sipsensor.net.FrameWriter;
import io.sipsensor.net.PacketDecoder;
import io.sipsensor.net.PacketInfo;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One TCP connection for tests, client 10.0.0.1 to server 10.0.0.2, written frame by frame with {@link FrameWriter}
 * and decoded by a {@link PacketDecoder} with a {@link TcpReassembler} plugged in; every message handed on is kept
 * (allocates: test only).
 */
final class Conversation
{
    static final long SECOND = 1_000_000_000L;
    static final int SYN = FrameWriter.TCP_SYN;
    static final int ACK = FrameWriter.TCP_ACK;
    static final int PSH_ACK = FrameWriter.TCP_PSH | FrameWriter.TCP_ACK;
    static final int FIN_ACK = FrameWriter.TCP_FIN | FrameWriter.TCP_ACK;
    static final int RST = FrameWriter.TCP_RST;

    record Message(String text, long timeNs, String source, int sourcePort, String destination, int destinationPort,
        int vlanId, int protocol)
    {
    }

    final Counters counters = new Counters();
    final List<Message> messages = new ArrayList<>();
    final TcpReassembler reassembler;
    final PacketDecoder decoder;

    private final FrameWriter toServer;
    private final FrameWriter toClient;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[70_000]);
    int clientPort = 40_000;
    int serverPort = 5060;

    Conversation()
    {
        this(new TcpSettings());
    }

    Conversation(final TcpSettings settings)
    {
        this(settings, "10.0.0.1", "10.0.0.2");
    }

    Conversation(final TcpSettings settings, final String client, final String server)
    {
        reassembler = new TcpReassembler(settings, counters, this::record);
        decoder = new PacketDecoder((buffer, offset, length, info) -> { }, counters).tcpHandler(reassembler);
        toServer = new FrameWriter().addresses(client, server);
        toClient = new FrameWriter().addresses(server, client);
    }

    Conversation ports(final int client, final int server)
    {
        clientPort = client;
        serverPort = server;
        return this;
    }

    FrameWriter clientWriter()
    {
        return toServer;
    }

    /**
     * A segment from the client.
     */
    void client(final int sequence, final int flags, final String payload, final long timeNs)
    {
        client(sequence, flags, ascii(payload), timeNs);
    }

    void client(final int sequence, final int flags, final byte[] payload, final long timeNs)
    {
        segment(toServer, clientPort, serverPort, sequence, flags, payload, timeNs);
    }

    /**
     * A segment from the server.
     */
    void server(final int sequence, final int flags, final String payload, final long timeNs)
    {
        server(sequence, flags, ascii(payload), timeNs);
    }

    void server(final int sequence, final int flags, final byte[] payload, final long timeNs)
    {
        segment(toClient, serverPort, clientPort, sequence, flags, payload, timeNs);
    }

    /**
     * Sends {@code payload} from the client in segments of the given sizes (the last takes the rest), one
     * millisecond apart from {@code timeNs}.
     *
     * @return the sequence number after the last byte.
     */
    int clientInPieces(final int sequence, final String payload, final long timeNs, final int... sizes)
    {
        final byte[] bytes = ascii(payload);
        int offset = 0;
        int piece = 0;
        while (offset < bytes.length)
        {
            final int size = piece < sizes.length ? Math.min(sizes[piece], bytes.length - offset) :
                bytes.length - offset;
            final byte[] part = java.util.Arrays.copyOfRange(bytes, offset, offset + size);
            client(sequence + offset, PSH_ACK, part, timeNs + piece * 1_000_000L);
            offset += size;
            piece++;
        }
        return sequence + bytes.length;
    }

    /**
     * A pure ACK from the server acknowledging every client byte before {@code acknowledgement}.
     */
    void serverAck(final int sequence, final int acknowledgement, final long timeNs)
    {
        segment(toClient, serverPort, clientPort, sequence, acknowledgement, ACK, new byte[0], timeNs);
    }

    void segment(
        final FrameWriter writer, final int sourcePort, final int destinationPort, final int sequence, final int flags,
        final byte[] payload, final long timeNs)
    {
        segment(writer, sourcePort, destinationPort, sequence, 1, flags, payload, timeNs);
    }

    void segment(
        final FrameWriter writer, final int sourcePort, final int destinationPort, final int sequence,
        final int acknowledgement, final int flags, final byte[] payload, final long timeNs)
    {
        final int length = writer.tcp(frame, 0, sourcePort, destinationPort, sequence, acknowledgement, flags,
            new UnsafeBuffer(payload), 0, payload.length);
        decoder.onPacket(writer.linkType(), frame, 0, length, length, timeNs);
    }

    /**
     * Decodes a frame whose capture was cut to {@code captured} bytes.
     */
    void clientCut(final int sequence, final int flags, final String payload, final int cutBy, final long timeNs)
    {
        final byte[] bytes = ascii(payload);
        final int length = toServer.tcp(frame, 0, clientPort, serverPort, sequence, 1, flags,
            new UnsafeBuffer(bytes), 0, bytes.length);
        decoder.onPacket(toServer.linkType(), frame, 0, length - cutBy, length, timeNs);
    }

    long count(final SensorCounter counter)
    {
        return counters.value(counter);
    }

    List<String> texts()
    {
        return messages.stream().map(Message::text).toList();
    }

    private void record(final DirectBuffer buffer, final int offset, final int length, final PacketInfo info)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        messages.add(new Message(new String(bytes, StandardCharsets.ISO_8859_1), info.timestampNs,
            info.addressText(true), info.sourcePort, info.addressText(false), info.destinationPort, info.vlanId,
            info.transportProtocol));
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A SIP request with a body of {@code bodyLength} bytes ('v=0' and filler lines) and a matching Content-Length.
     */
    static String request(final String method, final String callId, final int cseq, final int bodyLength)
    {
        final String body = body(bodyLength);
        return method + " sip:bob@10.0.0.2 SIP/2.0\r\n" +
            "Via: SIP/2.0/TCP 10.0.0.1:40000;branch=z9hG4bK" + callId + cseq + "\r\n" +
            "From: <sip:alice@10.0.0.1>;tag=a1\r\n" +
            "To: <sip:bob@10.0.0.2>\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: " + cseq + " " + method + "\r\n" +
            "Content-Length: " + body.length() + "\r\n" +
            "\r\n" + body;
    }

    static String response(final int code, final String callId, final int cseq, final String method)
    {
        return "SIP/2.0 " + code + " Whatever\r\n" +
            "Via: SIP/2.0/TCP 10.0.0.1:40000;branch=z9hG4bK" + callId + cseq + "\r\n" +
            "From: <sip:alice@10.0.0.1>;tag=a1\r\n" +
            "To: <sip:bob@10.0.0.2>;tag=b1\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: " + cseq + " " + method + "\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n";
    }

    static String body(final int length)
    {
        final StringBuilder body = new StringBuilder(length);
        if (length >= 5)
        {
            body.append("v=0\r\n");
        }
        while (body.length() < length)
        {
            body.append((char)('a' + body.length() % 26));
            if (body.length() % 60 == 58 && body.length() + 2 <= length)
            {
                body.append("\r\n");
            }
        }
        body.setLength(length);
        return body.toString();
    }
}
