package io.sipsensor.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON parser (RFC 8259) into plain Java values: {@link Map} (insertion ordered), {@link List},
 * {@link String}, {@link BigDecimal}, {@link Boolean} and null. For configuration, licenses and tests; never for
 * packet data. Errors are {@link JsonException}s naming the position.
 */
public final class JsonReader
{
    private static final int MAX_DEPTH = 64;

    private final String text;
    private int position;

    private JsonReader(final String text)
    {
        this.text = text;
    }

    /**
     * @param text JSON text.
     * @return the value.
     * @throws JsonException if the text is not valid JSON.
     */
    public static Object parse(final String text)
    {
        final JsonReader reader = new JsonReader(text);
        final Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.position != text.length())
        {
            throw reader.error("unexpected text after the value");
        }
        return value;
    }

    private Object value(final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            throw error("nested too deeply");
        }
        skipWhitespace();
        if (position >= text.length())
        {
            throw error("unexpected end");
        }
        final char c = text.charAt(position);
        return switch (c)
        {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default ->
            {
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> object(final int depth)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        position++;
        skipWhitespace();
        if (peek() == '}')
        {
            position++;
            return map;
        }
        while (true)
        {
            skipWhitespace();
            if (peek() != '"')
            {
                throw error("expected a member name");
            }
            final String name = string();
            skipWhitespace();
            expect(':');
            map.put(name, value(depth + 1));
            skipWhitespace();
            final char c = next();
            if (c == '}')
            {
                return map;
            }
            if (c != ',')
            {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(final int depth)
    {
        final List<Object> list = new ArrayList<>();
        position++;
        skipWhitespace();
        if (peek() == ']')
        {
            position++;
            return list;
        }
        while (true)
        {
            list.add(value(depth + 1));
            skipWhitespace();
            final char c = next();
            if (c == ']')
            {
                return list;
            }
            if (c != ',')
            {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string()
    {
        expect('"');
        final StringBuilder value = new StringBuilder();
        while (true)
        {
            final char c = next();
            if (c == '"')
            {
                return value.toString();
            }
            if (c == '\\')
            {
                final char escaped = next();
                switch (escaped)
                {
                    case '"', '\\', '/' -> value.append(escaped);
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' ->
                    {
                        if (position + 4 > text.length())
                        {
                            throw error("short \\u escape");
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++)
                        {
                            final int digit = Character.digit(text.charAt(position++), 16);
                            if (digit < 0)
                            {
                                throw error("bad \\u escape");
                            }
                            code = code * 16 + digit;
                        }
                        value.append((char)code);
                    }
                    default -> throw error("bad escape \\" + escaped);
                }
            }
            else if (c < 0x20)
            {
                throw error("control character in string");
            }
            else
            {
                value.append(c);
            }
        }
    }

    private BigDecimal number()
    {
        final int start = position;
        if (peek() == '-')
        {
            position++;
        }
        while (position < text.length() && "0123456789.eE+-".indexOf(text.charAt(position)) >= 0)
        {
            position++;
        }
        try
        {
            return new BigDecimal(text.substring(start, position));
        }
        catch (final NumberFormatException ex)
        {
            position = start;
            throw error("bad number");
        }
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, position))
        {
            throw error("unexpected text");
        }
        position += word.length();
        return value;
    }

    private void skipWhitespace()
    {
        while (position < text.length())
        {
            final char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            {
                return;
            }
            position++;
        }
    }

    private char peek()
    {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private char next()
    {
        if (position >= text.length())
        {
            throw error("unexpected end");
        }
        return text.charAt(position++);
    }

    private void expect(final char c)
    {
        if (next() != c)
        {
            position--;
            throw error("expected '" + c + "'");
        }
    }

    private JsonException error(final String message)
    {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++)
        {
            if (text.charAt(i) == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return new JsonException(message + " at line " + line + ", column " + column);
    }
}
