package io.sipsensor.sip;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.sipsensor.sip.Messages.text;
import static io.sipsensor.sip.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViaTest
{
    private final Via via = new Via();
    private DirectBuffer buffer;

    private boolean wrap(final String text)
    {
        final byte[] bytes = utf8(text);
        buffer = Messages.guarded(Messages.padded(bytes), Messages.PAD, Messages.PAD + bytes.length);
        return via.wrap(buffer, Messages.PAD, bytes.length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds | UDP | pc33.atlanta.example.com | 5060 | z9hG4bK776asdhds",
        "SIP/2.0/TCP 192.0.2.4;branch=z9hG4bKnashds10;received=192.0.2.1   | TCP | 192.0.2.4       | 0    | z9hG4bKnashds10",
        "SIP/2.0/TLS [2001:db8::9]:5061;branch=z9hG4bK-1                   | TLS | [2001:db8::9]   | 5061 | z9hG4bK-1",
        "'SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw'           | UDP | 192.0.2.2       | 0    | 390skdjuw",
        "'SIP/2.0/WSS df7jal23ls0d.invalid ; rport ; branch = z9hG4bKx '    | WSS | df7jal23ls0d.invalid | 0 | z9hG4bKx",
        "'SIP/2.0/UDP h.example.com : 5070'                                | UDP | h.example.com   | 5070 | ''",
        "'SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK'                            | UDP | 192.0.2.1       | 0    | z9hG4bK",
        "'SIP/2.0/UDP a.example.com;branch=z9hG4bKa, SIP/2.0/TCP b.example.com;branch=z9hG4bKb' | UDP | a.example.com | 0 | z9hG4bKa",
    })
    void shouldReadTransportSentByAndBranch(
        final String text, final String transport, final String host, final int port, final String branch)
    {
        assertTrue(wrap(text));
        assertEquals("SIP", text(buffer, via.protocolOffset(), via.protocolLength()));
        assertEquals("2.0", text(buffer, via.versionOffset(), via.versionLength()));
        assertEquals(transport, text(buffer, via.transportOffset(), via.transportLength()));
        assertEquals(host, text(buffer, via.hostOffset(), via.hostLength()));
        assertEquals(port, via.port());
        assertEquals(branch, text(buffer, via.branchOffset(), via.branchLength()));
        assertEquals(!branch.isEmpty(), via.hasBranch());
    }

    @Test
    void shouldExposeOtherParameters()
    {
        assertTrue(wrap("SIP/2.0/UDP 10.0.0.1:5060;rport=5061;received=192.0.2.7;branch=z9hG4bK1"));
        assertTrue(via.parameters().find("received"));
        assertEquals("192.0.2.7", text(buffer, via.parameters().valueOffset(), via.parameters().valueLength()));
        assertTrue(via.parameters().find("RPORT"));
        assertEquals("5061", text(buffer, via.parameters().valueOffset(), via.parameters().valueLength()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "SIP/2.0/UDP", "SIP/2.0/UDP ", "SIP/2.0 UDP host", "SIP//UDP host",
        "SIP/2.0/UDP host;;", "SIP/2.0/UDP 192.0.2.15;;,;,,", "SIP/2.0/UDP host:99999", "SIP/2.0/UDP host:",
        "SIP/2.0/UDP host junk", "SIP/2.0/UDPhost", "SIP/2.0/UDP [::1", "SIP/2.0/UDP host;branch=\"open",
        "/2.0/UDP host" })
    void shouldRejectMalformedVia(final String text)
    {
        assertFalse(wrap(text), text);
        assertFalse(via.hasBranch());
        assertEquals(0, via.hostLength());
        assertEquals(0, via.transportLength());
    }

    @Test
    void shouldWrapTopmostViaOfMessage()
    {
        final SipParser parser = new SipParser(SipParser.DEFAULT_MAX_HEADERS);
        final SipMessage message = new SipMessage();
        assertEquals(SipParseResult.OK, Messages.parse(parser, message, SampleMessages.OK_COMPACT));

        assertTrue(via.wrapFirst(message));
        assertEquals("pc33.atlanta.example.com", text(message.buffer(), via.hostOffset(), via.hostLength()));
        assertEquals("z9hG4bK776asdhds", text(message.buffer(), via.branchOffset(), via.branchLength()));

        final String noVia = Messages.message("", "SIP/2.0 200 OK", "Call-ID: 1", "CSeq: 1 BYE",
            "From: <sip:a@e.com>", "To: <sip:b@e.com>");
        assertEquals(SipParseResult.OK, Messages.parse(parser, message, noVia));
        assertFalse(via.wrapFirst(message));
    }
}
