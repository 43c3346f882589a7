package io.sipsensor.sip;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.sipsensor.sip.Bounds.assertInside;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hostile input: random bytes, random SIP-like token soup and mutated valid messages never make the parser or the
 * views throw or read outside the given range (every buffer is guarded, see {@link Messages#guarded}), and every
 * offset they report lies inside it. Messages are parsed at a non-zero offset inside a larger buffer.
 */
class SipParserPropertyTest
{
    private static final String[] TOKENS =
    {
        "INVITE", "ACK", "BYE", "SIP/2.0", "sip:", "tel:", "sips:", "@", " ", "  ", "\t", "\r\n", "\n", "\r",
        "\r\n ", "\r\n\r\n", ":", ";", ",", "=", "\"", "\\", "<", ">", "[", "]", "?", "Via", "v", "Call-ID", "i",
        "CSeq", "From", "f", "To", "t", "Content-Length", "l", "Contact", "m", "tag", "branch", "z9hG4bK", "0", "1",
        "200", "99999999999999999999", "-1", "example.com", "[2001:db8::1]", ":5060", "\u0000", "\u00ff",
    };

    private static final List<byte[]> VALID = validMessages();

    private final SipParser parser = new SipParser(32);
    private final SipParser bytewise = new SipParser(32, true);
    private final SipMessage message = new SipMessage();
    private final SipMessage referenceMessage = new SipMessage();
    private final NameAddr address = new NameAddr();
    private final Via via = new Via();
    private final SipUri uri = new SipUri();
    private final HeaderValues values = new HeaderValues();

    private static List<byte[]> validMessages()
    {
        final List<byte[]> messages = new ArrayList<>();
        for (final String text : List.of(
            SampleMessages.INVITE, SampleMessages.TRYING, SampleMessages.OK_COMPACT, SampleMessages.BYE))
        {
            messages.add(Messages.utf8(text));
        }
        for (final String name : TortureMessages.names(TortureMessages.VALID))
        {
            messages.add(TortureMessages.load(TortureMessages.VALID, name));
        }
        for (final String name : TortureMessages.names(TortureMessages.INVALID))
        {
            messages.add(TortureMessages.load(TortureMessages.INVALID, name));
        }
        return messages;
    }

    @Test
    void shouldSurviveRandomBytes()
    {
        Generated.forAll(11, 3000, random -> Generated.bytes(random, 1200), this::check);
    }

    @Test
    void shouldSurviveSipTokenSoup()
    {
        Generated.forAll(12, 3000,
            random -> Generated.tokens(random, java.util.List.of(TOKENS), 120).getBytes(StandardCharsets.UTF_8),
            bytes ->
            {
                check(bytes);
                check(withStartLine(bytes));
            });
    }

    @Test
    void shouldSurviveMutatedValidMessages()
    {
        Generated.forAll(13, 3000, random -> new long[]{random.nextInt(1_000_001), random.nextLong(),
            1 + random.nextInt(6)}, input -> mutatedSurvives((int)input[0], input[1], (int)input[2]));
    }

    private void mutatedSurvives(final int pick, final long seed, final int mutations)
    {
        final Random random = new Random(seed);
        byte[] bytes = VALID.get(pick % VALID.size());
        for (int i = 0; i < mutations; i++)
        {
            bytes = mutate(bytes, random);
        }
        check(bytes);
    }

    @Test
    void shouldAgreeWithReferenceScanOnMutatedMessages()
    {
        Generated.forAll(14, 3000, random -> new long[]{random.nextInt(1_000_001), random.nextLong(),
            random.nextInt(5)}, input -> agreesWithReference((int)input[0], input[1], (int)input[2]));
    }

    private void agreesWithReference(final int pick, final long seed, final int mutations)
    {
        final Random random = new Random(seed);
        byte[] bytes = VALID.get(pick % VALID.size());
        for (int i = 0; i < mutations; i++)
        {
            bytes = mutate(bytes, random);
        }
        final UnsafeBuffer buffer = Messages.padded(bytes);
        final int fast = parser.parse(buffer, Messages.PAD, bytes.length, message);
        final int reference = bytewise.parse(buffer, Messages.PAD, bytes.length, referenceMessage);

        assertEquals(SipParseResult.name(reference), SipParseResult.name(fast));
        assertEquals(referenceMessage.headerCount(), message.headerCount());
        for (int i = 0; i < message.headerCount(); i++)
        {
            assertEquals(referenceMessage.headerId(i), message.headerId(i), "id " + i);
            assertEquals(referenceMessage.headerNameOffset(i), message.headerNameOffset(i), "name " + i);
            assertEquals(referenceMessage.headerNameLength(i), message.headerNameLength(i), "name length " + i);
            assertEquals(referenceMessage.headerValueOffset(i), message.headerValueOffset(i), "value " + i);
            assertEquals(referenceMessage.headerValueLength(i), message.headerValueLength(i), "value length " + i);
        }
        assertEquals(referenceMessage.isRequest(), message.isRequest());
        assertEquals(referenceMessage.method(), message.method());
        assertEquals(referenceMessage.methodOffset(), message.methodOffset());
        assertEquals(referenceMessage.methodLength(), message.methodLength());
        assertEquals(referenceMessage.requestUriOffset(), message.requestUriOffset());
        assertEquals(referenceMessage.requestUriLength(), message.requestUriLength());
        assertEquals(referenceMessage.statusCode(), message.statusCode());
        assertEquals(referenceMessage.reasonOffset(), message.reasonOffset());
        assertEquals(referenceMessage.reasonLength(), message.reasonLength());
        assertEquals(referenceMessage.messageLength(), message.messageLength());
        assertEquals(referenceMessage.headerSectionLength(), message.headerSectionLength());
        assertEquals(referenceMessage.bodyLength(), message.bodyLength());
        assertEquals(referenceMessage.callIdOffset(), message.callIdOffset());
        assertEquals(referenceMessage.cseqNumber(), message.cseqNumber());
    }

    private static byte[] withStartLine(final byte[] soup)
    {
        final byte[] start = "INVITE sip:a@b SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII);
        final byte[] bytes = new byte[start.length + soup.length];
        System.arraycopy(start, 0, bytes, 0, start.length);
        System.arraycopy(soup, 0, bytes, start.length, soup.length);
        return bytes;
    }

    static byte[] mutate(final byte[] bytes, final Random random)
    {
        if (bytes.length == 0)
        {
            return TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
        }
        final int at = random.nextInt(bytes.length);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(6))
        {
            case 0:
            {
                final byte[] copy = bytes.clone();
                copy[at] = (byte)random.nextInt(256);
                return copy;
            }
            case 1:
                out.write(bytes, 0, at);
                out.writeBytes(TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                out.write(bytes, at, bytes.length - at);
                return out.toByteArray();
            case 2:
            {
                final int length = Math.min(bytes.length - at, 1 + random.nextInt(20));
                out.write(bytes, 0, at);
                out.write(bytes, at + length, bytes.length - at - length);
                return out.toByteArray();
            }
            case 3:
            {
                // Duplicate the line around 'at'.
                final String text = new String(bytes, StandardCharsets.ISO_8859_1);
                final int start = text.lastIndexOf('\n', at) + 1;
                final int end = text.indexOf('\n', at);
                if (end < 0)
                {
                    return bytes;
                }
                out.write(bytes, 0, end + 1);
                out.write(bytes, start, end + 1 - start);
                out.write(bytes, end + 1, bytes.length - end - 1);
                return out.toByteArray();
            }
            case 4:
            {
                final String text = new String(bytes, StandardCharsets.ISO_8859_1);
                final String digits = random.nextBoolean() ? "9".repeat(1 + random.nextInt(40)) : "-" + at;
                return text.replaceFirst("(?i)(content-length|\\nl)\\s*:\\s*[0-9]*", "Content-Length: " + digits)
                    .getBytes(StandardCharsets.ISO_8859_1);
            }
            default:
                return java.util.Arrays.copyOf(bytes, at);
        }
    }

    private void check(final byte[] bytes)
    {
        check(bytes, false);
        check(bytes, true);
    }

    private void check(final byte[] bytes, final boolean datagram)
    {
        final UnsafeBuffer padded = Messages.padded(bytes);
        final int low = Messages.PAD;
        final int high = Messages.PAD + bytes.length;
        final DirectBuffer guarded = Messages.guarded(padded, low, high);
        final int result = datagram ?
            parser.parseDatagram(guarded, low, bytes.length, message) :
            parser.parse(guarded, low, bytes.length, message);
        assertInside(message, result, low, high);
        if (result != SipParseResult.OK && result != SipParseResult.INCOMPLETE_BODY)
        {
            return;
        }

        // Each view gets a buffer guarded to exactly the range it is given.
        for (final int index : new int[]{ message.fromIndex(), message.toIndex() })
        {
            if (index < 0)
            {
                continue; // a usable message may lack From or To (SipAnomaly.ADDRESS)
            }
            final int offset = message.headerValueOffset(index);
            final int length = message.headerValueLength(index);
            if (address.wrap(Messages.guarded(padded, offset, offset + length), offset, length))
            {
                assertInside(offset, offset + length, address.displayNameOffset(), address.displayNameLength(), "name");
                assertInside(offset, offset + length, address.uriOffset(), address.uriLength(), "uri");
                assertInside(offset, offset + length, address.tagOffset(), address.tagLength(), "tag");
            }
        }
        final int uriOffset = message.requestUriOffset();
        final int uriLength = message.requestUriLength();
        if (message.isRequest() && uri.wrap(Messages.guarded(padded, uriOffset, uriOffset + uriLength), uriOffset, uriLength))
        {
            final int uriEnd = uriOffset + uriLength;
            assertInside(uriOffset, uriEnd, uri.userOffset(), uri.userLength(), "user");
            assertInside(uriOffset, uriEnd, uri.passwordOffset(), uri.passwordLength(), "password");
            assertInside(uriOffset, uriEnd, uri.hostOffset(), uri.hostLength(), "host");
            assertInside(uriOffset, uriEnd, uri.headersOffset(), uri.headersLength(), "headers");
            while (uri.parameters().next())
            {
                assertInside(uriOffset, uriEnd, uri.parameters().nameOffset(), uri.parameters().nameLength(), "pname");
                assertInside(uriOffset, uriEnd, uri.parameters().valueOffset(), uri.parameters().valueLength(), "pvalue");
            }
        }
        for (int i = 0; i < message.headerCount(); i++)
        {
            final int offset = message.headerValueOffset(i);
            final int end = offset + message.headerValueLength(i);
            values.wrap(Messages.guarded(padded, offset, end), offset, end - offset);
            while (values.next())
            {
                final int valueOffset = values.valueOffset();
                final int valueEnd = valueOffset + values.valueLength();
                assertInside(offset, end, valueOffset, values.valueLength(), "list value");
                final DirectBuffer value = Messages.guarded(padded, valueOffset, valueEnd);
                if (via.wrap(value, valueOffset, valueEnd - valueOffset))
                {
                    assertInside(valueOffset, valueEnd, via.transportOffset(), via.transportLength(), "transport");
                    assertInside(valueOffset, valueEnd, via.hostOffset(), via.hostLength(), "via host");
                    assertInside(valueOffset, valueEnd, via.branchOffset(), via.branchLength(), "branch");
                }
                if (address.wrap(value, valueOffset, valueEnd - valueOffset))
                {
                    assertInside(valueOffset, valueEnd, address.uriOffset(), address.uriLength(), "uri");
                    while (address.parameters().next())
                    {
                        assertInside(valueOffset, valueEnd, address.parameters().valueOffset(),
                            address.parameters().valueLength(), "header param");
                    }
                }
            }
        }
    }
}
