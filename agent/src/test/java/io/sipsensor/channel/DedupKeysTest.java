package io.sipsensor.channel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class DedupKeysTest
{
    private final DedupKeys keys = new DedupKeys();

    @Test
    void shouldKeyOnLastSixDigitsWhateverThePrefix()
    {
        assertEquals(keys.key("+421605123456", "00421246654321"), keys.key("00421605123456", "0246654321"));
        assertEquals("123456|654321", DedupKeys.text("+421605123456", "00421246654321"));
    }

    @Test
    void shouldKeepShortNumbersDistinctFromZeroPaddedOnes()
    {
        assertNotEquals(keys.key("123", "1"), keys.key("000123", "1"));
        assertEquals("123|1", DedupKeys.text("123", "1"));
    }

    @Test
    void shouldIgnoreNonDigitCharacters()
    {
        assertEquals(keys.key("+1 (212) 555-0101", "x"), keys.key("12125550101", "x"));
        assertEquals("550101|x", DedupKeys.text("+1 (212) 555-0101", "x"));
    }

    @Test
    void shouldKeyUsersWithoutDigitsOnWholeUserPart()
    {
        assertEquals(keys.key("alice", "bob"), keys.key("alice", "bob"));
        assertNotEquals(keys.key("alice", "bob"), keys.key("alice", "carol"));
        assertNotEquals(keys.key("anonymous", "123456"), keys.key("123456", "123456"));
        assertEquals("anonymous|123456", DedupKeys.text("anonymous", "00123456"));
    }
}
