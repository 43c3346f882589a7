package io.sipsensor.cli;

import io.sipsensor.status.Counters;
import io.sipsensor.capture.CaptureFiles;
import io.sipsensor.capture.MergingPacketSource;
import io.sipsensor.net.PacketDecoder;
import io.sipsensor.sip.SipMessage;
import io.sipsensor.sip.SipMethod;
import io.sipsensor.sip.SipParseResult;
import io.sipsensor.sip.SipParser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SIP messages and Call-IDs the agent's own decoder and parser extract from a capture over UDP (and every
 * encapsulation the decoder opens), for comparing with tshark's summary in {@code public/SOURCES.md}. Allocates:
 * test only.
 */
final class SipCallIds
{
    private final Set<String> distinct = new LinkedHashSet<>();
    private final Set<String> withInvite = new LinkedHashSet<>();
    private int messages;

    private SipCallIds()
    {
    }

    static SipCallIds of(final Path file)
    {
        final SipCallIds result = new SipCallIds();
        final SipParser parser = new SipParser(128);
        final SipMessage message = new SipMessage();
        final Counters counters = new Counters();
        final PacketDecoder decoder = new PacketDecoder((buffer, offset, length, info) ->
        {
            if (!SipParser.looksLikeSip(buffer, offset, length))
            {
                return;
            }
            final int code = parser.parse(buffer, offset, length, message);
            if (code != SipParseResult.OK && code != SipParseResult.INCOMPLETE_BODY)
            {
                return;
            }
            result.messages++;
            final String callId = message.buffer().getStringWithoutLengthAscii(message.callIdOffset(),
                message.callIdLength());
            result.distinct.add(callId);
            if (message.isRequest() && message.method() == SipMethod.INVITE)
            {
                result.withInvite.add(callId);
            }
        }, counters);
        final List<String> problems = new ArrayList<>();
        try (MergingPacketSource source = CaptureFiles.open(List.of(file), problems::add, counters))
        {
            while (!source.isExhausted())
            {
                source.poll(decoder, 256);
            }
        }
        assertEquals(List.of(), problems);
        return result;
    }

    int messages()
    {
        return messages;
    }

    Set<String> distinct()
    {
        return distinct;
    }

    Set<String> withInvite()
    {
        return withInvite;
    }
}
