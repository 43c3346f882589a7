package io.sipsensor.sip;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.sipsensor.sip.Messages.message;
import static io.sipsensor.sip.Messages.parse;
import static io.sipsensor.sip.Messages.text;
import static io.sipsensor.sip.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SipParserFramingTest
{
    private static final String[] HEADERS =
    {
        "SIP/2.0 200 OK", "Call-ID: 1", "CSeq: 1 INVITE", "From: <sip:a@e.com>;tag=1", "To: <sip:b@e.com>;tag=2",
    };

    private final SipParser parser = new SipParser(SipParser.DEFAULT_MAX_HEADERS);
    private final SipMessage message = new SipMessage();

    private static String withContentLength(final String contentLength, final String body)
    {
        return message(body, HEADERS[0], HEADERS[1], HEADERS[2], HEADERS[3], HEADERS[4],
            "Content-Length: " + contentLength);
    }

    private static int headerSectionLength(final String text)
    {
        return utf8(text.substring(0, text.indexOf("\r\n\r\n") + 4)).length;
    }

    @Test
    void shouldFrameBodyByContentLength()
    {
        final String text = withContentLength("5", "hello");

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(5, message.contentLength());
        assertEquals(5, message.bodyLength());
        assertEquals("hello", text(message.buffer(), message.bodyOffset(), message.bodyLength()));
        assertEquals(headerSectionLength(text), message.headerSectionLength());
        assertEquals(utf8(text).length, message.messageLength());
        assertEquals(message.messageOffset() + message.headerSectionLength(), message.bodyOffset());
    }

    @Test
    void shouldTakeRestOfDatagramAsBodyWithoutContentLength()
    {
        final String text = message("v=0\r\nrest", HEADERS);

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(-1, message.contentLength());
        assertEquals("v=0\r\nrest", text(message.buffer(), message.bodyOffset(), message.bodyLength()));
        assertEquals(utf8(text).length, message.messageLength());
    }

    @Test
    void shouldIgnoreBytesAfterContentLength()
    {
        final String text = withContentLength("2", "hello") + "INVITE sip:x SIP/2.0\r\n";

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals("he", text(message.buffer(), message.bodyOffset(), message.bodyLength()));
        assertEquals(headerSectionLength(text) + 2, message.messageLength());
    }

    @Test
    void shouldReportShortBodyAsIncompleteWithUsableHeadersAndRequiredLength()
    {
        final String text = withContentLength("100", "only part");

        assertEquals(SipParseResult.INCOMPLETE_BODY, parse(parser, message, text));
        assertEquals(100, message.contentLength());
        assertEquals(9, message.bodyLength());
        assertEquals(headerSectionLength(text) + 100, message.messageLength());
        assertEquals("1", text(message.buffer(), message.callIdOffset(), message.callIdLength()));
        assertEquals(200, message.statusCode());
    }

    @Test
    void shouldFrameConsecutiveMessagesOfAStream()
    {
        final String first = SampleMessages.INVITE;
        final String second = SampleMessages.BYE;
        final byte[] stream = utf8(first + "\r\n" + second + SampleMessages.TRYING.substring(0, 40));
        final UnsafeBuffer buffer = new UnsafeBuffer(stream);

        int offset = 0;
        assertEquals(SipParseResult.OK, parser.parse(buffer, offset, stream.length - offset, message));
        assertEquals(SipMethod.INVITE, message.method());
        offset = message.messageOffset() + message.messageLength();

        assertEquals(SipParseResult.OK, parser.parse(buffer, offset, stream.length - offset, message));
        assertEquals(SipMethod.BYE, message.method());
        assertEquals(offset + 2, message.messageOffset());
        offset = message.messageOffset() + message.messageLength();

        assertEquals(SipParseResult.TRUNCATED, parser.parse(buffer, offset, stream.length - offset, message));
    }

    @Test
    void shouldAcceptLeadingZerosAndSurroundingWhiteSpace()
    {
        assertEquals(SipParseResult.OK, parse(parser, message, withContentLength("  007 ", "1234567")));
        assertEquals(7, message.contentLength());
    }

    @Test
    void shouldAcceptCompactFormAndRepeatedEqualValues()
    {
        final String text = message("abc", HEADERS[0], HEADERS[1], HEADERS[2], HEADERS[3], HEADERS[4],
            "l: 3", "Content-Length: 003");

        assertEquals(SipParseResult.OK, parse(parser, message, text));
        assertEquals(3, message.contentLength());
    }

    @Test
    void shouldRejectConflictingContentLengths()
    {
        final String text = message("abcde", HEADERS[0], HEADERS[1], HEADERS[2], HEADERS[3], HEADERS[4],
            "Content-Length: 5", "l: 3");

        assertEquals(SipParseResult.BAD_CONTENT_LENGTH, parse(parser, message, text));
    }

    @Test
    void shouldAcceptSixteenMebibytesButNotOneMore()
    {
        assertEquals(SipParseResult.INCOMPLETE_BODY, parse(parser, message, withContentLength("16777216", "")));
        assertEquals(SipParser.MAX_CONTENT_LENGTH, message.contentLength());
        assertEquals(SipParseResult.BAD_CONTENT_LENGTH, parse(parser, message, withContentLength("16777217", "")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "-999", "five", "", "+5", "5 5", "0x10", "4294968296", "2147483648",
        "99999999999999999999999999999999999999999999999999", "1.0", "\u0661" })
    void shouldRejectBadContentLength(final String contentLength)
    {
        assertEquals(SipParseResult.BAD_CONTENT_LENGTH, parse(parser, message, withContentLength(contentLength, "x")));
        assertEquals(-1, message.contentLength());
        assertEquals(0, message.messageLength());
    }

    @Test
    void shouldReportContentLengthProblemsBeforeMissingHeaders()
    {
        final String text = message("", "BYE sip:b@e.com SIP/2.0", "Content-Length: -1");

        assertEquals(SipParseResult.BAD_CONTENT_LENGTH, parse(parser, message, text));
    }

    @Test
    void shouldFrameMessagesWithSemanticErrorsSoStreamsCanSkipThem()
    {
        final String text = message("abc", "BYE sip:b@e.com SIP/2.0", "Content-Length: 3");

        assertEquals(SipParseResult.MISSING_MANDATORY_HEADER, parse(parser, message, text));
        assertEquals(utf8(text).length, message.messageLength());
        assertEquals(3, message.bodyLength());
    }

    @Test
    void shouldParseUnchangedBytesIdenticallyAtAnyOffset()
    {
        final byte[] bytes = utf8(SampleMessages.OK_COMPACT);
        final SipMessage atZero = new SipMessage();
        assertEquals(SipParseResult.OK, parser.parse(new UnsafeBuffer(bytes), 0, bytes.length, atZero));

        assertEquals(SipParseResult.OK, parse(parser, message, bytes));
        assertEquals(atZero.callIdOffset() + Messages.PAD, message.callIdOffset());
        assertEquals(atZero.bodyOffset() + Messages.PAD, message.bodyOffset());
        assertEquals(atZero.messageLength(), message.messageLength());
        assertEquals(atZero.headerCount(), message.headerCount());
        for (int i = 0; i < atZero.headerCount(); i++)
        {
            assertEquals(atZero.headerId(i), message.headerId(i));
            assertEquals(atZero.headerValueOffset(i) + Messages.PAD, message.headerValueOffset(i));
            assertEquals(atZero.headerValueLength(i), message.headerValueLength(i));
        }
    }
}
