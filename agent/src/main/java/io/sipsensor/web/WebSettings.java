package io.sipsensor.web;

/**
 * Where and how the web interface serves.
 *
 * @param host    address to listen on, or null when the web interface is off.
 * @param port    TCP port (0 in tests: any free port).
 * @param threads most request threads.
 * @param tls     where the TLS identity comes from, or null for plain HTTP.
 */
public record WebSettings(String host, int port, int threads, WebTls tls)
{
    /** The web interface off ({@code http_listen = 0}). */
    public static final WebSettings OFF = new WebSettings(null, 0, 0);

    /**
     * Plain HTTP.
     *
     * @param host    address to listen on, or null when the web interface is off.
     * @param port    TCP port.
     * @param threads most request threads.
     */
    public WebSettings(final String host, final int port, final int threads)
    {
        this(host, port, threads, null);
    }

    /**
     * @param tls the TLS identity.
     * @return these settings serving HTTPS.
     */
    public WebSettings withTls(final WebTls tls)
    {
        return new WebSettings(host, port, threads, tls);
    }

    /** @return true when the web interface is to be served. */
    public boolean enabled()
    {
        return host != null;
    }

    /**
     * @param host address to listen on.
     * @param port port (0: any free one).
     * @return settings with the default thread count.
     */
    public static WebSettings at(final String host, final int port)
    {
        return new WebSettings(host, port, 8);
    }
}
