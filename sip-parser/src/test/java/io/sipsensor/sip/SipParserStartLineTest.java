package io.sipsensor.sip;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.sipsensor.sip.Messages.parse;
import static io.sipsensor.sip.Messages.text;
import static io.sipsensor.sip.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SipParserStartLineTest
{
    private static final String[] REST =
    {
        "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK1",
        "From: <sip:a@example.com>;tag=1",
        "To: <sip:b@example.com>",
        "Call-ID: c1",
    };

    private final SipParser parser = new SipParser(SipParser.DEFAULT_MAX_HEADERS);
    private final SipMessage message = new SipMessage();

    private static String request(final String requestLine, final String cseqMethod)
    {
        return Messages.withContentLength("", requestLine, REST[0], REST[1], REST[2], REST[3],
            "CSeq: 1 " + cseqMethod);
    }

    private static String response(final String statusLine)
    {
        return Messages.withContentLength("", statusLine, REST[0], REST[1], REST[2], REST[3], "CSeq: 1 INVITE");
    }

    @Test
    void shouldParseRequestLine()
    {
        assertEquals(SipParseResult.OK, parse(parser, message, request("INVITE sip:bob@example.com SIP/2.0", "INVITE")));

        assertTrue(message.isRequest());
        assertEquals(SipMethod.INVITE, message.method());
        assertEquals("INVITE", text(message.buffer(), message.methodOffset(), message.methodLength()));
        assertEquals("sip:bob@example.com",
            text(message.buffer(), message.requestUriOffset(), message.requestUriLength()));
        assertEquals(0, message.statusCode());
        assertEquals(Messages.PAD, message.messageOffset());
    }

    @ParameterizedTest
    @ValueSource(strings = { "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACK", "UPDATE", "INFO", "SUBSCRIBE",
        "NOTIFY", "REFER", "MESSAGE", "PUBLISH", "INVITE" })
    void shouldRecogniseEveryKnownMethod(final String method)
    {
        assertEquals(SipParseResult.OK, parse(parser, message, request(method + " sip:b@example.com SIP/2.0", method)));
        assertEquals(method, SipMethod.name(message.method()));
        assertEquals(method, SipMethod.name(message.cseqMethod()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "invite", "Invite", "INVITES", "INVIT", "NEWMETHOD", "RE%47IST%45R", "!interesting~" })
    void shouldTreatUnknownOrDifferentlyCasedMethodsAsOther(final String method)
    {
        assertEquals(SipParseResult.OK, parse(parser, message, request(method + " sip:b@example.com SIP/2.0", method)));
        assertEquals(SipMethod.OTHER, message.method());
        assertEquals(method, text(message.buffer(), message.methodOffset(), message.methodLength()));
    }

    @Test
    void shouldAcceptLowerCaseVersion()
    {
        assertEquals(SipParseResult.OK, parse(parser, message, request("BYE sip:b@example.com sip/2.0", "BYE")));
        assertEquals(SipParseResult.OK, parse(parser, message, response("sip/2.0 180 Ringing")));
    }

    @Test
    void shouldParseStatusLine()
    {
        assertEquals(SipParseResult.OK, parse(parser, message, response("SIP/2.0 486 Busy Here")));

        assertFalse(message.isRequest());
        assertEquals(486, message.statusCode());
        assertEquals(SipMethod.NONE, message.method());
        assertEquals(0, message.methodLength());
        assertEquals(0, message.requestUriLength());
        assertEquals("Busy Here", text(message.buffer(), message.reasonOffset(), message.reasonLength()));
        assertEquals(SipMethod.INVITE, message.cseqMethod());
    }

    @Test
    void shouldAcceptEmptyReasonWithOrWithoutSpace()
    {
        assertEquals(SipParseResult.OK, parse(parser, message, response("SIP/2.0 100 ")));
        assertEquals(0, message.reasonLength());
        assertEquals(SipParseResult.OK, parse(parser, message, response("SIP/2.0 100")));
        assertEquals(100, message.statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = { "SIP/2.0 099 Low", "SIP/2.0 700 High", "SIP/2.0 2000 OK", "SIP/2.0 20 OK",
        "SIP/2.0 2x0 OK", "SIP/3.0 200 OK", "SIP/2.0  200 OK", "SIP/2.0", "SIP/20 200 OK",
        "SIP/2.0 4294967301 better not break the receiver" })
    void shouldRejectBrokenStatusLines(final String statusLine)
    {
        assertEquals(SipParseResult.MALFORMED_START_LINE, parse(parser, message, response(statusLine)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "INVITE  sip:b@example.com SIP/2.0", "INVITE sip:b@example.com  SIP/2.0",
        "INVITE sip:b@example.com SIP/2.0 ", "INVITE \tsip:b@example.com\t SIP/2.0\t" })
    void shouldReadRequestLinesWithExtraWhiteSpaceAndCountIt(final String requestLine)
    {
        assertEquals(SipParseResult.OK, parse(parser, message, request(requestLine, "INVITE")));
        assertEquals(SipAnomaly.START_LINE, message.anomalies());
        assertEquals("sip:b@example.com",
            Messages.text(message.buffer(), message.requestUriOffset(), message.requestUriLength()));
        assertEquals(SipMethod.INVITE, message.method());
    }

    @ParameterizedTest
    @ValueSource(strings = { "INVITE <sip:b@example.com> SIP/2.0", "INVITE sip:b@example.com; lr SIP/2.0",
        "INVITE sip:b@example.com SIP/7.0", "INVITE SIP/2.0",
        "INVITE b@example.com SIP/2.0", " INVITE sip:b@example.com SIP/2.0", "INV(TE sip:b@example.com SIP/2.0",
        "INVITE 1sip:b@example.com SIP/2.0", "INVITE sip:b@exa\u0001mple.com SIP/2.0" })
    void shouldRejectBrokenRequestLines(final String requestLine)
    {
        assertEquals(SipParseResult.MALFORMED_START_LINE, parse(parser, message, request(requestLine, "INVITE")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET / HTTP/1.1", "HTTP/1.1 200 OK", "hello", "INVITE sip:b@example.com", ":::" })
    void shouldReportOtherProtocolsAsNotSip(final String firstLine)
    {
        assertEquals(SipParseResult.NOT_SIP, parse(parser, message, firstLine + "\r\nHost: example.com\r\n\r\n"));
    }

    @Test
    void shouldReportBinaryJunkAsNotSip()
    {
        assertEquals(SipParseResult.NOT_SIP, parse(parser, message, new byte[]{ 0, 1, 2, (byte)0xFF, 10, 13 }));
        assertEquals(SipParseResult.NOT_SIP, parse(parser, message, new byte[]{ 'I', 0, 'V' }));
    }

    @Test
    void shouldReportEmptyAndLineBreakOnlyInputAsNotSip()
    {
        assertEquals(SipParseResult.NOT_SIP, parser.parse(new UnsafeBuffer(new byte[8]), 4, 0, message));
        assertEquals(SipParseResult.NOT_SIP, parse(parser, message, "\r\n\r\n"));
    }

    @Test
    void shouldReportRangesOutsideTheBufferAsNotSipInsteadOfThrowing()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(utf8(SampleMessages.BYE));
        assertEquals(SipParseResult.NOT_SIP, parser.parse(buffer, -1, 10, message));
        assertEquals(SipParseResult.NOT_SIP, parser.parse(buffer, 1, buffer.capacity(), message));
        assertEquals(SipParseResult.NOT_SIP, parser.parse(buffer, Integer.MAX_VALUE, Integer.MAX_VALUE, message));
        assertFalse(SipParser.looksLikeSip(buffer, 1, buffer.capacity()));
    }

    @Test
    void shouldReportCutFirstLineAsTruncated()
    {
        assertEquals(SipParseResult.TRUNCATED, parse(parser, message, "INVITE sip:bob@exa"));
        assertEquals(SipParseResult.TRUNCATED, parse(parser, message, "SI"));
        assertEquals(SipParseResult.TRUNCATED, parse(parser, message, "SIP/2.0 200 O"));
    }

    @Test
    void shouldSkipLineBreaksBeforeStartLine()
    {
        assertEquals(SipParseResult.OK, parse(parser, message, "\r\n\r\n" + SampleMessages.BYE));
        assertEquals(Messages.PAD + 4, message.messageOffset());
        assertEquals(SipMethod.BYE, message.method());
        assertEquals(utf8(SampleMessages.BYE).length, message.messageLength());
    }

    @Test
    void shouldRecogniseSipOnFirstLineOnly()
    {
        final UnsafeBuffer invite = new UnsafeBuffer(utf8("INVITE sip:b@example.com SIP/2.0\r\ngarbage"));
        assertTrue(SipParser.looksLikeSip(invite, 0, invite.capacity()));
        final UnsafeBuffer status = new UnsafeBuffer(utf8("\r\nSIP/2.0 180 Ringing\n"));
        assertTrue(SipParser.looksLikeSip(status, 0, status.capacity()));
        final UnsafeBuffer unknownMethod = new UnsafeBuffer(utf8("FOO sip:b@example.com SIP/2.0\r\n"));
        assertTrue(SipParser.looksLikeSip(unknownMethod, 0, unknownMethod.capacity()));
    }

    @Test
    void shouldNotTakeOtherPayloadsForSip()
    {
        final UnsafeBuffer http = new UnsafeBuffer(utf8("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertFalse(SipParser.looksLikeSip(http, 0, http.capacity()));
        final UnsafeBuffer noLineEnd = new UnsafeBuffer(utf8("INVITE sip:b@example.com SIP/2.0"));
        assertFalse(SipParser.looksLikeSip(noLineEnd, 0, noLineEnd.capacity()));
        final UnsafeBuffer badCode = new UnsafeBuffer(utf8("SIP/2.0 999 Nope\r\n"));
        assertFalse(SipParser.looksLikeSip(badCode, 0, badCode.capacity()));
        final UnsafeBuffer rtp = new UnsafeBuffer(new byte[]{ (byte)0x80, 0, 1, 2, 3, '\n' });
        assertFalse(SipParser.looksLikeSip(rtp, 0, rtp.capacity()));
        assertFalse(SipParser.looksLikeSip(rtp, 0, 0));
    }

    @Test
    void shouldLookAtTheGivenRangeOnly()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(utf8("xxSIP/2.0 200 OK\r\nyy"));
        assertTrue(SipParser.looksLikeSip(Messages.guarded(buffer, 2, 18), 2, 16));
        assertFalse(SipParser.looksLikeSip(Messages.guarded(buffer, 2, 17), 2, 15));
    }
}
