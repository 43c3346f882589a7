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

class NameAddrTest
{
    private final NameAddr address = new NameAddr();
    private DirectBuffer buffer;

    private boolean wrap(final String text)
    {
        final byte[] bytes = utf8(text);
        buffer = Messages.guarded(Messages.padded(bytes), Messages.PAD, Messages.PAD + bytes.length);
        return address.wrap(buffer, Messages.PAD, bytes.length);
    }

    private String displayName()
    {
        return text(buffer, address.displayNameOffset(), address.displayNameLength());
    }

    private String uri()
    {
        return text(buffer, address.uriOffset(), address.uriLength());
    }

    private String tag()
    {
        return text(buffer, address.tagOffset(), address.tagLength());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'\"Alice\" <sip:alice@a.example;transport=udp>;tag=1928301774' | Alice | sip:alice@a.example;transport=udp | 1928301774",
        "'<sip:bob@b.example>'                                         | ''    | sip:bob@b.example                  | ''",
        "'sip:bob@b.example;tag=x1'                                    | ''    | sip:bob@b.example                  | x1",
        "'Bob Smith <sip:bob@b.example>;TAG=Y'                         | Bob Smith | sip:bob@b.example              | Y",
        "'caller<sip:caller@example.com>;tag=323'                      | caller | sip:caller@example.com            | 323",
        "'\"\" <sip:anon@example.com>'                                 | ''    | sip:anon@example.com               | ''",
        "'  \"Spaced\"   <  sip:t.watson@example.org  >  ;  tag = 7  ' | Spaced | sip:t.watson@example.org         | 7",
        "'<tel:+15551234567;phone-context=x>;tag=t'                    | ''    | tel:+15551234567;phone-context=x   | t",
        "'Watson, Thomas <sip:t.watson@example.org>'                   | 'Watson, Thomas' | sip:t.watson@example.org | ''",
    })
    void shouldSplitDisplayNameUriAndTag(final String text, final String display, final String uri, final String tag)
    {
        assertTrue(wrap(text));
        assertEquals(display, displayName());
        assertEquals(uri, uri());
        assertEquals(tag, tag());
        assertTrue(address.isUriValid());
    }

    @Test
    void shouldKeepEscapedQuotesInsideQuotedDisplayName()
    {
        assertTrue(wrap("\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8"));
        assertEquals("J Rosenberg \\\\\\\"", displayName());
        assertEquals("98asjd8", tag());
        assertEquals("jdrosen", text(buffer, address.uri().userOffset(), address.uri().userLength()));
    }

    @Test
    void shouldGiveParametersOfBareAddrSpecToTheHeader()
    {
        assertTrue(wrap("sip:+19725552222@gw1.example.net;unknownparam;tag=abc"));
        assertEquals("sip:+19725552222@gw1.example.net", uri());
        assertTrue(address.parameters().find("unknownparam"));
        assertTrue(address.parameters().find("tag"));
        assertFalse(address.uri().parameters().find("unknownparam"));
    }

    @Test
    void shouldKeepUriParametersInsideAngleBracketsWithTheUri()
    {
        assertTrue(wrap("<sip:+19725552222@gw1.example.net;unknownparam>"));
        assertTrue(address.uri().parameters().find("unknownparam"));
        assertFalse(address.parameters().find("unknownparam"));
    }

    @Test
    void shouldFindQuotedHeaderParameterValueWithoutQuotes()
    {
        assertTrue(wrap("<sip:a@192.0.2.1>;+sip.instance=\"<urn:uuid:f81d4fae>\";expires=3600;q=0.7"));
        assertTrue(address.parameters().find("+SIP.INSTANCE"));
        assertEquals("<urn:uuid:f81d4fae>",
            text(buffer, address.parameters().valueOffset(), address.parameters().valueLength()));
        assertTrue(address.parameters().find("q"));
        assertEquals("0.7", text(buffer, address.parameters().valueOffset(), address.parameters().valueLength()));
        assertFalse(address.parameters().find("tag"));
    }

    @Test
    void shouldWrapAcceptUnknownSchemesButFlagTheUri()
    {
        assertTrue(wrap("isbn:2983792873"));
        assertTrue(address.isUriValid());
        assertEquals(SipUri.SCHEME_OTHER, address.uri().scheme());

        assertTrue(wrap("<sip:@>;tag=1"));
        assertFalse(address.isUriValid());
        assertEquals("1", tag());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "\"Mr. J. User <sip:j.user@example.com>", "<sip:a@b", "\"x\" sip:a@b",
        "<sip:a@b> junk", "<sip:a@b>;;;;", "<sip:a@b>;tag=", "<>", "sip:a@b c",
        "sip:a@b;tag=\"open", "<sip:a@b>;=x", "Bell <sip:a@b>;tag=1;", "a;b <sip:x@y>", "\"a\"" })
    void shouldRejectMalformedValues(final String text)
    {
        if (text.equals("Bell <sip:a@b>;tag=1;"))
        {
            // A single trailing ';' is tolerated; it is not a parameter.
            assertTrue(wrap(text));
            return;
        }
        assertFalse(wrap(text), text);
        assertEquals(0, address.uriLength());
        assertEquals(0, address.tagLength());
        assertEquals(0, address.displayNameLength());
    }

    @Test
    void shouldWrapHeaderOfParsedMessage()
    {
        final SipParser parser = new SipParser(SipParser.DEFAULT_MAX_HEADERS);
        final SipMessage message = new SipMessage();
        assertEquals(SipParseResult.OK, Messages.parse(parser, message, SampleMessages.INVITE));

        assertTrue(address.wrap(message, message.fromIndex()));
        assertEquals("Alice \\\"Al\\\" Smith",
            text(message.buffer(), address.displayNameOffset(), address.displayNameLength()));
        assertEquals("1928301774", text(message.buffer(), address.tagOffset(), address.tagLength()));
        assertTrue(address.wrap(message, message.toIndex()));
        assertEquals(0, address.tagLength());
        assertEquals("+15551234567", text(message.buffer(), address.uri().userOffset(), address.uri().userLength()));
        assertFalse(address.wrap(message, -1));
        assertFalse(address.wrap(message, message.headerCount()));
    }
}
