package io.sipsensor.net.tcp;

import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sipsensor.net.tcp.Conversation.PSH_ACK;
import static io.sipsensor.net.tcp.Conversation.SECOND;
import static io.sipsensor.net.tcp.Conversation.SYN;
import static io.sipsensor.net.tcp.Conversation.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every limit of TCP reassembly is enforced and counted: stream slots, bytes per stream, total memory, held ranges.
 */
class TcpMemoryLimitTest
{
    private static final long T0 = 1_800_000_000L * SECOND;
    private static final long MS = 1_000_000L;

    @Test
    void shouldCutMessageLargerThanStreamLimitAndSkipItsRest()
    {
        final Conversation tcp = new Conversation(new TcpSettings().maxStreamBytes(4096).blockBytes(1024));
        final String huge = request("MESSAGE", "o1", 1, 10_000);
        final String bye = request("BYE", "o1", 2, 0);
        tcp.client(0, SYN, "", T0);
        final int after = tcp.clientInPieces(1, huge, T0 + MS, 1400, 1400, 1400, 1400, 1400, 1400, 1400);
        tcp.client(after, PSH_ACK, bye, T0 + SECOND);

        assertEquals(2, tcp.messages.size());
        assertEquals(huge.substring(0, 1400), tcp.messages.get(0).text(), "headers and the body part held");
        assertEquals(bye, tcp.messages.get(1).text());
        assertEquals(1, tcp.count(SensorCounter.TCP_MESSAGES_OVERSIZE));
        assertEquals(0, tcp.count(SensorCounter.TCP_RESYNCS), "the rest is passed over by its length");
        assertEquals(0, tcp.reassembler.heldBlocks());
    }

    @Test
    void shouldPassOverHeaderSectionLongerThanStreamLimit()
    {
        final Conversation tcp = new Conversation(new TcpSettings().maxStreamBytes(4096).blockBytes(1024));
        final StringBuilder headers = new StringBuilder("INVITE sip:b@h SIP/2.0\r\n");
        while (headers.length() < 6000)
        {
            headers.append("X-Filler: ").append("f".repeat(60)).append("\r\n");
        }
        final String bye = request("BYE", "o2", 2, 0);
        tcp.client(0, SYN, "", T0);
        final int after = tcp.clientInPieces(1, headers + "\r\n", T0 + MS, 1000, 1000, 1000, 1000, 1000, 1000);
        tcp.client(after, PSH_ACK, bye, T0 + SECOND);

        assertEquals(List.of(bye), tcp.texts());
        assertEquals(1, tcp.count(SensorCounter.TCP_MESSAGES_OVERSIZE));
        assertEquals(1, tcp.count(SensorCounter.TCP_RESYNCS));
    }

    @Test
    void shouldDropLeastRecentlyActiveStreamWhenStreamSlotsRunOut()
    {
        final Conversation tcp = new Conversation(new TcpSettings().maxStreams(4));
        final String invite = request("INVITE", "e1", 1, 100);
        for (int i = 0; i < 5; i++)
        {
            tcp.ports(40_000 + i, 5060);
            tcp.client(0, SYN, "", T0 + i * MS);
            tcp.client(1, PSH_ACK, invite.substring(0, 50), T0 + i * MS);
        }

        assertEquals(4, tcp.reassembler.activeStreams());
        assertEquals(1, tcp.count(SensorCounter.TCP_STREAMS_EVICTED));
        assertEquals(1, tcp.count(SensorCounter.TCP_MESSAGES_INCOMPLETE), "the first stream's partial INVITE");
        tcp.ports(40_004, 5060);
        tcp.client(51, PSH_ACK, invite.substring(50), T0 + 10 * MS);
        assertEquals(List.of(invite), tcp.texts());
    }

    @Test
    void shouldTakeMemoryFromLeastRecentlyActiveStreamsWhenBlocksRunOut()
    {
        final Conversation tcp = new Conversation(new TcpSettings().blockBytes(1024).memoryBytes(4 * 1024));
        final String invite = request("INVITE", "b1", 1, 100);
        for (int i = 0; i < 5; i++)
        {
            tcp.ports(40_000 + i, 5060);
            tcp.client(0, SYN, "", T0 + i * MS);
            tcp.client(1, PSH_ACK, invite.substring(0, 50), T0 + i * MS);
        }
        assertEquals(4, tcp.reassembler.heldBlocks());
        assertEquals(1, tcp.count(SensorCounter.TCP_MEMORY_LIMIT));
        assertEquals(1, tcp.count(SensorCounter.TCP_MESSAGES_INCOMPLETE));

        for (int i = 0; i < 5; i++)
        {
            tcp.ports(40_000 + i, 5060);
            tcp.client(51, PSH_ACK, invite.substring(50), T0 + 10 * MS);
        }
        assertEquals(4, tcp.messages.size(), "the oldest stream lost its partial INVITE");
        assertEquals(40_001, tcp.messages.get(0).sourcePort());
        assertEquals(0, tcp.reassembler.heldBlocks());
    }

