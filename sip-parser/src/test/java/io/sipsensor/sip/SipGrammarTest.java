package io.sipsensor.sip;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The eight-bytes-at-a-time helpers give the same answers as a plain loop, on buffers guarded to the scanned range.
 */
class SipGrammarTest
{
    private static final byte[] INTERESTING =
    {
        '"', '\\', '<', '>', ';', ':', '\n', '\r', ' ', 'a', 0, (byte)0x80, '=', '?', ',', 0x7F, '\t', '%'
    };

    private static DirectBuffer guarded(final byte[] bytes)
    {
        return Messages.guarded(Messages.padded(bytes), Messages.PAD, Messages.PAD + bytes.length);
    }

    @Test
    void shouldFindBytesLikeAPlainLoop()
    {
        Generated.forAll(1, 2000, random -> Generated.bytesOf(random, INTERESTING, 40), this::findsBytes);
    }

    private void findsBytes(final byte[] bytes)
    {
        final DirectBuffer buffer = guarded(bytes);
        final int from = Messages.PAD;
        final int end = Messages.PAD + bytes.length;
        for (final byte value : INTERESTING)
        {
            assertEquals(naiveIndexOf(bytes, value, -1, -1), SipGrammar.indexOf(buffer, from, end, value));
            assertEquals(naiveLastIndexOf(bytes, value), SipGrammar.lastIndexOf(buffer, from, end, value));
            assertEquals(naiveIndexOf(bytes, value, ';', -1),
                SipGrammar.indexOfEither(buffer, from, end, value, (byte)';'));
        }
        assertEquals(naiveIndexOf(bytes, (byte)'\n', -1, -1), SipGrammar.indexOfLineFeed(buffer, from, end));
        for (final boolean name : new boolean[]{ true, false })
        {
            int expected = 0;
            while (expected < bytes.length && (name ?
                SipGrammar.isParamNameChar(bytes[expected]) : SipGrammar.isParamValueChar(bytes[expected])))
            {
                expected++;
            }
            assertEquals(from + expected, SipGrammar.endOfParamRun(buffer, from, end, name));
        }
    }

    @Test
    void shouldCloseQuotedStringsLikeAPlainLoop()
    {
        Generated.forAll(2, 2000, random -> Generated.bytesOf(random, INTERESTING, 40), this::closesQuotes);
    }

    private void closesQuotes(final byte[] bytes)
    {
        final byte[] quoted = new byte[bytes.length + 1];
        quoted[0] = '"';
        System.arraycopy(bytes, 0, quoted, 1, bytes.length);
        final int expected = naiveClosingQuote(quoted);
        final int actual = SipGrammar.closingQuote(guarded(quoted), Messages.PAD, Messages.PAD + quoted.length);
        assertEquals(expected, actual < 0 ? -1 : actual - Messages.PAD);
    }

    @Test
    void shouldFlagControlsAndColonsExactlyAtTheLowestFlag()
    {
        Generated.forAll(3, 2000, java.util.SplittableRandom::nextLong, this::flagsControls);
        flagsControls(0L);
        flagsControls(-1L);
        flagsControls(0x3A3A3A3A3A3A3A3AL);
    }

    private void flagsControls(final long word)
    {
        final long flags = SipGrammar.controlOrByte(word, SipGrammar.pattern((byte)':'));
        int expected = -1;
        for (int i = 0; i < 8; i++)
        {
            final int b = (int)(word >>> (i * 8)) & 0xFF;
            if (b < 0x21 || b == ':')
            {
                expected = i;
                break;
            }
        }
        assertEquals(expected, flags == 0 ? -1 : Long.numberOfTrailingZeros(flags) >>> 3);
    }

    private static int naiveIndexOf(final byte[] bytes, final byte value, final int other, final int unused)
    {
        for (int i = 0; i < bytes.length; i++)
        {
            if (bytes[i] == value || bytes[i] == other)
            {
                return Messages.PAD + i;
            }
        }
        return -1;
    }

    private static int naiveLastIndexOf(final byte[] bytes, final byte value)
    {
        for (int i = bytes.length - 1; i >= 0; i--)
        {
            if (bytes[i] == value)
            {
                return Messages.PAD + i;
            }
        }
        return -1;
    }

    private static int naiveClosingQuote(final byte[] quoted)
    {
        int i = 1;
        while (i < quoted.length)
        {
            if (quoted[i] == '"')
            {
                return i;
            }
            i += quoted[i] == '\\' ? 2 : 1;
        }
        return -1;
    }
}
