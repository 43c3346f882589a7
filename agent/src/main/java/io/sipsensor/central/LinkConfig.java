package io.sipsensor.central;

import io.sipsensor.config.ConfigException;
import io.sipsensor.config.Setting;
import io.sipsensor.config.SettingGroup;

import java.nio.file.Path;
import java.util.List;

import static io.sipsensor.config.SettingValues.bool;
import static io.sipsensor.config.SettingValues.invalid;
import static io.sipsensor.config.SettingValues.number;

/**
 * The sensor-to-central link's settings as the config file names them (VoIPmonitor's names where they exist): where
 * a central listens, where a sensor ships its legs, the shared secret and the TLS files.
 */
public final class LinkConfig implements SettingGroup
{
    /** The central's default port (as the reference vendor's). */
    public static final int DEFAULT_PORT = 60024;

    /** This group's settings. */
    public static final List<Setting> SETTINGS = List.of(
        new Setting("central_listen", "0.0.0.0:" + DEFAULT_PORT,
            "address:port a central (sipsensor central) listens on for its sensors"),
        new Setting("central_keystore", "",
            "the central's TLS key and certificate, a PKCS#12 file"),
        new Setting("central_keystore_password", "",
            "password of central_keystore"),
        new Setting("server_destination", "",
            "host:port of the central this sensor ships its journaled legs to; empty: standalone"),
        new Setting("server_certificate", "",
            "the central's certificate (PEM or DER) a sensor pins: no other certificate is accepted"),
        new Setting("server_password", "",
            "secret shared by the central and its sensors (challenge-response; never sent, never logged)"),
        new Setting("client_server_max_time_diff_s", "2",
            "a central refuses a sensor whose clock differs from its own by more than this many seconds"),
        new Setting("central_handshake_timeout_s", "10",
            "a central closes a connection that has not authenticated within this many seconds"),
        new Setting("central_max_connections", "1024",
            "most connections a central holds at once (each may buffer up to two 1 MiB frames); more are closed"),
        new Setting("sensor_missing_timeout_s", "900",
            "a central raises MISSING_SENSOR for a sensor it has heard from that has not been connected for this " +
                "many seconds"),
        new Setting("central_missing_timeout_s", "900",
            "a shipping sensor raises MISSING_CENTRAL when it has not reached its central for this many seconds"),
        new Setting("server_compress", "yes",
            "a shipping sensor deflates each batch of legs it sends (yes or no); a central reads both"));

    private String listenHost;
    private int listenPort;
    private Path keystore;
    private String keystorePassword = "";
    private String destinationHost;
    private int destinationPort;
    private Path certificate;
    private String password = "";
    private long maxClockDiffNs;
    private long handshakeTimeoutNs;
    private int maxConnections;
    private long sensorMissingTimeoutNs;
    private long centralMissingTimeoutNs;
    private boolean compress;

    @Override
    public List<Setting> settings()
    {
        return SETTINGS;
    }

