package io.sipsensor.sip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the RFC 4475 test messages kept under {@code src/test/resources/rfc4475/valid|invalid/NAME.msg}, written in
 * the notation of RFC 4475 section 2: every line ends with CRLF; lines between {@code <allOneLine>} and
 * {@code </allOneLine>} are one line; {@code <hex>..</hex>} stands for the octets its hex digits spell (white space
 * ignored); {@code <repeat count=N>x</repeat>} stands for N copies of x. CRs in the file itself are ignored.
 */
final class TortureMessages
{
    static final String VALID = "valid";
    static final String INVALID = "invalid";

    private TortureMessages()
    {
    }

    static byte[] load(final String kind, final String name)
    {
        final String resource = "/rfc4475/" + kind + "/" + name + ".msg";
        try (InputStream in = TortureMessages.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalArgumentException("no test message " + resource);
            }
            return expand(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r", ""));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return names (without .msg) of the messages of one kind, sorted. */
    static List<String> names(final String kind)
    {
        try (Stream<Path> files = Files.list(Path.of(TortureMessages.class.getResource("/rfc4475/" + kind).toURI())))
        {
            return files.map(path -> path.getFileName().toString())
                .filter(file -> file.endsWith(".msg"))
                .map(file -> file.substring(0, file.length() - 4))
                .sorted()
                .toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static byte[] expand(final String text)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean oneLine = false;
        int i = 0;
        while (i < text.length())
        {
            if (text.startsWith("<allOneLine>\n", i))
            {
                oneLine = true;
                i += "<allOneLine>\n".length();
            }
            else if (text.startsWith("</allOneLine>\n", i))
            {
                oneLine = false;
                out.write('\r');
                out.write('\n');
                i += "</allOneLine>\n".length();
            }
            else if (text.startsWith("<hex>", i))
            {
                final int close = text.indexOf("</hex>", i);
                final String digits = text.substring(i + "<hex>".length(), close).replaceAll("\\s", "");
                for (int d = 0; d < digits.length(); d += 2)
                {
                    out.write(Integer.parseInt(digits.substring(d, d + 2), 16));
                }
                i = close + "</hex>".length();
            }
            else if (text.startsWith("<repeat count=", i))
            {
                final int open = text.indexOf('>', i);
                final int count = Integer.parseInt(text.substring(i + "<repeat count=".length(), open));
                final int close = text.indexOf("</repeat>", open);
                final byte[] unit = text.substring(open + 1, close).getBytes(StandardCharsets.UTF_8);
                for (int n = 0; n < count; n++)
                {
                    out.writeBytes(unit);
                }
                i = close + "</repeat>".length();
            }
            else if (text.charAt(i) == '\n')
            {
                if (!oneLine)
                {
                    out.write('\r');
                    out.write('\n');
                }
                i++;
            }
            else
            {
                final int codePoint = text.codePointAt(i);
                out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return out.toByteArray();
    }
}
