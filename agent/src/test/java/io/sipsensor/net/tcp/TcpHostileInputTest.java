package io.sipsensor.net.tcp;

import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static io.sipsensor.net.tcp.Conversation.SECOND;
import static io.sipsensor.net.tcp.Conversation.ascii;
import static io.sipsensor.net.tcp.Conversation.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile TCP: random flags, sequence numbers and payloads (junk, pieces of SIP, WebSocket frames with wild lengths),
 * mutated SIP streams, tiny limits. Nothing throws, memory stays inside its limits and all of it comes back.
 */
class TcpHostileInputTest
{
    private static final long T0 = 1_800_000_000L * SECOND;

    @Test
    void shouldNeverThrowAndReturnAllMemoryOnRandomSegments()
    {
        final TcpSettings settings = new TcpSettings().websocketPorts(8080).maxStreams(32).maxStreamBytes(4096)
            .blockBytes(256).memoryBytes(16 * 1024).gapTimeoutNs(50_000_000L).idleTimeoutNs(2 * SECOND);
        final Conversation tcp = new Conversation(settings);
        final Random random = new Random(42);
        final byte[] sip = ascii(request("INVITE", "hostile", 1, 900));
        final int[] bases = {0, 1_000_000, -5, Integer.MAX_VALUE - 100};
        long timeNs = T0;
        for (int i = 0; i < 200_000; i++)
        {
            timeNs += random.nextInt(3_000_000);
            final int[] serverPorts = {5060, 8080, 5080, 443};
            tcp.ports(40_000 + random.nextInt(6), serverPorts[random.nextInt(serverPorts.length)]);
            final int flags = random.nextInt(8) == 0 ? random.nextInt(256) : Conversation.PSH_ACK;
            final int sequence = bases[random.nextInt(bases.length)] + random.nextInt(20_000);
            final byte[] payload = payload(random, sip);
            if (random.nextBoolean())
            {
                tcp.client(sequence, flags, payload, timeNs);
            }
            else
            {
                tcp.server(sequence, flags, payload, timeNs);
            }
            assertTrue(tcp.reassembler.heldBlocks() <= 64);
            assertTrue(tcp.reassembler.activeStreams() <= 32);
        }
        tcp.reassembler.flush();

        assertEquals(0, tcp.reassembler.activeStreams());
        assertEquals(0, tcp.reassembler.heldBlocks());
        assertTrue(tcp.count(SensorCounter.TCP_SEGMENTS) > 50_000, "segments of tracked streams: " +
            tcp.count(SensorCounter.TCP_SEGMENTS));
    }

    @Test
    void shouldNeverThrowOnMutatedSipStreams()
    {
        final Random random = new Random(7);
        final byte[] sip = ascii(request("INVITE", "m", 1, 700) + request("BYE", "m", 2, 0));
        final Conversation tcp = new Conversation(
            new TcpSettings().maxStreams(16).maxStreamBytes(8192).blockBytes(1024).memoryBytes(64 * 1024));
        for (int round = 0; round < 2_000; round++)
        {
            tcp.ports(10_000 + round, 5060);
            final byte[] bytes = sip.clone();
            for (int flips = random.nextInt(20); flips > 0; flips--)
            {
                bytes[random.nextInt(bytes.length)] = (byte)random.nextInt(256);
            }
            tcp.client(0, Conversation.SYN, "", T0);
            int offset = 0;
            while (offset < bytes.length)
            {
                final int size = Math.min(bytes.length - offset, 1 + random.nextInt(300));
                tcp.client(1 + offset, Conversation.PSH_ACK, Arrays.copyOfRange(bytes, offset, offset + size), T0);
                offset += size;
            }
            tcp.reassembler.flush();
            assertEquals(0, tcp.reassembler.heldBlocks());
        }
    }

    private static byte[] payload(final Random random, final byte[] sip)
    {
        switch (random.nextInt(6))
        {
            case 0:
                return new byte[0];
            case 1:
            {
                final byte[] junk = new byte[random.nextInt(1500)];
                random.nextBytes(junk);
                return junk;
            }
            case 2:
            {
                final int from = random.nextInt(sip.length);
                return Arrays.copyOfRange(sip, from, Math.min(sip.length, from + 1 + random.nextInt(1500)));
            }
            case 3:
            {
                // A WebSocket frame header with a random length form and a random opcode, then junk.
                final byte[] frame = new byte[2 + 8 + 4 + random.nextInt(200)];
                random.nextBytes(frame);
                frame[1] = (byte)(0x80 | (random.nextBoolean() ? 127 : random.nextInt(128)));
                return frame;
            }
            case 4:
                return ascii("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n");
            default:
                return ascii("HTTP/1.1 101 Switching Protocols\r\n\r\n");
        }
    }
}
