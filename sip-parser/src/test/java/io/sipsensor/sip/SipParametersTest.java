package io.sipsensor.sip;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static io.sipsensor.sip.Messages.text;
import static io.sipsensor.sip.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SipParametersTest
{
    private final SipParameters parameters = new SipParameters();
    private DirectBuffer buffer;

    private boolean wrap(final String text)
    {
        final byte[] bytes = utf8(text);
        buffer = Messages.guarded(Messages.padded(bytes), Messages.PAD, Messages.PAD + bytes.length);
        return parameters.wrap(buffer, Messages.PAD, bytes.length);
    }

    @Test
    void shouldVisitEveryParameterInOrder()
    {
        assertTrue(wrap(";tag=1928 ; lr;q = 0.5;\r\n  x=\"a;b\\\"c\""));
        final List<String> seen = new ArrayList<>();
        while (parameters.next())
        {
            seen.add(text(buffer, parameters.nameOffset(), parameters.nameLength()) + "=" +
                text(buffer, parameters.valueOffset(), parameters.valueLength()));
        }
        assertEquals(List.of("tag=1928", "lr=", "q=0.5", "x=a;b\\\"c"), seen);
    }

    @Test
    void shouldAcceptListWithoutLeadingSemicolonAndEmptyList()
    {
        assertTrue(wrap("branch=z9hG4bK1;rport"));
        assertTrue(parameters.find("rport"));
        assertTrue(wrap(""));
        assertFalse(parameters.next());
        assertTrue(wrap("   "));
        assertFalse(parameters.find("x"));
    }

    @Test
    void shouldFindFirstMatchIgnoringCaseAndReportAbsence()
    {
        assertTrue(wrap(";Tag=first;TAG=second"));
        assertTrue(parameters.find("tag"));
        assertEquals("first", text(buffer, parameters.valueOffset(), parameters.valueLength()));
        assertFalse(parameters.find("ta"));
        assertFalse(parameters.find("tags"));
        assertEquals(0, parameters.valueLength());
    }

    @ParameterizedTest
    @ValueSource(strings = { ";;", ";a=1;;b=2", ";a=", ";a=\"open", ";a b", ";=1", ";a=1 junk", ";a=<x>" })
    void shouldRejectMalformedListsAndReadAsEmpty(final String text)
    {
        assertFalse(wrap(text), text);
        assertEquals(0, parameters.length());
        assertFalse(parameters.next());
    }
}
