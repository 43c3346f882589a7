package io.sipsensor.web;

import io.sipsensor.config.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Where the web interface's TLS identity comes from: a PEM certificate chain and its PEM (PKCS#8) private key
 * ({@code http_tls_cert}, {@code http_tls_key}; what certbot and most CAs hand out), or a PKCS#12/JKS keystore
 * ({@code http_tls_keystore}, {@code http_tls_keystore_password}). {@link #load} reads it into an in-memory keystore
 * for Jetty, checking that the key belongs to the certificate; every problem is one line naming the setting.
 *
 * @param cert             PEM certificate chain (server certificate first), or null.
 * @param key              PEM private key, or null.
 * @param keystore         keystore file, or null.
 * @param keystorePassword its password ("" for none).
 */
public record WebTls(Path cert, Path key, Path keystore, String keystorePassword)
{
    /** The password of the in-memory keystore {@link #load} makes. */
    static final char[] MEMORY_PASSWORD = "sipsensor".toCharArray();
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

    /**
     * @return a keystore holding one key entry, "web", protected by {@link #MEMORY_PASSWORD}.
     * @throws ConfigException naming the setting and what is wrong.
     */
    KeyStore load()
    {
        if (keystore != null)
        {
            return fromKeystore();
        }
        final List<X509Certificate> chain = certificates();
        final PrivateKey privateKey = privateKey();
        if (!belongs(privateKey, chain.getFirst()))
        {
            throw new ConfigException("http_tls_key = " + key + " is not the key of the certificate in " +
                "http_tls_cert = " + cert + " (" + chain.getFirst().getSubjectX500Principal().getName() + ")");
        }
        try
        {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("web", privateKey, MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        }
        catch (final GeneralSecurityException | IOException ex)
        {
            throw new ConfigException("http_tls_cert/http_tls_key: cannot hold them in a keystore (" +
                ex.getMessage() + ")");
        }
    }

    private KeyStore fromKeystore()
    {
        try
        {
            final KeyStore store = KeyStore.getInstance(keystore.toFile(), keystorePassword.toCharArray());
            for (final String alias : java.util.Collections.list(store.aliases()))
            {
                if (store.isKeyEntry(alias))
                {
                    final KeyStore memory = KeyStore.getInstance("PKCS12");
                    memory.load(null, null);
                    memory.setKeyEntry("web", store.getKey(alias, keystorePassword.toCharArray()), MEMORY_PASSWORD,
                        store.getCertificateChain(alias));
                    return memory;
                }
            }
            throw new ConfigException("http_tls_keystore = " + keystore + " holds no private key entry");
        }
        catch (final IOException ex)
        {
            throw new ConfigException("http_tls_keystore = " + keystore + ": cannot read it (" +
                (ex.getCause() instanceof java.security.UnrecoverableKeyException ? "wrong " +
                    "http_tls_keystore_password" : ex.getMessage()) + ")");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new ConfigException("http_tls_keystore = " + keystore + ": not a usable PKCS#12 or JKS keystore (" +
                ex.getMessage() + "); check http_tls_keystore_password");
        }
    }

    private List<X509Certificate> certificates()
    {
        try (InputStream in = Files.newInputStream(cert))
        {
            if (Files.size(cert) > MAX_FILE_BYTES)
            {
                throw new ConfigException("http_tls_cert = " + cert + " is larger than 1 MiB; not a certificate");
            }
            final Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                .generateCertificates(in);
            if (read.isEmpty())
            {
                throw new ConfigException("http_tls_cert = " + cert + " holds no certificate");
            }
            return read.stream().map(X509Certificate.class::cast).toList();
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException("http_tls_cert = " + cert + ": no such file");
        }
        catch (final IOException ex)
        {
            throw new ConfigException("http_tls_cert = " + cert + ": cannot read it (" + ex.getMessage() + ")");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new ConfigException("http_tls_cert = " + cert + " is not a PEM certificate chain (" +
                ex.getMessage() + ")");
        }
    }

    private PrivateKey privateKey()
    {
        final String text;
        try
        {
            if (Files.size(key) > MAX_FILE_BYTES)
            {
                throw new ConfigException("http_tls_key = " + key + " is larger than 1 MiB; not a key");
            }
            text = Files.readString(key, StandardCharsets.US_ASCII);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException("http_tls_key = " + key + ": no such file");
        }
        catch (final IOException ex)
        {
            throw new ConfigException("http_tls_key = " + key + ": cannot read it (" + ex.getMessage() + ")");
        }
        final int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        final int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin)
        {
            throw new ConfigException("http_tls_key = " + key + " is not an unencrypted PEM PKCS#8 key (BEGIN " +
                "PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in OLD.pem -out " + key);
        }
        final byte[] der;
        try
        {
            der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException("http_tls_key = " + key + ": the PEM body is not base64");
        }
        for (final String algorithm : KEY_ALGORITHMS)
        {
            try
            {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            }
            catch (final GeneralSecurityException ex)
            {
                // the next algorithm
            }
        }
        throw new ConfigException("http_tls_key = " + key + " is not an RSA, EC or EdDSA private key");
    }

    private static boolean belongs(final PrivateKey privateKey, final X509Certificate certificate)
    {
        final String algorithm = switch (privateKey.getAlgorithm())
        {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> privateKey.getAlgorithm();
        };
        try
        {
            final byte[] probe = "sipsensor web tls key check".getBytes(StandardCharsets.US_ASCII);
            final Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            final byte[] signature = signer.sign();
            final Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        }
        catch (final GeneralSecurityException ex)
        {
            return false;
        }
    }
}
