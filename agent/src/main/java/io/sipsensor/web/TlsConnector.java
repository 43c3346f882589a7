package io.sipsensor.web;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.security.KeyStore;

/**
 * The web interface's HTTPS connector: Jetty's TLS (TLS 1.2 and 1.3 only, Jetty's default cipher exclusions) over the
 * in-memory keystore {@link WebTls#load} made, in place of the plain HTTP connector Javalin would add.
 */
final class TlsConnector
{
    private TlsConnector()
    {
    }

    static ServerConnector create(final Server server, final HttpConfiguration plain, final KeyStore keys,
        final String host, final int port)
    {
        final SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keys);
        ssl.setKeyStorePassword(new String(WebTls.MEMORY_PASSWORD));
        ssl.setKeyManagerPassword(new String(WebTls.MEMORY_PASSWORD));
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        final HttpConfiguration https = new HttpConfiguration(plain);
        final SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // sensors are often reached by address, not by the name in their certificate: the client checks the name
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        final ServerConnector connector = new ServerConnector(server,
            new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
