package io.sipsensor.net.tcp;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Content-Length for stream framing, RFC 3261 section 20.14 and 7.3.3 (compact form, letter case, folding).
 */
class ContentLengthTest
{
    @Test
    void shouldReadLongAndCompactFormsInAnyCase()
    {
        assertEquals(42, find("Content-Length: 42\r\n"));
        assertEquals(42, find("content-length:42\r\n"));
        assertEquals(7, find("CONTENT-LENGTH  :   7  \r\n"));
        assertEquals(13, find("l: 13\r\n"));
        assertEquals(13, find("L:13\r\n"));
        assertEquals(0, find("Content-Length: 0\r\n"));
    }

    @Test
    void shouldReadValueFoldedOntoNextLine()
    {
        assertEquals(120, find("Content-Length:\r\n   120\r\n"));
    }

    @Test
    void shouldNotMistakeOtherHeadersForContentLength()
    {
        assertEquals(ContentLength.ABSENT, find("Content-Type: application/sdp\r\nLength: 5\r\nlr: 1\r\n"));
        assertEquals(ContentLength.ABSENT, find("X-Content-Length: 5\r\n"));
    }

    @Test
    void shouldAcceptRepeatsWithSameValueOnly()
    {
        assertEquals(10, find("Content-Length: 10\r\nl: 10\r\n"));
        assertEquals(ContentLength.INVALID, find("Content-Length: 10\r\nContent-Length: 11\r\n"));
    }

    @Test
    void shouldRefuseWhatIsNotAPlainNumberOrTooLarge()
    {
        assertEquals(ContentLength.INVALID, find("Content-Length: abc\r\n"));
        assertEquals(ContentLength.INVALID, find("Content-Length: -1\r\n"));
        assertEquals(ContentLength.INVALID, find("Content-Length: 12 34\r\n"));
        assertEquals(ContentLength.INVALID, find("Content-Length:\r\n"));
        assertEquals(ContentLength.INVALID, find("Content-Length: 99999999999999999999\r\n"));
        assertEquals(ContentLength.INVALID, find("Content-Length: 16777217\r\n"));
        assertEquals(16_777_216, find("Content-Length: 16777216\r\n"));
    }

    @Test
    void shouldWorkWithBareLineFeeds()
    {
        final String message = "INVITE sip:b@h SIP/2.0\nCall-ID: x\nContent-Length: 3\n\nabc";
        final UnsafeBuffer buffer = new UnsafeBuffer(message.getBytes(StandardCharsets.US_ASCII));
        final int headerEnd = Lines.headerEnd(buffer, 0, buffer.capacity());

        assertEquals(message.length() - 3, headerEnd);
        assertEquals(3, ContentLength.find(buffer, 0, headerEnd));
    }

    private static int find(final String headers)
    {
        final String section = "SIP/2.0 200 OK\r\nCall-ID: c\r\n" + headers + "\r\n";
        final UnsafeBuffer buffer = new UnsafeBuffer(section.getBytes(StandardCharsets.US_ASCII));
        final int headerEnd = Lines.headerEnd(buffer, 0, buffer.capacity());
        assertEquals(section.length(), headerEnd);
        return ContentLength.find(buffer, 0, headerEnd);
    }
}
