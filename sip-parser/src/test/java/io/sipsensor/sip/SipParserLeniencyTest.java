package io.sipsensor.sip;

import org.junit.jupiter.api.Test;

import static io.sipsensor.sip.Messages.message;
import static io.sipsensor.sip.Messages.text;
import static io.sipsensor.sip.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Messages the endpoints accept although they break the grammar (seen in third-party captures: UA bugs, hand-made
 * test traffic, middleboxes). A passive sensor records them and counts what was odd ({@link SipAnomaly}), as long as
 * the start line, Call-ID and CSeq are readable. {@link SipParser#parseDatagram} is what the capture path calls.
 */
class SipParserLeniencyTest
{
    private static final String START = "INVITE sip:bob@biloxi.example.com SIP/2.0";
    private static final String VIA = "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnashds8";
    private static final String FROM = "From: <sip:alice@atlanta.example.com>;tag=1928301774";
    private static final String TO = "To: <sip:bob@biloxi.example.com>";
    private static final String CALL_ID = "Call-ID: lenient-1@192.0.2.1";
    private static final String CSEQ = "CSeq: 1 INVITE";

    private final SipParser parser = new SipParser(SipParser.DEFAULT_MAX_HEADERS);
    private final SipMessage message = new SipMessage();

    private int parseDatagram(final String text)
    {
        return parseDatagram(utf8(text));
    }

    private int parseDatagram(final byte[] bytes)
    {
        final org.agrona.concurrent.UnsafeBuffer padded = Messages.padded(bytes);
        return parser.parseDatagram(
            Messages.guarded(padded, Messages.PAD, Messages.PAD + bytes.length), Messages.PAD, bytes.length, message);
    }

    private String callId()
    {
        return text(message.buffer(), message.callIdOffset(), message.callIdLength());
    }

    private String value(final int index)
    {
        return text(message.buffer(), message.headerValueOffset(index), message.headerValueLength(index));
    }

    private void assertUsable(final int result, final int anomalies)
    {
        assertEquals(SipParseResult.name(SipParseResult.OK), SipParseResult.name(result));
        assertEquals(anomalies, message.anomalies(), "anomaly bits");
        assertEquals("lenient-1@192.0.2.1", callId());
        assertEquals(1, message.cseqNumber());
    }

    @Test
    void shouldReportNoAnomalyForAWellFormedMessage()
    {
        assertUsable(parseDatagram(message("", START, VIA, FROM, TO, CALL_ID, CSEQ, "Content-Length: 0")), 0);
    }

    @Test
    void shouldTakeTheFirstOfACompactAndALongTo()
    {
        final int result = parseDatagram(message("", START, VIA, FROM, "t: <sip:bob@biloxi.example.com>",
            "To: <sip:carol@chicago.example.com>", CALL_ID, CSEQ, "Content-Length: 0"));

        assertUsable(result, SipAnomaly.DUPLICATE_HEADER);
        assertEquals("<sip:bob@biloxi.example.com>", value(message.toIndex()));
    }

    @Test
    void shouldTakeTheRestOfTheDatagramWhenContentLengthIsNotANumber()
    {
        final String body = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n";
        final int result = parseDatagram(message(body, START, VIA, FROM, TO, CALL_ID, CSEQ, "Content-Length: bad"));

        assertUsable(result, SipAnomaly.CONTENT_LENGTH);
        assertEquals(body, text(message.buffer(), message.bodyOffset(), message.bodyLength()));
        assertEquals(utf8(message(body, START, VIA, FROM, TO, CALL_ID, CSEQ, "Content-Length: bad")).length,
            message.messageLength());
    }

    @Test
    void shouldStillRefuseBadContentLengthWhenTheRangeIsAStreamPrefix()
    {
        assertEquals(SipParseResult.BAD_CONTENT_LENGTH, Messages.parse(parser, message,
            message("", START, VIA, FROM, TO, CALL_ID, CSEQ, "Content-Length: bad")));
    }

    @Test
    void shouldSkipAHeaderLineWithAStrayByteInItsName()
    {
        final int result = parseDatagram(
            message("", START, VIA, "User\u0001Agent: broken/1.0", FROM, TO, CALL_ID, CSEQ, "Content-Length: 0"));

        assertUsable(result, SipAnomaly.HEADER_LINE);
        assertEquals(6, message.headerCount());
        assertEquals(SipHeader.FROM, message.headerId(1));
    }

    @Test
    void shouldSkipAHeaderLineWithoutAColon()
    {
        final int result = parseDatagram(
            message("", START, VIA, FROM, "this line has no colon", TO, CALL_ID, CSEQ, "Content-Length: 0"));

        assertUsable(result, SipAnomaly.HEADER_LINE);
        assertEquals(6, message.headerCount());
    }

    @Test
    void shouldEndTheHeaderSectionAtTheDatagramsEndWithoutTheBlankLine()
    {
        final String text = String.join("\r\n", START, VIA, FROM, TO, CALL_ID, CSEQ) + "\r\n";

        assertUsable(parseDatagram(text), SipAnomaly.UNTERMINATED);
        assertEquals(text.length(), message.messageLength());
        assertEquals(SipParseResult.TRUNCATED, Messages.parse(parser, message, text), "a stream prefix waits");
    }

    @Test
    void shouldTakeALastHeaderLineWithoutItsLineFeed()
    {
        final String text = String.join("\r\n", START, VIA, FROM, TO, CALL_ID, CSEQ);

        assertUsable(parseDatagram(text), SipAnomaly.UNTERMINATED);
        assertEquals("1 INVITE", value(message.headerCount() - 1));
        assertEquals(SipMethod.INVITE, message.cseqMethod());
    }

    @Test
    void shouldReadBareLineFeedsThroughout()
    {
        final String text = String.join("\n", START, VIA, FROM, TO, CALL_ID, CSEQ, "Content-Length: 4") + "\n\nv=0\n";

        assertUsable(parseDatagram(text), 0);
        assertEquals("v=0\n", text(message.buffer(), message.bodyOffset(), message.bodyLength()));
    }

    @Test
    void shouldReadAMethodOfFourThousandCharacters()
    {
        final String method = "X".repeat(4000);
        final int result = parseDatagram(message("", method + " sip:bob@biloxi.example.com SIP/2.0", VIA, FROM, TO,
            CALL_ID, "CSeq: 1 " + method, "Content-Length: 0"));

        assertUsable(result, 0);
        assertEquals(SipMethod.OTHER, message.method());
        assertEquals(4000, message.methodLength());
    }

    @Test
    void shouldCountBytesAfterTheBodyButNotPadding()
    {
        final String whole = message("", START, VIA, FROM, TO, CALL_ID, CSEQ, "Content-Length: 0");

        assertUsable(parseDatagram(whole + "\r\n\u0000\u0000"), 0);
        assertUsable(parseDatagram(whole + "garbage"), SipAnomaly.TRAILING_BYTES);
        assertEquals(whole.length(), message.messageLength());
    }

    @Test
    void shouldKeepAMessageWithoutFromAndCountIt()
    {
        assertUsable(parseDatagram(message("", START, VIA, TO, CALL_ID, CSEQ, "Content-Length: 0")),
            SipAnomaly.ADDRESS);
        assertEquals(-1, message.fromIndex());
    }

    @Test
    void shouldKeepARequestWhoseCSeqNamesAnotherMethod()
    {
        final int result =
            parseDatagram(message("", START, VIA, FROM, TO, CALL_ID, "CSeq: 1 OPTIONS", "Content-Length: 0"));

        assertUsable(result, SipAnomaly.CSEQ_METHOD);
        assertEquals(SipMethod.INVITE, message.method());
    }

    @Test
    void shouldTakeTheRequestMethodWhereTheCSeqMethodIsGarbled()
    {
        // as in nDPI's fuzz-2006-06-26-2594.pcap: CSeq "1 INV\xffTE" in an INVITE (tshark still lists the INVITE)
        final int result =
            parseDatagram(message("", START, VIA, FROM, TO, CALL_ID, "CSeq: 1 INV\u00ffTE", "Content-Length: 0"));

        assertUsable(result, SipAnomaly.CSEQ_METHOD);
        assertEquals(SipMethod.INVITE, message.cseqMethod());
        assertEquals(SipParseResult.BAD_CSEQ, Messages.parse(parser, message,
            message("", START, VIA, FROM, TO, CALL_ID, "CSeq: 1 INV\u00ffTE", "Content-Length: 0") + "\r\n"),
            "parse (a stream) stays strict");
        assertEquals(SipParseResult.BAD_CSEQ,
            parseDatagram(message("", "SIP/2.0 200 OK", VIA, FROM, TO, CALL_ID, "CSeq: 1 INV\u00ffTE",
                "Content-Length: 0")), "a response's CSeq method says which transaction it answers");
    }

    @Test
    void shouldStillRefuseAMessageWithoutCallIdOrReadableCSeq()
    {
        assertEquals(SipParseResult.MISSING_MANDATORY_HEADER,
            parseDatagram(message("", START, VIA, FROM, TO, CSEQ, "Content-Length: 0")));
        assertEquals(SipParseResult.BAD_CSEQ,
            parseDatagram(message("", START, VIA, FROM, TO, CALL_ID, "CSeq: one INVITE", "Content-Length: 0")));
        assertEquals(SipParseResult.MISSING_MANDATORY_HEADER,
            parseDatagram(message("", START, VIA, FROM, TO, "Call\u0001ID: lenient-1", CSEQ, "Content-Length: 0")));
    }

    @Test
    void shouldCombineSeveralAnomalies()
    {
        final String text = String.join("\r\n", START, "no colon", FROM, "t: <sip:x@y>", TO, CALL_ID, CSEQ,
            "Content-Length: 12, 13");

        assertUsable(parseDatagram(text), SipAnomaly.HEADER_LINE | SipAnomaly.DUPLICATE_HEADER |
            SipAnomaly.UNTERMINATED | SipAnomaly.CONTENT_LENGTH);
    }
}
