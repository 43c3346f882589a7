package io.sipsensor.sip;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test support: asserts that every offset a message or view reports lies inside the parsed range. */
final class Bounds
{
    private Bounds()
    {
    }

    static void assertInside(final int low, final int high, final int offset, final int length, final String what)
    {
        assertTrue(length >= 0 && offset >= low && offset <= high && offset + length <= high,
            () -> what + " [" + offset + ", +" + length + ") outside [" + low + ", " + high + ")");
    }

    static void assertInside(final SipMessage message, final int result, final int low, final int high)
    {
        assertTrue(result >= 0 && result < SipParseResult.CODE_COUNT, () -> "result " + result);
        assertInside(low, high, message.messageOffset(), 0, "message");
        assertInside(low, high, message.methodOffset(), message.methodLength(), "method");
        assertInside(low, high, message.requestUriOffset(), message.requestUriLength(), "request-uri");
        assertInside(low, high, message.reasonOffset(), message.reasonLength(), "reason");
        assertInside(low, high, message.messageOffset(), message.headerSectionLength(), "header section");
        for (int i = 0; i < message.headerCount(); i++)
        {
            assertInside(low, high, message.headerNameOffset(i), message.headerNameLength(i), "header name " + i);
            assertInside(low, high, message.headerValueOffset(i), message.headerValueLength(i), "header value " + i);
        }
        assertInside(low, high, message.callIdOffset(), message.callIdLength(), "call-id");
        assertInside(low, high, message.cseqMethodOffset(), message.cseqMethodLength(), "cseq method");
        assertInside(low, high, message.bodyOffset(), message.bodyLength(), "body");
        if (result == SipParseResult.OK)
        {
            assertInside(low, high, message.messageOffset(), message.messageLength(), "whole message");
            assertTrue(message.callIdLength() > 0, "OK message has a Call-ID");
        }
        if (result == SipParseResult.INCOMPLETE_BODY)
        {
            assertTrue(message.bodyLength() < message.contentLength(), "incomplete body is short");
            assertTrue(message.callIdLength() > 0, "INCOMPLETE_BODY message has a Call-ID");
        }
    }
}
