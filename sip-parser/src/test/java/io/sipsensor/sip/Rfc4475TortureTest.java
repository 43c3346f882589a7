package io.sipsensor.sip;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.sipsensor.sip.Messages.text;
import static io.sipsensor.sip.TortureMessages.INVALID;
import static io.sipsensor.sip.TortureMessages.VALID;
import static io.sipsensor.sip.TortureMessages.load;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The test messages of RFC 4475 ("SIP Torture Test Messages"), sections 3.1.1 (valid), 3.1.2 (invalid), 3.2, 3.3
 * and 3.4, reconstructed from the RFC text into {@code src/test/resources/rfc4475} (see {@link TortureMessages}).
 * <p>
 * valid/: 3.1.1.1-3.1.1.13 wsinv intmeth esc01 escnull esc02 lwsdisp longreq dblreq semiuri transports mpart01
 * unreason noreason; 3.2.1 badbranch; 3.3 unkscm novelsc unksm2 bext01 invut regaut01 bcast zeromf cparam01
 * cparam02 regescrt sdp01; 3.4.1 inv2543 (all well formed at the parser's level).
 * invalid/: 3.1.2.1-3.1.2.19 badinv01 clerr ncl scalar02 scalarlg quotbal ltgtruri lwsruri lwsstart trws escruri
 * baddate regbadct badaspec baddn badvers mismatch01 mismatch02 bigcode; 3.3 insuf multi01 mcl01.
 * Nothing of the RFC's message set is left out.
 */
class Rfc4475TortureTest
{
    private final SipParser parser = new SipParser(SipParser.DEFAULT_MAX_HEADERS);
    private final SipMessage message = new SipMessage();
    private final NameAddr address = new NameAddr();
    private final Via via = new Via();
    private final HeaderValues values = new HeaderValues();
    private final SipUri uri = new SipUri();

    /** name, start line (method token or status code), Call-ID, CSeq number, CSeq method. */
    static Stream<Arguments> validMessages()
    {
        return Stream.of(
            arguments("wsinv", "INVITE", "wsinv.ndaksdj@192.0.2.1", 9L, "INVITE"),
            arguments("intmeth", "!interesting-Method0123456789_*+`.%indeed'~",
                "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", 139122385L,
                "!interesting-Method0123456789_*+`.%indeed'~"),
            arguments("esc01", "INVITE", "esc01.239409asdfakjkn23onasd0-3234", 234234L, "INVITE"),
            arguments("escnull", "REGISTER", "escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd", 14398234L, "REGISTER"),
            arguments("esc02", "RE%47IST%45R", "esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf", 29344L, "RE%47IST%45R"),
            arguments("lwsdisp", "OPTIONS", "lwsdisp.1234abcd@funky.example.com", 60L, "OPTIONS"),
            arguments("longreq", "INVITE", "longreq.one" + "really".repeat(20) + "longcallid", 3882340L, "INVITE"),
            arguments("dblreq", "REGISTER", "dblreq.0ha0isndaksdj99sdfafnl3lk233412", 8L, "REGISTER"),
            arguments("semiuri", "OPTIONS", "semiuri.0ha0isndaksdj", 8L, "OPTIONS"),
            arguments("transports", "OPTIONS", "transports.kijh4akdnaqjkwendsasfdj", 60L, "OPTIONS"),
            arguments("mpart01", "MESSAGE", "3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..", 1L, "MESSAGE"),
            arguments("unreason", "200", "unreason.1234ksdfak3j2erwedfsASdf", 35L, "INVITE"),
            arguments("noreason", "100", "noreason.asndj203insdf99223ndf", 35L, "INVITE"),
            arguments("badbranch", "OPTIONS", "badbranch.sadonfo23i420jv0as0derf3j3n", 8L, "OPTIONS"),
            arguments("unkscm", "OPTIONS", "unkscm.nasdfasser0q239nwsdfasdkl34", 3923423L, "OPTIONS"),
            arguments("novelsc", "OPTIONS", "novelsc.asdfasser0q239nwsdfasdkl34", 3923423L, "OPTIONS"),
            arguments("unksm2", "REGISTER", "unksm2.daksdj@hyphenated-host.example.com", 234902L, "REGISTER"),
            arguments("bext01", "OPTIONS", "bext01.0ha0isndaksdj", 8L, "OPTIONS"),
            arguments("invut", "INVITE", "invut.0ha0isndaksdjadsfij34n23d", 235448L, "INVITE"),
            arguments("regaut01", "REGISTER", "regaut01.0ha0isndaksdj", 9338L, "REGISTER"),
            arguments("bcast", "200", "bcast.0384840201234ksdfak3j2erwedfsASdf", 35L, "INVITE"),
            arguments("zeromf", "OPTIONS", "zeromf.jfasdlfnm2o2l43r5u0asdfas", 39234321L, "OPTIONS"),
            arguments("cparam01", "REGISTER", "cparam01.70710@saturn.example.com", 2L, "REGISTER"),
            arguments("cparam02", "REGISTER", "cparam02.70710@saturn.example.com", 3L, "REGISTER"),
            arguments("regescrt", "REGISTER", "regescrt.k345asrl3fdbv@192.0.2.1", 14398234L, "REGISTER"),
            arguments("sdp01", "INVITE", "sdp01.ndaksdj9342dasdd", 8L, "INVITE"),
            arguments("inv2543", "INVITE", "inv2543.1717@ift.client.example.com", 56L, "INVITE"));
    }

    /** name, expected result, why (what RFC 4475 says and which option this parser takes). */
    static Stream<Arguments> invalidMessages()
    {
        return Stream.of(
            arguments("badinv01", SipParseResult.OK,
                "empty Via/Contact params are left to the Via and NameAddr views, which reject them"),
            arguments("clerr", SipParseResult.INCOMPLETE_BODY,
                "Content-Length 9999 exceeds the body: headers usable, a stream reader would wait"),
            arguments("ncl", SipParseResult.BAD_CONTENT_LENGTH, "Content-Length -999 is negative"),
            arguments("scalar02", SipParseResult.BAD_CSEQ, "CSeq 36893488147419103232 > 2^32-1; RFC: 400 for CSeq"),
            arguments("scalarlg", SipParseResult.BAD_CSEQ, "response CSeq > 2^32-1; RFC: discard the response"),
            arguments("quotbal", SipParseResult.OK,
                "now recorded, SipAnomaly.ADDRESS counted: unterminated quote in the To display name"),
            arguments("ltgtruri", SipParseResult.MALFORMED_START_LINE, "Request-URI enclosed in <>"),
            arguments("lwsruri", SipParseResult.MALFORMED_START_LINE, "LWS inside the Request-URI"),
            arguments("lwsstart", SipParseResult.OK,
                "now recorded, SipAnomaly.START_LINE counted: several SP between request-line elements"),
            arguments("trws", SipParseResult.OK,
                "now recorded, SipAnomaly.START_LINE counted: SP after SIP/2.0; RFC: acceptable to reject"),
            arguments("escruri", SipParseResult.OK,
                "liberal: escaped headers in the Request-URI are exposed by SipUri, never applied"),
            arguments("baddate", SipParseResult.OK, "liberal: Date is not interpreted, so its EST zone is ignored"),
            arguments("regbadct", SipParseResult.OK,
                "liberal: Contact is not checked by parse; NameAddr reads the bare URI with its ?headers"),
            arguments("badaspec", SipParseResult.OK, "liberal: NameAddr ignores the spaces inside < >"),
            arguments("baddn", SipParseResult.OK, "liberal: an unquoted display name with a comma is read as is"),
            arguments("badvers", SipParseResult.MALFORMED_START_LINE, "SIP/7.0 is not SIP/2.0"),
            arguments("mismatch01", SipParseResult.OK,
                "now recorded, SipAnomaly.CSEQ_METHOD counted: OPTIONS request with CSeq method INVITE"),
            arguments("mismatch02", SipParseResult.OK,
                "now recorded, SipAnomaly.CSEQ_METHOD counted: NEWMETHOD request with CSeq method INVITE"),
            arguments("bigcode", SipParseResult.MALFORMED_START_LINE, "status code 4294967301 is not 3 digits"),
            arguments("insuf", SipParseResult.MISSING_MANDATORY_HEADER, "no Call-ID, From or To"),
            arguments("multi01", SipParseResult.OK, "now recorded with the first of each, "
                + "SipAnomaly.DUPLICATE_HEADER counted: CSeq, Call-ID, From and To each appear twice"),
            arguments("mcl01", SipParseResult.BAD_CONTENT_LENGTH, "two Content-Length values, 13 and 5"));
    }

    private int parse(final String kind, final String name)
    {
        return Messages.parse(parser, message, load(kind, name));
    }

    private String text(final int offset, final int length)
    {
        return Messages.text(message.buffer(), offset, length);
    }

    private String value(final int index)
    {
        return text(message.headerValueOffset(index), message.headerValueLength(index));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validMessages")
    void shouldParseValidMessage(
        final String name, final String startLine, final String callId, final long cseq, final String cseqMethod)
    {
        final byte[] bytes = load(VALID, name);

        assertEquals(SipParseResult.OK, Messages.parse(parser, message, bytes), name);
        if (message.isRequest())
        {
            assertEquals(startLine, text(message.methodOffset(), message.methodLength()));
            assertEquals(SipMethod.lookup(message.buffer(), message.methodOffset(), message.methodLength()),
                message.method());
        }
        else
        {
            assertEquals(startLine, Integer.toString(message.statusCode()));
        }
        assertEquals(callId, text(message.callIdOffset(), message.callIdLength()));
        assertEquals(cseq, message.cseqNumber());
        assertEquals(cseqMethod, text(message.cseqMethodOffset(), message.cseqMethodLength()));
        if (!"dblreq".equals(name))
        {
            assertEquals(bytes.length, message.messageLength(), "whole datagram is one message");
        }
        if (message.contentLength() >= 0)
        {
            assertEquals(message.contentLength(), message.bodyLength());
        }
        assertTrue(address.wrap(message, message.fromIndex()), "From parses");
        assertTrue(address.wrap(message, message.toIndex()), "To parses");
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("invalidMessages")
    void shouldHandleInvalidMessageAsDecided(final String name, final int expected, final String reason)
    {
        assertEquals(SipParseResult.name(expected), SipParseResult.name(parse(INVALID, name)), reason);
    }

    /**
     * RFC 4475 calls these invalid, and a SIP stack should answer them with 400; a UAS that takes the first of a
     * repeated header, or ignores a bad display name, accepts them. The capture path
     * ({@link SipParser#parseDatagram}) records them and counts what was odd, so a call they carry is not lost.
     */
    static Stream<Arguments> invalidButRecorded()
    {
        return Stream.of(
            arguments("multi01", SipAnomaly.DUPLICATE_HEADER),
            arguments("mcl01", SipAnomaly.CONTENT_LENGTH),
            arguments("ncl", SipAnomaly.CONTENT_LENGTH),
            arguments("quotbal", SipAnomaly.ADDRESS),
            arguments("mismatch01", SipAnomaly.CSEQ_METHOD),
            arguments("mismatch02", SipAnomaly.CSEQ_METHOD),
            arguments("lwsstart", SipAnomaly.START_LINE),
            arguments("trws", SipAnomaly.START_LINE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidButRecorded")
    void shouldRecordInvalidMessageWithItsAnomalyCountedOnTheCapturePath(final String name, final int anomaly)
    {
        final byte[] bytes = load(INVALID, name);
        final org.agrona.concurrent.UnsafeBuffer buffer = Messages.padded(bytes);

        assertEquals("ok", SipParseResult.name(parser.parseDatagram(buffer, Messages.PAD, bytes.length, message)));
        assertEquals(anomaly, message.anomalies() & anomaly, name);
        assertTrue(message.callIdLength() > 0);
    }

    @Test
    void shouldHaveAnExpectationForEveryMessageFile()
    {
        assertEquals(new TreeSet<>(TortureMessages.names(VALID)),
            validMessages().map(a -> (String)a.get()[0]).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(new TreeSet<>(TortureMessages.names(INVALID)),
            invalidMessages().map(a -> (String)a.get()[0]).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(49, TortureMessages.names(VALID).size() + TortureMessages.names(INVALID).size());
    }

    @Test
    void shouldReconstructRfcNotationExactly()
    {
        final String trws = new String(load(INVALID, "trws"), StandardCharsets.ISO_8859_1);
        assertTrue(trws.startsWith("OPTIONS sip:remote-target@example.com SIP/2.0  \r\nVia:"));
        assertTrue(new String(load(VALID, "noreason"), StandardCharsets.ISO_8859_1).startsWith("SIP/2.0 100 \r\n"));
        final String intmeth = new String(load(VALID, "intmeth"), StandardCharsets.ISO_8859_1);
        assertTrue(intmeth.contains("To: \"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f\" <sip:"));
        assertTrue(intmeth.startsWith("!interesting-Method0123456789_*+`.%indeed'~ sip:1_unusual"));
        final String scalar02 = new String(load(INVALID, "scalar02"), StandardCharsets.ISO_8859_1);
        assertTrue(scalar02.contains("\r\nExpires: 1" + "0".repeat(100) + "\r\nContact:"));
        assertTrue(new String(load(VALID, "wsinv"), StandardCharsets.ISO_8859_1).endsWith("a=rtpmap:31 LPC\r\n"));
    }

    @Test
    void shouldKeepWsinvValuesThroughFoldsAndOddWhiteSpace()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "wsinv"));

        assertTrue(address.wrap(message, message.toIndex()));
        assertEquals("1918181833n", text(address.tagOffset(), address.tagLength()));
        assertTrue(address.wrap(message, message.fromIndex()));
        assertEquals("J Rosenberg \\\\\\\"", text(address.displayNameOffset(), address.displayNameLength()));
        assertEquals("98asjd8", text(address.tagOffset(), address.tagLength()));

        final List<String> branches = new ArrayList<>();
        for (int i = message.firstHeader(SipHeader.VIA); i >= 0; i = message.nextHeader(SipHeader.VIA, i))
        {
            values.wrap(message, i);
            while (values.next())
            {
                assertTrue(via.wrap(message.buffer(), values.valueOffset(), values.valueLength()));
                branches.add(text(via.hostOffset(), via.hostLength()) + "/" +
                    text(via.transportOffset(), via.transportLength()) + "/" +
                    text(via.branchOffset(), via.branchLength()));
            }
        }
        assertEquals(List.of("192.0.2.2/UDP/390skdjuw", "spindle.example.com/TCP/z9hG4bK9ikj8",
            "192.168.255.111/UDP/z9hG4bK30239"), branches);

        assertTrue(address.wrap(message, message.firstHeader(SipHeader.CONTACT)));
        assertEquals("Quoted string \\\"\\\"", text(address.displayNameOffset(), address.displayNameLength()));
        assertTrue(address.parameters().find("newparam"));
        assertEquals("newvalue", text(address.parameters().valueOffset(), address.parameters().valueLength()));
        assertTrue(address.parameters().find("secondparam"));
        assertTrue(address.parameters().find("q"));
        assertEquals("0.33", text(address.parameters().valueOffset(), address.parameters().valueLength()));

        final int subject = message.firstHeader(SipHeader.SUBJECT);
        assertEquals("s", text(message.headerNameOffset(subject), message.headerNameLength(subject)));
        assertEquals("", value(subject));
        assertEquals("newfangled value\r\n continued newfangled value", value(subject + 1));
        assertEquals(";;,,;;,;", value(subject + 2));
        assertEquals("0068", value(message.firstHeader(SipHeader.MAX_FORWARDS)));
        assertEquals(150, message.bodyLength());
    }

    @Test
    void shouldKeepIntmethOddCharactersIntact()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "intmeth"));
        assertEquals(SipMethod.OTHER, message.method());

        assertTrue(uri.wrap(message.buffer(), message.requestUriOffset(), message.requestUriLength()));
        assertEquals("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/", text(uri.userOffset(), uri.userLength()));
        assertEquals("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", text(uri.passwordOffset(), uri.passwordLength()));

        assertTrue(address.wrap(message, message.toIndex()));
        assertEquals("BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f",
            text(address.displayNameOffset(), address.displayNameLength()));
        assertTrue(address.wrap(message, message.fromIndex()));
        assertEquals("token1~` token2'+_ token3*%!.-", text(address.displayNameOffset(), address.displayNameLength()));
        assertEquals("_token~1'+`*%!-.", text(address.tagOffset(), address.tagLength()));
        assertTrue(address.parameters().find("fromParam''~+*_!.-%"));
        assertEquals("работающий", text(address.parameters().valueOffset(), address.parameters().valueLength()));

        final int extension = message.headerCount() - 2;
        assertEquals("extensionHeader-!.%*+_`'~",
            text(message.headerNameOffset(extension), message.headerNameLength(extension)));
        assertEquals("\uFEFF大停電", value(extension));
        assertTrue(via.wrapFirst(message));
        assertEquals("z9hG4bK-.!%66*_+`'~", text(via.branchOffset(), via.branchLength()));
    }

    @Test
    void shouldLeaveEscapesAsTheyAre()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "esc01"));
        assertTrue(uri.wrap(message.buffer(), message.requestUriOffset(), message.requestUriLength()));
        assertEquals("sips%3Auser%40example.com", text(uri.userOffset(), uri.userLength()));
        assertEquals("example.net", text(uri.hostOffset(), uri.hostLength()));
        assertTrue(address.wrap(message, message.firstHeader(SipHeader.CONTACT)));
        assertTrue(address.uri().parameters().find("%6C%72"));
        assertTrue(address.uri().parameters().find("n%61me"));
        assertEquals("v%61lue%25%34%31",
            text(address.uri().parameters().valueOffset(), address.uri().parameters().valueLength()));

        assertEquals(SipParseResult.OK, parse(VALID, "escnull"));
        final int first = message.firstHeader(SipHeader.CONTACT);
        assertTrue(address.wrap(message, first));
        assertEquals("%00", text(address.uri().userOffset(), address.uri().userLength()));
        assertTrue(address.wrap(message, message.nextHeader(SipHeader.CONTACT, first)));
        assertEquals("%00%00", text(address.uri().userOffset(), address.uri().userLength()));
    }

    @Test
    void shouldNotTreatPercentAsEscapeInMethodAndHeaderNames()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "esc02"));
        assertEquals(SipMethod.OTHER, message.method());
        int contacts = 0;
        for (int i = message.firstHeader(SipHeader.CONTACT); i >= 0; i = message.nextHeader(SipHeader.CONTACT, i))
        {
            contacts++;
        }
        assertEquals(2, contacts);
        assertTrue(address.wrap(message, message.toIndex()));
        assertEquals("%Z%45", text(address.displayNameOffset(), address.displayNameLength()));
    }

    @Test
    void shouldCopeWithLongValuesAndManyVias()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "longreq"));
        int vias = 0;
        for (int i = message.firstHeader(SipHeader.VIA); i >= 0; i = message.nextHeader(SipHeader.VIA, i))
        {
            vias++;
        }
        assertEquals(34, vias);
        assertTrue(address.wrap(message, message.toIndex()));
        assertEquals(6000, address.uri().port());
        assertEquals("I have a user name of " + "extreme".repeat(10) + " proportion",
            text(address.displayNameOffset(), address.displayNameLength()));
        assertTrue(address.wrap(message, message.fromIndex()));
        assertEquals("129" + "829".repeat(49) + "82424", text(address.tagOffset(), address.tagLength()));
    }

    @Test
    void shouldFrameOnlyTheFirstRequestOfDblreq()
    {
        final byte[] bytes = load(VALID, "dblreq");
        assertEquals(SipParseResult.OK, Messages.parse(parser, message, bytes));
        assertEquals(SipMethod.REGISTER, message.method());
        assertEquals(0, message.bodyLength());
        assertEquals(message.headerSectionLength(), message.messageLength());
        final String rest = new String(bytes, message.messageLength(), bytes.length - message.messageLength(),
            StandardCharsets.UTF_8);
        assertTrue(rest.startsWith("INVITE sip:joe@example.com SIP/2.0\r\n"));
    }

    @Test
    void shouldSplitUserAtSemicolonAndListAcceptValues()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "semiuri"));
        assertTrue(uri.wrap(message.buffer(), message.requestUriOffset(), message.requestUriLength()));
        assertEquals("user", text(uri.userOffset(), uri.userLength()));
        assertEquals("example.com", text(uri.hostOffset(), uri.hostLength()));

        int accept = 0;
        while (message.headerId(accept) != SipHeader.OTHER)
        {
            accept++;
        }
        values.wrap(message, accept);
        final List<String> types = new ArrayList<>();
        while (values.next())
        {
            types.add(text(values.valueOffset(), values.valueLength()));
        }
        assertEquals(List.of("application/sdp", "application/pkcs7-mime", "multipart/mixed", "multipart/signed",
            "message/sip", "message/sipfrag"), types);
    }

    @Test
    void shouldReadEveryTransportOfTransports()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "transports"));
        final List<String> transports = new ArrayList<>();
        for (int i = message.firstHeader(SipHeader.VIA); i >= 0; i = message.nextHeader(SipHeader.VIA, i))
        {
            assertTrue(via.wrap(message, i));
            transports.add(text(via.transportOffset(), via.transportLength()));
        }
        assertEquals(List.of("UDP", "SCTP", "TLS", "UNKNOWN", "TCP"), transports);
    }

    @Test
    void shouldFrameBinaryMultipartBody()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "mpart01"));
        assertEquals(553, message.bodyLength());
        final byte[] body = new byte[message.bodyLength()];
        message.buffer().getBytes(message.bodyOffset(), body);
        assertTrue(new String(body, StandardCharsets.ISO_8859_1).endsWith("\r\n--7a9cbec02ceef655--\r\n"));
        assertTrue(new String(body, StandardCharsets.ISO_8859_1).contains("\u0000"));
    }

    @Test
    void shouldKeepUnusualAndEmptyReasonPhrases()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "unreason"));
        assertEquals("= 2**3 * 5**2 но сто девяносто девять - простое",
            text(message.reasonOffset(), message.reasonLength()));
        assertEquals(SipParseResult.OK, parse(VALID, "noreason"));
        assertEquals(0, message.reasonLength());
        assertEquals(100, message.statusCode());
    }

    @Test
    void shouldExposeEmptyBranchAfterMagicCookie()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "badbranch"));
        assertTrue(via.wrapFirst(message));
        assertTrue(via.hasBranch());
        assertEquals("z9hG4bK", text(via.branchOffset(), via.branchLength()));
    }

    @Test
    void shouldAcceptUnknownSchemesAsOther()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "unkscm"));
        assertTrue(uri.wrap(message.buffer(), message.requestUriOffset(), message.requestUriLength()));
        assertEquals(SipUri.SCHEME_OTHER, uri.scheme());
        assertEquals(SipParseResult.OK, parse(VALID, "novelsc"));
        assertTrue(uri.wrap(message.buffer(), message.requestUriOffset(), message.requestUriLength()));
        assertEquals(SipUri.SCHEME_OTHER, uri.scheme());
        assertEquals(SipParseResult.OK, parse(VALID, "unksm2"));
        assertTrue(address.wrap(message, message.toIndex()));
        assertEquals("isbn:2983792873", text(address.uriOffset(), address.uriLength()));
        assertEquals(SipUri.SCHEME_OTHER, address.uri().scheme());
        assertTrue(address.wrap(message, message.firstHeader(SipHeader.CONTACT)));
        assertEquals("name:John_Smith", text(address.uriOffset(), address.uriLength()));
    }

    @Test
    void shouldGiveContactParametersToTheRightOwner()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "cparam01"));
        assertTrue(address.wrap(message, message.firstHeader(SipHeader.CONTACT)));
        assertTrue(address.parameters().find("unknownparam"));
        assertFalse(address.uri().parameters().find("unknownparam"));

        assertEquals(SipParseResult.OK, parse(VALID, "cparam02"));
        assertTrue(address.wrap(message, message.firstHeader(SipHeader.CONTACT)));
        assertFalse(address.parameters().find("unknownparam"));
        assertTrue(address.uri().parameters().find("unknownparam"));

        assertEquals(SipParseResult.OK, parse(VALID, "regescrt"));
        assertTrue(address.wrap(message, message.firstHeader(SipHeader.CONTACT)));
        assertEquals("Route=%3Csip:sip.example.com%3E",
            text(address.uri().headersOffset(), address.uri().headersLength()));
    }

    @Test
    void shouldTakeRestOfDatagramAsBodyWithoutContentLength()
    {
        final byte[] bytes = load(VALID, "inv2543");
        assertEquals(SipParseResult.OK, Messages.parse(parser, message, bytes));
        assertEquals(-1, message.contentLength());
        assertTrue(text(message.bodyOffset(), message.bodyLength()).startsWith("v=0\r\n"));
        assertEquals(bytes.length, message.headerSectionLength() + message.bodyLength());
    }

    @Test
    void shouldParseBroadcastViaAsAnyOther()
    {
        assertEquals(SipParseResult.OK, parse(VALID, "bcast"));
        assertTrue(via.wrap(message, message.nextHeader(SipHeader.VIA, message.firstHeader(SipHeader.VIA))));
        assertEquals("255.255.255.255", text(via.hostOffset(), via.hostLength()));
    }

    @Test
    void shouldLeaveBadinv01ParametersToTheViews()
    {
        assertEquals(SipParseResult.OK, parse(INVALID, "badinv01"));
        assertFalse(via.wrapFirst(message));
        assertFalse(address.wrap(message, message.firstHeader(SipHeader.CONTACT)));
    }

    @Test
    void shouldTellStreamReaderHowMuchClerrNeeds()
    {
        assertEquals(SipParseResult.INCOMPLETE_BODY, parse(INVALID, "clerr"));
        assertEquals(9999, message.contentLength());
        assertEquals(154, message.bodyLength());
        assertEquals(message.headerSectionLength() + 9999, message.messageLength());
        assertEquals("clerr.0ha0isndaksdjweiafasdk3", text(message.callIdOffset(), message.callIdLength()));
    }

    @Test
    void shouldReadTheLiberalCasesSensibly()
    {
        assertEquals(SipParseResult.OK, parse(INVALID, "regbadct"));
        assertTrue(address.wrap(message, message.firstHeader(SipHeader.CONTACT)));
        assertEquals("example.com", text(address.uri().hostOffset(), address.uri().hostLength()));
        assertEquals("Route=%3Csip:sip.example.com%3E",
            text(address.uri().headersOffset(), address.uri().headersLength()));

        assertEquals(SipParseResult.OK, parse(INVALID, "badaspec"));
        assertTrue(address.wrap(message, message.toIndex()));
        assertEquals("sip:t.watson@example.org", text(address.uriOffset(), address.uriLength()));
        assertTrue(address.isUriValid());

        assertEquals(SipParseResult.OK, parse(INVALID, "baddn"));
        assertTrue(address.wrap(message, message.fromIndex()));
        assertEquals("Bell, Alexander", text(address.displayNameOffset(), address.displayNameLength()));
        assertEquals("43", text(address.tagOffset(), address.tagLength()));

        assertEquals(SipParseResult.OK, parse(INVALID, "escruri"));
        assertTrue(uri.wrap(message.buffer(), message.requestUriOffset(), message.requestUriLength()));
        assertEquals("example.com", text(uri.hostOffset(), uri.hostLength()));
        assertEquals("Route=%3Csip:example.com%3E", text(uri.headersOffset(), uri.headersLength()));
    }

    @Test
    void shouldRecogniseEveryTortureRequestOrResponseAsSipExceptBrokenStartLines()
    {
        // lwsstart and trws have extra white space in a readable request line: SIP, with SipAnomaly.START_LINE.
        final Map<String, Boolean> broken = Map.of("ltgtruri", true, "lwsruri", true, "badvers", true,
            "bigcode", true);
        for (final String kind : List.of(VALID, INVALID))
        {
            for (final String name : TortureMessages.names(kind))
            {
                final byte[] bytes = load(kind, name);
                final DirectBuffer buffer = new UnsafeBuffer(bytes);
                assertEquals(!broken.containsKey(name), SipParser.looksLikeSip(buffer, 0, bytes.length), name);
            }
        }
    }

    @Test
    void shouldReconstructHexBlocksAsRawOctets()
    {
        assertArrayEquals(new byte[]{ 'a', 0, (byte)0xFF, '\r', '\n' }, TortureMessages.expand("a<hex>00 F\nF</hex>\n"));
        assertArrayEquals("xy\r\n".getBytes(StandardCharsets.US_ASCII),
            TortureMessages.expand("<allOneLine>\nx\ny\n</allOneLine>\n"));
    }
}
