package io.sipsensor.sip;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static io.sipsensor.sip.Bounds.assertInside;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every prefix of every valid message, as a stream reader would see it arrive: NOT_SIP when empty, TRUNCATED until
 * the blank line, INCOMPLETE_BODY until Content-Length bytes of body are present, then OK with the same framing.
 */
class SipParserTruncationTest
{
    private final SipParser parser = new SipParser(SipParser.DEFAULT_MAX_HEADERS);
    private final SipMessage message = new SipMessage();

    static Stream<Arguments> validMessages()
    {
        final Stream<Arguments> samples = Stream.of(
                SampleMessages.INVITE, SampleMessages.TRYING, SampleMessages.OK_COMPACT, SampleMessages.BYE)
            .map(text -> arguments(text.substring(0, text.indexOf('\r')), Messages.utf8(text)));
        final Stream<Arguments> torture = TortureMessages.names(TortureMessages.VALID).stream()
            .map(name -> arguments(name, TortureMessages.load(TortureMessages.VALID, name)));
        return Stream.concat(samples, torture);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validMessages")
    void shouldReportEveryPrefixByHowMuchIsMissing(final String name, final byte[] whole)
    {
        assertEquals(SipParseResult.OK, Messages.parse(parser, message, whole));
        final int headerSection = message.headerSectionLength();
        final int messageLength = message.messageLength();
        final boolean framedByLength = message.contentLength() >= 0;

        for (int length = 0; length <= whole.length; length++)
        {
            final byte[] prefix = Arrays.copyOf(whole, length);
            final int result = Messages.parse(parser, message, prefix);
            assertInside(message, result, Messages.PAD, Messages.PAD + length);

            final int expected;
            if (length == 0)
            {
                expected = SipParseResult.NOT_SIP;
            }
            else if (length < headerSection)
            {
                expected = SipParseResult.TRUNCATED;
            }
            else if (framedByLength && length < messageLength)
            {
                expected = SipParseResult.INCOMPLETE_BODY;
            }
            else
            {
                expected = SipParseResult.OK;
            }
            final int at = length;
            assertEquals(SipParseResult.name(expected), SipParseResult.name(result), () -> name + " cut at " + at);
            if (expected == SipParseResult.INCOMPLETE_BODY || expected == SipParseResult.OK && framedByLength)
            {
                assertEquals(messageLength, message.messageLength());
            }
        }
    }
}
