package io.sipsensor.sip;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Seeded generation of test inputs for property tests: every try gets its own random source derived from a fixed
 * seed and the try number, so a failure names the try that reproduces it.
 */
final class Generated
{
    private Generated()
    {
    }

    /**
     * Runs a property over generated inputs.
     *
     * @param seed      fixed seed of the property.
     * @param tries     how many inputs.
     * @param generator makes one input from a random source.
     * @param property  checks one input (throws on failure).
     * @param <T>       input type.
     */
    static <T> void forAll(final long seed, final int tries, final Function<SplittableRandom, T> generator,
        final Consumer<T> property)
    {
        for (int i = 0; i < tries; i++)
        {
            final T input = generator.apply(new SplittableRandom(seed * 1_000_003L + i));
            try
            {
                property.accept(input);
            }
            catch (final AssertionError | RuntimeException failure)
            {
                throw new AssertionError("property failed on try " + i + " (seed " + seed + "): " +
                    failure.getMessage(), failure);
            }
        }
    }

    /** @return up to maxLength random bytes. */
    static byte[] bytes(final SplittableRandom random, final int maxLength)
    {
        final byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)random.nextInt(256);
        }
        return bytes;
    }

    /** @return up to maxLength bytes, each one of the given. */
    static byte[] bytesOf(final SplittableRandom random, final byte[] alphabet, final int maxLength)
    {
        final byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return bytes;
    }

    /** @return up to maxTokens tokens joined. */
    static String tokens(final SplittableRandom random, final List<String> tokens, final int maxTokens)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(maxTokens + 1); i > 0; i--)
        {
            text.append(tokens.get(random.nextInt(tokens.size())));
        }
        return text.toString();
    }
}
