package io.sipsensor.sip;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static io.sipsensor.sip.Messages.text;
import static io.sipsensor.sip.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class HeaderValuesTest
{
    private final HeaderValues values = new HeaderValues();

    private List<String> split(final String text)
    {
        final byte[] bytes = utf8(text);
        final DirectBuffer buffer = Messages.guarded(Messages.padded(bytes), Messages.PAD, Messages.PAD + bytes.length);
        values.wrap(buffer, Messages.PAD, bytes.length);
        final List<String> result = new ArrayList<>();
        while (values.next())
        {
            result.add(text(buffer, values.valueOffset(), values.valueLength()));
        }
        return result;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a, b,c                                        | [a, b, c]",
        "'<sip:a@x>;q=0.5 , \"Smith, John\" <sip:b@y>'  | [<sip:a@x>;q=0.5, \"Smith, John\" <sip:b@y>]",
        "'<sip:a@x;maddr=1,2>,<sip:c@z>'               | [<sip:a@x;maddr=1,2>, <sip:c@z>]",
        "'\"quoted \\\" comma, inside\" <sip:q@x>, next' | [\"quoted \\\" comma, inside\" <sip:q@x>, next]",
        "'a,,b, ,'                                     | [a, b]",
        "''                                            | []",
        "' , ,'                                        | []",
        "'single'                                      | [single]",
        "'\"open, quote'                                | [\"open, quote]",
        "'SIP/2.0/UDP a;branch=1 ,\r\n SIP/2.0/UDP b'   | [SIP/2.0/UDP a;branch=1, SIP/2.0/UDP b]",
    })
    void shouldSplitOnTopLevelCommasOnly(final String text, final String expected)
    {
        assertEquals(expected, split(text).toString());
    }

    @Test
    void shouldIterateValuesOfEveryHeaderWithAnId()
    {
        final SipParser parser = new SipParser(SipParser.DEFAULT_MAX_HEADERS);
        final SipMessage message = new SipMessage();
        final String text = Messages.message("", "REGISTER sip:example.com SIP/2.0", "Call-ID: 1",
            "CSeq: 1 REGISTER", "From: <sip:a@e.com>;tag=1", "To: <sip:a@e.com>",
            "Contact: <sip:a@192.0.2.1>;expires=60, \"Mobile\" <sip:a@192.0.2.2>", "m: <sip:a@192.0.2.3>");
        assertEquals(SipParseResult.OK, Messages.parse(parser, message, text));

        final List<String> contacts = new ArrayList<>();
        final NameAddr address = new NameAddr();
        for (int i = message.firstHeader(SipHeader.CONTACT); i >= 0; i = message.nextHeader(SipHeader.CONTACT, i))
        {
            values.wrap(message, i);
            while (values.next())
            {
                address.wrap(message.buffer(), values.valueOffset(), values.valueLength());
                contacts.add(text(message.buffer(), address.uriOffset(), address.uriLength()));
            }
        }
        assertEquals(List.of("sip:a@192.0.2.1", "sip:a@192.0.2.2", "sip:a@192.0.2.3"), contacts);

        values.wrap(message, -1);
        assertFalse(values.next());
    }
}
