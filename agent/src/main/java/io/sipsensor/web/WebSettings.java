package io.sipsensor.web;

/**
 * Where and how the web interface serves.
 *
 * @param host    address to listen on, or null when the web interface is off.
 * @param port    TCP port (0 in tests: any free port).
 * @param threads most request threads.
 */
public record WebSettings(String host, int port, int threads)
{
    /** The web interface off ({@code http_listen = 0}). */
    public static final WebSettings OFF = new WebSettings(null, 0, 0);

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
