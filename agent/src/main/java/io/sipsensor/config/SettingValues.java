package io.sipsensor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Parsers for setting values that never throw anything but a {@link ConfigException} naming the source, the key,
 * the value and what is expected (untrusted digits are checked before they are converted).
 */
public final class SettingValues
{
    private SettingValues()
    {
    }

    /**
     * @param source where the value comes from.
     * @param key    setting name.
     * @param text   value.
     * @param min    smallest allowed.
     * @param max    largest allowed.
     * @return the whole number.
     */
    public static long number(final String source, final String key, final String text, final long min,
        final long max)
    {
        if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(Character::isDigit))
        {
            throw invalid(source, key, text, "a whole number from " + min + " to " + max);
        }
        final long value = Long.parseLong(text);
        if (value < min || value > max)
        {
            throw invalid(source, key, text, "a whole number from " + min + " to " + max);
        }
        return value;
    }

    /**
     * @return a number of seconds as nanoseconds.
     * @see #number
     */
    public static long seconds(final String source, final String key, final String text, final long min,
        final long max)
    {
        return TimeUnit.SECONDS.toNanos(number(source, key, text, min, max));
    }

    /**
     * @return a power of two of KiB between {@code minKib} and {@code maxKib}, as bytes.
     * @see #number
     */
    public static int powerOfTwoKib(final String source, final String key, final String text, final long minKib,
        final long maxKib)
    {
        final long kib = number(source, key, text, minKib, maxKib);
        if (Long.bitCount(kib) != 1)
        {
            throw invalid(source, key, text, "a power of two between " + minKib + " and " + maxKib);
        }
        return (int)(kib * 1024);
    }

    /**
     * @return yes/true/on/1 or no/false/off/0.
     * @see #number
     */
    public static boolean bool(final String source, final String key, final String text)
    {
        return switch (text.toLowerCase())
        {
            case "yes", "true", "on", "1" -> true;
            case "no", "false", "off", "0" -> false;
            default -> throw invalid(source, key, text, "yes or no");
        };
    }

    /**
     * @return ports and ranges like {@code 5060,5062-5070} (at most 1000 per range), ascending, without repeats.
     * @see #number
     */
    public static int[] ports(final String source, final String key, final String text)
    {
        final TreeSet<Integer> ports = new TreeSet<>();
        for (final String part : text.split(","))
        {
            final String item = part.trim();
            final int dash = item.indexOf('-');
            if (dash > 0)
            {
                final long from = number(source, key, item.substring(0, dash).trim(), 1, 65535);
                final long to = number(source, key, item.substring(dash + 1).trim(), 1, 65535);
                if (to < from || to - from > 1000)
                {
                    throw invalid(source, key, text, "ports or ranges like 5060,5062-5070 (at most 1000 per range)");
                }
                for (long port = from; port <= to; port++)
                {
                    ports.add((int)port);
                }
            }
            else
            {
                ports.add((int)number(source, key, item, 1, 65535));
            }
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @return the settings of several groups, in order.
     */
    public static List<Setting> concat(final List<List<Setting>> lists)
    {
        final List<Setting> all = new ArrayList<>();
        lists.forEach(all::addAll);
        return List.copyOf(all);
    }

    /**
     * @param source   where the value comes from.
     * @param key      setting name.
     * @param value    the value given.
     * @param expected what would have been valid.
     * @return the exception to throw.
     */
    public static ConfigException invalid(final String source, final String key, final String value,
        final String expected)
    {
        return new ConfigException(source + ": " + key + " = '" + printable(value) + "' is not valid; expected " +
            expected);
    }

    /**
     * @param value a value as given.
     * @return the value on one line: control characters shown as {@code \n}, {@code \t} or {@code \xHH}.
     */
    public static String printable(final String value)
    {
        if (value.chars().noneMatch(c -> c < 0x20 || c == 0x7f))
        {
            return value;
        }
        final StringBuilder text = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default ->
                {
                    if (c < 0x20 || c == 0x7f)
                    {
                        text.append(String.format("\\x%02x", (int)c));
                    }
                    else
                    {
                        text.append(c);
                    }
                }
            }
        }
        return text.toString();
    }
}