    @Test
    void shouldGiveUpHoleWhenBytesBeyondItWouldPassStreamLimit()
    {
        final Conversation tcp = new Conversation(new TcpSettings().maxStreamBytes(4096).blockBytes(1024));
        final String first = request("INVITE", "l1", 1, 100);
        final String next = request("INVITE", "l2", 1, 3000);
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, first.substring(0, 40), T0 + MS);
        // The rest of 'first' and 1000 bytes more are lost; 1000 bytes of a body without CRLF arrive beyond the
        // hole, then 'next', which no longer fits in 4096 bytes with the hole still open.
        final int base = 1 + first.length() + 2000;
        tcp.client(base - 1000, PSH_ACK, "x".repeat(1000), T0 + 2 * MS);
        tcp.client(base, PSH_ACK, next, T0 + 3 * MS);

        assertEquals(1, tcp.count(SensorCounter.TCP_GAPS));
        assertEquals(1, tcp.count(SensorCounter.TCP_MESSAGES_INCOMPLETE));
        assertEquals(List.of(next), tcp.texts(), "found after the body bytes in front of it");
        assertEquals(1000, tcp.count(SensorCounter.TCP_SKIPPED_BYTES));
        assertEquals(0, tcp.reassembler.heldBlocks());
    }

    @Test
    void shouldTakeSegmentThatFillsTheHoleEvenWhenItReachesPastTheStreamLimit()
    {
        final Conversation tcp = new Conversation(new TcpSettings().maxStreamBytes(4096).blockBytes(1024));
        final StringBuilder stream = new StringBuilder();
        for (int i = 0; stream.length() < 5000; i++)
        {
            stream.append(request("MESSAGE", "w" + i, 1, 200));
        }
        final String bytes = stream.toString();
        tcp.client(0, SYN, "", T0);
        tcp.client(1, PSH_ACK, bytes.substring(0, 100), T0 + MS);
        tcp.client(1 + 300, PSH_ACK, bytes.substring(300, 4000), T0 + 2 * MS);
        // Fills [100, 300), repeats what is held, and brings [4000, 4500): 4400 bytes past the stream's base.
        tcp.client(1 + 100, PSH_ACK, bytes.substring(100, 4500), T0 + 3 * MS);
        tcp.client(1 + 4500, PSH_ACK, bytes.substring(4500), T0 + 4 * MS);

        assertEquals(bytes, String.join("", tcp.texts()));
        assertEquals(0, tcp.count(SensorCounter.TCP_GAPS));
        assertEquals(0, tcp.reassembler.heldBlocks());
    }

    @Test
    void shouldDropSegmentThatWouldOpenOneRangeTooMany()
    {
        final Conversation tcp = new Conversation();
        final String invite = request("INVITE", "g1", 1, 600);
        tcp.client(0, SYN, "", T0);
        // Every other 20-byte piece after the first: nine separate ranges.
        for (int i = 0; i < TcpStream.MAX_RANGES + 1; i++)
        {
            final int from = 40 + 40 * i;
            tcp.client(1 + from, PSH_ACK, invite.substring(from, from + 20), T0 + MS);
        }
        assertEquals(1, tcp.count(SensorCounter.TCP_MEMORY_LIMIT));

        tcp.client(1, PSH_ACK, invite, T0 + 2 * MS);
        assertEquals(List.of(invite), tcp.texts(), "the whole message again fills every hole");
        assertEquals(0, tcp.reassembler.heldBlocks());
    }

    @Test
    void shouldRefuseUnusableSettings()
    {
        assertThrows(IllegalArgumentException.class, () -> new TcpSettings().maxStreams(0).validate());
        assertThrows(IllegalArgumentException.class, () -> new TcpSettings().blockBytes(1000).validate());
        assertThrows(IllegalArgumentException.class, () -> new TcpSettings().maxStreamBytes(100).validate());
        assertThrows(IllegalArgumentException.class, () -> new TcpSettings().memoryBytes(10).validate());
        assertThrows(IllegalArgumentException.class, () -> new TcpSettings().gapTimeoutNs(0).validate());
        assertThrows(IllegalArgumentException.class, () -> new TcpSettings().websocketPorts(0).validate());
    }
}
