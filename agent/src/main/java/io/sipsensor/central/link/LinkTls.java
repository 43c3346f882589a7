package io.sipsensor.central.link;

import io.sipsensor.config.ConfigException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * TLS for the link, from the JDK provider only: TLS 1.3 and nothing older. The central presents the key and
 * certificate of a PKCS#12 file; a sensor accepts exactly one certificate, the central's, pinned from a file (no CA,
 * no host name check: the pin is the identity). Made at start-up.
 */
public final class LinkTls
{
    private static final String[] PROTOCOLS = {"TLSv1.3"};

    private LinkTls()
    {
    }

    /**
     * @param keystore PKCS#12 file with the central's key and certificate.
     * @param password its password.
     * @return the central's TLS context.
     * @throws ConfigException with one line if the file cannot be read.
     */
    public static SSLContext central(final Path keystore, final String password)
    {
        try (InputStream in = Files.newInputStream(keystore))
        {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            final SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new ConfigException("central_keystore " + keystore + " cannot be used: " + ex.getMessage());
        }
    }

    /**
     * @param certificate the central's certificate (PEM or DER).
     * @return a sensor's TLS context that trusts that certificate only.
     * @throws ConfigException with one line if the file cannot be read.
     */
    public static SSLContext pinned(final Path certificate)
    {
        try (InputStream in = Files.newInputStream(certificate))
        {
            final X509Certificate pin =
                (X509Certificate)CertificateFactory.getInstance("X.509").generateCertificate(in);
            final SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {new Pin(pin)}, null);
            return context;
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new ConfigException("server_certificate " + certificate + " cannot be used: " + ex.getMessage());
        }
    }

    /**
     * @param context    from {@link #central} or {@link #pinned}.
     * @param clientMode true on the sensor.
     * @return an engine that speaks TLS 1.3 only.
     */
    public static SSLEngine engine(final SSLContext context, final boolean clientMode)
    {
        final SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(clientMode);
        engine.setEnabledProtocols(PROTOCOLS);
        return engine;
    }

    /** Trusts one certificate, compared byte for byte, and only while it is valid. */
    private static final class Pin extends X509ExtendedTrustManager
    {
        private final X509Certificate pin;
        private final byte[] encoded;

        Pin(final X509Certificate pin) throws CertificateException
        {
            this.pin = pin;
            this.encoded = pin.getEncoded();
        }

        private void check(final X509Certificate[] chain) throws CertificateException
        {
            if (chain == null || chain.length == 0 || !Arrays.equals(chain[0].getEncoded(), encoded))
            {
                throw new CertificateException("the central's certificate is not the pinned one (server_certificate)");
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType)
            throws CertificateException
        {
            check(chain);
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
            throws CertificateException
        {
            check(chain);
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
            throws CertificateException
        {
            check(chain);
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType)
            throws CertificateException
        {
            throw new CertificateException("a sensor does not accept clients");
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
            throws CertificateException
        {
            throw new CertificateException("a sensor does not accept clients");
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
            throws CertificateException
        {
            throw new CertificateException("a sensor does not accept clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers()
        {
            return new X509Certificate[] {pin};
        }
    }
}
