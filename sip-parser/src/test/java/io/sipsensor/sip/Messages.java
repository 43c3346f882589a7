package io.sipsensor.sip;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

/**
 * Test support: builds SIP text, places it inside larger buffers at a non-zero offset, and guards buffers so that
 * any read outside the parsed range fails the test.
 */
final class Messages
{
    static final int PAD = 13;

    private Messages()
    {
    }

    /** @return the lines joined and terminated by CRLF, followed by the blank line and the body. */
    static String message(final String body, final String... lines)
    {
        final StringBuilder text = new StringBuilder();
        for (final String line : lines)
        {
            text.append(line).append("\r\n");
        }
        return text.append("\r\n").append(body).toString();
    }

    /** @return like {@link #message} with a Content-Length header for the body appended to the lines. */
    static String withContentLength(final String body, final String... lines)
    {
        final String[] all = java.util.Arrays.copyOf(lines, lines.length + 1);
        all[lines.length] = "Content-Length: " + utf8(body).length;
        return message(body, all);
    }

    /**
     * Parses {@code bytes} placed at a non-zero offset inside a larger buffer, through a guard that fails on any
     * read outside the message.
     */
    static int parse(final SipParser parser, final SipMessage message, final byte[] bytes)
    {
        final UnsafeBuffer padded = padded(bytes);
        return parser.parse(guarded(padded, PAD, PAD + bytes.length), PAD, bytes.length, message);
    }

    static int parse(final SipParser parser, final SipMessage message, final String text)
    {
        return parse(parser, message, utf8(text));
    }

    static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * @return a buffer holding {@code bytes} at offset {@link #PAD}, with {@link #PAD} bytes of junk on each side
     * that would change results if read (line breaks, colons, digits).
     */
    static UnsafeBuffer padded(final byte[] bytes)
    {
        final byte[] array = new byte[bytes.length + 2 * PAD];
        final byte[] junk = { '\r', '\n', ':', '9' };
        for (int i = 0; i < array.length; i++)
        {
            array[i] = junk[i % junk.length];
        }
        System.arraycopy(bytes, 0, array, PAD, bytes.length);
        return new UnsafeBuffer(array);
    }

    /**
     * A view of {@code delegate} that throws {@link AssertionError} on any read outside {@code [low, high)}.
     * Slow (a dynamic proxy); for tests only.
     */
    static DirectBuffer guarded(final DirectBuffer delegate, final int low, final int high)
    {
        return (DirectBuffer)Proxy.newProxyInstance(
            Messages.class.getClassLoader(),
            new Class<?>[]{ DirectBuffer.class },
            (proxy, method, args) ->
            {
                final String name = method.getName();
                if (name.startsWith("get") && args != null && args.length > 0 && args[0] instanceof Integer)
                {
                    final int index = (Integer)args[0];
                    final int size = sizeOf(name, args);
                    if (index < low || index + size > high)
                    {
                        throw new AssertionError(
                            name + "(" + index + ") outside [" + low + ", " + high + ")");
                    }
                }
                try
                {
                    return method.invoke(delegate, args);
                }
                catch (final InvocationTargetException ex)
                {
                    throw ex.getCause();
                }
            });
    }

    private static int sizeOf(final String getter, final Object[] args)
    {
        switch (getter)
        {
            case "getBytes":
                if (args.length >= 4 && args[3] instanceof Integer)
                {
                    return (Integer)args[3];
                }
                return args[1] instanceof byte[] ? ((byte[])args[1]).length : 1;
            case "getShort":
            case "getChar":
                return 2;
            case "getInt":
            case "getFloat":
                return 4;
            case "getLong":
            case "getDouble":
                return 8;
            default:
                return 1;
        }
    }
}
