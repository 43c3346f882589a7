package io.sipsensor.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Damage made to files on disk, as power loss, a full disk or a bad sector leaves it: a zeroed page, a cut file,
 * flipped bits; and where to aim it in a CDR journal (its day file, the offset of a record's text). Shared by the
 * journal's own damage tests and the command-line ones.
 */
public final class FileDamage
{
    private FileDamage()
    {
    }

    /**
     * @param journal a journal folder.
     * @return its (only) day file.
     */
    public static Path dayFile(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.filter(p -> p.getFileName().toString().matches("\\d{8}F\\.cq4")).findFirst().orElseThrow();
        }
    }

    /**
     * @return the offset of the first occurrence of the text's UTF-8 bytes in the file.
     * @throws AssertionError when the file does not hold it.
     */
    public static long offsetOf(final Path file, final String text) throws IOException
    {
        final byte[] content = Files.readAllBytes(file);
        final byte[] pattern = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + pattern.length <= content.length; i++)
        {
            for (int j = 0; j < pattern.length; j++)
            {
                if (content[i + j] != pattern[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " not in " + file);
    }

    /**
     * Overwrites {@code length} bytes at {@code at} with zeros (a page a power loss left unwritten).
     */
    public static void zero(final Path file, final long at, final int length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(at);
            raf.write(new byte[length]);
        }
    }

    /**
     * Cuts the file to {@code length} bytes.
     */
    public static void cut(final Path file, final long length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(length);
        }
    }

    /**
     * Flips one bit in each of {@code flips} bytes chosen at random in [{@code from}, {@code to}).
     */
    public static void flipBits(final Path file, final Random random, final int flips, final long from,
        final long to) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            for (int flip = 0; flip < flips; flip++)
            {
                final long at = from + (long)(random.nextDouble() * (to - from));
                raf.seek(at);
                final int value = raf.read();
                raf.seek(at);
                raf.write(value ^ (1 << random.nextInt(8)));
            }
        }
    }
}
