package io.sipsensor.sip;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.sipsensor.sip.Messages.message;
import static io.sipsensor.sip.Messages.parse;
import static io.sipsensor.sip.Messages.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SipParserHeadersTest
{
    private final SipParser parser = new SipParser(SipParser.DEFAULT_MAX_HEADERS);
    private final SipMessage message = new SipMessage();

    private String value(final int index)
    {
        return text(message.buffer(), message.headerValueOffset(index), message.headerValueLength(index));
    }

    private String name(final int index)
    {
        return text(message.buffer(), message.headerNameOffset(index), message.headerNameLength(index));
    }

    @Test
    void shouldRecordEveryHeaderInOrderWithIdsNamesAndValues()
    {
        assertEquals(SipParseResult.OK, parse(parser, message, SampleMessages.INVITE));

        assertEquals(12, message.headerCount());
        assertEquals(SipHeader.VIA, message.headerId(0));
        assertEquals("Via", name(0));
        assertEquals("SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport", value(0));
        assertEquals(SipHeader.MAX_FORWARDS, message.headerId(1));
        assertEquals(SipHeader.OTHER, message.headerId(7));
        assertEquals("Allow", name(7));
        assertEquals(SipHeader.CONTENT_LENGTH, message.headerId(11));
        assertEquals("a84b4c76e66710@pc33.atlanta.example.com",
            text(message.buffer(), message.callIdOffset(), message.callIdLength()));
        assertEquals(314159, message.cseqNumber());
        assertEquals(SipMethod.INVITE, message.cseqMethod());
        assertEquals(3, message.fromIndex());
        assertEquals(2, message.toIndex());
        assertEquals(SampleMessages.SDP_OFFER, text(message.buffer(), message.bodyOffset(), message.bodyLength()));
    }

    @ParameterizedTest
    @CsvSource({
        "v, 1", "f, 2", "t, 3", "i, 4", "m, 6", "l, 7", "c, 8", "s, 10", "k, 11", "o, 14", "r, 15", "b, 16",
        "u, 17", "e, 18", "x, 21", "V, 1", "I, 4", "a, 0", "z, 0",
        "Via, 1", "VIA, 1", "vIa, 1", "From, 2", "to, 3", "CALL-ID, 4", "call-id, 4", "Call_ID, 0", "CSeq, 5",
        "cseq, 5", "Contact, 6", "Content-Length, 7", "content-length, 7", "Content-Type, 8", "Max-Forwards, 9",
        "Subject, 10", "Supported, 11", "Route, 12", "Record-Route, 13", "Event, 14", "Refer-To, 15",
        "Referred-By, 16", "Allow-Events, 17", "Content-Encoding, 18", "P-Asserted-Identity, 19",
        "User-Agent, 20", "Session-Expires, 21", "Reason, 22", "Authorization, 23", "Proxy-Authorization, 24",
        "Allow, 0", "Vias, 0", "Content-Lengths, 0", "Proxy-Authenticate, 0", "X-Very-Long-Header-Name-Beyond-24, 0",
        "C%6Fntact, 0"
    })
    void shouldIdentifyHeadersByFullOrCompactNameIgnoringCase(final String headerName, final int id)
    {
        final String text = message("", "OPTIONS sip:b@example.com SIP/2.0", headerName + ": x",
            "Call-ID: 1", "CSeq: 1 OPTIONS", "From: <sip:a@example.com>", "To: <sip:b@example.com>");
        final int result = parse(parser, message, text);

        assertEquals(id, message.headerId(0), () -> headerName + " gave " + SipParseResult.name(result));
        assertEquals(headerName, name(0));
        assertEquals(id, SipHeader.lookup(message.buffer(), message.headerNameOffset(0), message.headerNameLength(0)));
        if (id != SipHeader.OTHER)
        {
            assertEquals(0, message.firstHeader(id));
        }
    }

    @Test
    void shouldAcceptWhiteSpaceAroundColonAndTrimValues()
    {
        final String text = message("", "OPTIONS sip:b@example.com SIP/2.0",
            "Call-ID \t :   c1@example.com  \t", "CSeq:1 OPTIONS", "From :<sip:a@example.com>", "To:\t<sip:b@e.com>",
            "Subject:", "X-Empty :   ");

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals("Call-ID", name(0));
        assertEquals("c1@example.com", value(0));
        assertEquals("<sip:a@example.com>", value(2));
        assertEquals("<sip:b@e.com>", value(3));
        assertEquals("", value(4));
        assertEquals("", value(5));
        assertEquals("c1@example.com", text(message.buffer(), message.callIdOffset(), message.callIdLength()));
    }

    @Test
    void shouldJoinFoldedLinesIntoOneHeader()
    {
        final String text = message("", "OPTIONS sip:b@example.com SIP/2.0",
            "Subject: first", " second", "\tthird", "Call-ID:", "  folded-id", "CSeq: 0009", "  OPTIONS",
            "From: <sip:a@example.com>", "  ;", "  tag = 98asjd8", "To: <sip:b@example.com>");

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(5, message.headerCount());
        assertEquals("first\r\n second\r\n\tthird", value(0));
        assertEquals("folded-id", value(1));
        assertEquals(9, message.cseqNumber());
        assertEquals(SipMethod.OPTIONS, message.cseqMethod());
        assertEquals("<sip:a@example.com>\r\n  ;\r\n  tag = 98asjd8", value(3));
    }

    @Test
    void shouldTolerateBareLineFeeds()
    {
        final String text = SampleMessages.BYE.replace("\r\n", "\n");

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(7, message.headerCount());
        assertEquals("a84b4c76e66710@pc33.atlanta.example.com",
            text(message.buffer(), message.callIdOffset(), message.callIdLength()));
        assertEquals(Messages.utf8(text).length, message.messageLength());
        assertEquals(Messages.utf8(text).length, message.headerSectionLength());
    }

    @Test
    void shouldTolerateMixedLineEndingsAndFoldsAfterBareLineFeed()
    {
        final String text = "BYE sip:a@example.com SIP/2.0\nCall-ID: x\r\nCSeq: 5\n BYE\nFrom: <sip:a@e.com>\r\n" +
            "To: <sip:b@e.com>\n\n";

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(5, message.cseqNumber());
        assertEquals(4, message.headerCount());
    }

    @Test
    void shouldFindRepeatedHeadersInOrder()
    {
        final String text = message("", "SIP/2.0 200 OK",
            "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1", "Call-ID: 1", "v: SIP/2.0/UDP b.example.com",
            "CSeq: 1 INVITE", "VIA: SIP/2.0/UDP c.example.com", "From: <sip:a@example.com>;tag=1",
            "To: <sip:b@example.com>;tag=2");

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(0, message.firstHeader(SipHeader.VIA));
        assertEquals(2, message.nextHeader(SipHeader.VIA, 0));
        assertEquals(4, message.nextHeader(SipHeader.VIA, 2));
        assertEquals(-1, message.nextHeader(SipHeader.VIA, 4));
        assertEquals(-1, message.firstHeader(SipHeader.CONTACT));
        assertEquals(-1, message.firstHeader(-3));
        assertEquals(-1, message.firstHeader(SipHeader.ID_COUNT));
    }

    @Test
    void shouldSkipHeaderLineWithoutColonAndCountIt()
    {
        final String text = message("", "OPTIONS sip:b@example.com SIP/2.0", "Call-ID: 1", "Not a header line",
            "CSeq: 1 OPTIONS", "From: <sip:a@example.com>", "To: <sip:b@example.com>");

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(SipAnomaly.HEADER_LINE, message.anomalies());
        assertEquals(4, message.headerCount());
    }

    @Test
    void shouldSkipIllegalHeaderNames()
    {
        final String base = "OPTIONS sip:b@example.com SIP/2.0\r\n";
        final String mandatory = "Call-ID: 1\r\nCSeq: 1 OPTIONS\r\nFrom: <sip:a@e.com>\r\nTo: <sip:b@e.com>\r\n\r\n";
        for (final String bad : new String[]{ ": no name\r\n", "Bad<Name>: x\r\n", " leading: fold\r\n" })
        {
            assertEquals(SipParseResult.OK, parse(parser, message, base + bad + mandatory), bad);
            assertEquals(SipAnomaly.HEADER_LINE, message.anomalies(), bad);
            assertEquals(4, message.headerCount(), bad);
        }
        assertEquals(SipParseResult.MALFORMED_HEADER, parse(parser, message, base + "\rX"));
    }

    @Test
    void shouldReportMissingBlankLineAsTruncated()
    {
        final String complete = SampleMessages.BYE;
        final String headersOnly = complete.substring(0, complete.length() - 2);

        assertEquals(SipParseResult.TRUNCATED, parse(parser, message, headersOnly));
        assertEquals(SipParseResult.TRUNCATED, parse(parser, message, complete.substring(0, complete.length() - 1)));
        assertEquals(SipParseResult.TRUNCATED, parse(parser, message, complete.substring(0, 60)));
        assertEquals(SipParseResult.TRUNCATED, parse(parser, message, "BYE sip:a@b.com SIP/2.0\r\nCall-ID"));
    }

    @Test
    void shouldRejectMoreHeadersThanConfigured()
    {
        final SipParser small = new SipParser(5);
        final String five = message("", "BYE sip:b@example.com SIP/2.0", "Call-ID: 1", "CSeq: 1 BYE",
            "From: <sip:a@example.com>;tag=1", "To: <sip:b@example.com>", "Max-Forwards: 70");
        final String six = message("", "BYE sip:b@example.com SIP/2.0", "Call-ID: 1", "CSeq: 1 BYE",
            "From: <sip:a@example.com>;tag=1", "To: <sip:b@example.com>", "Max-Forwards: 70", "X-Sixth: 6");

        assertEquals(SipParseResult.OK, parse(small, message, five));
        assertEquals(SipParseResult.TOO_MANY_HEADERS, parse(small, message, six));
    }

    @Test
    void shouldGrowSmallerMessageToParserLimitOnce()
    {
        final SipParser large = new SipParser(300);
        final SipMessage small = new SipMessage(2);
        final StringBuilder many = new StringBuilder("BYE sip:b@example.com SIP/2.0\r\nCall-ID: 1\r\nCSeq: 1 BYE\r\n" +
            "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\n");
        for (int i = 0; i < 250; i++)
        {
            many.append("X-H").append(i).append(": ").append(i).append("\r\n");
        }
        many.append("\r\n");

        assertEquals(SipParseResult.OK, parse(large, small, many.toString()));
        assertEquals(254, small.headerCount());
        assertEquals("249", text(small.buffer(), small.headerValueOffset(253), small.headerValueLength(253)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Call-ID: 1        | CSeq: 1 BYE | From: <sip:a@e.com> | X-No-To: 1",
        "Call-ID: 1        | CSeq: 1 BYE | X-No-From: 1        | To: <sip:b@e.com>",
    })
    void shouldKeepMessageWithoutFromOrToAndCountIt(final String a, final String b, final String c, final String d)
    {
        assertEquals(SipParseResult.OK,
            parse(parser, message, message("", "BYE sip:b@example.com SIP/2.0", a, b, c, d)));
        assertEquals(SipAnomaly.ADDRESS, message.anomalies());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Call-ID: 1        | X-No-CSeq: 1 | From: <sip:a@e.com> | To: <sip:b@e.com>",
        "X-No-Call-ID: 1   | CSeq: 1 BYE | From: <sip:a@e.com> | To: <sip:b@e.com>",
    })
    void shouldReportEachMissingMandatoryHeader(final String a, final String b, final String c, final String d)
    {
        assertEquals(SipParseResult.MISSING_MANDATORY_HEADER,
            parse(parser, message, message("", "BYE sip:b@example.com SIP/2.0", a, b, c, d)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Call-ID: 2",
        "CSeq: 2 BYE",
        "From: <sip:c@e.com>",
        "t: <sip:b@e.com>",
    })
    void shouldTakeTheFirstOfRepeatedSingleValuedMandatoryHeaders(final String repeated)
    {
        final String text = message("", "BYE sip:b@example.com SIP/2.0", "Call-ID: 1", "CSeq: 1 BYE",
            "From: <sip:a@e.com>", "To: <sip:b@e.com>", repeated);

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(SipAnomaly.DUPLICATE_HEADER, message.anomalies());
        assertEquals("1", text(message.buffer(), message.callIdOffset(), message.callIdLength()));
        assertEquals(1, message.cseqNumber());
        assertEquals(2, message.fromIndex());
        assertEquals(3, message.toIndex());
    }

    @Test
    void shouldRejectEmptyCallId()
    {
        final String text = message("", "BYE sip:b@example.com SIP/2.0", "Call-ID:", "CSeq: 1 BYE",
            "From: <sip:a@e.com>", "To: <sip:b@e.com>");

        assertEquals(SipParseResult.MALFORMED_HEADER, parse(parser, message, text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"Unterminated <sip:a@e.com>    | <sip:b@e.com>",
        "<sip:a@e.com>                  | <sip:b@e.com",
        "<sip:a@e.com>                  | '\"x\\\" <sip:b@e.com>'",
        "''                             | <sip:b@e.com>",
    })
    void shouldKeepMessageWithUnusableFromOrToAndCountIt(final String from, final String to)
    {
        final String text = message("", "BYE sip:b@example.com SIP/2.0", "Call-ID: 1", "CSeq: 1 BYE",
            "From: " + from, "To: " + to);

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(SipAnomaly.ADDRESS, message.anomalies());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 INVITE               | INVITE   | 0          | 1",
        "4294967295 INVITE      | INVITE   | 4294967295 | 1",
        "000000000000042 INVITE | INVITE   | 42         | 1",
        "'7\t INVITE'           | INVITE   | 7          | 1",
        "3 FOO                  | FOO      | 3          | 15",
    })
    void shouldParseCSeqNumberAndMethod(final String cseq, final String method, final long number, final int code)
    {
        final String text = message("", method + " sip:b@example.com SIP/2.0", "Call-ID: 1", "CSeq: " + cseq,
            "From: <sip:a@e.com>", "To: <sip:b@e.com>");

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(number, message.cseqNumber());
        assertEquals(code, message.cseqMethod());
        assertEquals(method, text(message.buffer(), message.cseqMethodOffset(), message.cseqMethodLength()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "4294967296 INVITE | INVITE", "36893488147419103232 INVITE | INVITE", "-1 INVITE | INVITE",
        "INVITE | INVITE", "1 | INVITE", "1INVITE | INVITE", "1 INVITE x | INVITE",
        "x1 INVITE | INVITE", "1 IN<VITE | INVITE",
    })
    void shouldRejectBadCSeq(final String cseq, final String method)
    {
        final String text = message("", method + " sip:b@example.com SIP/2.0", "Call-ID: 1", "CSeq: " + cseq,
            "From: <sip:a@e.com>", "To: <sip:b@e.com>");

        assertEquals(SipParseResult.BAD_CSEQ, parse(parser, message, text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "1 BYE | INVITE", "1 invite | INVITE", "1 FOO | FOOD", "1 FOOD | FOO" })
    void shouldKeepRequestWhoseCSeqNamesAnotherMethodAndCountIt(final String cseq, final String method)
    {
        final String text = message("", method + " sip:b@example.com SIP/2.0", "Call-ID: 1", "CSeq: " + cseq,
            "From: <sip:a@e.com>", "To: <sip:b@e.com>");

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(SipAnomaly.CSEQ_METHOD, message.anomalies());
        assertEquals(1, message.cseqNumber());
    }

    @Test
    void shouldNotCheckCSeqMethodOfResponses()
    {
        final String text = message("", "SIP/2.0 200 OK", "Call-ID: 1", "CSeq: 1 ANYTHING",
            "From: <sip:a@e.com>", "To: <sip:b@e.com>");

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(SipMethod.OTHER, message.cseqMethod());
    }
}
