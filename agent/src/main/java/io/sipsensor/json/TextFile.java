package io.sipsensor.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a whole text file the agent keeps or is given (config, license, state, statistics), bounded: a regular file
 * only (not {@code /dev/zero}, a FIFO or a directory), at most a given size, valid UTF-8. Every refusal is an
 * {@link IOException} whose message says what is wrong (the caller names the file), for one line to the operator.
 * A UTF-8 byte order mark at the start is dropped.
 */
public final class TextFile
{
    private TextFile()
    {
    }

    /**
     * @param file     the file.
     * @param maxBytes the largest size accepted.
     * @return its text.
     * @throws IOException naming the file: missing, not a regular file, too large, not UTF-8, or unreadable.
     */
    public static String read(final Path file, final int maxBytes) throws IOException
    {
        if (!Files.exists(file))
        {
            throw new NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file))
        {
            throw new IOException("not a regular file");
        }
        final byte[] bytes;
        try (InputStream in = Files.newInputStream(file))
        {
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes)
        {
            throw new IOException("larger than " + maxBytes + " bytes");
        }
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString().replaceFirst("^\uFEFF", "");
        }
        catch (final CharacterCodingException ex)
        {
            throw new IOException("not valid UTF-8 text");
        }
    }
}
