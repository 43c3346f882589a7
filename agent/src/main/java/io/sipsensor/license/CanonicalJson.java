package io.sipsensor.license;

import io.sipsensor.json.JsonWriter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical form of a JSON value, the bytes a license signature covers: no whitespace, object members sorted by
 * name (Java {@code String} order), strings with only the quote, the backslash and control characters escaped (b, f,
 * n, r, t after a backslash, else a six-character u-escape), every other character as itself in UTF-8, numbers as
 * whole numbers in plain decimal. Fractions are refused: license payloads hold none. Not for the packet path.
 */
public final class CanonicalJson
{
    private CanonicalJson()
    {
    }

    /**
     * @param value a value from {@link io.sipsensor.json.JsonReader} (or built the same way).
     * @return its canonical text.
     * @throws IllegalArgumentException on a fraction or an unsupported type.
     */
    public static String text(final Object value)
    {
        final StringBuilder out = new StringBuilder(512);
        append(out, value);
        return out.toString();
    }

    /**
     * Writes a value with its object members sorted, for readable files whose canonical form is obvious.
     *
     * @param json  where to write.
     * @param value the value.
     */
    public static void write(final JsonWriter json, final Object value)
    {
        switch (value)
        {
            case null -> json.nullValue();
            case Map<?, ?> map ->
            {
                json.beginObject();
                for (final Map.Entry<String, Object> member : sorted(map).entrySet())
                {
                    json.name(member.getKey());
                    write(json, member.getValue());
                }
                json.endObject();
            }
            case List<?> list ->
            {
                json.beginArray();
                for (final Object item : list)
                {
                    write(json, item);
                }
                json.endArray();
            }
            case String text -> json.value(text);
            case Boolean flag -> json.value(flag);
            default -> json.rawValue(number(value));
        }
    }

    private static void append(final StringBuilder out, final Object value)
    {
        switch (value)
        {
            case null -> out.append("null");
            case Map<?, ?> map ->
            {
                out.append('{');
                boolean first = true;
                for (final Map.Entry<String, Object> member : sorted(map).entrySet())
                {
                    out.append(first ? "" : ",");
                    first = false;
                    string(out, member.getKey());
                    out.append(':');
                    append(out, member.getValue());
                }
                out.append('}');
            }
            case List<?> list ->
            {
                out.append('[');
                for (int i = 0; i < list.size(); i++)
                {
                    out.append(i == 0 ? "" : ",");
                    append(out, list.get(i));
                }
                out.append(']');
            }
            case String text -> string(out, text);
            case Boolean flag -> out.append(flag.booleanValue());
            default -> out.append(number(value));
        }
    }

    private static Map<String, Object> sorted(final Map<?, ?> map)
    {
        final TreeMap<String, Object> sorted = new TreeMap<>();
        for (final Map.Entry<?, ?> member : map.entrySet())
        {
            sorted.put(String.valueOf(member.getKey()), member.getValue());
        }
        return sorted;
    }

    private static String number(final Object value)
    {
        final BigInteger whole;
        try
        {
            whole = switch (value)
            {
                case BigDecimal decimal -> decimal.toBigIntegerExact();
                case BigInteger integer -> integer;
                case Long number -> BigInteger.valueOf(number);
                case Integer number -> BigInteger.valueOf(number);
                default -> throw new IllegalArgumentException("unsupported JSON value " + value.getClass().getName());
            };
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("fractional number " + value + " (license fields are whole numbers)");
        }
        return whole.toString();
    }

    private static void string(final StringBuilder out, final String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