    @Override
    public boolean set(final String key, final String text, final String source)
    {
        switch (key)
        {
            case "central_listen" ->
            {
                final int colon = text.lastIndexOf(':');
                listenHost = colon < 0 ? text : text.substring(0, colon);
                listenPort = colon < 0 ? DEFAULT_PORT : port(source, key, text, text.substring(colon + 1));
                if (listenHost.isEmpty())
                {
                    listenHost = "0.0.0.0";
                }
            }
            case "central_keystore" -> keystore = text.isEmpty() ? null : Path.of(text);
            case "central_keystore_password" -> keystorePassword = text;
            case "server_destination" ->
            {
                if (text.isEmpty())
                {
                    destinationHost = null;
                    destinationPort = 0;
                }
                else
                {
                    final int colon = text.lastIndexOf(':');
                    if (colon <= 0)
                    {
                        throw invalid(source, key, text, "host:port");
                    }
                    destinationHost = text.substring(0, colon);
                    destinationPort = port(source, key, text, text.substring(colon + 1));
                }
            }
            case "server_certificate" -> certificate = text.isEmpty() ? null : Path.of(text);
            case "server_password" -> password = text;
            case "client_server_max_time_diff_s" -> maxClockDiffNs = number(source, key, text, 0, 86_400) *
                1_000_000_000L;
            case "central_handshake_timeout_s" -> handshakeTimeoutNs = number(source, key, text, 1, 3600) *
                1_000_000_000L;
            case "central_max_connections" -> maxConnections = (int)number(source, key, text, 1, 65_536);
            case "sensor_missing_timeout_s" -> sensorMissingTimeoutNs = number(source, key, text, 1, 31_536_000) *
                1_000_000_000L;
            case "central_missing_timeout_s" -> centralMissingTimeoutNs = number(source, key, text, 1, 31_536_000) *
                1_000_000_000L;
            case "server_compress" -> compress = bool(source, key, text);
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /** @return the central this sensor ships to as host:port, or null when standalone. */
    public String destination()
    {
        return destinationHost == null ? null : destinationHost + ":" + destinationPort;
    }

    /**
     * @return what a central needs.
     * @throws ConfigException if the keystore or the password is missing.
     */
    public CentralSettings centralSettings()
    {
        if (keystore == null)
        {
            throw new ConfigException("a central needs central_keystore (its PKCS#12 key and certificate)");
        }
        if (password.isEmpty())
        {
            throw new ConfigException("a central needs server_password (the secret its sensors share)");
        }
        return new CentralSettings(listenHost, listenPort, keystore, keystorePassword, password, maxClockDiffNs,
            handshakeTimeoutNs, maxConnections, sensorMissingTimeoutNs);
    }

    /**
     * @return what a shipping sensor needs, or null when no central is configured.
     * @throws ConfigException if the pinned certificate or the password is missing.
     */
    public SenderSettings senderSettings()
    {
        if (destinationHost == null)
        {
            return null;
        }
        if (certificate == null)
        {
            throw new ConfigException("server_destination needs server_certificate (the central's certificate, " +
                "pinned)");
        }
        if (password.isEmpty())
        {
            throw new ConfigException("server_destination needs server_password (the secret shared with the " +
                "central)");
        }
        return new SenderSettings(destinationHost, destinationPort, certificate, password, centralMissingTimeoutNs,
            compress);
    }

    /**
     * A central's settings.
     *
     * @param host             address to listen on.
     * @param port             port to listen on (0: any free port, for tests).
     * @param keystore         PKCS#12 file with the central's key and certificate.
     * @param keystorePassword its password.
     * @param password         the shared secret.
     * @param maxClockDiffNs     most difference between a sensor's clock and the central's, ns.
     * @param handshakeTimeoutNs time a connection has to authenticate, ns.
     * @param maxConnections     most connections held at once.
     * @param sensorMissingTimeoutNs a known sensor not connected for this long raises MISSING_SENSOR, ns.
     */
    public record CentralSettings(String host, int port, Path keystore, String keystorePassword, String password,
        long maxClockDiffNs, long handshakeTimeoutNs, int maxConnections, long sensorMissingTimeoutNs)
    {
        /** With the default missing-sensor timeout (15 min). */
        public CentralSettings(final String host, final int port, final Path keystore, final String keystorePassword,
            final String password, final long maxClockDiffNs, final long handshakeTimeoutNs, final int maxConnections)
        {
            this(host, port, keystore, keystorePassword, password, maxClockDiffNs, handshakeTimeoutNs, maxConnections,
                900_000_000_000L);
        }

        @Override
        public String toString()
        {
            return "CentralSettings[" + host + ":" + port + ", " + keystore + "]";
        }
    }

    /**
     * A shipping sensor's settings.
     *
     * @param host        the central's host.
     * @param port        the central's port.
     * @param certificate the central's certificate file, pinned.
     * @param password    the shared secret.
     * @param centralMissingTimeoutNs not reaching the central for this long raises MISSING_CENTRAL, ns.
     * @param compress    true to deflate batches.
     */
    public record SenderSettings(String host, int port, Path certificate, String password,
        long centralMissingTimeoutNs, boolean compress)
    {
        /** With the default missing-central timeout (15 min), batches deflated. */
        public SenderSettings(final String host, final int port, final Path certificate, final String password)
        {
            this(host, port, certificate, password, 900_000_000_000L, true);
        }

        /** Batches deflated. */
        public SenderSettings(final String host, final int port, final Path certificate, final String password,
            final long centralMissingTimeoutNs)
        {
            this(host, port, certificate, password, centralMissingTimeoutNs, true);
        }

        @Override
        public String toString()
        {
            return "SenderSettings[" + host + ":" + port + ", " + certificate + "]";
        }
    }

    private static int port(final String source, final String key, final String value, final String text)
    {
        int port = 0;
        if (text.isEmpty() || text.length() > 5)
        {
            throw invalid(source, key, value, "host:port with a port 0..65535");
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                throw invalid(source, key, value, "host:port with a port 0..65535");
            }
            port = port * 10 + (c - '0');
        }
        if (port > 65535)
        {
            throw invalid(source, key, value, "host:port with a port 0..65535");
        }
        return port;
    }
}
