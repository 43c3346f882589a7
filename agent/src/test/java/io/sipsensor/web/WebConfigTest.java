package io.sipsensor.web;

import io.sipsensor.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * http_listen as the config file gives it: the default, IPv6 in brackets, 0 for off, and one line for a bad value.
 */
class WebConfigTest
{
    private static WebSettings parse(final String listen)
    {
        final WebConfig config = new WebConfig();
        for (final io.sipsensor.config.Setting setting : WebConfig.SETTINGS)
        {
            config.set(setting.key(), setting.defaultValue(), "default");
        }
        config.set("http_listen", listen, "sipsensor.conf line 3");
        return config.webSettings();
    }

    @Test
    void shouldReadAddressesAndOff()
    {
        assertEquals(new WebSettings("127.0.0.1", 5030, 8), parse("127.0.0.1:5030"));
        assertEquals(new WebSettings("::1", 8080, 8), parse("[::1]:8080"));
        assertEquals(new WebSettings("0.0.0.0", 443, 8), parse("0.0.0.0:443"));
        assertFalse(parse("0").enabled());
    }

    @Test
    void shouldRefuseABadValueWithOneLine()
    {
        for (final String bad : new String[] {"5030", "localhost", "127.0.0.1:", "127.0.0.1:70000", ":5030",
            "127.0.0.1:50x0", "a/b:80"})
        {
            final ConfigException ex = assertThrows(ConfigException.class, () -> parse(bad), bad);
            assertEquals(1, ex.getMessage().lines().count(), ex.getMessage());
            assertEquals(true, ex.getMessage().startsWith("sipsensor.conf line 3: http_listen = '"), ex.getMessage());
        }
    }
}
