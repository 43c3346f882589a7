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

class SipUriTest
{
    private final SipUri uri = new SipUri();
    private DirectBuffer buffer;

    private boolean wrap(final String text)
    {
        final byte[] bytes = utf8(text);
        buffer = Messages.guarded(Messages.padded(bytes), Messages.PAD, Messages.PAD + bytes.length);
        return uri.wrap(buffer, Messages.PAD, bytes.length);
    }

    private String user()
    {
        return text(buffer, uri.userOffset(), uri.userLength());
    }

    private String host()
    {
        return text(buffer, uri.hostOffset(), uri.hostLength());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sip:alice@atlanta.example.com                     | 1 | alice      | atlanta.example.com | 0",
        "SIP:alice@atlanta.example.com:5060                | 1 | alice      | atlanta.example.com | 5060",
        "sips:bob@192.0.2.4:5061;transport=tls             | 2 | bob        | 192.0.2.4           | 5061",
        "sip:atlanta.example.com;lr                        | 1 | ''         | atlanta.example.com | 0",
        "sip:+15551234567@gw.example.net;user=phone        | 1 | +15551234567 | gw.example.net    | 0",
        "sip:alice:secret@host.example.com                 | 1 | alice      | host.example.com    | 0",
        "sip:user;par=u%40example.net@example.com          | 1 | user       | example.com         | 0",
        "sip:%75se%72@example.com                          | 1 | %75se%72   | example.com         | 0",
        "sip:[2001:db8::10]:5070;transport=udp             | 1 | ''         | [2001:db8::10]      | 5070",
        "sip:bob@[2001:db8::10]                            | 1 | bob        | [2001:db8::10]      | 0",
        "sip:user@example.com?Route=%3Csip:example.com%3E  | 1 | user       | example.com         | 0",
        "tel:+1-201-555-0123                               | 3 | +1-201-555-0123 | ''             | 0",
        "tel:7042;phone-context=example.com                | 3 | 7042       | ''                  | 0",
        "sip:host_with_underscore.example.com:1            | 1 | ''         | host_with_underscore.example.com | 1",
        "sip:u@h:65535                                     | 1 | u          | h                   | 65535",
    })
    void shouldSplitSchemeUserHostAndPort(
        final String text, final int scheme, final String user, final String host, final int port)
    {
        assertTrue(wrap(text));
        assertEquals(scheme, uri.scheme());
        assertEquals(user, user());
        assertEquals(host, host());
        assertEquals(port, uri.port());
        assertEquals(utf8(text).length, uri.length());
    }

    @Test
    void shouldExposePasswordSeparately()
    {
        assertTrue(wrap("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too." +
            "(doesn't-it)@example.com"));
        assertEquals("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/", user());
        assertEquals("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)",
            text(buffer, uri.passwordOffset(), uri.passwordLength()));
        assertEquals("example.com", host());
    }

    @Test
    void shouldFindUriParametersIgnoringCase()
    {
        assertTrue(wrap("sip:alice@example.com;Transport=TCP;lr;maddr=[2001:db8::1];n%61me=v%61lue%25%34%31?h=v"));
        final SipParameters parameters = uri.parameters();

        assertTrue(parameters.find("transport"));
        assertEquals("TCP", text(buffer, parameters.valueOffset(), parameters.valueLength()));
        assertTrue(parameters.find("LR"));
        assertEquals(0, parameters.valueLength());
        assertTrue(parameters.find("maddr"));
        assertEquals("[2001:db8::1]", text(buffer, parameters.valueOffset(), parameters.valueLength()));
        assertTrue(parameters.find("n%61me"));
        assertEquals("v%61lue%25%34%31", text(buffer, parameters.valueOffset(), parameters.valueLength()));
        assertFalse(parameters.find("h"));
        assertEquals("h=v", text(buffer, uri.headersOffset(), uri.headersLength()));
    }

    @Test
    void shouldKeepTelParameters()
    {
        assertTrue(wrap("tel:+358-555-1234567;postd=pp22;isub=1411"));
        assertTrue(uri.parameters().find("isub"));
        assertEquals("1411", text(buffer, uri.parameters().valueOffset(), uri.parameters().valueLength()));
        assertEquals(0, uri.hostLength());
    }

    @ParameterizedTest
    @ValueSource(strings = { "nobodyKnowsThisScheme:totallyopaquecontent", "soap.beep://192.0.2.103:3002",
        "isbn:2983792873", "http://www.example.com", "urn:uuid:f81d4fae" })
    void shouldAcceptOtherSchemesWithoutParts(final String text)
    {
        assertTrue(wrap(text));
        assertEquals(SipUri.SCHEME_OTHER, uri.scheme());
        assertEquals(0, uri.userLength());
        assertEquals(0, uri.hostLength());
        assertEquals(0, uri.parameters().length());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "sip:", "sip:alice@", "sip:alice@:5060", "sip:host:70000", "sip:host:123456",
        "sip:host:", "sip:host:50x", "sip:[2001:db8::1", "sip:[]", "sip: host", "sip:ho st", "<sip:host>",
        "sip:host;;", "sip:host;a=\"x", "tel:", "tel:;x=1", "1sip:host", "sip", "x:",
        "sip:alice@host\"" })
    void shouldRejectMalformedUris(final String text)
    {
        assertFalse(wrap(text));
        assertEquals(0, uri.length());
        assertEquals(0, uri.userLength());
        assertEquals(0, uri.hostLength());
        assertEquals(0, uri.port());
        assertEquals(0, uri.parameters().length());
    }

    @Test
    void shouldTakeHostLiberallyUpToPortParametersOrHeaders()
    {
        assertTrue(wrap("sip:alice@odd!host$name;transport=tcp"));
        assertEquals("odd!host$name", host());
        assertTrue(wrap("sip:alice@h:5060?subject=x"));
        assertEquals("h", host());
        assertEquals(5060, uri.port());
    }

    @Test
    void shouldForgetPreviousUriWhenReused()
    {
        assertTrue(wrap("sips:bob:pw@biloxi.example.com:5061;transport=tls?x=y"));
        assertTrue(wrap("sip:example.org"));
        assertEquals(SipUri.SCHEME_SIP, uri.scheme());
        assertEquals(0, uri.userLength());
        assertEquals(0, uri.passwordLength());
        assertEquals(0, uri.port());
        assertEquals(0, uri.headersLength());
        assertFalse(uri.parameters().find("transport"));
    }
}
