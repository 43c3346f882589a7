package io.sipsensor.net.tcp;

import io.sipsensor.status.Counters;
import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.MergingPacketSource;
import io.sipsensor.net.PacketDecoder;
import io.sipsensor.net.PacketInfo;
import io.sipsensor.sip.SipMessage;
import io.sipsensor.sip.SipParseResult;
import io.sipsensor.sip.SipParser;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a capture through the decoder and TCP reassembly and lists every SIP message: UDP payloads taken as SIP by
 * the same rule as the sensor (a SIP port or a SIP start line), TCP and WebSocket messages as framed. Allocates:
 * test only.
 */
final class CaptureMessages
{
    record Message(long timeNs, String callId, String what, int transport)
    {
    }

    final Counters counters = new Counters();
    final List<Message> messages = new ArrayList<>();
    private final boolean[] sipPorts = new boolean[65_536];
    private final SipParser parser = new SipParser(128);
    private final SipMessage message = new SipMessage();

    CaptureMessages(final Path file, final TcpSettings settings)
    {
        for (final int port : settings.sipPorts())
        {
            sipPorts[port] = true;
        }
        final TcpReassembler tcp = new TcpReassembler(settings, counters, this::onMessage);
        final PacketDecoder decoder = new PacketDecoder(this::onDatagram, counters).tcpHandler(tcp);
        final List<String> problems = new ArrayList<>();
        try (MergingPacketSource source = CaptureFiles.open(List.of(file), problems::add, counters))
        {
            while (!source.isExhausted())
            {
                source.poll(decoder, 256);
            }
        }
        tcp.flush();
        if (!problems.isEmpty())
        {
            throw new AssertionError(file + ": " + problems);
        }
    }

    TreeSet<String> callIds()
    {
        final TreeSet<String> callIds = new TreeSet<>();
        messages.forEach(m -> callIds.add(m.callId()));
        return callIds;
    }

    TreeSet<String> inviteCallIds()
    {
        final TreeSet<String> callIds = new TreeSet<>();
        messages.stream().filter(m -> m.what().equals("INVITE")).forEach(m -> callIds.add(m.callId()));
        return callIds;
    }

    /**
     * @return "ACK:1 BYE:1 INVITE:1 | 100:1 180:1 200:2", the form of the corpus's SOURCES.md.
     */
    String breakdown()
    {
        final Map<String, Integer> requests = new TreeMap<>();
        final Map<String, Integer> responses = new TreeMap<>();
        for (final Message m : messages)
        {
            (Character.isDigit(m.what().charAt(0)) ? responses : requests).merge(m.what(), 1, Integer::sum);
        }
        return join(requests) + " | " + join(responses);
    }

    private static String join(final Map<String, Integer> counts)
    {
        final StringBuilder text = new StringBuilder();
        counts.forEach((key, count) -> text.append(text.isEmpty() ? "" : " ").append(key).append(':').append(count));
        return text.toString();
    }

    private void onDatagram(final DirectBuffer buffer, final int offset, final int length, final PacketInfo info)
    {
        if (sipPorts[info.sourcePort] || sipPorts[info.destinationPort] ||
            SipParser.looksLikeSip(buffer, offset, length))
        {
            onMessage(buffer, offset, length, info);
        }
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length, final PacketInfo info)
    {
        final int result = parser.parse(buffer, offset, length, message);
        if (result != SipParseResult.OK && result != SipParseResult.INCOMPLETE_BODY)
        {
            return;
        }
        final String what = message.isRequest() ?
            text(buffer, message.methodOffset(), message.methodLength()) : Integer.toString(message.statusCode());
        messages.add(new Message(info.timestampNs, text(buffer, message.callIdOffset(), message.callIdLength()), what,
            info.transportProtocol));
    }

    private static String text(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
