package io.sipsensor.license;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys from the JDK, as text: a public key is the base64 of its X.509 SubjectPublicKeyInfo (44 bytes,
 * base64 starting {@code MCowBQYDK2VwAyEA}), a private key the base64 of its PKCS#8 form; files hold either the
 * bare base64 or the same wrapped in PEM {@code -----BEGIN ...-----} lines.
 */
public final class LicenseKeys
{
    /** JDK name of the signature algorithm and key type. */
    public static final String ALGORITHM = "Ed25519";

    private LicenseKeys()
    {
    }

    /**
     * @return a new key pair.
     */
    public static KeyPair generate()
    {
        try
        {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("this JDK has no " + ALGORITHM + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param key a public key.
     * @return its one-line base64 form, as {@code license_public_key} takes it.
     */
    public static String base64(final PublicKey key)
    {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * @param key a public key.
     * @return PEM text.
     */
    public static String pem(final PublicKey key)
    {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /**
     * @param key a private key.
     * @return PEM text.
     */
    public static String pem(final PrivateKey key)
    {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /**
     * The value of {@code license_public_key}: the key's base64, or the path of a file holding it (bare or PEM).
     *
     * @param text base64 or a path.
     * @return the key.
     * @throws IllegalArgumentException saying why it cannot be used.
     */
    public static PublicKey readPublicKey(final String text)
    {
        final Path file = fileOrNull(text);
        if (file == null)
        {
            final byte[] inline = decodeOrNull(text);
            if (inline == null)
            {
                throw new IllegalArgumentException("neither a base64 Ed25519 public key nor an existing file");
            }
            return publicKey(inline);
        }
        final byte[] der = decodeOrNull(read(file));
        if (der == null)
        {
            throw new IllegalArgumentException(file + " holds no base64 or PEM public key");
        }
        return publicKey(der);
    }

    /**
     * @param file a private key file (bare base64 or PEM PKCS#8).
     * @return the key.
     * @throws IllegalArgumentException saying why it cannot be used.
     */
    public static PrivateKey readPrivateKey(final Path file)
    {
        final byte[] der = decodeOrNull(read(file));
        if (der == null)
        {
            throw new IllegalArgumentException(file + " holds no base64 or PEM private key");
        }
        try
        {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException(file + " is not an " + ALGORITHM + " private key");
        }
    }

    private static Path fileOrNull(final String text)
    {
        try
        {
            final Path file = Path.of(text);
            return Files.isRegularFile(file) ? file : null;
        }
        catch (final java.nio.file.InvalidPathException ex)
        {
            return null;
        }
    }

    private static PublicKey publicKey(final byte[] der)
    {
        try
        {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        }
        catch (final GeneralSecurityException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not an " + ALGORITHM + " public key");
        }
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final java.nio.file.NoSuchFileException ex)
        {
            throw new IllegalArgumentException("cannot read " + file + ": no such file");
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read " + file + ": " + ex.getMessage());
        }
    }

    /** Strips PEM armour and whitespace; null when what is left is not base64 of a plausible key. */
    private static byte[] decodeOrNull(final String text)
    {
        final StringBuilder body = new StringBuilder();
        for (final String line : text.split("\n"))
        {
            final String trimmed = line.strip();
            if (!trimmed.startsWith("-----"))
            {
                body.append(trimmed);
            }
        }
        if (body.isEmpty() || !body.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '/' ||
            c == '='))
        {
            return null;
        }
        try
        {
            final byte[] der = Base64.getDecoder().decode(body.toString());
            return der.length >= 32 ? der : null;
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    private static String pem(final String label, final byte[] der)
    {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der) +
            "\n-----END " + label + "-----\n";
    }
}
